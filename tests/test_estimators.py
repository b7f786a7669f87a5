"""Estimators of design section 4: on simulated panels (recovery, clustered covariance computed by
hand, marginal effects) and on H4's real dyad-years against statsmodels and linearmodels."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from linearmodels import PanelOLS
from scipy.special import expit
from statsmodels.discrete.conditional_models import ConditionalLogit

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.analysis import estimator_levels, prepare
from alliance_bargaining.models.estimators import (
    EFFECT_COLUMNS,
    RESULT_COLUMNS,
    EstimationError,
    fit,
    marginal_effects,
)
from alliance_bargaining.models.specs import project_grid
from alliance_bargaining.panel.peace_years import peace_year_splines

from .conftest import ROOT

SEEDS = [0, 1, 2, 3, 4]
TERMS = ["x", "w", "x_x_w"]
# True coefficients of x, w and x*w in each simulated outcome.
TRUE = {
    "y": [0.5, -0.3, 0.4],  # continuous, dyad and year effects, AR(1) errors within dyads
    "y_lpm": [0.1, -0.1, 0.1],  # 0/1 with a linear probability, dyad and year effects
    "y_logit": [0.5, -0.3, 0.4],  # 0/1 with a logistic probability, year effects
}


def spec_for(estimator, outcome, **changes):
    spec = {
        "hypothesis": "H2",
        "spec": "sim",
        "estimator": estimator,
        "outcome": outcome,
        "regressors": ["x", "w"],
        "interactions": [["x", "w"]],
        "controls": [],
        "fixed_effects": ["year"] if estimator == "logit" else ["dyad", "year"],
        "cluster": "dyad",
        "peace_splines": [],
    }
    return spec | changes


def simulate(seed, dyads=300, years=20):
    """Directed dyad-years with dyad and year effects; x correlated with the dyad effect."""
    rng = np.random.default_rng(seed)
    n = dyads * years
    dyad = np.repeat(np.arange(dyads), years)
    period = np.tile(np.arange(years), dyads)
    alpha = rng.uniform(-1, 1, dyads)[dyad]
    gamma = rng.uniform(-1, 1, years)[period]
    x = rng.uniform(size=n) + 0.5 * (alpha > 0)
    w = rng.uniform(size=n)
    shocks = rng.normal(size=(dyads, years))
    for t in range(1, years):
        shocks[:, t] += 0.5 * shocks[:, t - 1]

    def index(coefs):
        return coefs[0] * x + coefs[1] * w + coefs[2] * x * w

    p_lpm = 0.35 + index(TRUE["y_lpm"]) + 0.08 * alpha + 0.05 * gamma
    p_logit = expit(-1 + index(TRUE["y_logit"]) + 0.5 * gamma)
    return pd.DataFrame(
        {
            "ccode1": 100 + dyad // 100,
            "ccode2": 200 + dyad % 100,
            "year": 1980 + period,
            "x": x,
            "w": w,
            "y": index(TRUE["y"]) + alpha + gamma + shocks.ravel(),
            "y_lpm": (rng.random(n) < p_lpm).astype(int),
            "y_logit": (rng.random(n) < p_logit).astype(int),
        }
    )


@pytest.mark.parametrize(
    ("estimator", "outcome"), [("ols_fe", "y"), ("lpm_fe", "y_lpm"), ("logit", "y_logit")]
)
def test_recovers_true_coefficients(estimator, outcome):
    covered = np.zeros(len(TERMS), int)
    for seed in SEEDS:
        table, _ = fit(simulate(seed), spec_for(estimator, outcome))
        rows = table.set_index("term").loc[TERMS]
        covered += (rows["ci_low"] <= TRUE[outcome]) & (TRUE[outcome] <= rows["ci_high"])
    assert (covered >= 4).all(), dict(zip(TERMS, covered, strict=True))


def small_panel(seed=7, dyads=30, years=10):
    """Unbalanced dyad-years, each dyad in 3 to 8 of 10 years (no singletons)."""
    rng = np.random.default_rng(seed)
    parts = []
    for d in range(dyads):
        chosen = np.sort(rng.choice(years, size=rng.integers(3, 9), replace=False))
        parts.append(pd.DataFrame({"ccode1": 2, "ccode2": 10 + d, "year": 2000 + chosen}))
    frame = pd.concat(parts, ignore_index=True)
    n = len(frame)
    effect = rng.normal(size=dyads)[frame["ccode2"] - 10]
    x, w = rng.normal(size=n) + effect, rng.uniform(size=n)
    shocks = rng.normal(size=n) * (1 + np.abs(x)) + rng.normal(size=dyads)[frame["ccode2"] - 10]
    y = 0.5 * x + 0.2 * w - 0.3 * x * w + effect + 0.1 * (frame["year"] - 2000) + shocks
    y_bin = (rng.random(n) < expit(-0.5 + 0.8 * x - 0.5 * w + 0.2 * (frame["year"] - 2000) / 10)).astype(int)
    return frame.assign(x=x, w=w, y=y, y_bin=y_bin)


def cluster_sums(scores, groups):
    """sum_g s_g s_g' with s_g the sum of the rows of ``scores`` in cluster g."""
    sums = pd.DataFrame(scores).groupby(np.asarray(groups)).sum().to_numpy()
    return sums.T @ sums


