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
