"""Readers and table validation on small hand-made frames in the real raw schemas."""

import hashlib

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.build import build_table, read_raw
from alliance_bargaining.ingest.readers import ATOP_ALLIANCE, READERS, sipri_arms, un_roll_calls
from alliance_bargaining.ingest.states import state_years
from alliance_bargaining.io import write_parquet

from .conftest import MIRROR


def atop_raw(**overrides) -> pd.DataFrame:
    """Three ATOP rows as pyreadr returns them (all float64)."""
    frame = pd.DataFrame(
        {
            "ccode1": [365.0, 2.0, 2.0],
            "ccode2": [710.0, 900.0, 20.0],
            "year": [1950.0, 1951.0, 1951.0],
            "atop_defense": [1.0, 1.0, 1.0],
            "atop_offense": [0.0, 0.0, 0.0],
            "atop_neutral": [0.0, 0.0, 0.0],
            "atop_nonagg": [0.0, 0.0, 0.0],
            "atop_consul": [1.0, 1.0, 0.0],
        }
    )
    return frame.assign(**overrides)


def test_tidy_casts_and_sorts_by_key():
    table = ATOP_ALLIANCE.tidy(atop_raw(), "atop.rda")
    assert table[["ccode1", "ccode2", "year"]].values.tolist() == [
        [2, 20, 1951],
        [2, 900, 1951],
        [365, 710, 1950],
    ]
    assert str(table["ccode1"].dtype) == "int16" and str(table["atop_defense"].dtype) == "int8"
    ATOP_ALLIANCE.validate(table, "atop.rda", (1815, 2018))


def one_line(excinfo) -> str:
    message = str(excinfo.value)
    assert "\n" not in message
    return message


def test_missing_column():
    with pytest.raises(InputError) as err:
        ATOP_ALLIANCE.tidy(atop_raw().drop(columns="atop_consul"), "atop.rda")
    assert one_line(err).startswith("atop.rda: missing column 'atop_consul'")


def test_non_whole_code():
    with pytest.raises(InputError) as err:
        ATOP_ALLIANCE.tidy(atop_raw(ccode2=[710.0, 900.5, 20.0]), "atop.rda")
    assert one_line(err) == "atop.rda: column 'ccode2': expected whole numbers, found 900.5 at row 2"


def test_missing_key_value():
    with pytest.raises(InputError, match="column 'year': expected no missing values, found 1"):
        ATOP_ALLIANCE.tidy(atop_raw(year=[1950.0, np.nan, 1951.0]), "atop.rda")


def test_duplicate_key():
    table = ATOP_ALLIANCE.tidy(atop_raw(ccode2=[710.0, 20.0, 20.0]), "atop.rda")
    with pytest.raises(InputError) as err:
        ATOP_ALLIANCE.validate(table, "atop.rda", (1815, 2018))
    assert one_line(err) == (
        "atop.rda: duplicate key (ccode1, ccode2, year) = (2, 20, 1951): expected one row per key, "
        "found 2 rows sharing a key"
    )


def test_year_out_of_range():
    table = ATOP_ALLIANCE.tidy(atop_raw(year=[1950.0, 1951.0, 2031.0]), "atop.rda", keep_index=True)
    with pytest.raises(InputError) as err:
        ATOP_ALLIANCE.validate(table, "atop.rda", (1815, 2018))
    assert one_line(err) == (
        "atop.rda: column 'year': expected years 1815-2018 (data/sources.yaml 'years'), found 2031 "
        "at row 3 (1 in all)"
    )


def test_code_out_of_range():
    table = ATOP_ALLIANCE.tidy(atop_raw(ccode1=[365.0, 2.0, 1000.0]), "atop.rda", keep_index=True)
    with pytest.raises(InputError) as err:
        ATOP_ALLIANCE.validate(table, "atop.rda", (1815, 2018))
    assert one_line(err) == "atop.rda: column 'ccode1': expected a COW state code 2-999, found 1000 at row 3 (1 in all)"


