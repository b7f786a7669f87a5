"""Average effects of a regressor in a linear model with interactions (issue 12; H6).

With interactions [x, m1], [x, m2] the effect of x at row i is b_x + b_{x_x_m1} m1_i + b_{x_x_m2} m2_i.
Its mean over the estimation rows (term ``ame:<x>``) and over the rows of each cell of the ``by``
columns (``ame:<x>|<by1>=<v1>,<by2>=<v2>``) are linear combinations w'b of the coefficients: the
weight on b_x is 1, on b_{x_x_m} the mean of m over the rows averaged. Standard error
sqrt(w' V w) from the model's clustered covariance, t with the model's G-1 degrees of freedom
(Cameron and Miller 2015, sec. VI). The weights (``weights``: one row per term, one column per
coefficient of ``FittedModel.params``) are the gradients of ``estimators.average_marginal_effect``
(over all rows, or a cell's) and also give a combination's influence, influence @ w.
"""

import numpy as np
import pandas as pd
from scipy import stats

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.estimates import RESULT_COLUMNS
from alliance_bargaining.models.estimators import AME_PREFIX, FittedModel, _critical, average_marginal_effect

MAX_CELL_VALUES = 5  # a ``by`` column with more distinct values is not a cell variable


def weights(fitted: FittedModel, data: pd.DataFrame, regressor: str, by: list) -> pd.DataFrame:
    """Weight vectors over ``fitted.params`` of ``ame:<regressor>`` and of each ``by`` cell (sorted
    by the cell values; cells without rows are absent). ``data`` is the frame given to ``fit``."""
    label = f"spec {fitted.spec.get('hypothesis')}/{fitted.spec.get('spec')}"
    names = list(fitted.params.index)
    if regressor not in names:
        raise InputError(
            f"{label}: average effects of '{regressor}', which is not a coefficient of the model"
        )
    frame = data.iloc[fitted.rows]
    for column in by:
        if column not in frame.columns:
            raise InputError(f"{label}: average_effects.by column '{column}' not in dataset")
        if frame[column].nunique() > MAX_CELL_VALUES:
            raise InputError(
                f"{label}: average_effects.by column '{column}' has {frame[column].nunique()} values "
                f"in the sample, expected at most {MAX_CELL_VALUES} (cells)"
            )
    rows = {f"{AME_PREFIX}{regressor}": average_marginal_effect(fitted, data, regressor)[2]}
    if by:
        cells = frame[by].astype(float).reset_index(drop=True)
        for cell, positions in cells.groupby(by, sort=True).indices.items():
            cell = cell if isinstance(cell, tuple) else (cell,)
            tag = ",".join(f"{c}={v:g}" for c, v in zip(by, cell, strict=True))
            within = np.zeros(len(frame), bool)
            within[positions] = True
            rows[f"{AME_PREFIX}{regressor}|{tag}"] = average_marginal_effect(fitted, data, regressor, within)[2]
    return pd.DataFrame(rows, index=names).T


def average_effect_rows(table: pd.DataFrame, fitted: FittedModel, combos: pd.DataFrame) -> pd.DataFrame:
    """Rows (``RESULT_COLUMNS``) of the combinations ``combos`` (``weights``), the fit's sample
    facts (``table``'s first row) repeated."""
    w = combos[list(fitted.params.index)].to_numpy()
    estimate = w @ fitted.params.to_numpy()
    std_error = np.sqrt(np.einsum("ij,jk,ik->i", w, fitted.cov.to_numpy(), w))
    distribution = stats.norm if fitted.df is None else stats.t(fitted.df)
    half = _critical(fitted.df) * std_error
    meta = table.iloc[[0] * len(combos)].reset_index(drop=True)
    return meta.assign(
        term=list(combos.index),
        estimate=estimate,
        std_error=std_error,
        ci_low=estimate - half,
        ci_high=estimate + half,
        p_value=2 * distribution.sf(np.abs(estimate / std_error)),
    )[RESULT_COLUMNS]


def combination_influence(influence: pd.DataFrame, combos: pd.DataFrame) -> pd.DataFrame:
    """Influence of each combination (units x ``combos``' terms) from the coefficients' influence
    (units x params, ``FittedModel.influence`` where the estimator provides it): the combination
    w'b moves by w' psi_g when unit g's rows move b by psi_g."""
    return influence[list(combos.columns)] @ combos.T
