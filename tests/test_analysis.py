"""Running registered specifications: registry levels to the estimators' keys, min_events counts."""

import numpy as np
import pandas as pd

from alliance_bargaining.models.analysis import estimate, estimator_levels
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


def test_enough_events_are_estimated():
    table = estimate(panel(), params(min_events=3))
    assert table["estimator"].unique().tolist() == ["lpm_fe"] and table["estimate"].notna().all()
    assert table["n_clusters"].iloc[0] == 3
