"""Estimators, issue 12: state-year fixed effects (``ccode1:year``), influence functions, logit
average marginal effects and two-way clusters, against hand computations."""

import re

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.analysis import estimator_levels
from alliance_bargaining.models.estimators import average_marginal_effect, fit

from .test_estimators import cluster_sums, directed_panel, spec_for

REGRESSORS = ["x", "w", "x_x_w"]


def dummy_least_squares(frame, effect_ids, cluster_ids, counted_effects):
    """OLS of y on x, w, x*w and explicit dummies of each of ``effect_ids``; CR1 standard errors by
    ``cluster_ids`` with K = 3 + ``counted_effects``: (estimates, standard errors) of the 3 terms."""
    regressors = np.column_stack([frame["x"], frame["w"], frame["x"] * frame["w"]])
    dummies = [pd.get_dummies(ids).to_numpy(float) for ids in effect_ids]
    design = np.column_stack([regressors, *dummies])
    y = frame["y"].to_numpy()
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    residual = y - design @ beta
    bread = np.linalg.pinv(design.T @ design)
    sandwich = bread @ cluster_sums(design * residual[:, None], cluster_ids) @ bread
    n, g, k = len(frame), pd.Series(cluster_ids).nunique(), 3 + counted_effects
    return beta[:3], np.sqrt(np.diag(sandwich)[:3] * g / (g - 1) * (n - 1) / (n - k))


def effects_rank(effect_ids):
    return np.linalg.matrix_rank(np.column_stack([pd.get_dummies(ids).to_numpy(float) for ids in effect_ids]))


@pytest.mark.parametrize(
    ("effects", "cluster", "counted"),
    [
        (["dyad", "ccode1:year"], "dyad", True),  # A-year effects not nested in dyads: counted in K
        (["dyad", "ccode1:year"], "ccode1", False),  # both nested in A: not counted
        (["ccode2:year"], "pair", True),  # B-year effects alone, not nested in pairs
    ],
)
def test_state_year_effects_match_dummy_least_squares(effects, cluster, counted):
    frame = directed_panel(states=9, years=7)
    table, fitted = fit(frame, spec_for("ols_fe", "y", fixed_effects=effects, cluster=cluster))
    a, b, year = frame["ccode1"], frame["ccode2"], frame["year"]
    ids = {
        "dyad": a * 1000 + b,
        "pair": np.minimum(a, b) * 1000 + np.maximum(a, b),
        "ccode1": a,
        "ccode1:year": a * 10000 + year,
        "ccode2:year": b * 10000 + year,
    }
    effect_ids = [ids[e] for e in effects]
    # K counts the state-year effects not nested in the clusters by the dimensions they add to
    # the entity effects (nested dyad effects are not counted)
    extra = effects_rank(effect_ids) - (effects_rank(effect_ids[:-1]) if len(effects) > 1 else 0)
    estimates, std_errors = dummy_least_squares(frame, effect_ids, ids[cluster], extra if counted else 0)
    assert table["term"].tolist() == REGRESSORS
    np.testing.assert_allclose(table["estimate"], estimates, rtol=1e-8)
    np.testing.assert_allclose(table["std_error"], std_errors, rtol=1e-8)
    assert any(f"{extra} {effects[-1]} effects not nested" in note for note in fitted.notes) == counted


def test_state_year_effects_drop_rows_alone_in_their_state_year():
    frame = directed_panel(states=6, years=5)
    lone = frame.iloc[[0]].assign(year=1990)  # the only row of A = 10 in 1990: fit exactly
    data = pd.concat([frame, lone], ignore_index=True)
    table, fitted = fit(data, spec_for("ols_fe", "y", fixed_effects=["dyad", "ccode1:year"]))
    without, _ = fit(frame, spec_for("ols_fe", "y", fixed_effects=["dyad", "ccode1:year"]))
    assert table["n_obs"].iloc[0] == len(frame)
    np.testing.assert_allclose(table["estimate"], without["estimate"], rtol=1e-10)
    assert any("singleton" in note for note in fitted.notes)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"fixed_effects": ["dyad", "year", "ccode1:year"]},
            "at most one period fixed-effect level, found year, ccode1:year",
        ),
        (
            {"estimator": "logit", "outcome": "y_logit", "fixed_effects": ["ccode1:year"]},
            "logit takes year fixed effects only, not 'ccode1:year'",
        ),
        (
            {"estimator": "clogit", "outcome": "y_lpm", "fixed_effects": ["dyad", "ccode1:year"]},
            "clogit takes year fixed effects beside its groups, not 'ccode1:year'",
        ),
    ],
)
def test_state_year_level_misuse_is_one_line(changes, message):
    from .test_estimators import one_line_error, simulate

    one_line_error(InputError, simulate(0).head(400), spec_for("ols_fe", "y") | changes, message)


