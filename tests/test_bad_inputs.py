"""Bad inputs and faults: each stops with one line ``error: ...``, no partial output, mirror untouched.

Every case below is tested (here or in the module named). Messages are shown with ``<file>`` for
the temporary path; the workflow-level cases (W) run Snakemake on a copy of the project's
configuration and check that stderr holds exactly one ``error:`` line and no traceback (for errors
found while the workflow loads, stderr is that line and nothing else).

| # | bad input or fault | message (abridged) | test |
|---|---|---|---|
| 1 | config value out of range | `config/config.yaml: key 'un_crosscheck_min_share': 1.5 is greater than the maximum of 1` | test_settings |
| 2 | config value of wrong type | `key 'raw_mirrors': '../shared' is not of type 'array'` | test_settings |
| 3 | unknown config key | `key '<top level>': Additional properties are not allowed ('raw_mirror' was unexpected)` | test_settings |
| 4 | config not YAML | `c.yaml: line 2 is not valid YAML (...)` | test_settings |
| 5 | YAML syntax error in config/config.yaml (W) | `error: config/config.yaml: line 3 is not valid YAML (...)` | here |
| 6 | key twice in config/config.yaml (W) | `error: config/config.yaml: key 'panel' defined twice (lines 2 and 4): expected each key once` | here |
| 7 | config error while the workflow loads (W) | `error: config/config.yaml: key 'un_crosscheck_min_share': 2 is greater than the maximum of 1` | here, test_workflow_ingest |
| 8 | source entry: bad sha256 | `key 'cow_majors.sha256': 'abc' does not match '^[0-9a-f]{64}$'` | test_settings |
| 9 | source entry: url missing | `key 'cow_majors': 'url' is a required property` | test_settings |
| 10 | source entry: years too short | `key 'cow_majors.years': [1816] is too short` | test_settings |
| 11 | source entry: unknown reader | `key 'cow_majors.reader': expected a reader function in ..., found 'majors'` | test_settings |
| 12 | source name given twice (W) | `error: data/sources.yaml: key 'cow_majors' defined twice (lines 1 and 12): expected each key once` | here |
| 13 | reversed `years` | `key 'cow_majors.years': expected [first, last] with first <= last, found [2016, 1816]` | here |
| 14 | `coverage` outside `years` | `key 'cow_majors.coverage': expected a span within years [1816, 2016], found [1800, 2016]` | here |
| 15 | table with years but no `coverage` | `key 'cow_majors.coverage': expected [first, last] year the table must reach ...` | here |
| 16 | `min_rows` missing | `key 'cow_majors': 'min_rows' is a required property` | here |
| 17 | `outside_membership` without a reason | `key 'cow_majors': 'outside_membership_reason' is a dependency of 'outside_membership'` | here |
| 18 | reversed `sample_years` (W) | `error: config/hypotheses.yaml: key 'H1.sample_years': expected [first, last] with first <= last, found [2014, 1946]` | here, test_specs |
| 19 | hypothesis id with `__` | `key '<top level>': 'H1__x' does not match ...` | test_specs |
| 20 | incomplete new hypothesis H8 | `key 'H8': 'source' is a required property` | test_specs |
| 21 | unknown dataset / column / estimator / multiverse choice | `key 'H1.dataset': expected one of ...`, ... | test_specs |
| 22 | specification with 0 rows | `config/hypotheses.yaml: key 'H1.sample_years': expected years with data, found 0 rows in 2030-2040 ...` | here |
| 23 | mirror copy with wrong SHA256 (W) | `error: peacesciencer/cow_majors.rda: SHA256 mismatch for copy from ...: expected ..., got ...` | test_workflow_ingest, test_acquire |
| 24 | download with wrong SHA256 | `sub/fixture.csv: SHA256 mismatch for copy from http://...` | test_acquire |
| 25 | file nowhere, URL unreachable | `sub/gone.rda: not in the raw folder, not in mirrors [...], and download from ... failed (...)` | test_acquire |
| 26 | corrupted copy in data/raw (W) | recovered: deleted, fetched again from the mirror, run succeeds | here, test_acquire |
| 27 | stale `.part` file from a killed run | removed by the next write | here, test_acquire |
| 28 | checksum verified before reading | `sipri/x.csv: SHA256 mismatch: expected ..., got ...` | test_ingest |
| 29 | truncated R file | `<file>: cannot read as R data, expected object 'cow_majors' (...)` | test_ingest |
| 30 | wrong R object name | `<file>: expected R object 'majors' (data/sources.yaml key 'cow_majors.object'), found objects ['cow_majors']` | here |
| 31 | empty CSV file | `<file>: cannot parse as CSV (No columns to parse from file)` | here |
| 32 | missing column, named as in the file | `sipri/x.csv: missing column 'recipient_cown': expected columns ..., found ...` | here |
| 33 | missing column (R data) | `atop.rda: missing column 'atop_consul': expected columns ...` | test_ingest |
| 34 | SIPRI value `"n/a "` | `sipri/x.csv: column 'value': expected numbers, found 'n/a ' at line 3 (1 in all)` | here |
| 35 | text in a code column | `sipri/x.csv: column 'supplier_cown': expected numbers, found 'USA' at line 2 (1 in all)` | here |
| 36 | non-whole code | `atop.rda: column 'ccode2': expected whole numbers, found 900.5 at row 2` | test_ingest |
| 37 | missing key value | `column 'year': expected no missing values, found 1 (first at row 2)` | test_ingest |
| 38 | unparseable date | `maoz.rda: column 'regstdate': expected dates, found 'soon' at row 1 (1 in all)` | here |
| 39 | duplicate key | `atop.rda: duplicate key (ccode1, ccode2, year) = (2, 20, 1951): expected one row per key ...` | test_ingest |
| 40 | year outside the registry's years | `atop.rda: column 'year': expected years 1815-2018 (...), found 2031 at row 3 (1 in all)` | test_ingest |
| 41 | code outside 2-999 | `atop.rda: column 'ccode1': expected a COW state code 2-999, found 1000 at row 3 (1 in all)` | test_ingest |
| 42 | code in range but no state (123) (W) | `error: sipri/...csv: column 'recipient_cown': expected a COW system member in that year (...), found 123 in 1980 (1 unknown code-years in all, first at line 1133)` | here |
| 43 | state code outside membership (GDR 1995) | `column 'supplier_cown': expected a COW system member in that year ..., found 265 in 1995 ...` | here |
| 44 | unknown code in a table without years | `column 'ccode1': expected a COW state code ..., found 123 ...` | here |
| 45 | header-only source (W) | `error: sipri/...csv: expected at least 20752 rows (data/sources.yaml key 'sipri_arms.min_rows'), found 0` | here |
| 46 | source with shorter coverage (W) | `error: sipri/...csv: expected years covering 1950-2021 (data/sources.yaml key 'sipri_arms.coverage'), found 1950-2000` | here |
| 47 | empty SIPRI table in the panel | `arms_tiv` missing in every year, never 0 | here, test_arms |
| 48 | UN cross-check and dyad-universe check not run | they are inputs of the panel jobs (dry run lists them first) | here |
| 49 | dyad universe differs from cow_ddy | `peacesciencer/cow_ddy.rda: expected the directed dyad-years of COW membership ... found N years differing` | here |
| 50 | SIGTERM during a write | no `.part` file left | here |
| 51 | outputs' mode | 0666 minus the umask (0644 under umask 022), not 0600 | here |
| 52 | run killed (SIGKILL) inside the panel, the proxies, a fit (W) | `snakemake --unlock`, then a rerun with `--rerun-incomplete` finishes with byte-identical outputs | here |
"""

