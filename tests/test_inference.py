"""models.inference on simulated data with a known effect and with none: the curve test's size and
power, the analytic and simulated MDEs against simulated power, and Holm's adjustment by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy import optimize, stats

from alliance_bargaining.models.estimators import fit
from alliance_bargaining.models.inference import curve_test, holm, mde_analytic, mde_simulated

G, T = 40, 8  # states (the clusters) x years
N_STATES, YEARS, SIGMA = 100, 8, 1.5  # the simulated MDE's clustered logit data


def _panel(rng, effect=0.0, g=G, t=T):
    """State-years with a regressor x correlated within state, two controls and two outcomes whose
    errors share a state component (so that clustering matters)."""
    ccode = np.repeat(np.arange(1, g + 1), t)
    year = np.tile(np.arange(2000, 2000 + t), g)
    state = rng.normal(size=g)[ccode - 1]
    x = 0.7 * rng.normal(size=g)[ccode - 1] + rng.normal(size=g * t)
    c1, c2 = rng.normal(size=g * t), rng.normal(size=g * t) + 0.3 * x
    y1 = effect * x + 0.5 * c1 + state + rng.normal(size=g * t)
    y2 = y1 + 0.5 * rng.normal(size=g * t)
    return pd.DataFrame({"ccode": ccode, "year": year, "x": x, "c1": c1, "c2": c2, "y1": y1, "y2": y2})


SPECS = [
    ("s1", "y1", []),
    ("s2", "y1", ["c1"]),
    ("s3", "y1", ["c1", "c2"]),
    ("s4", "y2", ["c1"]),
]


def _ols_influence(data, outcome, controls):
    """psi_g = sum over g's rows of [(X'X)^-1 x_i u_i]_x, by hand (contract item 2, no effects)."""
    design = np.column_stack([data[["x", *controls]].to_numpy(), np.ones(len(data))])
    bread = np.linalg.inv(design.T @ design)
    residual = data[outcome].to_numpy() - design @ (bread @ design.T @ data[outcome].to_numpy())
    contribution = (design @ bread[:, 0]) * residual
    return pd.Series(contribution).groupby(data["ccode"].to_numpy()).sum()


def _fit_curve(data):
    tables, influence = [], []
    for name, outcome, controls in SPECS:
        spec = {
            "hypothesis": "H",
            "spec": name,
            "estimator": "ols_fe",
            "outcome": outcome,
            "regressors": ["x"],
            "controls": controls,
            "cluster": "state",
        }
        table, _ = fit(data, spec)
        tables.append(table)
        psi = _ols_influence(data, outcome, controls)
        influence.append(
            pd.DataFrame({"spec": name, "term": "x", "unit": psi.index, "influence": psi.to_numpy()})
        )
    choices = pd.DataFrame(
        {
            "hypothesis": "H",
            "spec": [s[0] for s in SPECS],
            "key_term": "x",
            "expected_sign": "+",
            "descriptive": False,
            "uses_future": False,
        }
    )
    return pd.concat(tables, ignore_index=True), pd.concat(influence, ignore_index=True), choices


def test_hand_influence_reproduces_the_clustered_standard_error():
    data = _panel(np.random.default_rng(1))
    estimates, influence, _ = _fit_curve(data)
    n, g = len(data), data["ccode"].nunique()
    for name, _, controls in SPECS:
        psi = influence.loc[influence["spec"] == name, "influence"].to_numpy()
        k = len(controls) + 2
        se = estimates.loc[(estimates["spec"] == name) & (estimates["term"] == "x"), "std_error"].iloc[0]
        assert np.sqrt(g / (g - 1) * (n - 1) / (n - k) * (psi**2).sum()) == pytest.approx(se, rel=1e-8)


def _rejection_rate(effect, datasets, seed):
    rng = np.random.default_rng(seed)
    rejected = np.zeros((datasets, 2), bool)
    for d in range(datasets):
        estimates, influence, choices = _fit_curve(_panel(rng, effect))
        result = curve_test(estimates, influence, choices, draws=199, seed=d).iloc[0]
        rejected[d] = result["curve_p"] < 0.05, result["curve_p_median"] < 0.05
    return rejected.mean(axis=0)


def test_curve_test_size_under_no_effect_and_power_with_one():
    datasets = 300
    size = _rejection_rate(0.0, datasets, seed=12)
    low, high = stats.binom.interval(0.99, datasets, 0.05)
    for rate in size:  # share and median statistics
        assert low / datasets <= rate <= high / datasets, size
    power = _rejection_rate(0.3, 100, seed=13)
    assert (power > 0.8).all(), power


def _curve_inputs():
    estimates = pd.DataFrame(
        {
            "hypothesis": "H",
            "spec": ["a", "b", "b", "c", "d"],
            "estimator": ["ols_fe", "logit", "logit", "clogit", "ols_fe"],
            "term": ["k", "k", "ame:k", "k", "k"],
            "estimate": [0.3, 1.2, 0.02, 0.9, 0.5],
            "std_error": [0.1, 0.4, 0.01, 0.5, 0.1],
            "ci_low": np.nan,
            "ci_high": [0.3 + 0.196, 1.2 + 0.784, 0.02 + 0.0196, 0.9 + 0.98, 0.5 + 0.196],
        }
    )
    influence = pd.DataFrame(
        {
            "spec": ["a", "a", "b", "b", "c", "c", "d", "d"],
            "term": ["k", "k", "ame:k", "ame:k", "k", "k", "k", "k"],
            "unit": [1, 2] * 4,
            "influence": [0.1, 0.1, 0.01, 0.01, 0.35, 0.35, 0.1, 0.1],
        }
    )
    choices = pd.DataFrame(
        {
            "hypothesis": "H",
            "spec": list("abcd"),
            "key_term": "k",
            "expected_sign": "+",
            "descriptive": False,
            "uses_future": [False, False, False, True],
        }
    )
    return estimates, influence, choices


def test_curve_test_statistics_by_hand():
    # Test specs a, b (its ame: row), c; d uses the future. Significant in the expected direction:
    # a (t = 3), b (t = 2); c (t = 1.8) not: share 2/3. Median on the probability scale over a and
    # b: 0.16. Two units with equal influence, so a draw is 2 psi (both weights +1, probability
    # 1/4), 0 or -2 psi: t* = 2 for a and b (significant), 1.4 for c, so the null share is 2/3 with
    # probability 1/4 (p about 0.25), and the null median at most (0.2 + 0.02) / 2 < 0.16.
    result = curve_test(*_curve_inputs(), draws=999, seed=3).iloc[0]
    assert result["n_specs"] == 3 and result["n_specs_median"] == 2
    assert result["share_significant"] == pytest.approx(2 / 3)
    assert result["median_estimate"] == pytest.approx(0.16)
    assert result["curve_p"] == pytest.approx(0.25, abs=0.05)
    assert result["curve_p_median"] == pytest.approx(1 / 1000)


def test_mde_analytic_gives_80_percent_power_on_a_clustered_design():
    rng = np.random.default_rng(5)
    base = _panel(rng, g=30, t=10)
    spec = {
        "hypothesis": "H",
        "spec": "s",
        "estimator": "ols_fe",
        "outcome": "y",
        "regressors": ["x"],
        "controls": ["c1"],
        "cluster": "state",
    }

    def noise():  # a state component and a row component
        return rng.normal(size=31)[base["ccode"].to_numpy()] + rng.normal(size=len(base))

    pilot = [
        fit(base.assign(y=0.5 * base["c1"] + noise()), spec)[0].set_index("term").loc["x"] for _ in range(200)
    ]
    se = np.sqrt(np.mean([row["std_error"] ** 2 for row in pilot]))
    mde = float(mde_analytic(se, base["ccode"].nunique() - 1))
    assert mde == pytest.approx((stats.t.ppf(0.975, 29) + stats.t.ppf(0.8, 29)) * se)
    rows = [
        fit(base.assign(y=mde * base["x"] + 0.5 * base["c1"] + noise()), spec)[0].set_index("term").loc["x"]
        for _ in range(600)
    ]
    power = np.mean([r["p_value"] < 0.05 and r["estimate"] > 0 for r in rows])
    assert abs(power - 0.8) <= 0.05, power


def test_mde_analytic_normal_without_df():
    assert mde_analytic([1.0, 2.0]) == pytest.approx(np.array([2.8016, 5.6032]), abs=1e-4)
    assert mde_analytic([1.0, 1.0], [np.nan, 10])[1] == pytest.approx(
        stats.t.ppf(0.975, 10) + stats.t.ppf(0.8, 10)
    )


def _clustered_logit(rng, n_states, years, beta, sigma=SIGMA):
    """State-years: a 0/1 regressor x, mostly constant within state, and an outcome with a strong
    state random intercept u ~ N(0, sigma^2): P(y = 1) = expit(-1 + u + beta x). u is independent
    of x, so the fitted (marginal) logit of y on x is saturated: its slope is ``_marginal(beta)``."""
    state = np.repeat(np.arange(1, n_states + 1), years)
    x = (rng.normal(size=n_states)[state - 1] + 0.5 * rng.normal(size=len(state)) > 0.5).astype(float)
    u = sigma * rng.normal(size=n_states)[state - 1]
    y = (rng.random(len(state)) < 1 / (1 + np.exp(1 - u - beta * x))).astype(float)
    return pd.DataFrame(
        {"ccode": state, "year": np.tile(np.arange(1980, 1980 + years), n_states), "x": x, "y": y}
    )


def _marginal(beta, sigma=SIGMA):
    """Population-averaged log-odds ratio of x when the conditional one is beta (Gauss-Hermite)."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(60)
    weights = weights / weights.sum()

    def mean_logit(b):
        p = weights @ (1 / (1 + np.exp(1 - sigma * nodes - b)))
        return np.log(p / (1 - p))

    return mean_logit(beta) - mean_logit(0.0)