def test_clustered_covariance_of_two_way_fe_matches_hand_computation():
    frame = small_panel()
    table, _ = fit(frame, spec_for("ols_fe", "y"))
    assert table["n_obs"].iloc[0] == len(frame)
    # Least squares with dummy variables for dyads and years (first year omitted).
    dyads = pd.get_dummies(frame["ccode2"]).to_numpy(float)
    years = pd.get_dummies(frame["year"]).to_numpy(float)[:, 1:]
    regressors = np.column_stack([frame["x"], frame["w"], frame["x"] * frame["w"]])
    design = np.column_stack([regressors, dyads, years])
    beta = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)[0]
    residual = frame["y"].to_numpy() - design @ beta
    bread = np.linalg.inv(design.T @ design)
    sandwich = bread @ cluster_sums(design * residual[:, None], frame["ccode2"]) @ bread
    # CR1: G/(G-1) * (N-1)/(N-K), K = the 3 regressors; effects nested in the clusters not counted.
    n, g, k = len(frame), frame["ccode2"].nunique(), 3
    std_error = np.sqrt(np.diag(sandwich)[:k] * g / (g - 1) * (n - 1) / (n - k))
    np.testing.assert_allclose(table["estimate"], beta[:k], rtol=1e-8)
    np.testing.assert_allclose(table["std_error"], std_error, rtol=1e-8)


def test_clustered_covariance_of_logit_matches_hand_computation():
    frame = small_panel()
    table, fitted = fit(frame, spec_for("logit", "y_bin"))
    years = pd.get_dummies(frame["year"], prefix="year", prefix_sep="_").iloc[:, 1:]
    exog = pd.concat([frame[["x", "w"]].assign(x_x_w=frame["x"] * frame["w"], const=1.0), years], axis=1)
    exog = exog.to_numpy(float)
    params = fitted.params[[*TERMS, "const", *years.columns]].to_numpy()
    p = expit(exog @ params)
    bread = np.linalg.inv(exog.T @ (exog * (p * (1 - p))[:, None]))  # inverse of minus the Hessian
    meat = cluster_sums(exog * (frame["y_bin"].to_numpy() - p)[:, None], frame["ccode2"])
    # CR1 as statsmodels: G/(G-1) * (N-1)/(N-K), K counting the constant and the year dummies.
    n, g, k = len(frame), frame["ccode2"].nunique(), exog.shape[1]
    cov = bread @ meat @ bread * g / (g - 1) * (n - 1) / (n - k)
    np.testing.assert_allclose(table["std_error"], np.sqrt(np.diag(cov))[:4], rtol=1e-8)
    assert table["term"].tolist() == [*TERMS, "const"]
    assert np.abs(exog.T @ (frame["y_bin"].to_numpy() - p)).max() < 1e-8  # the score is 0 at the estimates


def test_logit_converges_with_peace_year_splines_and_distances_in_miles():
    # Rare onsets, long peace spells (nearly collinear spline terms) and distances in miles make
    # X'WX ill-conditioned: the fit must still reach the maximum, as IRLS with least squares does.
    rng = np.random.default_rng(5)
    frame = simulate(0, dyads=500, years=40)
    peace = pd.Series(rng.integers(0, 200, len(frame)), dtype="Int16")
    frame = pd.concat([frame, peace.rename("peace_years"), peace_year_splines(peace)], axis=1)
    frame["mindist"] = rng.exponential(5000, len(frame))
    eta = -5 + 1.5 * frame["x"] - 1e-4 * frame["mindist"] - 0.01 * frame["peace_years"]
    frame["onset"] = (rng.random(len(frame)) < expit(eta)).astype(int)
    splines = ["peace_years", "peace_spline1", "peace_spline2", "peace_spline3"]
    spec = spec_for("logit", "onset", controls=["mindist"], peace_splines=splines, fixed_effects=[])
    table, fitted = fit(frame, spec)
    exog = sm.add_constant(frame[["x", "w"]].assign(x_x_w=frame["x"] * frame["w"], mindist=frame["mindist"]))
    exog = pd.concat([exog, frame[splines]], axis=1).astype(float)
    irls = sm.GLM(frame["onset"], exog, family=sm.families.Binomial()).fit()
    mine = fitted.params[exog.columns].to_numpy()
    assert fitted.llf == pytest.approx(irls.llf, rel=1e-10)
    np.testing.assert_allclose(mine[:5], irls.params.to_numpy()[:5], rtol=1e-5)
    assert table["std_error"].notna().all()