def test_registry_state_year_levels_become_the_estimators_keys():
    model = {"cluster": "dyad", "fixed_effects": ["dyad", "ccode_p:year"]}
    assert estimator_levels(model, ["ccode_p", "ccode_k"]) == {
        "cluster": "dyad",
        "fixed_effects": ["dyad", "ccode1:year"],
    }
    assert (
        estimator_levels({"cluster": "ccode_k:year", "fixed_effects": []}, ["ccode_p", "ccode_k"])["cluster"]
        == "ccode2:year"
    )


def cr1_from_influence(influence, n_obs, k):
    """Standard errors G/(G-1) (N-1)/(N-K) sum_g psi_g^2 from the units' influence."""
    g = len(influence)
    return np.sqrt(g / (g - 1) * (n_obs - 1) / (n_obs - k) * (influence**2).sum())


def influence_cases():
    from .test_estimators import clogit_spec, clogit_toy, small_panel

    panel = small_panel().assign(ccode1=lambda d: 2 + d["ccode2"] % 4)
    toy = clogit_toy()
    return {
        "ols_fe": (panel, spec_for("ols_fe", "y")),
        "lpm_fe": (panel, spec_for("lpm_fe", "y_bin")),
        "logit": (panel, spec_for("logit", "y_bin")),
        "clogit": (toy, clogit_spec()),
        "logit_no_year": (panel, spec_for("logit", "y_bin", fixed_effects=[])),
    }


@pytest.mark.parametrize("case", ["ols_fe", "lpm_fe", "logit", "clogit", "logit_no_year"])
def test_influence_rebuilds_the_clustered_standard_errors(case):
    data, spec = influence_cases()[case]
    table, fitted = fit(data, spec | {"resample": spec["cluster"]})
    influence = fitted.influence
    assert influence.index.name == "unit" and influence.index.dtype == np.int64
    assert list(influence.columns) == list(fitted.params.index)
    if case != "clogit":  # (clogit: the dyads with variation in the outcome)
        np.testing.assert_array_equal(influence.index, np.unique(data["ccode1"] * 1000 + data["ccode2"]))
    n = table["n_obs"].iloc[0]
    k = 3 if case in ("ols_fe", "lpm_fe") else len(fitted.params)  # effects nested in the clusters
    reported = table.set_index("term")["std_error"]
    np.testing.assert_allclose(cr1_from_influence(influence[reported.index], n, k), reported, rtol=1e-8)
    # the whole covariance, not only its diagonal
    g = len(influence)
    cov = g / (g - 1) * (n - 1) / (n - k) * influence.T @ influence
    np.testing.assert_allclose(cov, fitted.cov, rtol=1e-8, atol=1e-14)
    without, _ = fit(data, spec)
    assert without.equals(table)  # resampling changes no estimate


@pytest.mark.parametrize("case", ["ols_fe", "logit", "clogit"])
def test_influence_sums_the_finer_clusters_within_each_resampling_unit(case):
    data, spec = influence_cases()[case]
    _, by_dyad = fit(data, spec | {"resample": "dyad"})
    _, by_state = fit(data, spec | {"resample": "ccode1"})
    dyad_state = by_dyad.influence.index // 1000
    summed = by_dyad.influence.groupby(dyad_state).sum()
    np.testing.assert_allclose(
        by_state.influence, summed.loc[by_state.influence.index], rtol=1e-10, atol=1e-14
    )
    np.testing.assert_array_equal(by_state.influence.index, np.unique(data["ccode1"]))


def test_influence_is_the_first_order_change_of_the_estimates():
    """Linear: the estimate without unit g is beta - (X'X - X_g'X_g)^-1 X_g'u_g; to first order
    psi_g. Check that dropping a unit moves the estimates by about psi_g (1% of the move)."""
    data, spec = influence_cases()["ols_fe"]
    data = pd.concat([data.assign(ccode2=data["ccode2"] + 100 * r) for r in range(20)], ignore_index=True)
    data["y"] += np.random.default_rng(3).normal(size=len(data))
    _, fitted = fit(data, spec | {"resample": "dyad"})
    unit = fitted.influence.index[0]
    _, dropped = fit(data[data["ccode1"] * 1000 + data["ccode2"] != unit], spec)
    move = fitted.params - dropped.params
    np.testing.assert_allclose(move, fitted.influence.loc[unit], rtol=0.05)