def test_mde_simulated_logit_has_80_percent_power_under_clustered_outcomes():
    """The MDE from one dataset's pairs cluster bootstrap, checked by fitting 400 new datasets from
    the data-generating process whose marginal slope is that MDE: power 0.80 within 0.08 (its
    Monte Carlo SE is 0.02; the rest is the MDE's own sampling error from one dataset of 100
    clusters). Independent draws given the covariates gave an MDE with power far below 0.8 here."""
    spec = {
        "hypothesis": "H",
        "spec": "s",
        "estimator": "logit",
        "outcome": "y",
        "regressors": ["x"],
        "cluster": "state",
        "fixed_effects": [],
    }
    data = _clustered_logit(np.random.default_rng(8), N_STATES, YEARS, beta=0.0)
    result = mde_simulated(data, spec, "x", "+", draws=150, seed=1)
    assert result["failed"] == 0 and not result["beyond_grid"]
    assert abs(result["se_refits"] / result["se"] - 1) < 0.2, result  # the refits keep the clustering
    beta = optimize.brentq(lambda b: _marginal(b) - result["mde"], 0.0, 10.0)
    check = np.random.default_rng(99)
    hits = []
    for _ in range(400):
        row = fit(_clustered_logit(check, N_STATES, YEARS, beta), spec)[0].set_index("term").loc["x"]
        hits.append(row["p_value"] < 0.05 and row["estimate"] > 0)
    assert abs(np.mean(hits) - 0.8) <= 0.08, (result, np.mean(hits))


def test_holm_by_hand():
    # sorted 0.01, 0.02, 0.04, 0.30 -> 4 x 0.01, 3 x 0.02, max(., 2 x 0.04), max(., 1 x 0.30)
    adjusted = holm([0.04, 0.01, np.nan, 0.30, 0.02])
    assert adjusted[[1, 4, 0, 3]] == pytest.approx([0.04, 0.06, 0.08, 0.30])
    assert np.isnan(adjusted[2])
    assert holm([0.5, 0.6]) == pytest.approx([1.0, 1.0])