import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyreadr
import pytest
import yaml

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.build import build_table, read_raw
from alliance_bargaining.ingest.checks import check_state_codes
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.ingest.states import state_years
from alliance_bargaining.io import write_json, write_parquet
from alliance_bargaining.models.analysis import estimate
from alliance_bargaining.panel.arms import add_arms
from alliance_bargaining.panel.dyads import compare_with_ddy, require_same_universe
from alliance_bargaining.settings import load_yaml

from .conftest import MIRROR, ROOT, SOURCES_SCHEMA, snakemake_command
from .test_settings import good_entry

SIPRI_HEADER = "supplier,recipient,year,value,supplier_cown,recipient_cown"


def one_line(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


# --- Hand-made states: the US (2) from 1816, the GDR (265) 1954-1990, Argentina (160) from 1841 --
STATES = pd.DataFrame(
    {
        "ccode": [2, 160, 265],
        "stateabb": ["USA", "ARG", "GDR"],
        "styear": [1816, 1841, 1954],
        "stmonth": [1, 1, 3],
        "stday": [1, 1, 25],
        "endyear": [2016, 2016, 1990],
        "endmonth": [12, 12, 10],
        "endday": [31, 31, 2],
    }
)
STATE_YEAR = state_years(STATES)


def sipri_entry(path: Path, **changes) -> dict:
    entry = {
        "file": "sipri/x.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "years": [1950, 2021],
        "min_rows": 1,
        "coverage": [1950, 1951],
    }
    return entry | changes


def sipri_csv(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "x.csv"
    path.write_text("\n".join([SIPRI_HEADER, *rows]) + "\n")
    return path


GOOD_ROWS = ["United States,Argentina,1950,5,2,160", "United States,Argentina,1951,7,2,160"]


def test_good_hand_made_sipri_passes(tmp_path):
    path = sipri_csv(tmp_path, GOOD_ROWS)
    table, _ = build_table("sipri_arms", sipri_entry(path), path, state_year=STATE_YEAR)
    assert table[["supplier_ccode", "recipient_ccode", "year", "tiv"]].values.tolist() == [
        [2, 160, 1950, 5.0],
        [2, 160, 1951, 7.0],
    ]


@pytest.mark.parametrize(
    "rows, changes, message",
    [
        (  # 34: SIPRI's "n/a " in a kept row
            [GOOD_ROWS[0], "United States,Argentina,1951,n/a ,2,160"],
            {},
            "sipri/x.csv: column 'value': expected numbers, found 'n/a ' at line 3 (1 in all)",
        ),
        (  # 35
            ["United States,Argentina,1950,5,USA,160", GOOD_ROWS[1]],
            {},
            "sipri/x.csv: column 'supplier_cown': expected numbers, found 'USA' at line 2 (1 in all)",
        ),
        (  # 42: in range (2-999) but no state
            ["United States,Argentina,1980,5,2,123", *GOOD_ROWS],
            {},
            "sipri/x.csv: column 'recipient_cown': expected a COW system member in that year (or an "
            "exception in data/sources.yaml key 'sipri_arms.outside_membership'), found 123 in 1980 "
            "(1 unknown code-years in all, first at line 2)",
        ),
        (  # 43: a state, but not in that year
            [*GOOD_ROWS, "German Democratic Republic,Argentina,1995,1,265,160"],
            {},
            "sipri/x.csv: column 'supplier_cown': expected a COW system member in that year (or an "
            "exception in data/sources.yaml key 'sipri_arms.outside_membership'), found 265 in 1995 "
            "(1 unknown code-years in all, first at line 4)",
        ),
        (  # 45
            [],
            {"min_rows": 20752},
            "sipri/x.csv: expected at least 20752 rows (data/sources.yaml key 'sipri_arms.min_rows'), found 0",
        ),
        (  # 46
            GOOD_ROWS,
            {"coverage": [1950, 2021]},
            "sipri/x.csv: expected years covering 1950-2021 (data/sources.yaml key 'sipri_arms.coverage'), "
            "found 1950-1951",
        ),
    ],
)
def test_bad_sipri_content(tmp_path, rows, changes, message):
    path = sipri_csv(tmp_path, rows)
    with pytest.raises(InputError) as err:
        build_table("sipri_arms", sipri_entry(path, **changes), path, state_year=STATE_YEAR)
    assert one_line(err) == message


def test_registered_exception_admits_a_code_outside_membership(tmp_path):
    path = sipri_csv(tmp_path, [*GOOD_ROWS, "German Democratic Republic,Argentina,1995,1,265,160"])
    entry = sipri_entry(path, outside_membership=[[265, 1991, 1995]])
    table, _ = build_table("sipri_arms", entry, path, state_year=STATE_YEAR)
    assert len(table) == 3
    # Members of the list's last year are carried forward; others are not.
    late = pd.DataFrame({"ccode": [2, 265], "year": [2020, 2020]}, dtype="int16")
    with pytest.raises(InputError, match="found 265 in 2020"):
        check_state_codes(late, {"ccode": "ccode"}, STATE_YEAR, None, "f.rda", "x")
    check_state_codes(late.iloc[:1], {"ccode": "ccode"}, STATE_YEAR, None, "f.rda", "x")


def test_unknown_code_in_a_table_without_years():  # 44
    spells = pd.DataFrame({"ccode1": [2, 123], "ccode2": [160, 2]}, dtype="int16")
    with pytest.raises(InputError) as err:
        check_state_codes(spells, {"ccode1": "ccode1"}, STATE_YEAR, None, "td.rda", "td_rivalries")
    assert one_line(err) == (
        "td.rda: column 'ccode1': expected a COW state code (or an exception in data/sources.yaml key "
        "'td_rivalries.outside_membership'), found 123 (1 unknown codes in all, first at row 2)"
    )
    check_state_codes(spells, {"ccode1": "ccode1"}, STATE_YEAR, [[123, 1494, 1717]], "td.rda", "x")


def test_missing_column_is_named_as_in_the_file(tmp_path):  # 32
    path = tmp_path / "x.csv"
    path.write_text("supplier,recipient,year,value,supplier_cown,recipient_ccode\nA,B,1950,1,2,160\n")
    with pytest.raises(InputError) as err:
        build_table("sipri_arms", sipri_entry(path), path, state_year=STATE_YEAR)
    assert one_line(err).startswith(
        "sipri/x.csv: missing column 'recipient_cown': expected columns supplier_cown, recipient_cown, "
        "year, value, supplier, recipient, found supplier, recipient, year, value, supplier_cown, recipient_ccode"
    )


def test_empty_csv_file(tmp_path):  # 31
    path = tmp_path / "x.csv"
    path.write_bytes(b"")
    with pytest.raises(InputError) as err:
        read_raw(path, None)
    assert one_line(err) == f"{path}: cannot parse as CSV (No columns to parse from file)"


def test_wrong_r_object_lists_the_objects_held(tmp_path):  # 30
    path = tmp_path / "cow_majors.rda"
    pyreadr.write_rdata(str(path), pd.DataFrame({"ccode": [2.0]}), df_name="cow_majors")
    with pytest.raises(InputError) as err:
        read_raw(path, "majors", "cow_majors")
    assert one_line(err) == (
        f"{path}: expected R object 'majors' (data/sources.yaml key 'cow_majors.object'), "
        "found objects ['cow_majors']"
    )


def test_unparseable_date(tmp_path):  # 38
    path = tmp_path / "maoz.rda"
    raw = pd.DataFrame(
        {
            "ccode": [2.0],
            "regstdate": ["soon"],
            "regenddate": [None],
            "globstdate": [None],
            "globenddate": [None],
        }
    )
    pyreadr.write_rdata(str(path), raw, df_name="maoz_powers")
    entry = {
        "file": "maoz.rda",
        "object": "maoz_powers",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
    }
    with pytest.raises(InputError) as err:
        build_table("maoz_powers", entry | {"min_rows": 1}, path)
    assert one_line(err) == "maoz.rda: column 'regstdate': expected dates, found 'soon' at row 1 (1 in all)"


# --- Registry -------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "entry, expected",
    [
        (
            good_entry(years=[2016, 1816]),
            "key 'cow_majors.years': expected [first, last] with first <= last, found [2016, 1816]",
        ),
        (
            good_entry(coverage=[1800, 2016]),
            "key 'cow_majors.coverage': expected a span within years [1816, 2016], found [1800, 2016]",
        ),
        (
            good_entry(coverage="DROP"),
            "key 'cow_majors.coverage': expected [first, last] year the table must reach (it has a year "
            "column), found nothing",
        ),
        (good_entry(min_rows="DROP"), "key 'cow_majors': 'min_rows' is a required property"),
        (
            good_entry(outside_membership=[[2, 1800, 1815]]),
            "key 'cow_majors': 'outside_membership_reason' is a dependency of 'outside_membership'",
        ),
    ],
)
def test_malformed_good_entry(tmp_path, entry, expected):
    path = tmp_path / "sources.yaml"
    path.write_text(yaml.safe_dump({"cow_majors": entry}))
    with pytest.raises(InputError) as err:
        load_sources(path, SOURCES_SCHEMA, "data/sources.yaml")
    assert one_line(err) == f"data/sources.yaml: {expected}"


def test_duplicate_source_names_both_lines(tmp_path):  # 12
    text = yaml.safe_dump({"cow_majors": good_entry()}, sort_keys=False)
    path = tmp_path / "sources.yaml"
    path.write_text(text + text)
    lines = len(text.splitlines())
    with pytest.raises(InputError) as err:
        load_sources(path, SOURCES_SCHEMA, "data/sources.yaml")
    assert one_line(err) == (
        f"data/sources.yaml: key 'cow_majors' defined twice (lines 1 and {lines + 1}): expected each key once"
    )


def test_project_registry_declares_rows_and_coverage():
    sources = load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA)
    for name, entry in sources.items():
        assert entry["reader"] is None or entry["min_rows"] >= 1, name


