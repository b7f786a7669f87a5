"""Stacked event-study estimator (Cengiz, Dube, Lindner and Zipperer 2019, appendix D).

The rows are stacks (``proxies.events``): each event's treated state and its clean controls in the
event's window. The outcome is regressed on treated x event-time dummies, one per event time of the
window except the reference ``reference`` (t0-1), with stack x unit and stack x calendar-year fixed
effects, so that each event's effect is identified only by its own treated-control comparison and
the stacks are weighted by their rows (the stacked regression's implicit weights; Wing, Freedman and
Hollingsworth 2024). The effects are absorbed exactly by the models package's two-way within
transformation (``estimators._within``, stack x unit as entity, stack x year as period).

Inference: errors clustered by state (the unit's COW code), across stacks, since a state is treated
in one stack and a control in others, and its years repeat across overlapping stacks. CR1 as in
``estimators``: c = G/(G-1) * (N-1)/(N-K), K the event-time terms (the effects are not counted:
stack x unit effects are nested in the state clusters; the module's convention for the year
effects); t with G-1 degrees of freedom.

Key term ``event_lead_mean``: the mean of the lead coefficients t0-w..t0-2. The theory (R3) says the
signal precedes the onset without saying in which year, so no single lead is singled out; with the
reference t0-1, the leads measure the treated-control gap in t0-w..t0-2 against that in t0-1 (a
signal concentrated in t0-1 itself would show as negative leads).
"""

import numpy as np
import pandas as pd
from scipy import stats

from alliance_bargaining.models.estimates import RESULT_COLUMNS
from alliance_bargaining.models.estimators import (
    EstimationError,
    _absorbed,
    _critical,
    _group_sums,
    _within,
)

LEAD_MEAN = "event_lead_mean"


def term_name(k: int) -> str:
    """Event time k as a term: event_m<k> before the event, event_p<k> from it."""
    return f"event_m{-k}" if k < 0 else f"event_p{k}"


def _design(frame: pd.DataFrame, outcome: str, window: int, reference: int, keys: dict):
    """(rows kept, y, dummies, event times, stacks, entity codes, period codes, cluster codes)."""
    label = f"event study of {outcome}"
    for column in (outcome, *keys.values()):
        if column not in frame.columns:
            raise EstimationError(f"{label}: column '{column}' not in dataset")
    if not -window <= reference <= window:
        raise EstimationError(f"{label}: reference {reference} outside the window -{window}..{window}")
    values = {c: frame[c].to_numpy(dtype=float, na_value=np.nan) for c in (outcome, *keys.values())}
    keep = np.logical_and.reduce([np.isfinite(v) for v in values.values()])
    values = {c: v[keep].astype(np.int64) if c != outcome else v[keep] for c, v in values.items()}
    times = [k for k in range(-window, window + 1) if k != reference]
    treated, event_time = values[keys["treated"]], values[keys["event_time"]]
    if np.abs(event_time).max(initial=0) > window:
        raise EstimationError(f"{label}: event times beyond the window -{window}..{window}")
    dummies = np.column_stack([(treated == 1) & (event_time == k) for k in times]).astype(float)
    empty = [k for k, column in zip(times, dummies.T, strict=True) if not column.any()]
    if empty:
        raise EstimationError(f"{label}: no treated row at event time {empty[0]}")
    stack, unit, year = values[keys["stack"]], values[keys["unit"]], values[keys["year"]]
    entity = np.unique(np.column_stack([stack, unit]), axis=0, return_inverse=True)[1].ravel()
    period = np.unique(np.column_stack([stack, year]), axis=0, return_inverse=True)[1].ravel()
    if len(np.unique(entity * (period.max(initial=0) + 1) + period)) != len(entity):
        raise EstimationError(f"{label}: rows are not unique by (stack, unit, year)")
    cluster = np.unique(unit, return_inverse=True)[1].ravel()
    return np.flatnonzero(keep), values[outcome], dummies, times, stack, entity, period, cluster


def _stack_within(
    matrix: np.ndarray, stack: np.ndarray, entity: np.ndarray, period: np.ndarray
) -> np.ndarray:
    """``estimators._within`` (two-way: stack x unit, stack x year) applied stack by stack.

    A stack's effects touch no other stack's rows, so the projection is block diagonal by stack and
    this equals one call on all rows; per stack, the period Gram matrix is only the window's years.
    """
    out = np.empty_like(matrix)
    order = np.argsort(stack, kind="stable")
    bounds = np.flatnonzero(np.diff(stack[order])) + 1
    for rows in np.split(order, bounds):
        local_entity = np.unique(entity[rows], return_inverse=True)[1]
        local_period = np.unique(period[rows], return_inverse=True)[1]
        out[rows] = _within(matrix[rows], local_entity, local_period)
    return out