def test_clogit_groups_not_nested_in_the_resampling_units_give_no_influence():
    from .test_estimators import clogit_spec, clogit_toy

    table, fitted = fit(clogit_toy(), clogit_spec(resample="year"))
    assert fitted.influence is None and any(
        "not nested in the resampling units (year)" in n for n in fitted.notes
    )
    assert table.equals(fit(clogit_toy(), clogit_spec())[0])


def test_fit_specs_return_the_key_terms_influence_rows_by_registry_cluster():
    from alliance_bargaining.models.analysis import INFLUENCE_COLUMNS, fit_specs

    from .test_analysis import panel, params

    spec = params(min_events=3)
    spec["model"] |= {"resample": "ccode_a"}
    table, rows = fit_specs(panel(), [spec])["H4__primary"]
    assert rows.columns.tolist() == INFLUENCE_COLUMNS
    assert rows["spec"].unique().tolist() == ["primary"] and rows["term"].unique().tolist() == ["prospect"]
    assert rows["unit"].dtype == np.int64 and rows["unit"].tolist() == [2, 20, 40]  # ccode_a, as ccode1
    reported = table.set_index("term").loc["prospect"]
    n = reported["n_obs"]
    k = 2  # prospect, mindist; the pair effects are nested in A here
    np.testing.assert_allclose(cr1_from_influence(rows["influence"], n, k), reported["std_error"], rtol=1e-8)
    spec["model"].pop("resample")
    assert fit_specs(panel(), [spec])["H4__primary"][1].empty  # no resampling level: no rows


def test_event_study_influence_rebuilds_the_lead_mean_standard_error():
    from alliance_bargaining.models.event_study import LEAD_MEAN, stacked_event_study

    from .test_event_study import small_stacks

    frame = small_stacks()
    table, influence = stacked_event_study(frame, "y", window=3, reference=-1, with_influence=True)
    assert table.equals(stacked_event_study(frame, "y", window=3, reference=-1))
    assert influence.index.tolist() == sorted(frame["ccode"].unique()) and influence.index.dtype == np.int64
    reported = table.set_index("term")["std_error"]
    k = 6  # the event-time terms (the effects nested in the state clusters, module doc)
    np.testing.assert_allclose(
        cr1_from_influence(influence, len(frame), k), reported[influence.columns], rtol=1e-8
    )
    leads = influence[["event_m3", "event_m2"]].mean(axis=1)
    np.testing.assert_allclose(influence[LEAD_MEAN], leads, rtol=1e-12)


def logit_frame(seed=11, years=12):
    """Hand-made logit data: 60 dyads (6 A x 10 B) over ``years`` years; x continuous, d 0/1,
    w continuous, e 0/1; the outcome from a logit with interactions d*w, x*w and d*e."""
    rng = np.random.default_rng(seed)
    a, b, year = (
        v.ravel() for v in np.meshgrid(2 + np.arange(6), 100 + np.arange(10), 1990 + np.arange(years))
    )
    n = len(a)
    frame = pd.DataFrame(
        {
            "ccode1": a,
            "ccode2": b,
            "year": year,
            "x": rng.normal(size=n),
            "d": (rng.random(n) < 0.4).astype(float),
            "w": rng.uniform(size=n),
            "e": (rng.random(n) < 0.5).astype(float),
        }
    )
    eta = -0.5 + 0.6 * frame["x"] + 0.8 * frame["d"] - 0.4 * frame["w"] + 0.5 * frame["e"]
    eta += 0.7 * frame["d"] * frame["w"] - 0.6 * frame["x"] * frame["w"] + 0.9 * frame["d"] * frame["e"]
    frame["y"] = (rng.random(n) < 1 / (1 + np.exp(-eta))).astype(float)
    return frame


def logit_spec(key, regressors, interactions=(), **changes):
    spec = {
        "hypothesis": "H1",
        "spec": "ame",
        "estimator": "logit",
        "outcome": "y",
        "regressors": regressors,
        "interactions": [list(pair) for pair in interactions],
        "fixed_effects": ["year"],
        "cluster": "dyad",
        "key_term": key,
    }
    return spec | changes