# --- Models: a specification without rows ----------------------------------------------------------
def test_specification_with_zero_rows_is_an_error():  # 22
    data = pd.DataFrame({"ccode1": [2], "ccode2": [20], "year": [1950], "y": [1], "x": [0.5]})
    params = {
        "model": {"hypothesis": "H1", "estimator": "logit", "outcome": "y", "regressors": ["x"]},
        "units": ["ccode1", "ccode2"],
        "sample_years": [2030, 2040],
    }
    with pytest.raises(InputError) as err:
        estimate(data, params)
    assert one_line(err) == (
        "config/hypotheses.yaml: key 'H1.sample_years': expected years with data, found 0 rows in "
        "2030-2040 (the dataset holds years 1950-1950)"
    )


# --- "0 where no transfer is recorded" only where the source covers the year ------------------------
def dyads(rows):
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def test_empty_sipri_covers_no_year():  # 47
    empty = pd.DataFrame({"supplier_ccode": [], "recipient_ccode": [], "year": [], "tiv": []}).astype(
        {"supplier_ccode": "int16", "recipient_ccode": "int16", "year": "int16", "tiv": "float64"}
    )
    out = add_arms(dyads([(2, 160, 1950), (2, 160, 1990)]), empty, 1950, 2021)
    assert out["arms_tiv"].isna().all()


