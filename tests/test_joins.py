"""The generic merge of a registered state-year or dyad-year source into the panel (panel.joins)."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.joins import add_joined, joined_columns

DYADS = pd.DataFrame(
    {"ccode1": [2, 2, 200, 200, 20], "ccode2": [200, 20, 2, 20, 2], "year": [2000] * 5}
).astype("int16")
# polity2 and polyarchy of the US (2), UK (200) and Canada (20) by hand; Canada's polity2 unknown
STATES = pd.DataFrame(
    {
        "ccode": [2, 20, 200],
        "year": [2000, 2000, 2000],
        "v2x_polyarchy": [0.863, 0.9, 0.859],
        "polity2": [10.0, np.nan, 10.0],
        "gdp": [30.3, 27.0, 28.4],
    }
)
JOIN = {
    "keys": ["ccode", "year"],
    "columns": ["v2x_polyarchy", "polity2", "gdp"],
    "derived": {
        "democracy_min": {"op": "min", "column": "v2x_polyarchy", "doc": "weak link"},
        "joint_democracy": {"op": "both_at_least", "column": "polity2", "threshold": 6},
        "gdp_gap": {"op": "absdiff", "column": "gdp"},
        "gdp_diff": {"op": "diff", "column": "gdp"},
        "gdp_ratio": {"op": "ratio", "column": "gdp"},
        "gdp_log_ratio": {"op": "log_ratio", "column": "gdp"},
        "polyarchy_max": {"op": "max", "column": "v2x_polyarchy"},
    },
}


def test_state_year_columns_enter_for_both_sides_with_derived_columns():
    out = add_joined(DYADS, STATES, JOIN)
    assert out[["ccode1", "ccode2", "year"]].equals(DYADS)
    assert out["v2x_polyarchy1"].tolist() == [0.863, 0.863, 0.859, 0.859, 0.9]
    assert out["v2x_polyarchy2"].tolist() == [0.859, 0.9, 0.863, 0.9, 0.863]
    assert out["democracy_min"].tolist() == [0.859, 0.863, 0.859, 0.859, 0.863]
    assert out["polyarchy_max"].tolist() == [0.863, 0.9, 0.863, 0.9, 0.9]
    # US-UK both 10: 1; with Canada (unknown polity2): missing
    assert str(out["joint_democracy"].dtype) == "Int8"
    assert out["joint_democracy"].tolist() == [1, pd.NA, 1, pd.NA, pd.NA]
    assert out["gdp_gap"].tolist() == pytest.approx([1.9, 3.3, 1.9, 1.4, 3.3])
    assert out["gdp_diff"].tolist() == pytest.approx([1.9, 3.3, -1.9, 1.4, -3.3])
    assert out["gdp_ratio"].iloc[0] == pytest.approx(30.3 / 28.4)
    assert out["gdp_log_ratio"].iloc[2] == pytest.approx(np.log(28.4 / 30.3))


def test_missing_state_year_gives_missing_values():
    out = add_joined(DYADS.assign(year=np.int16(1990)), STATES, JOIN)
    assert out["v2x_polyarchy1"].isna().all() and out["democracy_min"].isna().all()
    assert out["joint_democracy"].isna().all()


def test_threshold_is_inclusive():
    states = STATES.assign(polity2=[6.0, 6.0, 5.0])
    out = add_joined(DYADS, states, JOIN)
    assert out["joint_democracy"].tolist() == [0, 1, 0, 0, 1]


def test_dyad_year_source_enters_as_is():
    table = pd.DataFrame({"ccode1": [2], "ccode2": [200], "year": [2000], "trade": [5.0]})
    out = add_joined(DYADS, table, {"keys": ["ccode1", "ccode2", "year"], "columns": ["trade"]})
    assert out["trade"].iloc[0] == 5.0 and out["trade"].iloc[1:].isna().all()


def test_codebook_text_comes_from_the_declaration():
    entry = {"dataset": "Democracy", "version": "1", "join": JOIN}
    docs = {"v2x_polyarchy": "V-Dem polyarchy", "polity2": "Polity2", "gdp": "log GDP"}
    columns = joined_columns("ccode_democracy", entry, docs)
    assert columns["v2x_polyarchy1"] == (
        "V-Dem polyarchy, state 1",
        "Democracy (1), registry source `ccode_democracy`",
    )
    assert columns["democracy_min"][0] == "weak link: min(v2x_polyarchy1, v2x_polyarchy2)"
    assert columns["joint_democracy"][0] == "1 if polity21 >= 6 and polity22 >= 6, else 0"
