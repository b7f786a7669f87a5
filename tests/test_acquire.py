"""Acquisition: local copy, mirror, download from a local HTTP server, checksum failures."""

import hashlib
import http.server
import os
import stat
import threading
from functools import partial

import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.acquire import acquire, verify_sha256

CONTENT = b"ccode,year\n2,1950\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def http_server(tmp_path):
    """Serve tmp_path/served over HTTP on 127.0.0.1 for the duration of a test."""
    served = tmp_path / "served"
    served.mkdir()
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_from_local_http_server(tmp_path, http_server):
    served, base = http_server
    (served / "fixture.csv").write_bytes(CONTENT)
    path = acquire("sub/fixture.csv", SHA, f"{base}/fixture.csv", tmp_path / "raw", [tmp_path / "nomirror"])
    assert path.read_bytes() == CONTENT
    assert sorted(p.name for p in path.parent.iterdir()) == ["fixture.csv"]  # no temporary left


def test_download_with_wrong_checksum_leaves_nothing(tmp_path, http_server):
    served, base = http_server
    (served / "fixture.csv").write_bytes(CONTENT + b"tampered\n")
    with pytest.raises(InputError, match=r"sub/fixture.csv: SHA256 mismatch .* expected " + SHA):
        acquire("sub/fixture.csv", SHA, f"{base}/fixture.csv", tmp_path / "raw", [])
    assert list((tmp_path / "raw" / "sub").iterdir()) == []


def test_mirror_copy_and_mirror_untouched(tmp_path):
    first, second = tmp_path / "m1", tmp_path / "m2"
    (second / "sub").mkdir(parents=True)
    (second / "sub" / "f.csv").write_bytes(CONTENT)
    before = (second / "sub" / "f.csv").stat().st_mtime_ns
    path = acquire("sub/f.csv", SHA, "http://127.0.0.1:9/none", tmp_path / "raw", [first, second])
    assert path.read_bytes() == CONTENT
    assert (second / "sub" / "f.csv").stat().st_mtime_ns == before
    assert not first.exists()


def test_mirror_with_wrong_checksum_fails_and_keeps_mirror(tmp_path):
    mirror = tmp_path / "m"
    mirror.mkdir()
    (mirror / "f.csv").write_bytes(b"other bytes")
    with pytest.raises(InputError) as err:
        acquire("f.csv", SHA, "http://127.0.0.1:9/none", tmp_path / "raw", [mirror])
    message = str(err.value)
    assert "\n" not in message and "f.csv" in message and SHA in message
    assert hashlib.sha256(b"other bytes").hexdigest() in message
    assert (mirror / "f.csv").read_bytes() == b"other bytes"
    assert list((tmp_path / "raw").iterdir()) == []


def test_existing_raw_file_with_wrong_checksum_is_deleted(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "f.csv").write_bytes(b"stale")
    with pytest.raises(InputError, match="f.csv: not in the raw folder"):
        acquire("f.csv", SHA, "http://127.0.0.1:9/none", raw, [])
    assert not (raw / "f.csv").exists()


def test_corrupted_raw_copy_is_fetched_again_from_mirror(tmp_path):
    raw, mirror = tmp_path / "raw", tmp_path / "m"
    raw.mkdir()
    mirror.mkdir()
    (raw / "f.csv").write_bytes(CONTENT[:-3])  # a truncated copy
    (mirror / "f.csv").write_bytes(CONTENT)
    assert acquire("f.csv", SHA, "http://127.0.0.1:9/none", raw, [mirror]).read_bytes() == CONTENT
    assert (mirror / "f.csv").read_bytes() == CONTENT


def test_stale_part_files_are_removed_and_mode_follows_umask(tmp_path):
    raw, mirror = tmp_path / "raw", tmp_path / "m"
    (raw / "sub").mkdir(parents=True)
    (mirror / "sub").mkdir(parents=True)
    (mirror / "sub" / "f.csv").write_bytes(CONTENT)
    (raw / "sub" / ".f.csv.x1y2z3.part").write_bytes(b"half")  # left by a killed run
    old = os.umask(0o022)
    try:
        path = acquire("sub/f.csv", SHA, "http://127.0.0.1:9/none", raw, [mirror])
    finally:
        os.umask(old)
    assert sorted(p.name for p in path.parent.iterdir()) == ["f.csv"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_existing_raw_file_is_used(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "f.csv").write_bytes(CONTENT)
    assert acquire("f.csv", SHA, "http://127.0.0.1:9/none", raw, []).read_bytes() == CONTENT


def test_missing_everywhere_with_unreachable_url(tmp_path):
    with pytest.raises(InputError) as err:
        acquire("sub/gone.rda", SHA, "http://127.0.0.1:9/gone.rda", tmp_path / "raw", [tmp_path / "m"])
    message = str(err.value)
    assert message.startswith("sub/gone.rda: not in the raw folder") and "\n" not in message
    assert "http://127.0.0.1:9/gone.rda" in message
    assert list((tmp_path / "raw" / "sub").iterdir()) == []


def test_verify_sha256_names_both_hashes(tmp_path):
    path = tmp_path / "f"
    path.write_bytes(CONTENT)
    verify_sha256(path, SHA)
    with pytest.raises(InputError, match=f"expected {'0' * 64}, got {SHA}"):
        verify_sha256(path, "0" * 64)