def test_year_without_any_delivery_is_not_covered():
    sipri = pd.DataFrame(
        {"supplier_ccode": [2], "recipient_ccode": [160], "year": [1950], "tiv": [5.0]}
    ).astype({"supplier_ccode": "int16", "recipient_ccode": "int16", "year": "int16"})
    out = add_arms(dyads([(2, 160, 1950), (160, 2, 1950), (2, 160, 1951)]), sipri, 1950, 2021)
    np.testing.assert_array_equal(out["arms_tiv"], [5.0, 0.0, np.nan])


# --- Writers: umask, stale temporaries, SIGTERM -----------------------------------------------------
def test_writers_respect_umask_and_remove_stale_parts(tmp_path):  # 27, 51
    (tmp_path / ".t.parquet.abc123.part").write_bytes(b"half")
    (tmp_path / ".c.json.part").write_bytes(b"half")
    old = os.umask(0o027)
    try:
        write_parquet(pd.DataFrame({"a": [1]}), tmp_path / "t.parquet")
        write_json({"a": 1}, tmp_path / "c.json")
    finally:
        os.umask(old)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.json", "t.parquet"]
    assert {stat.S_IMODE((tmp_path / n).stat().st_mode) for n in ("c.json", "t.parquet")} == {0o640}


def test_sigterm_during_a_write_leaves_no_part_file(tmp_path):  # 50
    script = textwrap.dedent(
        f"""
        import time, types
        from alliance_bargaining.io import atomic_write
        from alliance_bargaining.script import run

        def slow(tmp):
            open(tmp, "w").write("x")
            print("writing", flush=True)
            time.sleep(30)

        run(lambda s: atomic_write({str(tmp_path / "out.txt")!r}, slow), types.SimpleNamespace(log=[]))
        """
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "writing"
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) != 0
    assert list(tmp_path.iterdir()) == []


