"""Inference beyond one specification (design section 7, "Inference"): power, the specification-curve
test and Holm's adjustment.

- ``mde_analytic``: the minimum detectable effect at 80% power and 5% two-sided size of an estimate
  with standard error ``se``, (t_{.975,df} + t_{.80,df}) x se (Bloom 1995; standard normal when
  ``df`` is missing: a logit or clogit row).
- ``mde_simulated``: the same for a logit on its actual design, by a pairs cluster bootstrap of the
  real data with the effect added to the real outcomes, so the draws keep the outcomes' dependence
  within clusters (independent Bernoulli draws from the fitted probabilities do not: their refits'
  standard errors fall far below the clustered one). Each draw resamples the spec's clusters with
  replacement (a cluster drawn twice enters as two clusters); to move each row's probability from
  the fitted p_i = expit(eta_hat_i) to expit(eta_hat_i + delta x_i), a 0 becomes 1 with probability
  (expit(eta_hat_i + delta x_i) - p_i) / (1 - p_i) where that is positive, a 1 becomes 0 with
  probability (p_i - expit(eta_hat_i + delta x_i)) / p_i where delta x_i < 0. Refitted with
  ``models.estimators.fit`` and its clustered standard error; as the real outcomes carry b_hat,
  the null is b_hat: a draw rejects when |b* - b_hat| / SE* > z_.975 with b* - b_hat in the
  expected direction; power = share of rejecting draws (the same resamples and uniforms for every
  delta) on a fixed grid of deltas (``POWER_GRID`` x 2.8 standard errors, extended by
  ``GRID_EXTENSION`` when power at its top is below 0.8); the MDE interpolates the power curve at
  0.8 (missing, "> grid", when even the extended grid does not reach it).
- ``curve_test``: Simonsohn, Simmons and Nelson (2020): share of a curve's test specifications
  significant in the expected direction and their median estimate, each against its distribution
  under the null, drawn by a multiplier (Rademacher) bootstrap of the specifications' first-order
  influence: estimate*_kb = sum_g w_gb psi_gk, with one weight per resampling unit and draw shared
  by every specification, so the draws keep the specifications' dependence; centring at zero
  imposes the null. All draws of a hypothesis are one matrix product (specs x units) @ (units x B).
- ``holm``: Holm's (1979) step-down adjusted p-values.
"""

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

from alliance_bargaining.models import estimators

SIZE, POWER = 0.05, 0.80
POWER_GRID = (0.5, 0.75, 1.0, 1.25, 1.5)  # multiples of 2.8 standard errors (the normal MDE)
GRID_EXTENSION = (2.0, 3.0)  # added when power at the top of the grid is below 0.8
NORMAL_MDE = stats.norm.ppf(1 - SIZE / 2) + stats.norm.ppf(POWER)  # 2.80
CURVE_COLUMNS = [
    "hypothesis",
    "n_specs",
    "n_specs_median",
    "share_significant",
    "curve_p",
    "median_estimate",
    "curve_p_median",
    "draws",
]
POWER_COLUMNS = ["hypothesis", "spec", "estimator", "term", "mde", "method", "draws"]
SIMULATED = "simulated (pairs cluster bootstrap)"  # power_table's method of a logit row
LINEAR_SCALE = ("lpm_fe", "ols_fe", "event_study")  # estimates on the probability or outcome scale


def mde_analytic(se, df=None):
    """(t_{.975,df} + t_{.80,df}) x se; the normal quantiles where ``df`` is None or missing."""
    se = np.asarray(se, dtype=float)
    df = np.broadcast_to(np.asarray(np.nan if df is None else df, dtype=float), se.shape)
    normal = ~np.isfinite(df)
    safe = np.where(normal, 1.0, df)
    factor = np.where(normal, NORMAL_MDE, stats.t.ppf(1 - SIZE / 2, safe) + stats.t.ppf(POWER, safe))
    return factor * se


