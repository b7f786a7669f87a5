"""Integration: `snakemake ingest` on the real raw data mirror, plus failing runs."""

import json

import pandas as pd
import pytest

from .conftest import MIRROR, snakemake

pytestmark = pytest.mark.integration

# Row counts published in ../shared/data/README.md.
README_ROWS = {
    "atop_alliance": 273_296,
    "cow_mid_dirdisps": 11_390,
    "cow_mid_disps": 2_436,
    "gml_dirdisp": 10_276,
    "gml_mid_disps": 2_174,
    "cow_nmc": 17_121,
    "cow_states": 243,
    "cow_majors": 14,
    "maoz_powers": 20,
    "td_rivalries": 197,
    "tss_rivalries": 264,
    "cow_contdir": 1_874,
    "cow_mindist": 952_244,
    "cow_ddy": 2_214_930,
    "cow_trade_sy": 14_410,
    "cow_igo_ndy": 917_695,
    "cow_war_inter": 1_932,
    "terrthreat": 14_781,
    "ps_data_version": 32,
    "un_votes": 870_109,
    "un_roll_calls": 6_203,
    "un_votes_published": 1_066_613,
    "un_ideal_points": 10_469,
    "un_roll_call_matches": 955,
    "ccode_democracy": 16_731,
    "cow_sdp_gdp": 27_753,
}


@pytest.mark.parametrize("table, rows", sorted(README_ROWS.items()))
def test_row_counts_match_the_data_readme(built, table, rows):
    assert len(pd.read_parquet(built / "data" / "interim" / f"{table}.parquet")) == rows


def test_sipri_rows_kept_plus_set_aside_equal_raw(built):
    report = json.loads((built / "results/checks/ingest/sipri_arms.json").read_text())
    assert report["rows_raw"] == 21_324
    assert report["rows_kept"] + report["rows_set_aside"] == 21_324
    assert len(pd.read_parquet(built / "data/interim/sipri_arms.parquet")) == report["rows_kept"]
    assert "NATO**" in report["set_aside_by_party"]


def test_un_ccode_crosscheck(built):
    check = json.loads((built / "results/checks/un_ccode_crosscheck.json").read_text())
    assert check["share_agreeing"] >= 0.999
    assert check["mismatches"] == len(check["mismatch_rows"])
    assert check["votes_compared"] > 700_000


def test_state_year_and_keys_are_typed_and_sorted(built):
    state_year = pd.read_parquet(built / "data/interim/state_year.parquet")
    assert state_year.dtypes[["ccode", "year"]].astype(str).tolist() == ["int16", "int16"]
    assert state_year.set_index(["ccode", "year"]).index.is_monotonic_increasing
    # Japan is not a system member during the occupation (design section 6).
    japan = set(state_year.loc[state_year["ccode"] == 740, "year"])
    assert 1950 not in japan and 1952 in japan
    votes = pd.read_parquet(built / "data/interim/un_votes.parquet")
    assert votes.set_index(["rcid", "ccode"]).index.is_monotonic_increasing


def test_rerun_is_byte_identical(built, tmp_path):
    """Same inputs, same bytes: rebuilding a table in a fresh folder gives the same file."""
    snakemake(tmp_path, "data/interim/atop_alliance.parquet", "data/interim/un_votes.parquet")
    for name in ("atop_alliance", "un_votes"):
        assert (tmp_path / f"data/interim/{name}.parquet").read_bytes() == (
            built / f"data/interim/{name}.parquet"
        ).read_bytes()


def test_corrupt_mirror_file_fails_without_output(tmp_path):
    mirror = tmp_path / "mirror" / "peacesciencer"
    mirror.mkdir(parents=True)
    data = (MIRROR / "peacesciencer" / "cow_majors.rda").read_bytes()
    (mirror / "cow_majors.rda").write_bytes(data[:-10])
    work = tmp_path / "work"
    result = snakemake(
        work,
        "data/interim/cow_majors.parquet",
        "--config",
        f"raw_mirrors=['{tmp_path / 'mirror'}','{MIRROR}']",  # the real one for COW membership
        check=False,
    )
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and "peacesciencer/cow_majors.rda: SHA256 mismatch" in errors[0]
    assert not (work / "data/interim/cow_majors.parquet").exists()
    assert not (work / "data" / "raw" / "peacesciencer" / "cow_majors.rda").exists()
    assert not list((work / "data" / "raw").rglob("*.part"))
    assert (mirror / "cow_majors.rda").read_bytes() == data[:-10]  # the mirror is only read


def test_malformed_config_fails_before_running(tmp_path):
    result = snakemake(tmp_path, "ingest", "--config", "un_crosscheck_min_share=2", check=False)
    assert result.returncode != 0
    assert (
        "config/config.yaml: key 'un_crosscheck_min_share': 2 is greater than the maximum of 1"
        in result.stderr
    )
    assert not (tmp_path / "data").exists()


def test_editing_the_mirror_list_reruns_nothing(built):
    """Adding, removing or re-spelling a mirror folder on a built project: 0 jobs (README)."""
    for mirrors in ("['/no/such/mirror', '../shared/data/raw/']", "[]"):
        result = snakemake(built, "--dry-run", "ingest", "panel", "--config", f"raw_mirrors={mirrors}")
        assert "Nothing to be done" in result.stdout + result.stderr, result.stdout[-2000:]
