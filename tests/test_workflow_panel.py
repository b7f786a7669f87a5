"""Integration: the dyad-year panel built by `snakemake panel` from the real data."""

import json

import numpy as np
import pandas as pd
import pytest

pytestmark = pytest.mark.integration

# ATOP obligations are directed (a pledge can run one way only), so alliance columns are not here.
SYMMETRIC = [
    "mid_onset",
    "mid_ongoing",
    "mid_hostlev",
    "conttype",
    "mindist",
    "rivalry_td",
    "rivalry_tss",
    "joint_igos",
    "un_agree",
    "un_s",
    "un_kappa",
    "un_agree_important",
    "un_n",
    "un_n_important",
    "un_agree_nonunanimous",
    "un_n_nonunanimous",
    "un_ideal_distance",
    "un_agree_calendar",  # by calendar year, for lagged reads
    "un_s_calendar",
    "un_kappa_calendar",
    "un_agree_important_calendar",
    "un_n_calendar",
    "peace_years",
    "log_cinc_ratio",
    # derived columns of the registry's generic joins (data/sources.yaml)
    "democracy_min",
    "joint_democracy",
    "log_gdp_ratio",
]


@pytest.fixture(scope="module")
def panel(built) -> pd.DataFrame:
    return pd.read_parquet(built / "data/processed/dyad_year.parquet")


def row(panel, ccode1, ccode2, year):
    hit = panel[(panel["ccode1"] == ccode1) & (panel["ccode2"] == ccode2) & (panel["year"] == year)]
    assert len(hit) == 1, (ccode1, ccode2, year)
    return hit.iloc[0]


def test_universe_matches_peacesciencer(built, panel):
    check = json.loads((built / "results/checks/dyad_universe.json").read_text())
    assert check["rows_ours"] == len(panel) == 1_987_950
    assert check["years_differing"] == {} and check["dyad_years_only_ours"] == 0
    # The job peacesciencer users run: directed dyad-years 1816-2014.
    assert int((panel["year"] <= 2014).sum()) == 1_836_630


def test_panel_keys_sorted_unique_and_small_types(panel):
    key = panel[["ccode1", "ccode2", "year"]]
    assert pd.MultiIndex.from_frame(key).is_monotonic_increasing and not key.duplicated().any()
    assert key.dtypes.astype(str).tolist() == ["int16", "int16", "int16"]
    assert str(panel["mid_onset"].dtype) == "Int8" and str(panel["alliance_onset"].dtype) == "Int8"


def test_design_cases(panel):
    # China (710)-United States (2): MID onset in 1950, both directions (design section 6).
    assert row(panel, 710, 2, 1950)["mid_onset"] == 1 and row(panel, 2, 710, 1950)["mid_onset"] == 1
    # China-USSR (365): upgraded ATOP commitment in 1950.
    assert row(panel, 710, 365, 1950)["alliance_upgrade"] == 1
    assert row(panel, 365, 710, 1950)["alliance_upgrade"] == 1
    # Australia (900)-US: ATOP alliance onset in 1951 after a gap since 1945.
    assert row(panel, 900, 2, 1951)["alliance_onset"] == 1
    assert [row(panel, 900, 2, y)["ally_defense_offense"] for y in range(1946, 1951)] == [0] * 5
    # Japan (740) is not a system member 1946-1951: the Australia-Japan dyad enters in 1952.
    australia_japan = panel[(panel["ccode1"] == 900) & (panel["ccode2"] == 740)]["year"]
    assert australia_japan[australia_japan > 1945].min() == 1952


def test_un_agree_us_uk_above_us_ussr_1960_1990(panel):
    years = range(1960, 1991)
    uk = panel[(panel["ccode1"] == 2) & (panel["ccode2"] == 200)].set_index("year")["un_agree"]
    ussr = panel[(panel["ccode1"] == 2) & (panel["ccode2"] == 365)].set_index("year")["un_agree"]
    diff = (uk - ussr).reindex(years)
    # 1964 (session 19) had one roll call, on which all three voted alike: equal, not above.
    assert (diff.drop(1964) > 0).all() and diff[1964] == 0


@pytest.mark.parametrize("column", SYMMETRIC)
def test_symmetric_measures_equal_in_both_directions(panel, column):
    forward = panel.set_index(["ccode1", "ccode2", "year"])[column]
    backward = panel.set_index(["ccode2", "ccode1", "year"])[column]
    backward.index.names = forward.index.names
    pd.testing.assert_series_equal(forward, backward.reindex(forward.index), check_names=False)


def test_coverage_is_missing_not_zero(panel):
    assert panel.loc[panel["year"] > 2014, "mid_onset"].isna().all()
    assert panel.loc[panel["year"] < 1950, "arms_tiv"].isna().all()
    assert (panel.loc[panel["year"].between(1950, 2018), "arms_tiv"].notna()).all()
    assert panel.loc[panel["year"] < 1946, "un_agree"].isna().all()


def test_state_year_agreement_with_majors(built):
    state_year = pd.read_parquet(built / "data/processed/state_year.parquet")
    uk_1980 = state_year[(state_year["ccode"] == 200) & (state_year["year"] == 1980)].iloc[0]
    assert uk_1980["major"] == 1 and 0 < uk_1980["un_agree_2"] < 1 and np.isnan(uk_1980["un_agree_200"])
    codebook = (built / "results/codebook/dyad_year.md").read_text()
    assert "| `mid_onset` | Int8 |" in codebook and "COW MID 5.0" in codebook


def test_un_agreement_equals_the_published_file(built):
    check = json.loads((built / "results/checks/un_roll_calls.json").read_text())
    assert check["roll_call_set"] == "published" and check["passed"]
    assert check["years_compared"] == list(range(1946, 2016)) and check["max_abs_difference_un_agree"] <= 1e-9
    state_year = pd.read_parquet(built / "data/processed/state_year.parquet")
    us = state_year[state_year["ccode"] == 2].set_index("year")
    assert (us.loc[1946:2018, "un_ideal"].drop(1964) > 0).all() and np.isnan(us.loc[1964, "un_ideal"])