def mde_simulated(
    data: pd.DataFrame,
    spec: dict,
    key_term: str,
    expected_sign: str,
    draws: int,
    seed: int,
    grid=POWER_GRID,
) -> dict:
    """Simulated MDE of a logit's ``key_term`` by a pairs cluster bootstrap with the effect added
    to the real outcomes (module doc): {"mde", "deltas", "power", "failed", "beyond_grid", "se"
    (the fit's), "se_refits" (the refits' median standard error)}.

    ``data`` and ``spec`` are those given to ``estimators.fit``; the spec has one cluster level.
    deltas (in the expected direction; positive for expected sign "0", tested two-sided) are
    ``grid`` x 2.8 x the fit's standard error, extended by ``GRID_EXTENSION`` when power at the
    top is below 0.8. Every delta uses the same ``draws`` resamples and uniforms. A refit the
    data cannot identify (separation) counts as no rejection (``failed`` counts them). The MDE
    interpolates power linearly between the grid points (and 0, where power is the size) after
    making it non-decreasing; NaN with ``beyond_grid`` when the largest delta has power < 0.8.
    """
    if spec["estimator"] != "logit":
        raise ValueError(f"simulated MDE is for logit specifications, not {spec['estimator']}")
    if "+" in spec["cluster"]:
        raise ValueError(f"simulated MDE resamples one cluster level, not '{spec['cluster']}'")
    table, fitted = estimators.fit(data, spec)
    sample, _ = estimators._sample(data, fitted.spec)
    exog, names = estimators._logit_design(sample, fitted.spec)
    x = exog[:, names.index(key_term)]
    eta = exog @ fitted.params[names].to_numpy()
    estimate, se = table.loc[table["term"] == key_term, ["estimate", "std_error"]].iloc[0]
    direction = -1.0 if expected_sign == "-" else 1.0
    frame = data.iloc[fitted.rows].reset_index(drop=True)
    key = list(estimators._key(frame))
    codes = np.unique(sample.unit, return_inverse=True)[1]
    order = np.argsort(codes, kind="stable")
    starts = np.searchsorted(codes[order], np.arange(codes.max() + 2))
    refit_spec = {k: v for k, v in spec.items() if k not in ("resample", "key_term")}  # no influence, no AME
    n_clusters = len(starts) - 1

    def resample(draw):
        """Draw ``draw``'s rows, each row's copy number (its new cluster) and one uniform per row:
        from its own seed, so that every delta uses the same resample and uniforms."""
        rng = np.random.default_rng([seed, draw])
        pick = rng.integers(0, n_clusters, size=n_clusters)
        sizes = starts[pick + 1] - starts[pick]
        offsets = np.arange(sizes.sum()) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        rows = order[np.repeat(starts[pick], sizes) + offsets]
        return rows, np.repeat(np.arange(n_clusters), sizes), rng.random(len(rows))

    critical = stats.norm.ppf(1 - SIZE / 2)
    p = expit(eta)

    def power_at(deltas):
        target = expit(eta[None, :] + deltas[:, None] * x[None, :])  # deltas x rows
        up = np.where(target > p, (target - p) / (1 - p), 0.0)  # P(0 -> 1)
        down = np.where(target < p, (p - target) / p, 0.0)  # P(1 -> 0)
        flip = np.where(sample.y[None, :] == 1, down, up)
        rejected, failed, ses = np.zeros(len(deltas)), 0, []
        for draw in range(draws):
            rows, copy, uniform = resample(draw)
            resampled = frame.iloc[rows].reset_index(drop=True)
            resampled[key] = resampled[key].to_numpy(dtype=np.int64) + 1000 * copy[:, None]  # new cluster ids
            outcomes = np.where(uniform[None, :] < flip[:, rows], 1 - sample.y[rows], sample.y[rows])
            for j, y in enumerate(outcomes):
                try:
                    refit, _ = estimators.fit(resampled.assign(**{spec["outcome"]: y}), refit_spec)
                except estimators.EstimationError:
                    failed += 1
                    continue
                row = refit.loc[refit["term"] == key_term].iloc[0]
                ses.append(row["std_error"])
                z = (row["estimate"] - estimate) / row["std_error"]
                same_way = expected_sign == "0" or np.sign(z) == direction
                rejected[j] += bool(abs(z) > critical and same_way)
        return rejected / draws, failed, ses

    deltas = direction * np.asarray(grid, dtype=float) * NORMAL_MDE * se
    power, failed, ses = power_at(deltas)
    if power.max() < POWER:
        more = direction * np.asarray(GRID_EXTENSION, dtype=float) * NORMAL_MDE * se
        extra, extra_failed, extra_ses = power_at(more)
        deltas, power = np.concatenate([deltas, more]), np.concatenate([power, extra])
        failed, ses = failed + extra_failed, ses + extra_ses
    curve = np.maximum.accumulate(np.concatenate([[SIZE / (1 if expected_sign == "0" else 2)], power]))
    magnitudes = np.concatenate([[0.0], np.abs(deltas)])
    beyond = bool(curve[-1] < POWER)
    return {
        "mde": float("nan") if beyond else float(np.interp(POWER, curve, magnitudes)),
        "deltas": deltas,
        "power": power,
        "failed": failed,
        "beyond_grid": beyond,
        "se": float(se),
        "se_refits": float(np.median(ses)) if ses else float("nan"),
    }