@pytest.mark.parametrize("key", ["d", "x"])
def test_logit_ame_matches_statsmodels_margeff(key):
    import statsmodels.api as sm

    frame = logit_frame()
    table, fitted = fit(frame, logit_spec(key, ["x", "d", "w"]))
    years = pd.get_dummies(frame["year"], prefix="year", dtype=float).iloc[:, 1:]
    exog = pd.concat([frame[["x", "d", "w"]], years, pd.Series(1.0, index=frame.index, name="const")], axis=1)
    dyads = (frame["ccode1"] * 1000 + frame["ccode2"]).to_numpy()
    result = sm.Logit(frame["y"], exog).fit(disp=0, cov_type="cluster", cov_kwds={"groups": dyads})
    margeff = result.get_margeff(at="overall", dummy=True)
    position = list(exog.columns).index(key)
    row = table.set_index("term").loc[f"ame:{key}"]
    assert abs(row["estimate"] - margeff.margeff[position]) < 1e-6
    assert abs(row["std_error"] - margeff.margeff_se[position]) < 1e-6
    assert table["term"].tolist()[-1] == f"ame:{key}"  # after the coefficient rows
    np.testing.assert_allclose(row["p_value"], margeff.pvalues[position], atol=1e-6)


@pytest.mark.parametrize(
    ("key", "interactions"),
    [
        ("d_x_w", [("d", "w")]),  # 0/1 x continuous: d/dw [p(d=1) - p(d=0)]
        ("w_x_d", [("w", "d")]),  # the same, listed the other way round
        ("d_x_e", [("d", "e")]),  # 0/1 x 0/1: the double difference
        ("x_x_w", [("x", "w"), ("d", "w")]),  # continuous x continuous: d2p/dx dw; w also moderates d
        ("d", [("d", "w")]),  # a 0/1 main term with its interaction recomputed
        ("x", [("x", "w")]),  # a continuous main term with its interaction
    ],
)
def test_logit_ame_of_interactions_matches_finite_differences(key, interactions):
    frame = logit_frame()
    spec = logit_spec(key, ["x", "d", "w", "e"], interactions)
    table, fitted = fit(frame, spec)
    params = fitted.params

    def mean_p(changes, b=params):
        """Mean predicted probability with columns replaced (interactions recomputed)."""
        data = frame.assign(**changes)
        eta = b["const"] + sum(b[f"year_{t}"] * (data["year"] == t) for t in range(1991, 2002))
        eta = eta + sum(b[c] * data[c] for c in ["x", "d", "w", "e"])
        eta = eta + sum(b[f"{u}_x_{v}"] * data[u] * data[v] for u, v in interactions)
        return float(np.mean(1 / (1 + np.exp(-eta))))

    def effect(b=params):
        h = 1e-5
        if key == "d":
            return mean_p({"d": 1.0}, b) - mean_p({"d": 0.0}, b)
        if key == "x":
            return (mean_p({"x": frame["x"] + h}, b) - mean_p({"x": frame["x"] - h}, b)) / (2 * h)
        if key == "d_x_e":
            return (
                mean_p({"d": 1.0, "e": 1.0}, b)
                - mean_p({"d": 0.0, "e": 1.0}, b)
                - mean_p({"d": 1.0, "e": 0.0}, b)
                + mean_p({"d": 0.0, "e": 0.0}, b)
            )
        if key in ("d_x_w", "w_x_d"):
            up, down = frame["w"] + h, frame["w"] - h
            return (
                mean_p({"d": 1.0, "w": up}, b)
                - mean_p({"d": 0.0, "w": up}, b)
                - mean_p({"d": 1.0, "w": down}, b)
                + mean_p({"d": 0.0, "w": down}, b)
            ) / (2 * h)
        h = 1e-3  # x_x_w: second difference, error O(h^2)
        x, w = frame["x"], frame["w"]
        return (
            mean_p({"x": x + h, "w": w + h}, b)
            - mean_p({"x": x - h, "w": w + h}, b)
            - mean_p({"x": x + h, "w": w - h}, b)
            + mean_p({"x": x - h, "w": w - h}, b)
        ) / (4 * h * h)

    row = table.set_index("term").loc[f"ame:{key}"]
    np.testing.assert_allclose(row["estimate"], effect(), rtol=1e-5, atol=1e-8)
    # delta method: the gradient of the effect in the parameters, by central differences
    step = 1e-4
    gradient = np.array(
        [
            (effect(params + step * (params.index == p)) - effect(params - step * (params.index == p)))
            / (2 * step)
            for p in params.index
        ]
    )
    std_error = np.sqrt(gradient @ fitted.cov.to_numpy() @ gradient)
    np.testing.assert_allclose(row["std_error"], std_error, rtol=1e-4)


