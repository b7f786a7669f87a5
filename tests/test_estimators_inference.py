"""Estimators, issue 12: state-year fixed effects (``ccode1:year``), influence functions, logit
average marginal effects and two-way clusters, against hand computations."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.analysis import estimator_levels
from alliance_bargaining.models.estimators import fit

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
    np.testing.assert_allclose(by_state.influence, summed.loc[by_state.influence.index], rtol=1e-10, atol=1e-14)
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


def test_clogit_groups_must_be_nested_in_the_resampling_units():
    from .test_estimators import clogit_spec, clogit_toy, one_line_error

    one_line_error(
        InputError, clogit_toy(), clogit_spec(resample="year"), "clogit groups \\(dyad\\) are not nested in the resampling"
    )


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
    np.testing.assert_allclose(cr1_from_influence(influence, len(frame), k), reported[influence.columns], rtol=1e-8)
    leads = influence[["event_m3", "event_m2"]].mean(axis=1)
    np.testing.assert_allclose(influence[LEAD_MEAN], leads, rtol=1e-12)
