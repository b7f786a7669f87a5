"""Few-cluster inference (models.few_clusters) on hand-made data, against brute-force refits."""

import itertools

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.few_clusters import (
    WEBB_WEIGHTS,
    analytic_test,
    cr1_factor,
    identifying_units,
    permute_within,
    primary_few_clusters,
    randomization_test,
    webb_weights,
    wild_bootstrap,
)
from alliance_bargaining.settings import CONFIG_SCHEMA, validate_config


def test_webb_weights_values_and_moments():
    assert np.allclose(np.sort(WEBB_WEIGHTS), [-(1.5**0.5), -1, -(0.5**0.5), 0.5**0.5, 1, 1.5**0.5])
    weights, enumerated = webb_weights(3, 216, 10, 1)
    assert enumerated and weights.shape == (216, 3)
    assert len(np.unique(weights, axis=0)) == 216  # every vector once
    assert np.allclose(weights.mean(axis=0), 0)
    assert np.allclose((weights**2).mean(axis=0), 1)  # (1/2 + 1 + 3/2) / 3
    assert np.allclose((weights**4).mean(axis=0), 7 / 6)  # (1/4 + 1 + 9/4) / 3


def test_webb_weights_are_drawn_from_the_seed_past_the_enumeration_limit():
    weights, enumerated = webb_weights(3, 215, 50, 7)
    again, _ = webb_weights(3, 215, 50, 7)
    assert not enumerated and weights.shape == (50, 3)
    assert np.array_equal(weights, again)
    assert set(np.round(weights.ravel(), 12)) <= set(np.round(WEBB_WEIGHTS, 12))


@pytest.mark.parametrize("bad", [{"draws": 0}, {"max_enumerated": -1}, {"draws": 2.5}])
def test_webb_weights_reject_bad_counts(bad):
    args = {"n_clusters": 3, "max_enumerated": 10, "draws": 5, "seed": 1} | bad
    with pytest.raises(InputError, match=f"'{next(iter(bad))}' must be a positive integer"):
        webb_weights(**args)


def _panel(seed=3, clusters=3, entities=2, years=6, effect=0.0):
    """Rows (cluster, entity within it, year); entity and cluster-year effects, both nested in the
    clusters; a cluster-year assignment d, a moderator m and a control z."""
    rng = np.random.default_rng(seed)
    g, e, t = (a.ravel() for a in np.meshgrid(range(clusters), range(entities), range(years), indexing="ij"))
    entity, period = g * entities + e, g * years + t
    d = (rng.random(clusters * years) < 0.5).astype(float)[period]
    m = (rng.random(len(g)) < 0.5).astype(float)
    z = rng.normal(size=len(g))
    y = (
        effect * d * m
        + 0.5 * m
        + 0.3 * z
        + rng.normal(size=clusters * entities)[entity]
        + rng.normal(size=clusters * years)[period]
        + rng.normal(size=len(g)) * (1 + g)
    )
    return {"g": g, "entity": entity, "period": period, "d": d, "m": m, "z": z, "y": y}


def _dummies(codes):
    return (codes[:, None] == np.arange(codes.max() + 1)[None, :]).astype(float)


def _within(data, columns):
    """Residuals on the entity and period dummies (the brute-force absorption)."""
    effects = np.column_stack([_dummies(data["entity"]), _dummies(data["period"])])
    matrix = np.column_stack(columns)
    return matrix - effects @ np.linalg.lstsq(effects, matrix, rcond=None)[0]


def _brute_wild_p(data, b0, weights):
    """WCR p-value of b_dm = b0 by a refit with every dummy for each weight vector."""
    x = np.column_stack([data["m"], data["z"], data["d"] * data["m"]])
    effects = np.column_stack([_dummies(data["entity"]), _dummies(data["period"])])
    full = np.column_stack([x, effects])
    k, g = 2, data["g"]
    n_clusters, (n, n_terms) = g.max() + 1, x.shape
    factor = cr1_factor(n, n_terms, n_clusters)

    def t_stat(y, null):
        coefs = np.linalg.lstsq(full, y, rcond=None)[0]
        a = np.linalg.pinv(full)[k]
        residual = y - full @ coefs
        scores = np.array([a[g == c] @ residual[g == c] for c in range(n_clusters)])
        return (coefs[k] - null) / np.sqrt(factor * scores @ scores)

    observed = t_stat(data["y"], b0)
    restricted_design = np.delete(full, k, axis=1)
    target = data["y"] - b0 * x[:, k]
    restricted = np.linalg.lstsq(restricted_design, target, rcond=None)[0]
    fitted, residual = restricted_design @ restricted + b0 * x[:, k], target - restricted_design @ restricted
    stars = np.array([t_stat(fitted + residual * w[g], b0) for w in weights])
    return np.mean(np.abs(stars) >= abs(observed) * (1 - 1e-12))


