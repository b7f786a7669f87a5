"""Inference when the key term varies across few clusters: H5's rapprochement varies by patron-year,
and there are six patrons (RESEARCH_DESIGN.md section 7, "Inference").

Three tests of one coefficient of a linear model whose fixed effects are already absorbed (``y`` and
``x`` the within-transformed outcome and terms, as ``models.estimators`` fits them):

- Wild cluster bootstrap, restricted (WCR: the null b_key = b0 imposed on the bootstrap data;
  Cameron, Gelbach and Miller 2008; MacKinnon and Webb 2017), clustered by the level where the
  treatment is assigned (the patron). Statistic: the t of b_key with the CR1 variance clustered by
  the same level; two-sided p = the share of |t*| >= |t|. Weights: Webb's (2023) six points
  +-sqrt(1/2), +-1, +-sqrt(3/2) (mean 0, variance 1), every one of the 6^G vectors when 6^G <=
  ``max_enumerated`` (the exact bootstrap distribution), else ``draws`` vectors from ``seed``. Each
  vector costs O(G^2) (Roodman, MacKinnon, Nielsen and Webb 2019, "Fast and wild"): with the fixed
  effects nested in the clusters, M_FE (u_r * w) = u_r * w, so the bootstrap data need no new
  within transformation and b*, t* are linear in the cluster sums s_g = sum_g a_i u_r,i and
  q_g = sum_g x_i u_r,i. Interval: the b0 whose p >= 1 - level (test inversion). With few
  clusters, and fewer treated ones, the WCR is known to misstate its size (MacKinnon and Webb
  2017, 2018): hence the randomization test beside it.
- Randomization inference (Fisher; Young 2019): the assignment (the patron-year rapprochement
  indicator) is permuted over each patron's years in the sample, keeping each patron's number of
  rapprochement years; every permuted key column is within-transformed at once and its coefficient
  computed by Frisch-Waugh-Lovell against the other terms. Statistic: the coefficient; p =
  (1 + #{|b*| >= |b|}) / (draws + 1) (exact under the sharp null of no effect). Interval: the
  constant effects tau whose p >= 1 - level (test inversion of y - tau * key; Imbens and Rubin
  2015, ch. 5), also linear in tau for each draw.
- The analytic CR1 t interval clustered by the same level, t(G-1) (the statistic the WCR bootstraps).

``identifying_units`` lists the units (client dyads) whose rows carry the key term's variation within
the period effects (patron-years). ``primary_few_clusters`` runs both on a hypothesis's primary
specification (rule ``fit_h5_inference``; ``few_cluster_table`` is the tests' table).
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.analysis import (
    UNIT_COLUMNS,
    _without_constant_controls,
    estimator_levels,
    prepare,
)
from alliance_bargaining.models.estimators import (  # the estimators' levels and exact absorption
    LEVELS,
    PERIOD_LEVELS,
    _level_ids,
    _within,
    fit,
)

WEBB_WEIGHTS = np.array([-np.sqrt(1.5), -1.0, -np.sqrt(0.5), np.sqrt(0.5), 1.0, np.sqrt(1.5)])
SEARCH_DOUBLINGS = 12  # interval search: up to 2^12 standard errors from the estimate, else unbounded
BISECTIONS = 50


@dataclass(frozen=True)
class Test:
    """One test of b_key = 0 and its interval; ``draws`` is None for the analytic test."""

    method: str
    estimate: float
    std_error: float
    ci_low: float
    ci_high: float
    p_value: float
    n_clusters: int
    draws: int | None = None
    enumerated: bool = False


def webb_weights(n_clusters: int, max_enumerated: int, draws: int, seed: int) -> tuple[np.ndarray, bool]:
    """(weights, enumerated): all 6^G Webb weight vectors (rows) if 6^G <= ``max_enumerated``, else
    ``draws`` vectors drawn from ``seed``."""
    _positive(n_clusters=n_clusters, max_enumerated=max_enumerated, draws=draws)
    if 6**n_clusters <= max_enumerated:
        codes = np.arange(6**n_clusters)[:, None] // 6 ** np.arange(n_clusters)[None, :] % 6
        return WEBB_WEIGHTS[codes], True
    rng = np.random.default_rng(seed)
    return WEBB_WEIGHTS[rng.integers(0, 6, size=(draws, n_clusters))], False


def cr1_factor(n: int, k: int, n_clusters: int) -> float:
    """CR1 small-sample factor G/(G-1) (N-1)/(N-K) (Cameron and Miller 2015, sec. II)."""
    return n_clusters / (n_clusters - 1) * (n - 1) / (n - k)


def analytic_test(y: np.ndarray, x: np.ndarray, key: int, cluster: np.ndarray, level: float) -> Test:
    """CR1 t test of b_key clustered by ``cluster`` (codes 0..G-1), t(G-1) interval."""
    n_clusters = _clusters(cluster)
    a = np.linalg.solve(x.T @ x, x.T)[key]
    estimate = float(a @ y)
    residual = y - x @ np.linalg.lstsq(x, y, rcond=None)[0]
    scores = np.bincount(cluster, weights=a * residual, minlength=n_clusters)
    se = float(np.sqrt(cr1_factor(len(y), x.shape[1], n_clusters) * scores @ scores))
    half = stats.t.ppf(0.5 + level / 2, n_clusters - 1) * se
    p = 2 * stats.t.sf(abs(estimate) / se, n_clusters - 1)
    return Test("analytic", estimate, se, estimate - half, estimate + half, float(p), n_clusters)


def wild_bootstrap(
    y: np.ndarray,
    x: np.ndarray,
    key: int,
    cluster: np.ndarray,
    level: float,
    weights: np.ndarray,
    enumerated: bool,
) -> Test:
    """Restricted wild cluster bootstrap-t of b_key = 0 (module doc); ``weights`` (draws x G) from
    ``webb_weights``. The fixed effects absorbed in ``y`` and ``x`` must be nested in ``cluster``."""
    n_clusters = _clusters(cluster)
    if weights.ndim != 2 or weights.shape[1] != n_clusters:
        raise InputError(f"wild bootstrap: weights must have one column per cluster ({n_clusters})")
    n, k = x.shape
    factor = cr1_factor(n, k, n_clusters)
    bread = np.linalg.inv(x.T @ x)
    a = bread[key] @ x.T
    estimate = float(a @ y)
    residual = y - x @ (bread @ (x.T @ y))
    se = float(
        np.sqrt(factor * np.sum(np.bincount(cluster, weights=a * residual, minlength=n_clusters) ** 2))
    )
    # A_g = sum over g's rows of a_i x_i, then A_g' (X'X)^-1: with q_h, C_gh = A_g' bread q_h.
    by_cluster = _cluster_sums(cluster, n_clusters, a[:, None] * x) @ bread
    others = np.delete(x, key, axis=1)
    # Restricted residuals of y - b0 x_key on the other terms: u_r(b0) = u0 - b0 v.
    u0 = y - others @ np.linalg.lstsq(others, y, rcond=None)[0]
    v = x[:, key] - others @ np.linalg.lstsq(others, x[:, key], rcond=None)[0]
    s0, sv = (
        np.bincount(cluster, weights=a * u0, minlength=n_clusters),
        np.bincount(cluster, weights=a * v, minlength=n_clusters),
    )
    c0 = by_cluster @ _cluster_sums(cluster, n_clusters, x * u0[:, None]).T
    cv = by_cluster @ _cluster_sums(cluster, n_clusters, x * v[:, None]).T

    def p_value(b0: float) -> float:
        s, c = s0 - b0 * sv, c0 - b0 * cv
        numerator = weights @ s
        scores = weights * s[None, :] - weights @ c.T
        t_star = numerator / np.sqrt(factor * np.einsum("bg,bg->b", scores, scores))
        return float(np.mean(np.abs(t_star) >= abs(estimate - b0) / se * (1 - 1e-12)))

    low, high = _invert(p_value, estimate, se, 1 - level)
    return Test("wild_bootstrap", estimate, se, low, high, p_value(0.0), n_clusters, len(weights), enumerated)


def permute_within(values: np.ndarray, groups: np.ndarray, draws: int, seed: int) -> np.ndarray:
    """``draws`` x n: in each row, ``values`` permuted at random within each group (same counts of
    every value per group), from ``seed``."""
    _positive(draws=draws)
    rng = np.random.default_rng(seed)
    order = np.argsort(groups, kind="stable")
    codes = np.unique(groups[order], return_inverse=True)[1].astype(float)
    # Sorting code + u (u uniform in [0, 1)) shuffles the positions within each group's block.
    within = np.argsort(codes[None, :] + rng.random((draws, len(values))), axis=1)
    permuted = np.empty((draws, len(values)), dtype=np.asarray(values).dtype)
    permuted[:, order] = np.asarray(values)[order][within]
    return permuted


def randomization_test(
    y: np.ndarray, x: np.ndarray, key: int, permuted: np.ndarray, n_clusters: int, level: float
) -> Test:
    """Randomization test of b_key = 0 (module doc): ``permuted`` (n x draws) holds the key column
    under each permuted assignment, within-transformed as ``x``."""
    n, draws = permuted.shape
    if n != len(y):
        raise InputError(f"randomization test: {n} rows of permuted columns for {len(y)} rows of data")
    others = np.delete(x, key, axis=1)
    project = np.linalg.pinv(others)

    def residualized(columns: np.ndarray) -> np.ndarray:
        return columns - others @ (project @ columns)

    observed = residualized(x[:, key])
    estimate = float(observed @ y / (observed @ observed))
    drawn = residualized(permuted)
    norms = np.einsum("ib,ib->b", drawn, drawn)
    # b*(tau) = b*(0) - tau * e_b' e_obs / e_b' e_b; the observed b(tau) = b - tau.
    at_zero, slope = (drawn.T @ residualized(y)) / norms, (drawn.T @ observed) / norms
    se = float(np.std(at_zero, ddof=1))

    def p_value(tau: float) -> float:
        extreme = np.abs(at_zero - tau * slope) >= abs(estimate - tau) * (1 - 1e-12)
        return float((1 + extreme.sum()) / (draws + 1))

    low, high = _invert(p_value, estimate, se, 1 - level)
    return Test("randomization", estimate, se, low, high, p_value(0.0), n_clusters, draws, False)


def identifying_units(
    frame: pd.DataFrame, units: list, key: str, moderator: str, period: list
) -> pd.DataFrame:
    """The units (``units`` columns, e.g. the client dyad) with rows where ``key`` (the interaction)
    is not 0, with counts: ``n_rows`` (the unit's rows in ``frame``), ``n_key_rows`` (rows with
    ``key`` != 0), ``n_identifying`` (those of them in a period (``period`` columns, e.g. patron-year)
    where ``moderator`` takes two or more values: the rows that compare units with and without it),
    ``first_year``, ``last_year`` (of the key rows). Sorted by the unit columns."""
    missing = [c for c in [*units, key, moderator, *period, "year"] if c not in frame.columns]
    if missing:
        raise InputError(f"identifying units: column '{missing[0]}' not in the data")
    varies = frame.groupby(period, sort=False)[moderator].transform("nunique") >= 2
    on = frame[key].to_numpy(dtype=float) != 0
    counts = frame.assign(
        n_rows=1, n_key_rows=on.astype(int), n_identifying=(on & varies.to_numpy()).astype(int)
    )
    table = counts.groupby(units, sort=True)[["n_rows", "n_key_rows", "n_identifying"]].sum()
    years = frame[on].groupby(units, sort=True)["year"].agg(first_year="min", last_year="max")
    table = table[table["n_key_rows"] > 0].join(years)
    return table.reset_index().astype({c: "int64" for c in [*units, "first_year", "last_year"]})


def _invert(p_value, estimate: float, scale: float, alpha: float) -> tuple[float, float]:
    """The ends of {b0: p(b0) >= alpha} around ``estimate``: step outward by doubling multiples of
    ``scale`` until p < alpha (else the side is unbounded), then bisect."""
    if p_value(estimate) < alpha:
        return np.nan, np.nan
    ends = []
    for sign in (-1.0, 1.0):
        inside, outside = estimate, None
        for doubling in range(SEARCH_DOUBLINGS + 1):
            trial = estimate + sign * scale * 2.0**doubling
            if p_value(trial) < alpha:
                outside = trial
                break
            inside = trial
        if outside is None:
            ends.append(sign * np.inf)
            continue
        for _ in range(BISECTIONS):
            middle = (inside + outside) / 2
            inside, outside = (middle, outside) if p_value(middle) >= alpha else (inside, middle)
        ends.append((inside + outside) / 2)
    return ends[0], ends[1]


def _cluster_sums(cluster: np.ndarray, n_clusters: int, matrix: np.ndarray) -> np.ndarray:
    out = np.zeros((n_clusters, matrix.shape[1]))
    np.add.at(out, cluster, matrix)
    return out


def _clusters(cluster: np.ndarray) -> int:
    n_clusters = int(cluster.max()) + 1
    if n_clusters < 2:
        raise InputError("few-cluster inference: at least 2 clusters needed, found 1")
    return n_clusters


def _positive(**values) -> None:
    for name, value in values.items():
        if not isinstance(value, int | np.integer) or isinstance(value, bool) or value < 1:
            raise InputError(f"few-cluster inference: '{name}' must be a positive integer, found {value!r}")


def primary_few_clusters(data: pd.DataFrame, params: dict, design: dict, settings: dict) -> tuple:
    """(tests, identifying units) of a hypothesis's primary specification (``params``: the models
    stage's spec parameters) on its analysis dataset: ``few_cluster_table`` clustered by
    ``design["cluster"]`` (a unit column of the entry) permuting ``design["assignment"]``, and
    ``identifying_units`` (the entry's units, the key term, its moderator, cluster-years), in the
    entry's column names."""
    units = list(params["units"])
    model = params["model"]
    label = f"{model.get('hypothesis', '?')}/{model.get('spec', '?')}"
    if design["cluster"] not in units:
        raise InputError(
            f"{label}: few_clusters.cluster '{design['cluster']}' is not one of the units {units}"
        )
    names = dict(zip(units, UNIT_COLUMNS[len(units)], strict=True))
    cluster, key = names[design["cluster"]], model["key_term"]
    frame = prepare(data, units, params["sample_years"])
    spec = _without_constant_controls(frame, estimator_levels(model, units))
    table, fitted = fit(frame, spec)
    tests = few_cluster_table(
        frame,
        spec,
        fitted,
        table,
        key=key,
        cluster=cluster,
        assignment=design["assignment"],
        settings=settings,
    )
    pair = next(p for p in spec["interactions"] if f"{p[0]}_x_{p[1]}" == key)
    moderator = next(c for c in pair if c != design["assignment"])
    rows = frame.iloc[fitted.rows].assign(
        **{key: frame.iloc[fitted.rows][list(pair)].astype(float).prod(axis=1)}
    )
    dyads = identifying_units(rows, list(names.values()), key, moderator, [cluster, "year"])
    back = {v: k for k, v in names.items()}
    return tests.assign(cluster=tests["cluster"].replace(back)), dyads.rename(columns=back)


INFERENCE_COLUMNS = [
    "hypothesis",
    "spec",
    "term",
    "method",
    "cluster",
    "estimate",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
    "n_obs",
    "n_clusters",
    "n_treated_clusters",
    "draws",
    "enumerated",
]


def few_cluster_table(
    frame: pd.DataFrame,
    spec: dict,
    fitted,
    table: pd.DataFrame,
    *,
    key: str,
    cluster: str,
    assignment: str,
    settings: dict,
    level: float = 0.95,
) -> pd.DataFrame:
    """The analytic test of ``fit`` (``table``'s ``key`` row) beside the analytic, wild bootstrap
    and randomization tests clustered by ``cluster`` (a column of ``frame``, e.g. ``ccode1``, the
    patron), on the fitted model's rows (``fitted.rows`` of ``frame``, the estimators' frame).

    ``key`` is the interaction ``assignment_x_moderator`` (or ``moderator_x_assignment``);
    ``assignment`` must be constant within each (cluster, year) and is permuted over each cluster's
    years; ``settings``: ``wild_max_enumerated``, ``wild_draws``, ``randomization_draws``, ``seed``
    (config block ``few_clusters``). The fit's fixed effects (entity and year, or ``<unit>:year``)
    must be nested in ``cluster``.
    """
    label = f"{spec.get('hypothesis', '?')}/{spec.get('spec', '?')}"
    pairs = {f"{a}_x_{b}": (a, b) for a, b in spec.get("interactions", [])}
    if key not in pairs or assignment not in pairs[key]:
        raise InputError(f"{label}: few-cluster key '{key}' is not an interaction with '{assignment}'")
    moderator = next(c for c in pairs[key] if c != assignment)
    rows = frame.iloc[fitted.rows].reset_index(drop=True)
    names = list(fitted.params.index)
    y = rows[spec["outcome"]].to_numpy(dtype=float)
    x = np.column_stack(
        [
            rows[pairs[n][0]].to_numpy(dtype=float) * rows[pairs[n][1]].to_numpy(dtype=float)
            if n in pairs
            else rows[n].to_numpy(dtype=float)
            for n in names
        ]
    )
    entity, period = _effects(rows, spec["fixed_effects"], label)
    clusters = np.unique(rows[cluster].to_numpy(), return_inverse=True)[1]
    for effect, codes in (("entity", entity), ("period", period)):
        if codes is not None and len(np.unique(codes * (clusters.max() + 1) + clusters)) != codes.max() + 1:
            raise InputError(f"{label}: the {effect} effects are not nested in the clusters '{cluster}'")
    within = _within(np.column_stack([y, x]), entity, period)
    yw, xw, k = within[:, 0], within[:, 1:], names.index(key)
    if not np.isclose(np.linalg.lstsq(xw, yw, rcond=None)[0][k], fitted.params[key], rtol=1e-8, atol=1e-12):
        raise InputError(f"{label}: the few-cluster design does not reproduce the fitted '{key}'")
    n_clusters = int(clusters.max()) + 1
    weights, enumerated = webb_weights(
        n_clusters, settings["wild_max_enumerated"], settings["wild_draws"], settings["seed"]
    )
    # Assignment by (cluster, year): permuted over each cluster's years.
    cells = rows[[cluster, "year"]].drop_duplicates().sort_values([cluster, "year"]).reset_index(drop=True)
    values = rows.groupby([cluster, "year"], sort=True)[assignment].agg(["min", "max"])
    if (values["min"] != values["max"]).any():
        raise InputError(
            f"{label}: '{assignment}' varies within a ({cluster}, year): cannot permute its years"
        )
    cell = rows[[cluster, "year"]].merge(cells.reset_index(), on=[cluster, "year"], how="left")["index"]
    drawn = permute_within(
        values["min"].to_numpy(dtype=float),
        cells[cluster].to_numpy(),
        settings["randomization_draws"],
        settings["seed"],
    )
    permuted = drawn[:, cell.to_numpy()].T * rows[moderator].to_numpy(dtype=float)[:, None]
    permuted = _within(permuted, entity, period)
    treated = int(rows.loc[x[:, k] != 0, cluster].nunique())
    row = table.loc[table["term"] == key].iloc[0]
    analytic = Test(
        "analytic",
        float(row["estimate"]),
        float(row["std_error"]),
        float(row["ci_low"]),
        float(row["ci_high"]),
        float(row["p_value"]),
        int(row["n_clusters"]),
    )
    tests = [
        (spec["cluster"], analytic),
        (cluster, analytic_test(yw, xw, k, clusters, level)),
        (cluster, wild_bootstrap(yw, xw, k, clusters, level, weights, enumerated)),
        (cluster, randomization_test(yw, xw, k, permuted, n_clusters, level)),
    ]
    out = pd.DataFrame(
        {
            "hypothesis": spec.get("hypothesis", ""),
            "spec": spec.get("spec", ""),
            "term": key,
            "method": [test.method for _, test in tests],
            "cluster": [level_name for level_name, _ in tests],
            "estimate": [test.estimate for _, test in tests],
            "std_error": [test.std_error for _, test in tests],
            "ci_low": [test.ci_low for _, test in tests],
            "ci_high": [test.ci_high for _, test in tests],
            "p_value": [test.p_value for _, test in tests],
            "n_obs": len(rows),
            "n_clusters": [test.n_clusters for _, test in tests],
            "n_treated_clusters": treated,
            "draws": pd.array([test.draws for _, test in tests], dtype="Int64"),
            "enumerated": [test.enumerated for _, test in tests],
        }
    )
    return out[INFERENCE_COLUMNS]


def _effects(rows: pd.DataFrame, levels: list, label: str) -> tuple:
    """(entity codes or None, period codes or None) of the estimators' fixed-effect levels (ids as
    ``models.estimators`` builds them; the period: ``year`` or ``<unit>:year``)."""
    entity = period = None
    for level in levels:
        if level not in LEVELS:
            raise InputError(f"{label}: fixed effect '{level}' not one of {', '.join(LEVELS)}")
        values = {column: rows[column].to_numpy() for column in dict.fromkeys([*LEVELS[level], "year"])}
        codes = np.unique(_level_ids(values, level), return_inverse=True)[1]
        if level in PERIOD_LEVELS:
            period = codes
        else:
            entity = codes
    return entity, period