# --- Workflow level ---------------------------------------------------------------------------------
@pytest.fixture
def project(tmp_path):
    """A copy of the project's workflow and configuration (not the data) to break."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "workflow", root / "workflow", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "config", root / "config")
    (root / "data").mkdir()
    shutil.copy(ROOT / "data" / "sources.yaml", root / "data" / "sources.yaml")
    shutil.copy(ROOT / "Snakefile", root / "Snakefile")
    config = root / "config" / "config.yaml"
    config.write_text(config.read_text().replace("  - ../shared/data/raw", f"  - {MIRROR}"))
    return root


@pytest.fixture
def seeded(project, built):
    """``project`` with COW membership already built (copied from ``built``, times kept), so that a
    test of one source runs only that source's jobs."""
    for relative in (
        "data/raw/peacesciencer/cow_states.rda",
        "data/interim/cow_states.parquet",
        "results/checks/ingest/cow_states.json",
        "data/interim/state_year.parquet",
    ):
        (project / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(built / relative, project / relative)
    return project


def run_project(root: Path, *args) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "snakemake", "--snakefile", str(root / "Snakefile"), "--cores", "1", *args]
    return subprocess.run(
        cmd, capture_output=True, text=True, cwd=root, env={**os.environ, "PYTHONHASHSEED": "0"}
    )