def curve_test(
    estimates: pd.DataFrame, influence: pd.DataFrame, choices: pd.DataFrame, draws: int, seed: int
) -> pd.DataFrame:
    """Specification-curve test of each hypothesis over its test specs (``CURVE_COLUMNS``, one row each).

    ``estimates``: RESULT_COLUMNS rows; ``influence``: ``spec, term, unit, influence`` of the
    hypothesis (several hypotheses need a ``hypothesis`` column); ``choices``: ``hypothesis,
    spec, key_term, expected_sign, descriptive, uses_future``. A spec's curve term is its
    ``ame:<key_term>`` row where the fit has one (logit), else its key term. Test specs: neither
    descriptive nor uses_future, with a curve-term estimate and influence. Statistics: the share
    of test specs with p < .05 and the estimate in the expected direction (either for "0"), and
    the median estimate times the expected sign (its absolute value for "0") over the test specs
    on the probability or outcome scale (linear models and ``ame:`` rows: not clogit, nor a logit
    without its ``ame:`` row). Draw b: estimate*_kb = sum_g w_gb psi_gk
    (Rademacher w, ``draws`` columns from ``seed``), significant when |estimate*_kb / se_k|
    exceeds the spec's own critical value (ci_high - estimate) / se. p = (1 + #{stat_b >=
    stat}) / (draws + 1).
    """
    if "hypothesis" not in influence.columns:
        hypotheses = estimates["hypothesis"].drop_duplicates()
        if len(hypotheses) != 1:
            raise ValueError("influence without a hypothesis column, estimates of several hypotheses")
        influence = influence.assign(hypothesis=hypotheses.iloc[0])
    rng = np.random.default_rng(seed)
    rows = []
    for hypothesis, mine in choices.groupby("hypothesis", sort=False):
        tests = mine[~mine["descriptive"].astype(bool) & ~mine["uses_future"].astype(bool)]
        rows.append(
            {"hypothesis": hypothesis, "draws": draws}
            | _curve_statistics(
                _curve_rows(estimates, tests, hypothesis),
                influence[influence["hypothesis"] == hypothesis],
                mine["expected_sign"].iloc[0],
                draws,
                rng,
            )
        )
    return pd.DataFrame(rows, columns=CURVE_COLUMNS).astype(
        {"n_specs": "int64", "n_specs_median": "int64", "draws": "int64"}
    )


def _curve_rows(estimates: pd.DataFrame, tests: pd.DataFrame, hypothesis: str) -> pd.DataFrame:
    """Each test spec's curve-term row: ``ame:<key>`` where present, else the key term."""
    mine = estimates[estimates["hypothesis"] == hypothesis].merge(tests[["spec", "key_term"]], on="spec")
    ame = mine[mine["term"] == "ame:" + mine["key_term"]]
    key = mine[(mine["term"] == mine["key_term"]) & ~mine["spec"].isin(ame["spec"])]
    rows = pd.concat([ame, key]).dropna(subset=["estimate", "std_error"])
    return rows.sort_values("spec").reset_index(drop=True)


