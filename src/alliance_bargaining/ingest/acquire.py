"""Acquire raw files: local copy, else a read-only mirror, else the public URL; verify SHA256."""

import hashlib
import logging
import os
import shutil
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from alliance_bargaining.errors import InputError
from alliance_bargaining.io import remove_stale_parts, umask_mode


def sha256sum(path: str | Path) -> str:
    """Hex SHA256 digest of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_sha256(path: str | Path, expected: str) -> None:
    """Raise InputError naming the file and both hashes when the checksum differs."""
    actual = sha256sum(path)
    if actual != expected:
        raise InputError(f"{path}: SHA256 mismatch: expected {expected}, got {actual}")


def mirror_folders(config: dict, root: str | Path) -> list[Path]:
    """The configured ``raw_mirrors``, relative ones resolved against the project ``root``."""
    return [Path(m) if Path(m).is_absolute() else Path(root) / m for m in config["raw_mirrors"]]


def acquire(file: str, sha256: str, url: str, raw_dir: str | Path, mirrors: list) -> Path:
    """Place raw file ``file`` (a path relative to the raw folder) in ``raw_dir`` and verify it.

    Order: an existing ``raw_dir/file`` with the right SHA256; else a copy from the first mirror
    folder that has it (mirrors are only read); else a download of ``url``. A pre-existing file
    with the wrong hash (a corrupted or stale copy) is deleted, logged, and fetched again. The copy
    is written to a temporary file (mode per the umask) and renamed only after its SHA256 matches,
    so a failure leaves nothing behind; temporaries of an interrupted earlier run are removed.
    """
    target = Path(raw_dir) / file
    if target.exists():
        actual = sha256sum(target)
        if actual == sha256:
            return target
        logging.warning("%s: SHA256 %s, expected %s: deleted, fetching it again", target, actual, sha256)
        target.unlink()
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(target)
    handle, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(handle)
    try:
        mirror = next((Path(m) / file for m in mirrors if (Path(m) / file).is_file()), None)
        if mirror is not None:
            shutil.copyfile(mirror, tmp)
        else:
            _download(url, tmp, file, mirrors)
        actual = sha256sum(tmp)
        if actual != sha256:
            source = mirror if mirror is not None else url
            raise InputError(
                f"{file}: SHA256 mismatch for copy from {source}: expected {sha256}, got {actual}"
            )
        os.chmod(tmp, umask_mode())
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def _download(url: str, dest: str, file: str, mirrors: list, timeout: float = 60) -> None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response, open(dest, "wb") as out:
            shutil.copyfileobj(response, out)
    except (urllib.error.URLError, OSError, ValueError) as err:
        reason = getattr(err, "reason", err)
        raise InputError(
            f"{file}: not in the raw folder, not in mirrors {[str(m) for m in mirrors]}, "
            f"and download from {url} failed ({reason})"
        ) from err