def test_truncated_rda(tmp_path):
    source = MIRROR / "peacesciencer" / "cow_majors.rda"
    if not source.exists():
        pytest.skip("mirror not present")
    truncated = tmp_path / "cow_majors.rda"
    truncated.write_bytes(source.read_bytes()[:200])
    with pytest.raises(InputError) as err:
        read_raw(truncated, "cow_majors")
    assert one_line(err).startswith(f"{truncated}: cannot read as R data, expected object 'cow_majors'")
    entry = {
        "file": "peacesciencer/cow_majors.rda",
        "sha256": hashlib.sha256(truncated.read_bytes()).hexdigest(),
    }
    with pytest.raises(InputError, match="cannot read as R data"):
        build_table("cow_majors", entry, truncated)


def test_build_table_verifies_checksum_before_reading(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("not,read\n")
    with pytest.raises(InputError, match="SHA256 mismatch"):
        build_table("sipri_arms", {"file": "sipri/x.csv", "sha256": "0" * 64}, path)


def test_sipri_sets_aside_non_state_and_uncoded_rows():
    raw = pd.DataFrame(
        {
            "supplier": ["United States", "United States", "France", "Unknown supplier(s)", "Russia"],
            "recipient": ["Haiti", "Haiti rebels*", "NATO**", "Angola", "Serbia"],
            "year": [1990, 1990, 1995, 1980, 2010],
            "value": [5, 2, 7, 3, 11],
            "supplier_cown": [2.0, 2.0, 220.0, np.nan, 365.0],
            "recipient_cown": [41.0, 41.0, np.nan, 540.0, np.nan],
        }
    )
    kept, report = sipri_arms(raw)
    table = READERS["sipri_arms"].table.tidy(kept, "sipri.csv")
    assert table[["supplier_ccode", "recipient_ccode", "year", "tiv"]].values.tolist() == [
        [2, 41, 1990, 5],
        [365, 345, 2010, 11],
    ]
    assert report["rows_set_aside"] == 3 and report["tiv_set_aside"] == 12.0
    assert report["rows_set_aside_non_state_actor"] == 2 and report["rows_set_aside_no_ccode_only"] == 1


def test_un_roll_calls_year_and_issue_flags():
    raw = pd.DataFrame({"rcid": [3, 4], "date": ["1946-01-01", "1990-12-20"]})
    issues = pd.DataFrame({"rcid": [4, 4, 9], "short_name": ["me", "hr", "co"]})
    out = un_roll_calls(raw, issues)
    assert out["year"].tolist() == [1946, 1990]
    assert out[["me", "hr", "co", "ec"]].values.tolist() == [[0, 0, 0, 0], [1, 1, 0, 0]]


def test_state_years_expands_spells_by_hand():
    states = pd.DataFrame(
        {
            "ccode": [220, 220, 315],
            "stateabb": ["FRN", "FRN", "CZE"],
            "styear": [1816, 1944, 1918],
            "stmonth": [1, 8, 10],
            "stday": [1, 25, 28],
            "endyear": [1942, 1946, 1920],
            "endmonth": [11, 12, 12],
            "endday": [11, 31, 31],
        }
    )
    out = state_years(states)
    assert len(out) == (1942 - 1816 + 1) + 3 + 3
    assert out.loc[out["ccode"] == 315, "year"].tolist() == [1918, 1919, 1920]
    assert not ((out["ccode"] == 220) & (out["year"] == 1943)).any()
    czech = out[out["ccode"] == 315]
    assert czech["member_from"].astype(str).tolist() == ["1918-10-28", "1919-01-01", "1920-01-01"]
    france_1942 = out[(out["ccode"] == 220) & (out["year"] == 1942)].iloc[0]
    assert str(france_1942["member_to"]) == "1942-11-11 00:00:00"


def test_write_parquet_is_deterministic(tmp_path):
    table = ATOP_ALLIANCE.tidy(atop_raw(), "atop.rda")
    write_parquet(table, tmp_path / "a.parquet")
    write_parquet(table, tmp_path / "b.parquet")
    assert (tmp_path / "a.parquet").read_bytes() == (tmp_path / "b.parquet").read_bytes()
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a.parquet"), table)