def _curve_statistics(rows, influence, expected_sign, draws, rng) -> dict:
    psi = influence.pivot_table(index=["spec", "term"], columns="unit", values="influence", fill_value=0.0)
    rows = rows[pd.MultiIndex.from_frame(rows[["spec", "term"]]).isin(psi.index)].reset_index(drop=True)
    n = len(rows)
    if n == 0:
        return {"n_specs": 0, "n_specs_median": 0}
    weights = rng.choice(np.array([-1.0, 1.0]), size=(psi.shape[1], draws))  # units x draws
    psi = psi.loc[list(zip(rows["spec"], rows["term"], strict=True))].to_numpy()
    se = rows["std_error"].to_numpy()[:, None]
    critical = ((rows["ci_high"] - rows["estimate"]) / rows["std_error"]).to_numpy()[:, None]
    sign = {"+": 1.0, "-": -1.0, "0": 0.0}[expected_sign]
    starred = psi @ weights  # specs x draws, the null imposed by centring at zero
    observed = rows["estimate"].to_numpy()[:, None]

    def share(values):
        t = values / se
        hit = np.abs(t) > critical if sign == 0 else sign * t > critical
        return hit.mean(axis=0)

    on_scale = (rows["estimator"].isin(LINEAR_SCALE) | rows["term"].str.startswith("ame:")).to_numpy()
    out = {"n_specs": n, "n_specs_median": int(on_scale.sum())}
    share_obs = share(observed)[0]
    out |= {"share_significant": share_obs, "curve_p": _p_value(share(starred), share_obs)}
    if on_scale.any():

        def median(values):
            middle = np.median(values[on_scale], axis=0)
            return np.abs(middle) if sign == 0 else sign * middle

        median_obs = median(observed)[0]
        out |= {"median_estimate": median_obs, "curve_p_median": _p_value(median(starred), median_obs)}
    return out


def _p_value(null: np.ndarray, observed: float) -> float:
    return (1 + np.sum(null >= observed - 1e-12)) / (len(null) + 1)


def holm(p) -> np.ndarray:
    """Holm (1979) adjusted p-values, in the input's order; missing p-values stay missing and do
    not count in the family."""
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    known = np.flatnonzero(~np.isnan(p))
    order = known[np.argsort(p[known], kind="stable")]
    m = len(order)
    adjusted = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out[order] = np.minimum(adjusted, 1.0)
    return out


def power_table(estimates: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``POWER_COLUMNS`` for the key term of each of ``rows`` (``hypothesis, spec, key_term``):
    analytic MDEs for linear models (t with G - 1 degrees of freedom) and clogit (normal,
    "analytic (normal)"); logit rows get method "simulated (pairs cluster bootstrap)" and a
    missing MDE, filled by ``mde_simulated``. Counted (not estimated) fits have no row."""
    keyed = estimates.merge(rows[["hypothesis", "spec", "key_term"]], on=["hypothesis", "spec"])
    keyed = keyed[(keyed["term"] == keyed["key_term"]) & keyed["std_error"].notna()].reset_index(drop=True)
    linear = keyed["estimator"].isin(LINEAR_SCALE).to_numpy()
    df = np.where(linear, keyed["n_clusters"].to_numpy(dtype=float) - 1, np.nan)
    mde = mde_analytic(keyed["std_error"].to_numpy(dtype=float), df)
    method = np.select(
        [linear, keyed["estimator"].eq("clogit")],
        ["analytic (t, G - 1 df)", "analytic (normal)"],
        SIMULATED,
    )
    out = keyed.assign(mde=np.where(method == SIMULATED, np.nan, mde), method=method, draws=0)
    return out[POWER_COLUMNS].astype({"draws": "int64"})