def test_wild_bootstrap_matches_a_refit_for_every_weight_vector():
    data = _panel()
    within = _within(data, [data["y"], data["m"], data["z"], data["d"] * data["m"]])
    y, x = within[:, 0], within[:, 1:]
    weights = np.array(list(itertools.product(WEBB_WEIGHTS, repeat=3)))
    test = wild_bootstrap(y, x, 2, data["g"], 0.95, weights, True)
    assert test.p_value == pytest.approx(_brute_wild_p(data, 0.0, weights), abs=1e-12)
    assert test.draws == 216 and test.enumerated and test.n_clusters == 3
    # The interval's ends: p >= 0.05 just inside, < 0.05 just outside (test inversion).
    for end, inward in ((test.ci_low, 1), (test.ci_high, -1)):
        assert np.isfinite(end)
        step = 1e-6 * test.std_error
        assert _brute_wild_p(data, end + inward * step, weights) >= 0.05
        assert _brute_wild_p(data, end - inward * step, weights) < 0.05


def test_analytic_test_is_cr1_with_t_of_g_minus_1():
    data = _panel(clusters=4)
    within = _within(data, [data["y"], data["m"], data["z"], data["d"] * data["m"]])
    test = analytic_test(within[:, 0], within[:, 1:], 2, data["g"], 0.95)
    a = np.linalg.pinv(within[:, 1:])[2]
    residual = within[:, 0] - within[:, 1:] @ np.linalg.lstsq(within[:, 1:], within[:, 0], rcond=None)[0]
    scores = np.array([a[data["g"] == c] @ residual[data["g"] == c] for c in range(4)])
    se = np.sqrt(4 / 3 * (len(residual) - 1) / (len(residual) - 3) * scores @ scores)
    assert test.std_error == pytest.approx(se, rel=1e-10)
    assert test.ci_high - test.estimate == pytest.approx(3.182446305284263 * se, rel=1e-9)  # t(3) 97.5%


def test_permute_within_keeps_each_group_and_its_count():
    groups = np.array([5, 5, 5, 5, 9, 9, 9, 2, 2])
    values = np.array([1, 1, 0, 0, 1, 0, 0, 0, 0])
    drawn = permute_within(values, groups, 400, 11)
    assert drawn.shape == (400, 9)
    for group in np.unique(groups):
        mine = drawn[:, groups == group]
        assert (np.sort(mine, axis=1) == np.sort(values[groups == group])).all()  # same values, same counts
    # Only within: each position of group 5 takes both values over the draws; group 2 stays all 0.
    assert set(drawn[:, 0]) == {0, 1} and set(drawn[:, 6]) == {0, 1} and (drawn[:, 7:] == 0).all()
    assert np.array_equal(drawn, permute_within(values, groups, 400, 11))


def test_randomization_test_matches_a_refit_per_permutation():
    data = _panel(seed=5, clusters=4, entities=3, years=5)
    years = data["period"]
    cell_values = pd.Series(data["d"]).groupby(years).first().to_numpy()
    cell_groups = np.arange(len(cell_values)) // 5
    drawn = permute_within(cell_values, cell_groups, 60, 2)
    columns = drawn[:, years].T * data["m"][:, None]
    within = _within(data, [data["y"], data["m"], data["z"], data["d"] * data["m"]])
    permuted = _within(data, list(columns.T))
    test = randomization_test(within[:, 0], within[:, 1:], 2, permuted, 4, 0.95)
    stars = []
    for column in columns.T:
        design = _within(data, [data["m"], data["z"], column])
        stars.append(np.linalg.lstsq(design, within[:, 0], rcond=None)[0][2])
    estimate = np.linalg.lstsq(within[:, 1:], within[:, 0], rcond=None)[0][2]
    assert test.estimate == pytest.approx(estimate, rel=1e-10)
    expected = (1 + np.sum(np.abs(stars) >= abs(estimate) * (1 - 1e-12))) / 61
    assert test.p_value == pytest.approx(expected, abs=1e-12)
    assert test.draws == 60 and test.ci_low <= estimate <= test.ci_high


