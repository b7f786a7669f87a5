"""Strategic rivalries expanded to directed dyad-years (Thompson and Dreyer 2012; TSS 2022)."""

from pathlib import Path

import pandas as pd
import pytest

from alliance_bargaining.panel.rivalries import add_rivalries, rivalry_years

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"


def values(frame: pd.DataFrame, name: str) -> list:
    return [None if pd.isna(v) else int(v) for v in frame[name]]


def td() -> pd.DataFrame:
    """China-US twice (1949-1951, 1953-1954) and a pre-1816 rivalry, in the TD interim schema."""
    return pd.DataFrame(
        {
            "rivalryno": pd.array([1, 2, 3], dtype="int16"),
            "rivalryname": pd.array(["Britain-France 1", "China-US 1", "China-US 2"], dtype="string"),
            "ccode1": pd.array([200, 2, 2], dtype="int16"),
            "ccode2": pd.array([220, 710, 710], dtype="int16"),
            "styear": pd.array([1700, 1949, 1953], dtype="int16"),
            "endyear": pd.array([1702, 1951, 1954], dtype="int16"),
        }
    )


def tss() -> pd.DataFrame:
    """Overlapping China-US rivalries (1950-1952, 1952-1953) in the TSS interim schema."""
    return pd.DataFrame(
        {
            "tssr_id": pd.array([1, 2], dtype="int16"),
            "rivalry": pd.array(["China-US a", "China-US b"], dtype="string"),
            "ccode1": pd.array([2, 710], dtype="int16"),
            "ccode2": pd.array([710, 2], dtype="int16"),
            "styear": pd.array([1950, 1952], dtype="int16"),
            "endyear": pd.array([1952, 1953], dtype="int16"),
        }
    )


def test_rivalry_years_both_directions():
    years = rivalry_years(td())
    china_us = years[(years["ccode1"] == 710) & (years["ccode2"] == 2)]["year"].tolist()
    us_china = years[(years["ccode1"] == 2) & (years["ccode2"] == 710)]["year"].tolist()
    assert china_us == us_china == [1949, 1950, 1951, 1953, 1954]
    assert len(years) == 2 * (3 + 5)
    assert years.dtypes.tolist() == ["int16", "int16", "int16"]


def test_overlapping_rivalries_give_one_row_per_year():
    years = rivalry_years(tss())
    assert years.values.tolist() == [[2, 710, y] for y in range(1950, 1954)] + [
        [710, 2, y] for y in range(1950, 1954)
    ]


def test_add_rivalries_missing_after_the_source_ends():
    years = list(range(1948, 1956))
    dyads = pd.DataFrame(
        {"ccode1": [2] * 8 + [710] * 8, "ccode2": [710] * 8 + [2] * 8, "year": years * 2}
    ).astype("int16")
    out = add_rivalries(dyads, td(), tss())
    # TD ends 1954 here, TSS 1953.
    assert values(out, "rivalry_td") == [0, 1, 1, 1, 0, 1, 1, None] * 2
    assert values(out, "rivalry_tss") == [0, 0, 1, 1, 1, 1, None, None] * 2
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)


def test_real_china_us_1950():
    if not (INTERIM / "td_rivalries.parquet").exists() or not (INTERIM / "tss_rivalries.parquet").exists():
        pytest.skip("interim rivalry tables missing")
    dyads = pd.DataFrame({"ccode1": [2, 710, 710], "ccode2": [710, 2, 2], "year": [1950, 1950, 2015]}).astype(
        "int16"
    )
    out = add_rivalries(
        dyads,
        pd.read_parquet(INTERIM / "td_rivalries.parquet"),
        pd.read_parquet(INTERIM / "tss_rivalries.parquet"),
    )
    assert out["rivalry_td"].tolist()[:2] == [1, 1] and pd.isna(out["rivalry_td"].iloc[2])
    assert out["rivalry_tss"].tolist() == [1, 1, 1]