def logit_probability(b, frame, x, w):
    """P(y = 1) by hand from the logit coefficients ``b``, with x and w set."""
    year = b.reindex([f"year_{y}" for y in frame["year"]], fill_value=0.0).to_numpy()
    return expit(b["const"] + b["x"] * x + b["w"] * w + b["x_x_w"] * x * w + year)


def test_logit_marginal_effects_match_finite_differences():
    frame = simulate(0)
    spec = spec_for("logit", "y_logit")
    _, fitted = fit(frame, spec)
    grid = [0.1, 0.5, 0.9]
    effects = marginal_effects(fitted, frame, spec, "x", "w", grid=grid)
    assert effects.columns.tolist() == EFFECT_COLUMNS
    h, x = 1e-5, frame["x"].to_numpy()
    for m, effect in zip(grid, effects["effect"], strict=True):
        difference = logit_probability(fitted.params, frame, x + h, m) - logit_probability(
            fitted.params, frame, x - h, m
        )
        assert effect == pytest.approx(np.mean(difference / (2 * h)), rel=1e-7)

    # Delta method: the analytic gradient against a numerical one.
    def average_effect(params, m):
        difference = logit_probability(params, frame, x + h, m) - logit_probability(params, frame, x - h, m)
        return np.mean(difference / (2 * h))

    m, step = grid[1], 1e-6
    gradient = np.array(
        [
            (average_effect(fitted.params + step * e, m) - average_effect(fitted.params - step * e, m))
            / (2 * step)
            for e in np.eye(len(fitted.params))
        ]
    )
    std_error = np.sqrt(gradient @ fitted.cov.to_numpy() @ gradient)
    assert effects["std_error"].iloc[1] == pytest.approx(std_error, rel=1e-4)


def test_logit_marginal_effect_of_a_binary_term_is_a_discrete_difference():
    frame = simulate(1).assign(x=lambda d: (d["x"] > 0.8).astype(int))
    spec = spec_for("logit", "y_logit")
    _, fitted = fit(frame, spec)
    effects = marginal_effects(fitted, frame, spec, "x", "w", grid=[0.25, 0.75])
    for m, effect in zip([0.25, 0.75], effects["effect"], strict=True):
        difference = logit_probability(fitted.params, frame, 1.0, m) - logit_probability(
            fitted.params, frame, 0.0, m
        )
        assert effect == pytest.approx(np.mean(difference), rel=1e-10)


def test_linear_marginal_effects_are_the_linear_combination():
    frame = simulate(2)
    spec = spec_for("ols_fe", "y")
    _, fitted = fit(frame, spec)
    effects = marginal_effects(fitted, frame, spec, "x", "w")
    b, v = fitted.params, fitted.cov
    m = effects["moderator_value"].to_numpy()
    assert len(m) == 20
    assert m[0] == pytest.approx(np.percentile(frame["w"], 5)) and m[-1] == pytest.approx(
        np.percentile(frame["w"], 95)
    )
    np.testing.assert_allclose(effects["effect"], b["x"] + b["x_x_w"] * m, rtol=1e-12)
    variance = v.loc["x", "x"] + 2 * m * v.loc["x", "x_x_w"] + m**2 * v.loc["x_x_w", "x_x_w"]
    np.testing.assert_allclose(effects["std_error"], np.sqrt(variance), rtol=1e-10)


def test_result_format_and_sample_facts():
    frame = simulate(3)
    frame.loc[:9, "w"] = np.nan  # dyad (100, 200), 1980-1989
    table, fitted = fit(frame, spec_for("lpm_fe", "y_lpm", controls=["x"]))
    assert table.columns.tolist() == RESULT_COLUMNS
    assert table["term"].tolist() == TERMS  # the duplicated control enters once
    sample = frame.dropna()
    assert (table["n_obs"] == len(sample)).all() and len(fitted.rows) == len(sample)
    assert (table["n_events"] == sample["y_lpm"].sum()).all()
    assert (table["n_clusters"] == 300).all()
    assert (table["year_min"] == 1980).all() and (table["year_max"] == 1999).all()
    continuous, _ = fit(frame, spec_for("ols_fe", "y"))
    assert continuous["n_events"].isna().all() and str(continuous["n_events"].dtype) == "Int64"


def test_logit_drops_years_without_events():
    frame = simulate(4)
    frame.loc[frame["year"] == 1985, "y_logit"] = 0
    table, fitted = fit(frame, spec_for("logit", "y_logit"))
    assert table["n_obs"].iloc[0] == len(frame) - 300
    assert "year_1985" not in fitted.params.index
    assert any("1985" in note for note in fitted.notes)