def test_identifying_units_on_a_hand_frame():
    # Patron 2 in 2000: clients 20 (option) and 21 (none) -> identifying; in 2001 only client 20,
    # option in both rows of the year -> the key row does not compare; patron 3 never treated.
    frame = pd.DataFrame(
        {
            "ccode1": [2, 2, 2, 2, 2, 3, 3],
            "ccode2": [20, 21, 20, 22, 21, 30, 31],
            "year": [2000, 2000, 2001, 2001, 2002, 2000, 2000],
            "key": [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0],
            "option": [1, 0, 1, 1, 0, 1, 0],
        }
    )
    table = identifying_units(frame, ["ccode1", "ccode2"], "key", "option", ["ccode1", "year"])
    expected = pd.DataFrame(
        {
            "ccode1": [2, 2],
            "ccode2": [20, 22],
            "n_rows": [2, 1],
            "n_key_rows": [2, 1],
            "n_identifying": [1, 0],
            "first_year": [2000, 2001],
            "last_year": [2001, 2001],
        }
    )
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    with pytest.raises(InputError, match="column 'missing' not in the data"):
        identifying_units(frame, ["ccode1", "ccode2"], "missing", "option", ["ccode1", "year"])


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("randomization_draws", 0, "key 'few_clusters.randomization_draws': 0 is less than the minimum of 1"),
        ("wild_draws", "many", "key 'few_clusters.wild_draws': 'many' is not of type 'integer'"),
        ("seed", -1, "key 'few_clusters.seed': -1 is less than the minimum of 0"),
        ("draws", 5, "key 'few_clusters': Additional properties are not allowed"),
    ],
)
def test_bad_few_cluster_config_is_one_line_error(key, value, message):
    with pytest.raises(InputError, match=message.replace("(", r"\(")) as error:
        validate_config({"proxies": {}, "panel": {}, "few_clusters": {key: value}}, CONFIG_SCHEMA, "c")
    assert "\n" not in str(error.value)


SETTINGS = {"wild_max_enumerated": 100000, "wild_draws": 99, "randomization_draws": 50, "seed": 4}


def _entry_data(seed=8):
    """A patron-client frame in the entry's names: 4 patrons x 3 clients x 8 years."""
    data = _panel(seed=seed, clusters=4, entities=3, years=8)
    return pd.DataFrame(
        {
            "ccode_p": data["g"] + 1,
            "ccode_k": 100 + data["entity"],
            "year": 2000 + data["period"] % 8,
            "rapprochement": data["d"],
            "outside_option": data["m"],
            "log_cinc_ratio": data["z"],
            "log_arms_tiv": data["y"],
        }
    )


def _params(fixed_effects):
    model = {
        "hypothesis": "H5",
        "spec": "primary",
        "estimator": "ols_fe",
        "outcome": "log_arms_tiv",
        "key_term": "rapprochement_x_outside_option",
        "regressors": ["outside_option"],
        "interactions": [["rapprochement", "outside_option"]],
        "controls": ["log_cinc_ratio"],
        "fixed_effects": fixed_effects,
        "cluster": "dyad",
    }
    return {"model": model, "units": ["ccode_p", "ccode_k"], "sample_years": [2000, 2007]}


@pytest.mark.parametrize("effects", [["dyad"], ["dyad", "ccode_p:year"]])
def test_primary_few_clusters_reproduces_the_fit_and_lists_the_units(effects):
    data = _entry_data()
    design = {"cluster": "ccode_p", "assignment": "rapprochement"}
    tests, dyads = primary_few_clusters(data, _params(effects), design, SETTINGS)
    assert list(tests["method"]) == ["analytic", "analytic", "wild_bootstrap", "randomization"]
    assert list(tests["cluster"]) == ["dyad", "ccode_p", "ccode_p", "ccode_p"]
    assert np.allclose(
        tests["estimate"], tests["estimate"].iloc[0], rtol=1e-10
    )  # one coefficient, four tests
    assert list(tests["n_clusters"]) == [12, 4, 4, 4]
    assert tests["draws"].tolist()[2:] == [6**4, 50] and tests["enumerated"].tolist() == [
        False,
        False,
        True,
        False,
    ]
    key = data["rapprochement"] * data["outside_option"]
    expected = data[key > 0].groupby(["ccode_p", "ccode_k"]).size()
    assert dyads.set_index(["ccode_p", "ccode_k"])["n_key_rows"].to_dict() == expected.to_dict()
    assert {"ccode_p", "ccode_k"} <= set(dyads.columns)


def test_primary_few_clusters_errors():
    data = _entry_data()
    design = {"cluster": "ccode_p", "assignment": "rapprochement"}
    with pytest.raises(InputError, match="period effects are not nested in the clusters 'ccode1'"):
        primary_few_clusters(data, _params(["dyad", "year"]), design, SETTINGS)
    with pytest.raises(InputError, match="few_clusters.cluster 'ccode_x' is not one of the units"):
        primary_few_clusters(data, _params(["dyad"]), design | {"cluster": "ccode_x"}, SETTINGS)
    with pytest.raises(InputError, match="is not an interaction with 'outside_option_un'"):
        primary_few_clusters(data, _params(["dyad"]), design | {"assignment": "outside_option_un"}, SETTINGS)
    varying = data.assign(
        rapprochement=data["rapprochement"].where(data["ccode_k"] != 100, 1 - data["rapprochement"])
    )
    with pytest.raises(InputError, match="'rapprochement' varies within a \\(ccode1, year\\)"):
        primary_few_clusters(varying, _params(["dyad"]), design, SETTINGS)
