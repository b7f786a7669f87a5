"""The estimate-table format shared by the estimators, the models stage and the report.

One row per coefficient term; the meta columns (sample size, clusters, events, years) repeat on
every row of a fit.
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
    "year_min",
    "year_max",
]
TEXT_COLUMNS = ("hypothesis", "spec", "estimator", "outcome", "term")


def empty_estimates() -> pd.DataFrame:
    """A table with the result columns and no rows (a specification that was not estimable)."""
    return pd.DataFrame(
        {c: pd.Series(dtype="object" if c in TEXT_COLUMNS else "float64") for c in RESULT_COLUMNS}
    )
