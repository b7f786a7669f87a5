"""The estimate-table format shared by the estimators, the models stage and the report.

One row per coefficient term; the meta columns (sample size, clusters, events, switching entities,
years) repeat on every row of a fit. ``n_switchers`` (Int64, NA without entity effects) is set by
``models.analysis``; the estimators leave it NA.
"""

import pandas as pd

RESULT_COLUMNS = [
    "hypothesis",
    "spec",
    "estimator",
    "outcome",
    "term",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "n_obs",
    "n_clusters",
    "n_events",
    "n_switchers",
    "year_min",
    "year_max",
]
TEXT_COLUMNS = ("hypothesis", "spec", "estimator", "outcome", "term")
_EMPTY_DTYPES = {c: "object" for c in TEXT_COLUMNS} | {"n_switchers": "Int64"}


def empty_estimates() -> pd.DataFrame:
    """A table with the result columns and no rows (a specification that was not estimable)."""
    return pd.DataFrame({c: pd.Series(dtype=_EMPTY_DTYPES.get(c, "float64")) for c in RESULT_COLUMNS})
