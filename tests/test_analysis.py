"""Running registered specifications: registry levels to the estimators' keys, min_events counts,
switching units."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.models.analysis import estimate, estimator_levels, n_switchers
from alliance_bargaining.models.estimates import RESULT_COLUMNS


def test_unit_column_levels_become_the_estimators_keys():
    model = {"cluster": "ccode_a", "fixed_effects": ["ccode_c", "year"]}
    assert estimator_levels(model, ["ccode_a", "ccode_c"]) == {
        "cluster": "ccode1",
        "fixed_effects": ["ccode2", "year"],
    }
    assert estimator_levels({"cluster": "pair", "fixed_effects": ["dyad"]}, ["ccode_a", "ccode_c"]) == {
        "cluster": "pair",
        "fixed_effects": ["dyad"],
    }
    assert estimator_levels({"cluster": "ccode", "fixed_effects": ["ccode", "year"]}, ["ccode"]) == {
        "cluster": "state",
        "fixed_effects": ["state", "year"],
    }


def panel():
    """Twelve A-C dyad-years by hand: 3 events, 2 of them with prospect 1; one row misses a control."""
    return pd.DataFrame(
        {
            "ccode_a": [2, 2, 2, 2, 20, 20, 20, 20, 40, 40, 40, 40],
            "ccode_c": [20, 20, 20, 20, 40, 40, 40, 40, 2, 2, 2, 2],
            "year": [1990, 1991, 1992, 1993] * 3,
            "prospect": [0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 1],
            "onset": [0, 1, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0],
            "mindist": [1.0, 5.0, 2.0, np.nan, 3, 1, 4, 1, 5, 9, 2, 6],
        }
    )


def params(min_events, estimator="lpm_fe"):
    model = {
        "hypothesis": "H4",
        "spec": "primary",
        "estimator": estimator,
        "outcome": "onset",
        "regressors": ["prospect"],
        "controls": ["mindist"],
        "fixed_effects": ["pair", "year"],
        "cluster": "ccode_a",
        "key_term": "prospect",
        "min_events": min_events,
    }
    return {
        "id": "H4__primary",
        "model": model,
        "units": ["ccode_a", "ccode_c"],
        "sample_years": [1990, 1993],
    }


def test_fewer_events_than_min_events_are_counted_not_estimated():
    table = estimate(panel(), params(min_events=4))
    assert table.columns.tolist() == RESULT_COLUMNS
    assert table["estimator"].unique().tolist() == ["counts"] and table["estimate"].isna().all()
    # 11 rows with mindist: 3 events; prospect 0: 7 rows, 1 event; prospect 1: 4 rows, 2 events
    assert table["term"].tolist() == ["prospect", "prospect=0", "prospect=1"]
    assert table["n_obs"].tolist() == [11, 7, 4]
    assert table["n_events"].tolist() == [3, 1, 2]
    # each pair's prospect takes both values among its rows with mindist: 3 switching pairs
    assert table["n_switchers"].tolist() == [3, 3, 3] and str(table["n_switchers"].dtype) == "Int64"


def test_enough_events_are_estimated():
    table = estimate(panel(), params(min_events=3))
    assert table["estimator"].unique().tolist() == ["lpm_fe"] and table["estimate"].notna().all()
    assert table["n_clusters"].iloc[0] == 3
    assert (table["n_switchers"] == 3).all()


def switching_states():
    """Four states by hand, key term x interacted with s (0/1).

    State 1: x 0 -> 1, s 0 throughout: switches in the reference cell (s = 0).
    State 2: x 0 -> 1, but s is 1 where x is 1: in the reference cell x is 0 only.
    State 3: x 1 throughout.
    State 4: x 0 -> 1 with s 0, then a row with s 1.
    """
    return pd.DataFrame(
        {
            "ccode": [1, 1, 2, 2, 3, 3, 4, 4, 4],
            "year": [2000, 2001, 2000, 2001, 2000, 2001, 2000, 2001, 2002],
            "y": [0.1, 0.4, 0.3, 0.2, 0.5, 0.6, 0.2, 0.9, 0.7],
            "x": [0, 1, 0, 1, 1, 1, 0, 1, 1],
            "s": [0, 0, 0, 1, 0, 0, 0, 0, 1],
        }
    )


def switching_model(key="x", interactions=(("x", "s"),), effects=("state", "year")):
    return {
        "hypothesis": "H6",
        "spec": "primary",
        "estimator": "ols_fe",
        "outcome": "y",
        "regressors": ["x", "s"],
        "interactions": [list(pair) for pair in interactions],
        "fixed_effects": list(effects),
        "cluster": "state",
        "key_term": key,
    }


@pytest.mark.parametrize(
    ("key", "interactions", "effects", "expected", "first_two"),
    [
        ("x", [("x", "s")], ["state", "year"], 2, 1),  # states 1 and 4 (reference cell s = 0)
        ("ame:x", [("x", "s")], ["state", "year"], 2, 1),  # the AME row: x's reference cell
        ("x", [], ["state", "year"], 3, 2),  # no interaction: states 1, 2, 4
        ("x_x_s", [("x", "s")], ["state", "year"], 2, 1),  # the product, all rows: states 2 and 4
        ("x", [("x", "s")], ["year"], None, None),  # no entity effects: NA
    ],
)
def test_switching_units_in_the_key_terms_reference_cell(key, interactions, effects, expected, first_two):
    frame = switching_states()
    model = switching_model(key, interactions, effects)
    assert n_switchers(frame, np.arange(len(frame)), model) == expected
    assert n_switchers(frame, np.arange(4), model) == first_two  # the estimation rows of states 1, 2


def test_every_row_of_a_fit_carries_its_switching_units():
    data = switching_states().assign(s=0)  # no interaction left: states 1, 2, 4 switch
    spec = {
        "id": "H6__primary",
        "model": switching_model(interactions=[])
        | {"regressors": ["x"], "cluster": "ccode", "fixed_effects": ["ccode"]},
        "units": ["ccode"],
        "sample_years": [2000, 2002],
    }
    table = estimate(data, spec)
    assert table.columns.tolist() == RESULT_COLUMNS and len(table) == 1
    assert table["n_switchers"].tolist() == [3] and str(table["n_switchers"].dtype) == "Int64"
    spec["model"] |= {"fixed_effects": ["year"]}
    table = estimate(data, spec)
    assert table["n_switchers"].isna().all() and str(table["n_switchers"].dtype) == "Int64"


def test_a_table_without_rows_has_the_switching_column():
    data = switching_states().assign(y=1.0)  # the outcome does not vary: not estimable
    spec = {
        "id": "H6__primary",
        "model": switching_model() | {"cluster": "ccode", "fixed_effects": ["ccode", "year"]},
        "units": ["ccode"],
        "sample_years": [2000, 2002],
    }
    table = estimate(data, spec)
    assert table.empty and table.columns.tolist() == RESULT_COLUMNS
    assert str(table["n_switchers"].dtype) == "Int64"