def test_singletons_are_dropped_with_dyad_effects():
    frame = simulate(0)
    alone = (frame["ccode1"] == 100) & (frame["ccode2"] == 200) & (frame["year"] > 1980)
    frame = frame[~alone]  # dyad (100, 200) in 1980 only
    table, fitted = fit(frame, spec_for("ols_fe", "y"))
    assert table["n_obs"].iloc[0] == len(frame) - 1 and table["n_clusters"].iloc[0] == 299
    assert any("singleton" in note for note in fitted.notes)


def test_state_year_panel_clusters_by_state():
    frame = (
        simulate(1)
        .rename(columns={"ccode2": "ccode"})
        .drop(columns="ccode1")
        .drop_duplicates(["ccode", "year"])
    )
    spec = spec_for("ols_fe", "y", fixed_effects=["state", "year"], cluster="state")
    table, _ = fit(frame, spec)
    assert (table["n_clusters"] == frame["ccode"].nunique()).all()


def one_line_error(error_type, data, spec, match):
    with pytest.raises(error_type, match=match) as caught:
        fit(data, spec)
    assert "\n" not in str(caught.value)
    return str(caught.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"controls": ["contiguity"]}, "spec H2/sim: column 'contiguity' not in dataset"),
        ({"estimator": "probit"}, "spec H2/sim: estimator 'probit' not one of logit, lpm_fe, ols_fe"),
        (
            {"estimator": "logit", "outcome": "y_logit", "fixed_effects": ["dyad", "year"]},
            "spec H2/sim: logit takes year fixed effects only, not 'dyad'",
        ),
        (
            {"fixed_effects": ["region"]},
            "spec H2/sim: fixed effect 'region' not one of dyad, pair, ccode1, ccode2, state, year",
        ),
        ({"cluster": "region"}, "spec H2/sim: cluster 'region' not one of dyad, pair"),
        ({"cluster": "state"}, "spec H2/sim: column 'ccode' not in dataset"),
        (
            {"fixed_effects": ["ccode1", "dyad", "year"]},
            "spec H2/sim: at most one fixed-effect level besides year, found ccode1, dyad",
        ),
        ({"outcome": "y", "estimator": "lpm_fe"}, "spec H2/sim: outcome 'y' is not 0/1"),
        ({"regressors": "x"}, "spec H2/sim: 'regressors' must be a list"),
    ],
)
def test_bad_specs_fail_with_one_line(changes, message):
    spec = spec_for("ols_fe", "y") | changes
    assert one_line_error(InputError, simulate(0).head(400), spec, message).startswith("spec H2/sim: ")


def test_missing_spec_key_is_named():
    spec = spec_for("ols_fe", "y")
    del spec["cluster"]
    one_line_error(InputError, simulate(0).head(400), spec, "spec H2/sim: key 'cluster' missing")


def test_unidentified_specs_raise_estimation_error():
    frame = simulate(0).head(2000).assign(x2=lambda d: 2 * d["x"], dyad_level=lambda d: d["ccode2"] % 2)
    frame["separating"] = frame["y_logit"]
    one_line_error(EstimationError, frame, spec_for("ols_fe", "y", controls=["x2"]), "'x2' is collinear")
    one_line_error(
        EstimationError,
        frame,
        spec_for("ols_fe", "y", controls=["dyad_level"]),
        "'dyad_level' absorbed by the fixed",
    )
    one_line_error(
        EstimationError,
        frame,
        spec_for("logit", "y_logit", controls=["separating"]),
        "'separating' = 0 predicts",
    )
    one_line_error(EstimationError, frame.assign(y_logit=0), spec_for("logit", "y_logit"), "does not vary")


def test_marginal_effects_need_the_interaction():
    frame = simulate(0).head(2000)
    spec = spec_for("ols_fe", "y")
    _, fitted = fit(frame, spec)
    with pytest.raises(InputError, match="no interaction of 'x' and 'y'"):
        marginal_effects(fitted, frame, spec, "x", "y")


H4_DATA = ROOT / "data" / "processed" / "h4_ally_client.parquet"


@pytest.fixture(scope="module")
def h4():
    """H4's analysis rows and its primary choices' logit and two-way LPM (dyad and year effects,
    clustered by dyad), as the estimators see them (real data)."""
    frame, specs = h4_primary_specs()
    dyad = {"fixed_effects": ["dyad", "year"], "cluster": "dyad"}
    return frame, specs["logit"] | {"cluster": "dyad"}, specs["lpm_fe"] | dyad


def h4_primary_specs():
    """H4's analysis rows and the models of every estimator with the primary's other choices."""
    if not H4_DATA.is_file():
        pytest.skip(f"{H4_DATA} not built (snakemake proxies)")
    grid = [s for s in project_grid(ROOT) if s.hypothesis == "H4"]
    primary = next(s for s in grid if s.primary)
    same = [s for s in grid if all(s.choices[d] == v for d, v in primary.choices.items() if d != "estimator")]
    frame = prepare(pd.read_parquet(H4_DATA), list(primary.units), list(primary.sample_years))
    models = {s.model["estimator"]: estimator_levels(s.model, list(s.units)) for s in same}
    return frame, {k: {n: v for n, v in m.items() if n != "key_term"} for k, m in models.items()}