def test_logit_ame_influence_is_the_gradient_times_the_influence():
    frame = logit_frame()
    spec = logit_spec("d_x_w", ["x", "d", "w"], [("d", "w")], resample="ccode1")
    table, fitted = fit(frame, spec)
    _, _, gradient = average_marginal_effect(fitted, frame, "d_x_w")
    influence = fitted.influence
    np.testing.assert_allclose(influence["ame:d_x_w"], influence[fitted.params.index] @ gradient, rtol=1e-12)
    row = table.set_index("term").loc["ame:d_x_w"]
    g, n, k = len(influence), row["n_obs"], len(fitted.params)
    by_state, _ = fit(frame, spec | {"cluster": "ccode1"})
    np.testing.assert_allclose(
        cr1_from_influence(influence["ame:d_x_w"], n, k),
        by_state.set_index("term").loc["ame:d_x_w", "std_error"],
        rtol=1e-8,
    )
    assert g == 6


def test_linear_and_clogit_fits_get_no_ame_row_and_the_cell_average_is_a_subset_mean():
    frame = logit_frame()
    lpm, fitted = fit(
        frame,
        logit_spec("d", ["x", "d", "w"], [("d", "w")], estimator="lpm_fe", fixed_effects=["dyad", "year"]),
    )
    assert not lpm["term"].str.startswith("ame:").any()
    # linear: the AME of d is b_d + b_dw * mean(w); over a cell, the cell's mean of w
    effect, std_error, gradient = average_marginal_effect(fitted, frame, "d")
    b = fitted.params
    np.testing.assert_allclose(effect, b["d"] + b["d_x_w"] * frame["w"].mean(), rtol=1e-12)
    cell = (frame["e"] == 1).to_numpy()
    effect, _, _ = average_marginal_effect(fitted, frame, "d", within=cell)
    np.testing.assert_allclose(effect, b["d"] + b["d_x_w"] * frame.loc[cell, "w"].mean(), rtol=1e-12)


def cgm(design, residual, bread, first, second, n, k, reported=None):
    """Two-way clustered covariance by hand: V1 + V2 - V12 (each CR1), of the ``reported``
    coefficients (default all), negative eigenvalues set to 0."""
    both = pd.Series(list(zip(first, second, strict=True))).astype(str).to_numpy()
    total = 0
    for groups, sign in ((first, 1), (second, 1), (both, -1)):
        g = pd.Series(groups).nunique()
        meat = cluster_sums(design * residual[:, None], groups)
        total = total + sign * g / (g - 1) * (n - 1) / (n - k) * bread @ meat @ bread
    total = total if reported is None else total[np.ix_(reported, reported)]
    values, vectors = np.linalg.eigh(total)
    return vectors @ np.diag(np.maximum(values, 0)) @ vectors.T


@pytest.mark.parametrize(
    ("states", "seed", "effects", "clipped"),
    [(9, 4, ["dyad", "year"], False), (4, 1, ["year"], True)],  # 4 states: V1 + V2 - V12 not PSD
)
def test_two_way_clusters_of_a_linear_model_match_cgm_by_hand(states, seed, effects, clipped):
    frame = directed_panel(seed=seed, states=states, years=7)
    table, fitted = fit(frame, spec_for("ols_fe", "y", cluster="ccode1+ccode2", fixed_effects=effects))
    a, b = frame["ccode1"].to_numpy(), frame["ccode2"].to_numpy()
    dummies = [pd.get_dummies(frame["year"]).to_numpy(float)]
    if "dyad" in effects:
        dummies = [pd.get_dummies(a * 1000 + b).to_numpy(float), dummies[0][:, 1:]]
    regressors = np.column_stack([frame["x"], frame["w"], frame["x"] * frame["w"]])
    design = np.column_stack([regressors, *dummies])
    y = frame["y"].to_numpy()
    beta = np.linalg.lstsq(design, y, rcond=None)[0]
    bread = np.linalg.pinv(design.T @ design)
    # K = the 3 regressors: dyad effects are nested in A (and in B), year effects are not counted
    cov = cgm(design, y - design @ beta, bread, a, b, len(frame), 3, reported=[0, 1, 2])
    np.testing.assert_allclose(table["estimate"], beta[:3], rtol=1e-8)
    np.testing.assert_allclose(fitted.cov, cov, rtol=1e-8, atol=1e-12)
    assert (np.linalg.eigvalsh(fitted.cov).min() < 1e-12) == clipped
    assert (table["n_clusters"] == states).all() and fitted.df == states - 1  # min(G1, G2) - 1


