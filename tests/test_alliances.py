"""ATOP obligation flags and alliance events on hand-made dyad-years, and the historical cases."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.alliances import OBLIGATIONS, add_atop

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"
DEF, OFF, NEU, NON, CON = OBLIGATIONS


def dyads(spans: dict) -> pd.DataFrame:
    """Directed dyad-years {(ccode1, ccode2): years}, sorted, in the interim dtypes."""
    rows = [(a, b, y) for (a, b), years in sorted(spans.items()) for y in years]
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def atop(pledges: dict) -> pd.DataFrame:
    """ATOP rows {(ccode1, ccode2, year): obligations} in the interim schema."""
    rows = [(*key, *(int(name in names) for name in OBLIGATIONS)) for key, names in sorted(pledges.items())]
    table = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year", *OBLIGATIONS])
    return table.astype(
        {"ccode1": "int16", "ccode2": "int16", "year": "int16"} | dict.fromkeys(OBLIGATIONS, "int8")
    )


def column(frame: pd.DataFrame, name: str) -> list:
    return [None if pd.isna(v) else int(v) for v in frame[name]]


# US (2) - Canada (20), 1998-2009: D 2000-01, gap 2002, D 2003, D+N 2004 (upgrade), D 2005
# (downgrade), N 2006 (defense/offense ends; still allied under "any"), none from 2007.
HISTORY = {2000: {DEF}, 2001: {DEF}, 2003: {DEF}, 2004: {DEF, NEU}, 2005: {DEF}, 2006: {NEU}}
YEARS = range(1998, 2010)
PANEL = dyads({(2, 20): YEARS, (20, 2): YEARS})
PLEDGES = atop({(a, b, y): names for y, names in HISTORY.items() for a, b in ((2, 20), (20, 2))})


def test_flags_zero_without_atop_row_and_missing_outside_coverage():
    out = add_atop(PANEL, PLEDGES, first_year=1999, last_year=2008)
    us_canada = out[out["ccode1"] == 2]
    assert column(us_canada, "atop_defense") == [None, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, None]
    assert column(us_canada, "atop_neutral") == [None, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, None]
    assert column(us_canada, "ally_defense_offense") == [None, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, None]
    assert column(us_canada, "ally_any") == [None, 0, 1, 1, 0, 1, 1, 1, 1, 0, 0, None]
    assert column(us_canada, "alliance_onset") == [None, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, None]
    assert out["atop_defense"].dtype == "Int8" and out["alliance_onset"].dtype == "Int8"


def test_events_without_smoothing():
    out = add_atop(PANEL, PLEDGES, first_year=1990, last_year=2018)
    us_canada = out[out["ccode1"] == 2]
    # 1998: the panel's first year, so termination is unknown; onset is 0 because not allied.
    assert column(us_canada, "alliance_onset") == [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert column(us_canada, "alliance_upgrade") == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert column(us_canada, "alliance_termination") == [None, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0]
    assert column(us_canada, "alliance_gain") == [0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0]
    # Any obligation: 2006 (neutrality only) continues the alliance but is no upgrade.
    assert column(us_canada, "alliance_onset_any") == [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]
    assert column(us_canada, "alliance_upgrade_any") == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    assert column(us_canada, "alliance_termination_any") == [None, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0]
    canada_us = out[out["ccode1"] == 20]
    assert column(canada_us, "alliance_onset") == column(us_canada, "alliance_onset")


def test_one_year_gap_bridged_with_max_gap_1():
    out = add_atop(PANEL, PLEDGES, first_year=1990, last_year=2018, max_gap=1)
    us_canada = out[out["ccode1"] == 2]
    assert column(us_canada, "alliance_onset") == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]
    assert column(us_canada, "alliance_termination") == [None, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]
    assert column(us_canada, "alliance_upgrade") == [0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0]
    # The flags themselves are not smoothed.
    assert column(us_canada, "ally_defense_offense")[4] == 0


def test_upgrade_compares_with_last_allied_year_across_a_bridged_gap():
    panel = dyads({(2, 20): range(2000, 2004)})
    pledges = atop({(2, 20, 2000): {DEF}, (2, 20, 2002): {DEF, CON}, (2, 20, 2003): {DEF, CON}})
    assert column(add_atop(panel, pledges, 1990, 2018, max_gap=1), "alliance_upgrade") == [None, 0, 1, 0]
    assert column(add_atop(panel, pledges, 1990, 2018, max_gap=0), "alliance_upgrade") == [None, 0, 0, 0]


def test_changed_but_not_grown_obligations_are_no_upgrade():
    panel = dyads({(2, 20): range(2000, 2003)})
    pledges = atop({(2, 20, 2000): {DEF, OFF}, (2, 20, 2001): {DEF, CON}, (2, 20, 2002): {DEF, OFF, CON}})
    out = add_atop(panel, pledges, 1990, 2018)
    assert column(out, "alliance_upgrade") == [None, 0, 1]
    assert column(out, "alliance_termination") == [0, 0, 0]


def test_year_outside_the_system_counts_as_not_allied():
    # 2-40 is absent in 2001 (a state out of the system): allied 2000 and 2002.
    panel = dyads({(2, 20): [1999, 2000], (2, 40): [1999, 2000, 2002, 2003]})
    pledges = atop({(2, 20, 2000): {DEF}, (2, 40, 2000): {DEF}, (2, 40, 2002): {DEF}})
    out = add_atop(panel, pledges, 1990, 2018)
    # No termination row for 2001; onset again in 2002 (t-1 absent = not allied); ends 2003.
    assert column(out, "alliance_onset") == [0, 1, 0, 1, 1, 0]
    assert column(out, "alliance_termination") == [None, 0, None, 0, 0, 1]
    # With max_gap=1 the 2001 gap is bridged; 2000 is unknown (1998 is before the panel).
    bridged = add_atop(panel, pledges, 1990, 2018, max_gap=1)
    assert column(bridged, "alliance_onset")[3:] == [None, 0, 0]


def test_events_do_not_cross_dyads():
    # 2-20 allied in its last year, 2-40 allied in its first year: 2-40 has an onset, not a
    # continuation of the row before it.
    panel = dyads({(2, 20): [2000, 2001], (2, 40): [2001, 2002]})
    pledges = atop({(2, 20, 2001): {DEF}, (2, 40, 2001): {DEF}, (2, 40, 2002): {DEF, OFF}})
    out = add_atop(panel, pledges, 1990, 2018)
    assert column(out, "alliance_onset") == [0, 1, 1, 0]
    assert column(out, "alliance_upgrade") == [0, 0, 0, 1]


def test_right_censoring_of_termination_with_smoothing():
    panel = dyads({(2, 20): range(2015, 2019)})
    pledges = atop({(2, 20, 2015): {DEF}, (2, 20, 2016): {DEF}})
    assert column(add_atop(panel, pledges, 1815, 2018), "alliance_termination") == [0, 0, 1, 0]
    # Two more years would be needed to rule out a bridged gap: unknown.
    assert column(add_atop(panel, pledges, 1815, 2018, max_gap=2), "alliance_termination") == [0, 0, None, 0]


def test_rows_and_order_kept_and_unsorted_input_refused():
    out = add_atop(PANEL, PLEDGES, 1990, 2018)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], PANEL)
    with pytest.raises(ValueError, match="sorted"):
        add_atop(PANEL.iloc[::-1], PLEDGES, 1990, 2018)


@pytest.fixture(scope="module")
def real():
    """The real universe for China-USSR and Australia-US, with ATOP 1815-2018."""
    needed = [INTERIM / "atop_alliance.parquet", INTERIM / "cow_ddy.parquet"]
    if not all(path.exists() for path in needed):
        pytest.skip("interim ATOP or dyad-year table missing")
    universe = pd.read_parquet(needed[1])
    pairs = {(710, 365), (365, 710), (900, 2), (2, 900)}
    keep = np.array([pair in pairs for pair in zip(universe["ccode1"], universe["ccode2"], strict=True)])
    universe = universe[keep & universe["year"].between(1816, 2018).to_numpy()].reset_index(drop=True)
    return add_atop(universe, pd.read_parquet(needed[0]), 1815, 2018).set_index(["ccode1", "ccode2", "year"])


@pytest.mark.parametrize("pair", [(710, 365), (365, 710)])
def test_china_ussr_upgrade_1950(real, pair):
    rows = real.loc[pair]
    assert rows.loc[1950, "alliance_upgrade"] == 1 and rows.loc[1950, "alliance_gain"] == 1
    assert rows.loc[1950, "alliance_onset"] == 0
    assert rows.loc[1949, "alliance_upgrade"] == 0 and rows.loc[1951, "alliance_upgrade"] == 0


@pytest.mark.parametrize("pair", [(900, 2), (2, 900)])
def test_australia_us_onset_1951(real, pair):
    rows = real.loc[pair]
    assert rows.loc[1946, "alliance_termination"] == 1
    assert rows.loc[1947:1950, "ally_defense_offense"].eq(0).all()
    assert rows.loc[1951, "alliance_onset"] == 1 and rows.loc[1951, "alliance_gain"] == 1