@pytest.fixture(scope="module")
def h4_primary():
    return h4_primary_specs()


def dyad_ids(frame):
    """ccode1 * 1000 + ccode2 in int64 (the codes are Int16: the product would overflow)."""
    return frame["ccode1"].astype("int64") * 1000 + frame["ccode2"].astype("int64")


def reference_logit(frame, spec):
    """statsmodels' Logit with a constant and year dummies, CR1 clustered by dyad."""
    sample = frame.dropna(
        subset=[spec["outcome"], *spec["regressors"], *spec["controls"], *spec["peace_splines"]]
    )
    onsets = sample.groupby("year")[spec["outcome"]].transform("mean")
    sample = sample[(onsets > 0) & (onsets < 1)]
    terms = [*spec["regressors"], *spec["controls"], *spec["peace_splines"]]
    years = pd.get_dummies(sample["year"], prefix="year", prefix_sep="_", dtype=float).iloc[:, 1:]
    exog = pd.concat([sample[terms].astype(float), years], axis=1).assign(const=1.0)
    # Columns scaled to unit standard deviation, so that Newton's steps stay well conditioned.
    scale = exog.std().where(lambda s: s > 0, 1.0)
    result = sm.Logit(sample[spec["outcome"]].astype(float), exog / scale).fit(
        method="newton",
        maxiter=100,
        tol=1e-12,
        disp=False,
        cov_type="cluster",
        cov_kwds={"groups": dyad_ids(sample).to_numpy()},
    )
    return result.params / scale, result.bse / scale


def test_logit_matches_statsmodels_on_h4(h4):
    frame, spec, _ = h4
    frame = frame[frame["year"] >= 1990].reset_index(drop=True)  # statsmodels takes minutes on all years
    table, _ = fit(frame, spec)
    params, std_errors = reference_logit(frame, spec)
    table = table.set_index("term")
    np.testing.assert_allclose(table["estimate"], params[table.index], rtol=1e-6)
    np.testing.assert_allclose(table["std_error"], std_errors[table.index], rtol=1e-6)


def reference_two_way(sample, spec, entity, clusters=None):
    """linearmodels' PanelOLS with ``entity`` and year effects, CR1 errors clustered by the entity
    (or by ``clusters``), with the options the estimators' module doc names."""
    index = pd.MultiIndex.from_arrays([entity, sample["year"]])
    terms = [*spec["regressors"], *spec["controls"]]
    by = {"cluster_entity": True} if clusters is None else {"clusters": pd.Series(clusters, index=index)}
    return PanelOLS(
        sample[spec["outcome"]].astype(float).set_axis(index),
        sample[terms].astype(float).set_axis(index),
        entity_effects=True,
        time_effects=True,
    ).fit(
        low_memory=True,
        cov_type="clustered",
        debiased=True,
        group_debias=True,
        auto_df=False,
        count_effects=False,
        **by,
    )


def test_two_way_lpm_matches_linearmodels_on_h4(h4):
    frame, _, spec = h4
    table, fitted = fit(frame, spec)
    sample = frame.iloc[fitted.rows]
    result = reference_two_way(sample, spec, dyad_ids(sample))
    table = table.set_index("term")
    np.testing.assert_allclose(table["estimate"], result.params[table.index], rtol=1e-6)
    np.testing.assert_allclose(table["std_error"], result.std_errors[table.index], rtol=1e-6)


def test_two_way_effects_with_disconnected_dyad_year_blocks():
    # Dyads 0-29 are observed in 2000-2004 only, 30-59 in 2005-2009 only: the dyad-year graph has
    # two components, so the year effects are identified only within each (the Gram matrix of the
    # demeaned year dummies is singular twice). The within estimates must equal dummy least squares.
    frame = small_panel(seed=3, dyads=60)
    late = frame["ccode2"] >= 40
    frame = frame[(late & (frame["year"] >= 2005)) | (~late & (frame["year"] < 2005))].reset_index(drop=True)
    table, _ = fit(frame, spec_for("ols_fe", "y"))
    dyads = pd.get_dummies(frame["ccode2"]).to_numpy(float)
    years = pd.get_dummies(frame["year"]).to_numpy(float)
    design = np.column_stack([frame["x"], frame["w"], frame["x"] * frame["w"], dyads, years])
    beta = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)[0]
    np.testing.assert_allclose(table["estimate"], beta[:3], rtol=1e-8)