def assert_one_error(result, expected: str, only_line: bool = False) -> None:
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == [f"error: {expected}"], result.stderr[-3000:]
    assert "Traceback" not in result.stderr and "InputError in file" not in result.stderr
    if only_line:
        assert result.stderr.strip() == f"error: {expected}"


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.integration
def test_load_time_errors_are_one_line(project):  # 5, 6, 7, 12, 18
    config = project / "config" / "config.yaml"
    original = config.read_text()
    config.write_text(original.replace("un_crosscheck_min_share: 0.999", "un_crosscheck_min_share: [0.9"))
    result = run_project(project, "-n", "ingest")
    assert result.returncode != 0
    assert (
        result.stderr.startswith("error: config/config.yaml: line ") and "is not valid YAML" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1

    config.write_text(original + "\nraw_mirrors: []\n")
    result = run_project(project, "-n", "ingest")
    assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1
    assert "error: config/config.yaml: key 'raw_mirrors' defined twice (lines " in result.stderr

    config.write_text(original.replace("un_crosscheck_min_share: 0.999", "un_crosscheck_min_share: 2"))
    result = run_project(project, "-n", "ingest")
    assert_one_error(
        result, "config/config.yaml: key 'un_crosscheck_min_share': 2 is greater than the maximum of 1", True
    )
    config.write_text(original)

    sources = project / "data" / "sources.yaml"
    text = sources.read_text()
    start = text.index("\ncow_majors:\n") + 1
    end = text.index("\ncow_mid_dirdisps:\n") + 1
    sources.write_text(text + text[start:end])
    first = text[:start].count("\n") + 1
    second = text.count("\n") + 1
    result = run_project(project, "-n", "ingest")
    assert_one_error(
        result,
        f"data/sources.yaml: key 'cow_majors' defined twice (lines {first} and {second}): expected each key once",
        True,
    )
    sources.write_text(text)

    edit(project / "config" / "hypotheses.yaml", "sample_years: [1946, 2014]", "sample_years: [2014, 1946]")
    result = run_project(project, "-n", "models")
    assert_one_error(
        result,
        "config/hypotheses.yaml: key 'H1.sample_years': expected [first, last] with first <= last, "
        "found [2014, 1946]",
        True,
    )


def sipri_variant(rows_filter) -> bytes:
    """The real SIPRI file with its rows changed by ``rows_filter`` (list of lines -> lines)."""
    lines = (MIRROR / "sipri" / "sipri-exports-processed.csv").read_bytes().decode().splitlines()
    return ("\n".join([lines[0], *rows_filter(lines[1:])]) + "\n").encode()


def _with_unknown_code(rows):
    header = (MIRROR / "sipri" / "sipri-exports-processed.csv").read_text().splitlines()[0].split(",")
    at = header.index("recipient_cown")
    for i, row in enumerate(rows):
        cells = row.split(",")
        if len(cells) == len(header) and cells[at] == "160" and "1980" in cells:
            cells[at] = "123"
            return rows[:i] + [",".join(cells)] + rows[i + 1 :]
    raise AssertionError("no Argentina row of 1980 to alter")


def _before_2001(rows):
    return [r for r in rows if int(r.split(",")[2]) <= 2000]


@pytest.mark.integration
@pytest.mark.parametrize(
    "change, min_rows, expected",
    [
        (
            lambda rows: [],
            None,
            "expected at least 20752 rows (data/sources.yaml key 'sipri_arms.min_rows'), found 0",
        ),
        (_with_unknown_code, None, "column 'recipient_cown': expected a COW system member in that year"),
        (
            _before_2001,
            1,
            "expected years covering 1950-2021 (data/sources.yaml key 'sipri_arms.coverage'), found 1950-2000",
        ),
    ],
    ids=["header_only", "unknown_code", "short_coverage"],
)
def test_updated_source_with_wrong_content_is_stopped(seeded, tmp_path, change, min_rows, expected):
    """A user updates SIPRI to new bytes and a new SHA256: the content checks still stop it."""
    project = seeded
    mirror = tmp_path / "mirror"
    (mirror / "sipri").mkdir(parents=True)
    data = sipri_variant(change)
    (mirror / "sipri" / "sipri-exports-processed.csv").write_bytes(data)
    edit(project / "config" / "config.yaml", f"  - {MIRROR}", f"  - {mirror}\n  - {MIRROR}")
    sources = project / "data" / "sources.yaml"
    edit(sources, load_yaml(sources)["sipri_arms"]["sha256"], hashlib.sha256(data).hexdigest())
    if min_rows is not None:  # the user also lowered the row count: the coverage still holds
        edit(sources, "  min_rows: 20752", f"  min_rows: {min_rows}")
    before = hashlib.sha256((MIRROR / "sipri" / "sipri-exports-processed.csv").read_bytes()).hexdigest()
    result = run_project(project, "data/interim/sipri_arms.parquet")
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert result.returncode != 0 and len(errors) == 1, result.stderr[-3000:]
    assert errors[0].startswith("error: sipri/sipri-exports-processed.csv: ") and expected in errors[0]
    assert "Traceback" not in result.stderr
    assert not (project / "data" / "interim" / "sipri_arms.parquet").exists()
    assert not list((project / "data").rglob("*.part"))
    assert (
        hashlib.sha256((MIRROR / "sipri" / "sipri-exports-processed.csv").read_bytes()).hexdigest() == before
    )


@pytest.mark.integration
def test_corrupted_raw_copy_is_fetched_again(seeded):  # 26
    project = seeded
    raw = project / "data" / "raw" / "peacesciencer" / "cow_majors.rda"
    raw.parent.mkdir(parents=True, exist_ok=True)
    good = (MIRROR / "peacesciencer" / "cow_majors.rda").read_bytes()
    raw.write_bytes(good[:-10])
    result = run_project(project, "data/interim/cow_majors.parquet")
    assert result.returncode == 0, result.stderr[-3000:]
    assert raw.read_bytes() == good
    assert "SHA256" in (project / "logs" / "build_interim" / "cow_majors.log").read_text()


@pytest.mark.integration
def test_checks_gate_the_panel(project):  # 48
    """The UN code cross-check and the dyad-universe check run before the panel jobs that use them."""
    result = run_project(
        project, "-n", "data/processed/un_affinity.parquet", "data/processed/dyad_year.parquet"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    jobs = result.stdout + result.stderr
    assert "check_un_ccodes" in jobs and "check_dyad_universe" in jobs


def kill_during(cmd: list, targets: list, log: Path, wait: float) -> None:
    """Start Snakemake on ``targets`` and SIGKILL the whole run ``wait`` s after ``log`` appears
    (or when it ends, if it ends first: a kill at any point must be recoverable)."""
    proc = subprocess.Popen(
        [*cmd, "--cores", "1", *targets],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while not log.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(wait)
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def resume(cmd: list, *targets: str) -> None:
    """The documented recovery: unlock, then rerun with --rerun-incomplete."""
    subprocess.run([*cmd, "--unlock"], capture_output=True, check=True)
    rerun = subprocess.run(
        [*cmd, "--cores", "2", "--rerun-incomplete", *targets], capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr[-3000:]


@pytest.mark.integration
def test_killed_run_resumes_byte_identical(built, tmp_path):  # 52
    """SIGKILL the whole run inside the panel, the proxies and a fit; unlock, rerun: same bytes."""
    work = tmp_path / "work"
    (work / "data").mkdir(parents=True)
    subprocess.run(["cp", "-al", str(built / "data" / "raw"), str(work / "data" / "raw")], check=True)
    shutil.copytree(built / "data" / "interim", work / "data" / "interim", copy_function=shutil.copy2)
    shutil.copytree(built / "results" / "checks", work / "results" / "checks", copy_function=shutil.copy2)
    cmd = snakemake_command(work)

    kill_during(cmd, ["panel"], work / "logs" / "build_dyad_year.log", 2)
    assert not (work / "data" / "processed" / "dyad_year.parquet").exists()
    plain = subprocess.run([*cmd, "--cores", "1", "panel"], capture_output=True, text=True)
    assert plain.returncode != 0 and "LockException" in plain.stderr  # hence the documented --unlock
    resume(cmd, "panel")
    panel = ["dyad_year.parquet", "state_year.parquet", "un_affinity.parquet"]
    for name in panel:
        assert (work / "data" / "processed" / name).read_bytes() == (
            built / "data" / "processed" / name
        ).read_bytes()

    kill_during(cmd, ["proxies"], work / "logs" / "build_analysis_datasets.log", 3)
    resume(cmd, "proxies")

    # A few fits: killed inside the second, resumed, then compared with a forced uninterrupted rerun.
    fits = [f"results/estimates/{h}.parquet" for h in ("H7", "H3", "H6")]
    kill_during(cmd, fits, work / "logs" / "fit_hypothesis" / "H3.log", 1)
    resume(cmd, *fits)
    resumed = {fit: (work / fit).read_bytes() for fit in fits}
    again = subprocess.run(
        [*cmd, "--cores", "2", "--forcerun", "fit_hypothesis", "--", *fits], capture_output=True, text=True
    )
    assert again.returncode == 0, again.stderr[-3000:]
    assert resumed == {fit: (work / fit).read_bytes() for fit in fits}
    assert not list(work.rglob("*.part"))
    # The project's own data/processed (built by `make test` before pytest) is the uninterrupted
    # run of the same code when its panel is the built one.
    reference = ROOT / "data" / "processed"
    same_panel = (reference / "dyad_year.parquet").is_file() and (
        reference / "dyad_year.parquet"
    ).read_bytes() == (built / "data" / "processed" / "dyad_year.parquet").read_bytes()
    if not same_panel:
        pytest.skip("no uninterrupted proxies run of this code in data/processed to compare with")
    for path in sorted((work / "data" / "processed").glob("*.parquet")):
        assert path.read_bytes() == (reference / path.name).read_bytes(), path.name


def test_dyad_universe_that_differs_from_cow_ddy_stops():  # 49
    dyads = pd.DataFrame({"ccode1": [2, 160], "ccode2": [160, 2], "year": [1950, 1950]}, dtype="int16")
    ddy = pd.concat([dyads, dyads.assign(year=1951)]).astype("int16")
    check = compare_with_ddy(dyads, ddy, 1950, 1951)
    with pytest.raises(InputError) as err:
        require_same_universe(check, 1950, 1951)
    assert one_line(err) == (
        "peacesciencer/cow_ddy.rda: expected the directed dyad-years of COW membership (cow_states.rda) in "
        "every year 1950-1951, found 1 years differing (first 1951: {'ours': 0, 'cow_ddy': 2})"
    )
    require_same_universe(compare_with_ddy(dyads, dyads, 1950, 1950), 1950, 1950)


def test_any_year_with_listed_non_cow_codes():
    """``outside_membership: [any, [89, 1823, 1839]]``: known codes in any year, plus listed codes."""
    frame = pd.DataFrame({"ccode": [265, 89, 2], "year": [1800, 1830, 1816]}, dtype="int16")
    check_state_codes(frame, {"ccode": "ccode"}, STATE_YEAR, ["any", [89, 1823, 1839]], "gdp.rda", "x")
    with pytest.raises(InputError) as err:
        check_state_codes(frame, {"ccode": "ccode"}, STATE_YEAR, "any", "gdp.rda", "x")
    assert one_line(err) == (
        "gdp.rda: column 'ccode': expected a COW state code (or an exception in data/sources.yaml key "
        "'x.outside_membership'), found 89 (1 unknown codes in all, first at row 2)"
    )
