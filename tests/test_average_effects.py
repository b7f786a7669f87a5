"""Average effects of a regressor in a linear model with interactions (``models.average_effects``)."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.analysis import estimate, fit_specs
from alliance_bargaining.models.average_effects import combination_influence, weights
from alliance_bargaining.models.estimates import RESULT_COLUMNS
from alliance_bargaining.models.estimators import fit


def cells():
    """Eight states by hand, one year: the mean of y by (x, s) is 2, 5 (s = 0) and 2, 8 (s = 1), so
    the effect of x is 3 where s = 0, 6 where s = 1, and 4.5 on average (half the rows have s = 1)."""
    return pd.DataFrame(
        {
            "ccode": [1, 2, 3, 4, 5, 6, 7, 8],
            "year": 2000,
            "y": [1.0, 3.0, 4.0, 6.0, 2.0, 2.0, 9.0, 7.0],
            "x": [0, 0, 1, 1, 0, 0, 1, 1],
            "s": [0, 0, 0, 0, 1, 1, 1, 1],
        }
    )


def spec(data, moderator="s", by=("s",)):
    model = {
        "hypothesis": "H6",
        "spec": "primary",
        "estimator": "ols_fe",
        "outcome": "y",
        "regressors": ["x", moderator],
        "interactions": [["x", moderator]],
        "fixed_effects": [],
        "cluster": "ccode",
        "key_term": "ame:x",
    }
    if by:
        model["average_effects"] = list(by)
    return {"id": "H6__primary", "model": model, "units": ["ccode"], "sample_years": [2000, 2000]}


def coefficient_of_x(data, moderator):
    """The x coefficient and its row when the moderator is recentred: the effect where it is 0."""
    table = estimate(data, spec(data, moderator, by=()))
    return table.loc[table["term"] == "x"].iloc[0]


# the recentred reference fits have a constant whose cell's residuals are all 0: its variance
# rounds below 0 (not a term checked here)
@pytest.mark.filterwarnings("ignore:invalid value encountered in sqrt:RuntimeWarning")
def test_average_and_cell_effects_by_hand():
    data = cells()
    table = estimate(data, spec(data))
    assert table.columns.tolist() == RESULT_COLUMNS
    assert table["term"].tolist() == ["x", "s", "x_x_s", "const", "ame:x", "ame:x|s=0", "ame:x|s=1"]
    rows = table.set_index("term")
    assert rows.loc[["ame:x", "ame:x|s=0", "ame:x|s=1"], "estimate"].tolist() == pytest.approx(
        [4.5, 3.0, 6.0]
    )
    # One row per cluster: CR1 = 8/7 * 7/4 = 2 times the sum over cells of (sum of squared
    # residuals)/n^2; residuals +-1 in every cell but (s = 1, x = 0), whose are 0: variances
    # 2 * (2/4 + 2/4) = 2 (s = 0), 2 * (0 + 2/4) = 1 (s = 1), (2 + 1)/4 = 0.75 on average.
    assert rows.loc[["ame:x", "ame:x|s=0", "ame:x|s=1"], "std_error"].tolist() == pytest.approx(
        [0.75**0.5, 2**0.5, 1.0]
    )
    # The same numbers as coefficients of x with s recentred at its mean and at 1: same fit, so
    # the same clustered standard errors, t with G - 1 = 7 degrees of freedom.
    for term, moderator in (
        ("ame:x", data["s"] - 0.5),
        ("ame:x|s=1", data["s"] - 1),
        ("ame:x|s=0", data["s"]),
    ):
        reference = coefficient_of_x(data.assign(m=moderator), "m")
        assert rows.loc[term, "estimate"] == pytest.approx(reference["estimate"])
        assert rows.loc[term, "std_error"] == pytest.approx(reference["std_error"])
        assert rows.loc[term, "p_value"] == pytest.approx(reference["p_value"])
        half = stats.t.ppf(0.975, 7) * rows.loc[term, "std_error"]
        assert rows.loc[term, "ci_high"] - rows.loc[term, "estimate"] == pytest.approx(half)
    assert (rows["n_obs"] == 8).all() and (rows["n_clusters"] == 8).all()


def two_moderators():
    """Six states x four years; s and p are 0/1, p = 1 from 2002 (as post_1991)."""
    rng = np.random.default_rng(12)
    frame = pd.DataFrame({"ccode": np.repeat(np.arange(1, 7), 4), "year": np.tile(np.arange(2000, 2004), 6)})
    return frame.assign(
        x=[0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 1, 0, 1],
        s=[0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0],
        p=(frame["year"] >= 2002).astype(int),
        y=rng.normal(size=len(frame)),
    )


def test_cell_weights_are_the_cell_values_and_the_pooled_weights_their_means():
    data = two_moderators()
    model = {
        "hypothesis": "H6",
        "spec": "primary",
        "estimator": "ols_fe",
        "outcome": "y",
        "regressors": ["x", "s"],
        "interactions": [["x", "s"], ["x", "p"]],
        "fixed_effects": ["state", "year"],
        "cluster": "state",
    }
    _, fitted = fit(data, model)
    w = weights(fitted, data, "x", ["s", "p"])
    assert w.columns.tolist() == ["x", "s", "x_x_s", "x_x_p"]
    assert w.index.tolist() == [
        "ame:x",
        "ame:x|s=0,p=0",
        "ame:x|s=0,p=1",
        "ame:x|s=1,p=0",
        "ame:x|s=1,p=1",
    ]
    assert w.loc["ame:x"].tolist() == pytest.approx([1.0, 0.0, data["s"].mean(), 0.5])
    cell = w.drop(index="ame:x")
    assert cell["x"].tolist() == [1.0] * 4 and cell["s"].tolist() == [0.0] * 4
    assert cell["x_x_s"].tolist() == [0, 0, 1, 1] and cell["x_x_p"].tolist() == [0, 1, 0, 1]


@pytest.mark.parametrize(
    ("regressor", "by", "message"),
    [
        ("x", ["y"], "average_effects.by column 'y' has 24 values in the sample, expected at most 5 (cells)"),
        ("x", ["w"], "average_effects.by column 'w' not in dataset"),
        ("z", ["s"], "average effects of 'z', which is not a coefficient of the model"),
    ],
)
def test_bad_average_effects_fail_clearly(regressor, by, message):
    data = two_moderators()
    model = {
        "hypothesis": "H6",
        "spec": "primary",
        "estimator": "ols_fe",
        "outcome": "y",
        "regressors": ["x", "s"],
        "interactions": [["x", "s"]],
        "fixed_effects": ["state", "year"],
        "cluster": "state",
    }
    _, fitted = fit(data, model)
    with pytest.raises(InputError) as err:
        weights(fitted, data, regressor, by)
    assert str(err.value) == f"spec H6/primary: {message}"


def test_combination_influence_is_the_weighted_coefficient_influence():
    influence = pd.DataFrame([[1.0, 2.0, -1.0], [0.5, 0.0, 4.0]], index=[10, 20], columns=["x", "x_x_s", "s"])
    combos = pd.DataFrame(
        [[1.0, 0.0, 0.25], [1.0, 0.0, 1.0]], index=["ame:x", "ame:x|s=1"], columns=["x", "s", "x_x_s"]
    )
    out = combination_influence(influence, combos)
    assert out.index.tolist() == [10, 20] and out.columns.tolist() == ["ame:x", "ame:x|s=1"]
    # unit 10: 1 + 0.25 * 2 = 1.5 and 1 + 2 = 3; unit 20: 0.5 + 0 and 0.5 + 0
    assert out.to_numpy().tolist() == [[1.5, 3.0], [0.5, 0.5]]


def test_the_average_effect_rows_influence_gives_their_clustered_variance():
    """Influence file (contract item 2): the ame: row's influence is the coefficients' influence
    times its weights, and std_error^2 = G/(G-1) (N-1)/(N-K) sum_g psi_g^2 (here 8/7 * 7/4 = 2)."""
    data = cells()
    params = spec(data)
    params["model"] |= {"resample": "ccode"}
    table, rows = fit_specs(data, [params])["H6__primary"]
    assert rows["term"].unique().tolist() == ["ame:x"] and rows["unit"].tolist() == list(range(1, 9))
    std_error = table.set_index("term").loc["ame:x", "std_error"]
    assert std_error**2 == pytest.approx(2 * (rows["influence"] ** 2).sum())
    assert std_error**2 == pytest.approx(0.75)