def test_rare_event_logit_with_case_control_start_matches_statsmodels():
    # Onsets in about 0.4% of rows: the starting values come from the case-control subsample.
    rng = np.random.default_rng(8)
    frame = simulate(0, dyads=1000, years=40)
    frame["rare"] = (rng.random(len(frame)) < expit(-6 + 1.5 * frame["x"] - frame["w"])).astype(int)
    spec = spec_for("logit", "rare", interactions=[])
    table, fitted = fit(frame, spec)
    sample = frame.iloc[fitted.rows]
    years = pd.get_dummies(sample["year"], prefix="year", prefix_sep="_", dtype=float).iloc[:, 1:]
    exog = pd.concat([sample[["x", "w"]], years], axis=1).assign(const=1.0)
    result = sm.Logit(sample["rare"], exog).fit(
        method="newton", tol=1e-12, disp=False, cov_type="cluster", cov_kwds={"groups": dyad_ids(sample)}
    )
    table = table.set_index("term")
    assert sample["rare"].mean() < 0.01
    np.testing.assert_allclose(table["estimate"], result.params[table.index], rtol=1e-6)
    np.testing.assert_allclose(table["std_error"], result.bse[table.index], rtol=1e-6)


def directed_panel(seed=4, states=8, years=6):
    """Every ordered pair of ``states`` states in each of ``years`` years, minus a random tenth:
    both (A, B) and (B, A) present, so pairs are not nested in A."""
    rng = np.random.default_rng(seed)
    codes = 10 * np.arange(1, states + 1)
    a, b, year = (x.ravel() for x in np.meshgrid(codes, codes, 2000 + np.arange(years), indexing="ij"))
    frame = pd.DataFrame({"ccode1": a, "ccode2": b, "year": year})
    frame = frame[(frame["ccode1"] != frame["ccode2"]) & (rng.random(len(frame)) > 0.1)].reset_index(
        drop=True
    )
    n = len(frame)
    x, w = rng.normal(size=n) + frame["ccode1"] / 50, rng.uniform(size=n)
    y = 0.5 * x + 0.2 * w - 0.3 * x * w + frame["ccode1"] / 40 + rng.normal(size=n) * (1 + np.abs(x))
    return frame.assign(x=x, w=w, y=y)


@pytest.mark.parametrize(
    ("effects", "cluster", "counted"),
    [
        (["pair", "year"], "ccode1", True),  # pairs span two A's: counted in K
        (["ccode1", "year"], "ccode1", False),  # A effects nested in A clusters
        (["dyad", "year"], "pair", False),  # directed dyads nested in their pair
        (["ccode2"], "year", True),
    ],
)
def test_any_entity_effect_with_any_cluster_matches_dummy_least_squares(effects, cluster, counted):
    frame = directed_panel()
    table, fitted = fit(frame, spec_for("ols_fe", "y", fixed_effects=effects, cluster=cluster))
    low, high = np.minimum(frame["ccode1"], frame["ccode2"]), np.maximum(frame["ccode1"], frame["ccode2"])
    ids = {
        "pair": low * 1000 + high,
        "dyad": frame["ccode1"] * 1000 + frame["ccode2"],
        "ccode1": frame["ccode1"],
        "ccode2": frame["ccode2"],
        "year": frame["year"],
    }
    entity = pd.get_dummies(ids[effects[0]]).to_numpy(float)
    years = (
        pd.get_dummies(frame["year"]).to_numpy(float)[:, 1:]
        if "year" in effects
        else np.empty((len(frame), 0))
    )
    regressors = np.column_stack([frame["x"], frame["w"], frame["x"] * frame["w"]])
    design = np.column_stack([regressors, entity, years])
    beta = np.linalg.lstsq(design, frame["y"].to_numpy(), rcond=None)[0]
    residual = frame["y"].to_numpy() - design @ beta
    bread = np.linalg.pinv(design.T @ design)
    sandwich = bread @ cluster_sums(design * residual[:, None], ids[cluster]) @ bread
    # CR1 with K = the 3 regressors, plus the entity effects when not nested in the clusters
    n, g = len(frame), ids[cluster].nunique()
    k = 3 + (entity.shape[1] if counted else 0)
    std_error = np.sqrt(np.diag(sandwich)[:3] * g / (g - 1) * (n - 1) / (n - k))
    np.testing.assert_allclose(table["estimate"], beta[:3], rtol=1e-8)
    np.testing.assert_allclose(table["std_error"], std_error, rtol=1e-8)
    assert (table["n_clusters"] == g).all()
    assert any("not nested" in note for note in fitted.notes) == counted


def test_a_state_cluster_leaves_the_dyad_effect_estimates_unchanged():
    frame = small_panel().assign(ccode1=lambda d: 2 + d["ccode2"] % 3)
    by_dyad, _ = fit(frame, spec_for("ols_fe", "y"))
    by_state, _ = fit(frame, spec_for("ols_fe", "y", cluster="ccode1"))
    np.testing.assert_allclose(by_state["estimate"], by_dyad["estimate"], rtol=1e-12)
    assert (by_state["n_clusters"] == 3).all() and (by_dyad["n_clusters"] == 30).all()


