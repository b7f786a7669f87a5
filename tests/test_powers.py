"""COW major powers and Maoz global powers per state-year, and their dyad-year columns."""

from pathlib import Path

import pandas as pd
import pytest

from alliance_bargaining.panel.powers import add_powers, global_power_years, major_power_years

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"


def values(frame: pd.DataFrame, name: str) -> list:
    return [None if pd.isna(v) else int(v) for v in frame[name]]


def dates(*days) -> pd.Series:
    return pd.Series(pd.to_datetime(list(days))).astype("datetime64[ms]")


def cow_majors() -> pd.DataFrame:
    """France's two spells (to 22 Jun 1940, from 15 Aug 1945) and the US from 13 Aug 1898."""
    frame = pd.DataFrame(
        {
            "ccode": [2, 220, 220],
            "styear": [1898, 1816, 1945],
            "stmonth": [8, 1, 8],
            "stday": [13, 1, 15],
            "endyear": [1900, 1940, 1946],
            "endmonth": [12, 6, 12],
            "endday": [31, 22, 31],
        }
    )
    return frame.astype(
        {"ccode": "int16", "styear": "int16", "endyear": "int16"}
        | dict.fromkeys(["stmonth", "stday", "endmonth", "endday"], "int8")
    )


def maoz_powers() -> pd.DataFrame:
    """The US regional then global; Germany global to 8 May 1945; Japan regional only (NaT)."""
    return pd.DataFrame(
        {
            "ccode": pd.array([2, 255, 740], dtype="int16"),
            "regstdate": dates("1824-01-01", None, "1895-04-01"),
            "regenddate": dates("1898-12-31", None, "1945-08-08"),
            "globstdate": dates("1899-01-01", "1943-01-01", None),
            "globenddate": dates("1900-12-31", "1945-05-08", None),
        }
    )


def test_major_power_years_count_partial_years():
    years = major_power_years(cow_majors())
    us = years.loc[years["ccode"] == 2, "year"].tolist()
    france = years.loc[years["ccode"] == 220, "year"].tolist()
    assert us == [1898, 1899, 1900]
    assert france == [*range(1816, 1941), 1945, 1946]
    assert years.dtypes.tolist() == ["int16", "int16"]


def test_global_power_years_skip_regional_only_states():
    years = global_power_years(maoz_powers())
    assert years.values.tolist() == [[2, 1899], [2, 1900], [255, 1943], [255, 1944], [255, 1945]]


def test_add_powers_both_sides_and_missing_outside_coverage():
    dyads = pd.DataFrame(
        {
            "ccode1": [2, 2, 2, 220, 220],
            "ccode2": [220, 220, 220, 2, 2],
            "year": [1898, 1944, 1947, 1898, 1944],
        }
    ).astype("int16")
    out = add_powers(dyads, major_power_years(cow_majors()), global_power_years(maoz_powers()))
    # Coverage: majors 1816-1946, global powers 1899-1945.
    assert values(out, "major1") == [1, 0, None, 1, 0]
    assert values(out, "major2") == [1, 0, None, 1, 0]
    assert values(out, "global_power1") == [None, 0, None, None, 0]
    assert values(out, "global_power2") == [None, 0, None, None, 0]
    assert out["major1"].dtype == "Int8"
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)


def test_real_powers():
    if not (INTERIM / "cow_majors.parquet").exists() or not (INTERIM / "maoz_powers.parquet").exists():
        pytest.skip("interim power tables missing")
    majors = major_power_years(pd.read_parquet(INTERIM / "cow_majors.parquet"))
    globals_ = global_power_years(pd.read_parquet(INTERIM / "maoz_powers.parquet"))
    major_1950 = set(majors.loc[majors["year"] == 1950, "ccode"])
    assert major_1950 == {2, 200, 220, 365, 710}
    assert set(globals_.loc[globals_["year"] == 1950, "ccode"]) == {2, 200, 365}
    assert majors["year"].max() == 2016