def _solve(y, dummies, names, stack, entity, period, cluster, label):
    """(coefficients, CR1 covariance, G, influence) of y on the dummies with the two-way effects
    absorbed; influence: each cluster's (X~'X~)^-1 X~_g'u_g (G x terms)."""
    within = _stack_within(np.column_stack([y, dummies]), stack, entity, period)
    wy, x = within[:, 0], within[:, 1:]
    absorbed = _absorbed(dummies, x, names)
    if absorbed:
        raise EstimationError(f"{label}: {', '.join(map(repr, absorbed))} absorbed by the fixed effects")
    n, k = x.shape
    n_clusters = cluster.max() + 1
    if n_clusters < 2 or n <= k:
        raise EstimationError(f"{label}: {n} rows in {n_clusters} clusters cannot estimate {k} terms")
    bread = np.linalg.inv(x.T @ x)
    params = bread @ (x.T @ wy)
    scores = _group_sums(cluster, n_clusters, x * (wy - x @ params)[:, None])
    cov = n_clusters / (n_clusters - 1) * (n - 1) / (n - k) * bread @ (scores.T @ scores) @ bread
    return params, cov, n_clusters, scores @ bread


def _with_lead_mean(params, cov, influence, times, reference):
    """Coefficients, variances and cluster influence with the mean of the leads before
    ``reference`` appended."""
    weights = np.array([k < reference for k in times], float)
    if not weights.any():
        raise EstimationError(f"event study: no lead before the reference {reference}")
    weights /= weights.sum()
    estimate = np.append(params, weights @ params)
    variance = np.append(np.diag(cov), weights @ cov @ weights)
    return estimate, variance, np.column_stack([influence, influence @ weights])


def stacked_event_study(
    frame: pd.DataFrame,
    outcome: str,
    window: int,
    reference: int = -1,
    keys: dict | None = None,
    with_influence: bool = False,
):
    """Event-time coefficients and their lead mean (module doc), columns of the results table
    (``RESULT_COLUMNS``, without hypothesis/spec/estimator, which the caller sets).
    ``with_influence``: (table, influence), the influence of each cluster (state: index ``unit``,
    its code) on each term, as ``estimators.FittedModel.influence``.

    ``keys`` names the columns: stack, unit (clusters), year, treated (0/1), event_time; defaults to
    the dataset's names (stack, ccode, year, treated, event_time). Rows with a missing value are
    dropped. ``n_events`` counts the rows with outcome 1, ``n_clusters`` the states.
    """
    keys = {
        "stack": "stack",
        "unit": "ccode",
        "year": "year",
        "treated": "treated",
        "event_time": "event_time",
    } | (keys or {})
    label = f"event study of {outcome}"
    rows, y, dummies, times, stack, entity, period, cluster = _design(frame, outcome, window, reference, keys)
    if len(y) < 2 or np.ptp(y) == 0:
        raise EstimationError(f"{label}: outcome '{outcome}' does not vary in the {len(y)} rows")
    names = [term_name(k) for k in times]
    params, cov, n_clusters, influence = _solve(y, dummies, names, stack, entity, period, cluster, label)
    estimate, variance, influence = _with_lead_mean(params, cov, influence, times, reference)
    std_error = np.sqrt(np.maximum(variance, 0.0))  # rounding below 0 where an outcome never occurs
    half = _critical(n_clusters - 1) * std_error
    years = frame[keys["year"]].to_numpy()[rows]
    table = pd.DataFrame(
        {
            "outcome": outcome,
            "term": [*names, LEAD_MEAN],
            "estimate": estimate,
            "std_error": std_error,
            "ci_low": estimate - half,
            "ci_high": estimate + half,
            "p_value": 2 * stats.t(n_clusters - 1).sf(np.abs(_ratio(estimate, std_error))),
            "n_obs": len(y),
            "n_clusters": int(n_clusters),
            "n_events": pd.array([int(y.sum())] * len(estimate), dtype="Int64"),
            "year_min": int(years.min()),
            "year_max": int(years.max()),
        }
    )
    if not with_influence:
        return table
    units = pd.Index(np.unique(frame[keys["unit"]].to_numpy()[rows]).astype(np.int64), name="unit")
    return table, pd.DataFrame(influence, index=units, columns=[*names, LEAD_MEAN])


def _ratio(estimate: np.ndarray, std_error: np.ndarray) -> np.ndarray:
    """t statistics, NaN where the standard error is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(std_error > 0, estimate / std_error, np.nan)


def placebo_distribution(
    frame: pd.DataFrame, outcome: str, window: int, reference: int = -1, draw: str = "draw"
) -> pd.DataFrame:
    """``stacked_event_study`` of each placebo draw: columns draw, term, estimate, std_error, n_obs;
    a draw the data cannot identify is left out (logged by the caller as missing draws)."""
    out = []
    for number, rows in frame.groupby(draw, sort=True):
        try:
            table = stacked_event_study(rows, outcome, window, reference)
        except EstimationError:
            continue
        out.append(table[["term", "estimate", "std_error", "n_obs"]].assign(draw=number))
    columns = ["draw", "term", "estimate", "std_error", "n_obs"]
    return pd.concat(out, ignore_index=True)[columns] if out else pd.DataFrame(columns=columns)


def result_table(table: pd.DataFrame, hypothesis: str, spec: str) -> pd.DataFrame:
    """``stacked_event_study``'s table in the common result format."""
    return table.assign(hypothesis=hypothesis, spec=spec, estimator="event_study")[RESULT_COLUMNS]