def test_two_way_clusters_of_a_logit_match_cgm_by_hand():
    frame = logit_frame()
    table, fitted = fit(frame, logit_spec("d", ["x", "d", "w"], cluster="ccode1+ccode2"))
    years = pd.get_dummies(frame["year"], prefix="year", dtype=float).iloc[:, 1:]
    exog = pd.concat([pd.Series(1.0, index=frame.index, name="const"), years, frame[["x", "d", "w"]]], axis=1)
    params = fitted.params[exog.columns].to_numpy()
    x = exog.to_numpy()
    p = 1 / (1 + np.exp(-x @ params))
    bread = np.linalg.inv(x.T @ (x * (p * (1 - p))[:, None]))
    cov = cgm(x, frame["y"].to_numpy() - p, bread, frame["ccode1"], frame["ccode2"], len(frame), x.shape[1])
    np.testing.assert_allclose(fitted.cov.loc[exog.columns, exog.columns], cov, rtol=1e-7, atol=1e-12)
    reported = table.set_index("term")
    np.testing.assert_allclose(
        reported.loc[["x", "d", "w"], "std_error"], np.sqrt(np.diag(cov))[-3:], rtol=1e-7
    )
    assert (table["n_clusters"] == 6).all()  # 6 A's, 10 B's
    _, one_way = fit(frame, logit_spec("d", ["x", "d", "w"], cluster="ccode1"))
    np.testing.assert_allclose(fitted.params, one_way.params, rtol=1e-12)


def test_two_way_clusters_of_a_clogit_match_cgm_by_hand():
    from .test_estimators import clogit_spec

    frame = logit_frame(years=6)
    table, fitted = fit(frame, clogit_spec(regressors=["x", "d"], outcome="y", cluster="ccode1+ccode2"))
    _, one_way = fit(frame, clogit_spec(regressors=["x", "d"], outcome="y", cluster="dyad", resample="dyad"))
    # the group (dyad) scores are the sums of the units' influence mapped back by the information
    influence = one_way.influence  # psi_g = I^-1 s_g: the sandwich by A, B and dyads
    a, b = influence.index // 1000, influence.index % 1000
    n, k = table["n_obs"].iloc[0], 2
    total = 0
    for groups, sign in ((a, 1), (b, 1), (influence.index, -1)):
        g = pd.Series(groups).nunique()
        summed = influence.groupby(np.asarray(groups)).sum().to_numpy()
        total = total + sign * g / (g - 1) * (n - 1) / (n - k) * summed.T @ summed
    values, vectors = np.linalg.eigh(total)
    cov = vectors @ np.diag(np.maximum(values, 0)) @ vectors.T
    np.testing.assert_allclose(fitted.cov, cov, rtol=1e-8, atol=1e-14)


def test_two_way_cluster_misuse_is_one_line():
    from .test_estimators import clogit_spec, clogit_toy, one_line_error, simulate

    frame = simulate(0).head(400)
    for cluster in ("ccode1+ccode2+year", "ccode1+ccode1", "ccode1+region"):
        one_line_error(
            InputError,
            frame,
            spec_for("ols_fe", "y", cluster=cluster),
            re.escape(f"cluster '{cluster}' not one of"),
        )
    one_line_error(
        InputError,
        clogit_toy(),
        clogit_spec(cluster="ccode1+year"),
        "clogit groups \\(dyad\\) are not nested in the clusters",
    )


def test_registry_two_way_clusters_become_the_estimators_keys():
    model = {"cluster": "ccode_a+ccode_r", "fixed_effects": ["dyad", "year"], "resample": "ccode_a"}
    assert estimator_levels(model, ["ccode_a", "ccode_r"]) == {
        "cluster": "ccode1+ccode2",
        "fixed_effects": ["dyad", "year"],
        "resample": "ccode1",
    }