def test_logit_clustered_by_a_state_matches_statsmodels():
    # several rows per (cluster, year): the year scores are summed within each cluster
    frame = directed_panel(seed=6, states=12, years=8)
    frame["y_bin"] = (np.random.default_rng(1).random(len(frame)) < expit(-0.5 + frame["x"] / 2)).astype(int)
    table, fitted = fit(frame, spec_for("logit", "y_bin", cluster="ccode1", interactions=[]))
    sample = frame.iloc[fitted.rows]
    years = pd.get_dummies(sample["year"], prefix="year", prefix_sep="_", dtype=float).iloc[:, 1:]
    exog = pd.concat([sample[["x", "w"]], years], axis=1).assign(const=1.0)
    result = sm.Logit(sample["y_bin"], exog).fit(
        method="newton", tol=1e-12, disp=False, cov_type="cluster", cov_kwds={"groups": sample["ccode1"]}
    )
    table = table.set_index("term")
    np.testing.assert_allclose(table["estimate"], result.params[table.index], rtol=1e-6)
    np.testing.assert_allclose(table["std_error"], result.bse[table.index], rtol=1e-6)


def test_within_pair_lpm_clustered_by_a_matches_linearmodels_on_h4(h4_primary):
    # Pair effects are not nested in A's clusters: K counts them (CR1), linearmodels' does not.
    frame, specs = h4_primary
    spec = specs["lpm_fe"]
    assert spec["fixed_effects"] == ["pair", "year"] and spec["cluster"] == "ccode1"
    # one row per pair and year, as linearmodels needs (the first where both directions are in)
    low = np.minimum(frame["ccode1"], frame["ccode2"]).astype("int64")
    high = np.maximum(frame["ccode1"], frame["ccode2"]).astype("int64")
    frame = frame[~pd.DataFrame({"l": low, "h": high, "y": frame["year"]}).duplicated()].reset_index(
        drop=True
    )
    table, fitted = fit(frame, spec)
    sample = frame.iloc[fitted.rows]
    a, c = sample["ccode1"].astype("int64"), sample["ccode2"].astype("int64")
    pair = np.minimum(a, c) * 1000 + np.maximum(a, c)
    terms = [*spec["regressors"], *spec["controls"]]
    result = reference_two_way(sample, spec, pair, clusters=a.to_numpy())
    n, k, pairs = len(sample), len(terms), pair.nunique()
    assert any(f"{pairs} entity effects not nested" in note for note in fitted.notes)
    table = table.set_index("term")
    np.testing.assert_allclose(table["estimate"], result.params[table.index], rtol=1e-6)
    correction = np.sqrt((n - k) / (n - k - pairs))
    np.testing.assert_allclose(table["std_error"], result.std_errors[table.index] * correction, rtol=1e-6)
    assert (table["n_clusters"] == a.nunique()).all()


def clogit_toy():
    """Four groups (dyads) by hand, x 0/1. Groups 20 and 30: events at x = 1 of {x = 1, x = 0};
    group 40: the event at x = 0; group 50: two events among x = (1, 0, 0), at rows 1 and 2;
    group 60: no event (dropped). Dyads 2-20, 2-30 in A = 2, the others in A = 3."""
    return pd.DataFrame(
        {
            "ccode1": [2, 2, 2, 2, 3, 3, 3, 3, 3, 3, 3],
            "ccode2": [20, 20, 30, 30, 40, 40, 50, 50, 50, 60, 60],
            "year": [1990, 1991, 1990, 1991, 1990, 1991, 1990, 1991, 1992, 1990, 1991],
            "x": [1, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0],
            "y": [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0],
        }
    )


def clogit_spec(**changes):
    spec = {
        "hypothesis": "H4",
        "spec": "toy",
        "estimator": "clogit",
        "outcome": "y",
        "regressors": ["x"],
        "fixed_effects": ["dyad"],
        "cluster": "dyad",
    }
    return spec | changes


@pytest.mark.parametrize("cluster", ["dyad", "ccode1"])
def test_clogit_on_a_hand_made_panel(cluster):
    table, fitted = fit(clogit_toy(), clogit_spec(cluster=cluster))
    # Conditional likelihood, u = exp(b): groups 20, 30: u/(1+u); 40: 1/(1+u); 50: u/(2u+1)
    # (sets of two of x = 1, 0, 0: {1,2} and {1,3} have x-sum 1, {2,3} 0). Score:
    # 2/(1+u) - u/(1+u) + 1/(2u+1) = 0  <=>  2u^2 - 4u - 3 = 0.
    u = 1 + np.sqrt(10) / 2
    assert table["estimate"].iloc[0] == pytest.approx(np.log(u), rel=1e-10)
    # Information: u/(1+u)^2 for each two-row group, 2u/(2u+1)^2 (the variance of the x-sum) for 50
    information = 3 * u / (1 + u) ** 2 + 2 * u / (2 * u + 1) ** 2
    scores = {20: 1 / (1 + u), 30: 1 / (1 + u), 40: -u / (1 + u), 50: 1 / (2 * u + 1)}
    if cluster == "dyad":
        sums = list(scores.values())
    else:  # A = 2 holds dyads 20 and 30; A = 3 holds 40 and 50
        sums = [scores[20] + scores[30], scores[40] + scores[50]]
    g, n, k = len(sums), 9, 1  # group 60 dropped: 9 rows
    variance = g / (g - 1) * (n - 1) / (n - k) * sum(v**2 for v in sums) / information**2
    assert table["std_error"].iloc[0] == pytest.approx(np.sqrt(variance), rel=1e-10)
    assert table[["n_obs", "n_clusters", "n_events"]].iloc[0].tolist() == [9, g, 5]
    assert table["term"].tolist() == ["x"] and fitted.df is None
    assert any("1 of 5 groups (2 rows) dropped" in note for note in fitted.notes)


