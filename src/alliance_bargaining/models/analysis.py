"""Run one registered specification on its analysis dataset (the models stage's jobs)."""

import logging
import time

import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.estimates import empty_estimates
from alliance_bargaining.models.estimators import EstimationError, fit, marginal_effects
from alliance_bargaining.models.event_study import result_table, stacked_event_study

UNIT_COLUMNS = {1: ["ccode"], 2: ["ccode1", "ccode2"]}


def prepare(data: pd.DataFrame, units: list, sample_years: list) -> pd.DataFrame:
    """Rows in the sample years, with the unit columns renamed to the estimators' keys."""
    frame = data.rename(columns=dict(zip(units, UNIT_COLUMNS[len(units)], strict=True)))
    keep = frame["year"].between(*sample_years)
    return frame[keep].reset_index(drop=True)


def estimate(data: pd.DataFrame, params: dict) -> pd.DataFrame:
    """Coefficient table (``RESULT_COLUMNS``) of one specification; no rows if not estimable.

    A specification the data cannot identify (no variation, separation, collinearity) is reported
    in the log and gives an empty table, so that one such cell does not stop the multiverse.
    """
    return _estimate_prepared(_sample(data, params), params)


def estimate_specs(data: pd.DataFrame, specs: list) -> dict:
    """``estimate`` of several specifications on one dataset, keyed by their ``id``; the sample
    rows are prepared once per (units, sample years)."""
    prepared, tables = {}, {}
    for params in specs:
        key = (tuple(params["units"]), tuple(params["sample_years"]))
        if key not in prepared:
            prepared[key] = _sample(data, params)
        start = time.perf_counter()
        tables[params["id"]] = _estimate_prepared(prepared[key], params)
        logging.info("%s: %.2f s", params["id"], time.perf_counter() - start)
    return tables


def _sample(data: pd.DataFrame, params: dict) -> pd.DataFrame:
    """The specification's sample; none is a registry error, not an empty result."""
    frame = prepare(data, params["units"], params["sample_years"])
    if frame.empty:
        first, last = params["sample_years"]
        held = f"years {data['year'].min()}-{data['year'].max()}" if len(data) else "no rows"
        raise InputError(
            f"config/hypotheses.yaml: key '{params['model'].get('hypothesis', '?')}.sample_years': expected "
            f"years with data, found 0 rows in {first}-{last} (the dataset holds {held})"
        )
    return frame


def _estimate_prepared(frame: pd.DataFrame, params: dict) -> pd.DataFrame:
    model = params["model"]
    try:
        if model["estimator"] == "event_study":
            return _event_study_table(frame, model)
        table, fitted = fit(frame, _without_constant_controls(frame, model))
        for note in fitted.notes:
            logging.info("%s", note)
        return table
    except EstimationError as err:
        logging.warning("not estimable: %s", err)
        return empty_estimates()


def _without_constant_controls(frame: pd.DataFrame, model: dict) -> dict:
    """The model without ``key_term`` and without controls that do not vary in its sample.

    A control can be constant by construction in some cells of the grid (``allied_lag`` when the
    outcome is onset among non-allies only); it is dropped and logged rather than failing the cell.
    """
    spec = {k: v for k, v in model.items() if k != "key_term"}
    pairs = [c for pair in spec.get("interactions", []) for c in pair]
    used = [
        spec["outcome"],
        *spec["regressors"],
        *pairs,
        *spec.get("controls", []),
        *spec.get("peace_splines", []),
    ]
    rows = frame[used].notna().all(axis=1)
    constant = [c for c in spec.get("controls", []) if frame.loc[rows, c].nunique() <= 1]
    if constant:
        logging.info("controls constant in the sample, dropped: %s", constant)
    return spec | {"controls": [c for c in spec.get("controls", []) if c not in constant]}


def _event_study_table(frame: pd.DataFrame, model: dict) -> pd.DataFrame:
    """The stacked event study (``models.event_study``) in the common result format: terms
    event_m<w>..event_p<w> (w the spec's ``event_window``, the config's ``proxies.event_window``)
    relative to t0-1, and their lead mean ``event_lead_mean``.

    The registry's units are (stack, ccode), renamed ccode1, ccode2 by ``prepare``; the effects are
    stack x unit and stack x year, the clusters the unit's state, whatever ``fixed_effects`` and
    ``cluster`` say (they document the design).
    """
    keys = {"stack": "ccode1", "unit": "ccode2"}
    table = stacked_event_study(frame, model["outcome"], model["event_window"], reference=-1, keys=keys)
    return result_table(table, model["hypothesis"], model["spec"])


def primary_marginal_effects(data: pd.DataFrame, params: dict, moderator: str) -> pd.DataFrame:
    """Marginal effect of the interacted key regressor over the moderator's range (primary spec)."""
    model = {k: v for k, v in params["model"].items() if k != "key_term"}
    frame = prepare(data, params["units"], params["sample_years"])
    _, fitted = fit(frame, model)
    term = next(a if b == moderator else b for a, b in model["interactions"] if moderator in (a, b))
    return marginal_effects(fitted, frame, model, term, moderator)