def test_clogit_drops_the_rows_a_separating_control_predicts():
    # z varies within group 20 only, where the event sits on z = 1: its coefficient is +infinity
    # and the limit of the others' is the likelihood without the z = 0 row of group 20.
    frame = clogit_toy().assign(z=[1, 0, 1, 1, 0, 0, 1, 1, 1, 0, 0])
    table, fitted = fit(frame, clogit_spec(controls=["z"]))
    reduced, _ = fit(frame.drop(index=1), clogit_spec())
    assert table["term"].tolist() == ["x"]
    assert table["estimate"].iloc[0] == pytest.approx(reduced["estimate"].iloc[0], rel=1e-10)
    assert any("'z' separates the conditional likelihood (+infinity): 1 rows" in n for n in fitted.notes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"fixed_effects": ["year"]}, "clogit needs one entity fixed-effect level, its groups"),
        (
            {"fixed_effects": ["pair"], "cluster": "ccode1"},
            r"clogit groups \(pair\) are not nested in the clusters",
        ),
        ({"regressors": ["sep"]}, "'sep' separates the conditional likelihood"),
        ({"outcome": "flat"}, "no dyad group with variation in the outcome 'flat'"),
    ],
)
def test_clogit_errors_are_one_line(changes, message):
    frame = clogit_toy().assign(sep=[1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 0], flat=[1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 1])
    frame.loc[[0, 1], "ccode1"], frame.loc[[0, 1], "ccode2"] = [2, 20], [20, 2]  # pair 2-20 in A 2 and 20
    one_line_error(InputError, frame, clogit_spec(**changes), message)


def test_clogit_matches_statsmodels_on_h4(h4_primary):
    frame, specs = h4_primary
    # Without the year dummies: statsmodels' Newton takes minutes with them (they match to 1e-11:
    # bench/clogit.py)
    spec = specs["clogit"] | {"fixed_effects": ["dyad"]}
    table, fitted = fit(frame, spec)
    sample = frame.iloc[fitted.rows]
    names = list(fitted.params.index)
    years = pd.get_dummies(sample["year"], prefix="year", prefix_sep="_", dtype=float)
    exog = pd.concat([sample[[n for n in names if n in sample]].astype(float), years], axis=1)[names]
    groups = sample["ccode1"].astype("int64") * 1000 + sample["ccode2"].astype("int64")
    result = ConditionalLogit(sample[spec["outcome"]].astype(float), exog, groups=groups).fit(
        method="newton", maxiter=100, tol=1e-12, disp=False
    )
    np.testing.assert_allclose(fitted.params[names], result.params[names], rtol=1e-6)
    assert fitted.llf == pytest.approx(result.llf, rel=1e-10)
    assert table["term"].tolist()[0] == "prospect_ex_ante" and table["std_error"].notna().all()


def test_h1_logit_whose_case_control_start_overflows_matches_statsmodels():
    # H1's primary logit (real data): the case-control subsample's slopes (peace-year terms near
    # -15 on the whitened scale) drive some years' probabilities to 0, so the start falls back to
    # the years' log-odds instead of giving NaN estimates
    path = ROOT / "data" / "processed" / "h1_h2_ally_rival.parquet"
    if not path.is_file():
        pytest.skip(f"{path} not built (snakemake proxies)")
    spec = next(s for s in project_grid(ROOT) if s.id == "H1__primary")
    frame = prepare(pd.read_parquet(path), list(spec.units), list(spec.sample_years))
    model = estimator_levels(spec.model | {"cluster": "dyad"}, list(spec.units))  # as the reference
    table, _ = fit(frame, model)
    params, std_errors = reference_logit(frame, model)
    table = table[~table["term"].str.startswith("ame:")].set_index("term")  # the key term's AME row
    np.testing.assert_allclose(table["estimate"], params[table.index], rtol=1e-6)
    np.testing.assert_allclose(table["std_error"], std_errors[table.index], rtol=1e-6)
