"""Run one registered specification on its analysis dataset (the models stage's jobs).

The registry names fixed-effect and cluster levels by the entry's unit columns (``ccode_a``); the
estimators key rows by ``ccode1, ccode2`` (``ccode``), so ``estimator_levels`` renames them as
``prepare`` renames the columns. A specification with ``min_events`` whose binary outcome has
fewer events than that among the rows with every used column present is not estimated: its table
holds the counts (``counts_table``). ``fit_specs`` also returns each fit's rows of the influence
file (``influence_rows``): the influence of each resampling unit (the model's ``resample`` level)
on its key term and, for the logit, on ``ame:<key term>`` (a linear model's ``ame:`` rows:
the coefficients' influence times the combination's weights, ``average_effects``).

``n_switchers`` (every row of a fit; issue 12): with entity effects (the linear models' entity
level, the conditional logit's groups, the event study's stack x unit), the number of entities of
the estimation sample whose key term takes two values or more among their rows in the key term's
reference cell, the rows where every column it is interacted with is 0 (a key term ``a_x_b``:
the product, all rows; ``ame:<x>``: x's). Without entity effects, NA. Only switching entities
identify a within-entity coefficient: fewer than 5 and the verdict is "not identified".
"""

import logging
import time

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.models import average_effects
from alliance_bargaining.models.estimates import RESULT_COLUMNS, empty_estimates
from alliance_bargaining.models.estimators import (
    LEVELS,
    EstimationError,
    _entity_levels,
    _level_ids,
    fit,
    marginal_effects,
)
from alliance_bargaining.models.event_study import LEAD_MEAN, result_table, stacked_event_study

UNIT_COLUMNS = {1: ["ccode"], 2: ["ccode1", "ccode2"]}
INFLUENCE_COLUMNS = ["spec", "term", "unit", "influence"]
ONE_UNIT_LEVEL = "state"
COUNTS_ESTIMATOR = "counts"


def prepare(data: pd.DataFrame, units: list, sample_years: list) -> pd.DataFrame:
    """Rows in the sample years, with the unit columns renamed to the estimators' keys."""
    frame = data.rename(columns=dict(zip(units, UNIT_COLUMNS[len(units)], strict=True)))
    keep = frame["year"].between(*sample_years)
    return frame[keep].reset_index(drop=True)


def estimator_levels(model: dict, units: list) -> dict:
    """``model`` with its unit-column levels (``ccode_a``, ``ccode_p:year``, ``ccode_a+ccode_r``)
    renamed to the estimators' keys (``ccode1``, ``ccode1:year``, ``ccode1+ccode2``)."""
    names = dict(zip(units, UNIT_COLUMNS[len(units)], strict=True))
    if len(units) == 1:
        names = {units[0]: ONE_UNIT_LEVEL}

    def rename(level):  # also each part of a two-way cluster (ccode_a+ccode_r) and a unit's year
        unit, sep, rest = level.partition(":")
        return "+".join(names.get(part, part) for part in unit.split("+")) + sep + rest

    levels = {
        "cluster": rename(model["cluster"]),
        "fixed_effects": [rename(level) for level in model.get("fixed_effects", [])],
    }
    if "resample" in model:
        levels["resample"] = rename(model["resample"])
    return model | levels


def estimate(data: pd.DataFrame, params: dict) -> pd.DataFrame:
    """Coefficient table (``RESULT_COLUMNS``) of one specification; no rows if not estimable.

    A specification the data cannot identify (no variation, separation, collinearity) is reported
    in the log and gives an empty table, so that one such cell does not stop the multiverse.
    """
    return _estimate_prepared(_sample(data, params), params)[0]


def estimate_specs(data: pd.DataFrame, specs: list) -> dict:
    """``estimate`` of several specifications on one dataset, keyed by their ``id``."""
    return {key: table for key, (table, _) in fit_specs(data, specs).items()}


def fit_specs(data: pd.DataFrame, specs: list) -> dict:
    """id -> (coefficient table, influence rows ``INFLUENCE_COLUMNS``) of several specifications
    on one dataset; the sample rows are prepared once per (units, sample years)."""
    prepared, out = {}, {}
    for params in specs:
        key = (tuple(params["units"]), tuple(params["sample_years"]))
        if key not in prepared:
            prepared[key] = _sample(data, params)
        start = time.perf_counter()
        out[params["id"]] = _estimate_prepared(prepared[key], params)
        logging.info("%s: %.2f s", params["id"], time.perf_counter() - start)
    return out


def influence_rows(influence: pd.DataFrame | None, spec: str, key_term: str) -> pd.DataFrame:
    """One fit's rows of the influence file (issue 12 contract, item 2): columns
    ``INFLUENCE_COLUMNS``, the units' influence on ``key_term`` and on ``ame:<key_term>`` where
    estimated (``influence``: ``estimators.FittedModel.influence``, None without a resample level)."""
    terms = [t for t in (key_term, f"ame:{key_term}") if influence is not None and t in influence.columns]
    frames = [
        pd.DataFrame(
            {
                "spec": spec,
                "term": term,
                "unit": influence.index.to_numpy(dtype=np.int64),
                "influence": influence[term].to_numpy(dtype=np.float64),
            }
        )
        for term in terms
    ]
    return pd.concat(frames, ignore_index=True) if frames else empty_influence()


def empty_influence() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "spec": pd.Series(dtype="object"),
            "term": pd.Series(dtype="object"),
            "unit": pd.Series(dtype=np.int64),
            "influence": pd.Series(dtype=np.float64),
        }
    )


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


def _estimate_prepared(frame: pd.DataFrame, params: dict) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(table, influence rows) of one specification (``fit_specs``)."""
    model = estimator_levels(params["model"], params["units"])
    try:
        if model["estimator"] == "event_study":
            return _event_study_table(frame, model)
        spec = _without_constant_controls(frame, model)
        if "min_events" in model:
            counts = counts_table(frame, model)
            if counts["n_events"].iloc[0] < model["min_events"]:
                logging.info(
                    "%s: %d events < min_events %d: counted, not estimated",
                    model.get("spec"),
                    counts["n_events"].iloc[0],
                    model["min_events"],
                )
                return counts, empty_influence()
        table, fitted = fit(
            frame, {k: v for k, v in spec.items() if k not in ("min_events", "average_effects")}
        )
        for note in fitted.notes:
            logging.info("%s", note)
        influence = fitted.influence
        if "average_effects" in model:
            regressor = model["key_term"].removeprefix(average_effects.AME_PREFIX)
            combos = average_effects.weights(fitted, frame, regressor, model["average_effects"])
            table = pd.concat(
                [table, average_effects.average_effect_rows(table, fitted, combos)], ignore_index=True
            )
            if influence is not None:
                influence = influence.join(average_effects.combination_influence(influence, combos))
        switchers = _switchers_column(n_switchers(frame, fitted.rows, model), len(table))
        return table.assign(n_switchers=switchers), influence_rows(
            influence, model["spec"], model["key_term"]
        )
    except EstimationError as err:
        logging.warning("not estimable: %s", err)
        return empty_estimates(), empty_influence()


def _used_columns(model: dict) -> list:
    """Outcome, terms and the columns interacted, and the peace-year terms where the logit uses them."""
    pairs = [c for pair in model.get("interactions", []) for c in pair]
    splines = model.get("peace_splines", []) if model["estimator"] == "logit" else []
    columns = [model["outcome"], *model["regressors"], *pairs, *model.get("controls", []), *splines]
    return list(dict.fromkeys(columns))


def n_switchers(frame: pd.DataFrame, rows: np.ndarray, model: dict) -> int | None:
    """Switching entities of the fit whose estimation rows are ``rows`` (module doc); None without
    entity effects. ``model`` has the estimators' levels (``estimator_levels``)."""
    entities = _entity_levels({"fixed_effects": model.get("fixed_effects", [])})
    if not entities:
        return None
    used = frame.iloc[rows]
    entity = _level_ids({c: used[c].to_numpy(dtype=float) for c in LEVELS[entities[0]]}, entities[0])
    key = model["key_term"].removeprefix(average_effects.AME_PREFIX)
    values = _key_values(used, model | {"key_term": key}).to_numpy()
    partners = [b if a == key else a for a, b in model.get("interactions", []) if key in (a, b)]
    reference = (used[partners].to_numpy(dtype=float) == 0).all(axis=1)
    distinct = pd.Series(values[reference]).groupby(entity[reference]).nunique()
    return int((distinct >= 2).sum())


def _switchers_column(count: int | None, length: int) -> pd.arrays.IntegerArray:
    return pd.array([count] * length, dtype="Int64")


def counts_table(frame: pd.DataFrame, model: dict) -> pd.DataFrame:
    """Rows and events of a binary outcome, in all and by key-term value (``RESULT_COLUMNS``, no
    estimates; estimator ``counts``): the first row (term = key term) counts every row with the
    used columns present, the next ones (term ``<key>=<value>``) those with each key-term value
    (a 0/1 or few-valued term) or on either side of its median (``<key><=<median>``, ``>``)."""
    present = frame[_used_columns(model)].notna().all(axis=1).to_numpy()
    used = frame[present]
    key = model["key_term"]
    values = _key_values(used, model)
    if values.nunique() <= 5:
        groups = values.map(lambda v: f"{key}={v:g}")
    else:
        median = values.median()
        groups = (values <= median).map({True: f"{key}<={median:g}", False: f"{key}>{median:g}"})
    outcome = used[model["outcome"]].astype(float)
    by_value = outcome.groupby(groups.to_numpy(), sort=True).agg(["size", "sum"])
    terms = [key, *by_value.index]
    rows = [len(used), *by_value["size"]]
    events = [outcome.sum(), *by_value["sum"]]
    nan = float("nan")
    table = pd.DataFrame(
        {
            "hypothesis": model["hypothesis"],
            "spec": model["spec"],
            "estimator": COUNTS_ESTIMATOR,
            "outcome": model["outcome"],
            "term": terms,
            "estimate": nan,
            "std_error": nan,
            "ci_low": nan,
            "ci_high": nan,
            "p_value": nan,
            "n_obs": rows,
            "n_clusters": nan,
            "n_events": pd.array([int(e) for e in events], dtype="Int64"),
            "n_switchers": _switchers_column(n_switchers(frame, np.flatnonzero(present), model), len(terms)),
            "year_min": used["year"].min() if len(used) else nan,
            "year_max": used["year"].max() if len(used) else nan,
        }
    )
    return table[RESULT_COLUMNS]


def _key_values(used: pd.DataFrame, model: dict) -> pd.Series:
    """The key term's values in the rows (an interaction ``a_x_b``: the product)."""
    key = model["key_term"]
    if key in used.columns:
        return used[key].astype(float)
    a, b = next(pair for pair in model.get("interactions", []) if f"{pair[0]}_x_{pair[1]}" == key)
    return used[a].astype(float) * used[b].astype(float)


def _without_constant_controls(frame: pd.DataFrame, model: dict) -> dict:
    """The model without controls that do not vary in its sample.

    A control can be constant by construction in some cells of the grid (``allied_lag`` when the
    outcome is onset among non-allies only); it is dropped and logged rather than failing the cell.
    """
    rows = frame[_used_columns(model)].notna().all(axis=1)
    constant = [c for c in model.get("controls", []) if frame.loc[rows, c].nunique() <= 1]
    if constant:
        logging.info("controls constant in the sample, dropped: %s", constant)
    return model | {"controls": [c for c in model.get("controls", []) if c not in constant]}


def _event_study_table(frame: pd.DataFrame, model: dict) -> pd.DataFrame:
    """The stacked event study (``models.event_study``) in the common result format: terms
    event_m<w>..event_p<w> (w the spec's ``event_window``, the config's ``proxies.event_window``)
    relative to the spec's ``event_reference`` (default -1: t0-1), and the mean of the other leads
    ``event_lead_mean``.

    The registry's units are (stack, ccode), renamed ccode1, ccode2 by ``prepare``; the effects are
    stack x unit and stack x year, the clusters the unit's state, whatever ``fixed_effects`` and
    ``cluster`` say (they document the design). Influence rows of ``event_lead_mean`` when the
    resampling level is the unit's state (``ccode2``), the event study's clusters; none otherwise.
    """
    keys = {"stack": "ccode1", "unit": "ccode2"}
    reference = model.get("event_reference", -1)
    table, influence = stacked_event_study(
        frame, model["outcome"], model["event_window"], reference, keys=keys, with_influence=True
    )
    rows = influence_rows(influence if model.get("resample") == "ccode2" else None, model["spec"], LEAD_MEAN)
    switchers = _switchers_column(_event_switchers(frame, model), len(table))
    return result_table(table.assign(n_switchers=switchers), model["hypothesis"], model["spec"]), rows


def _event_switchers(frame: pd.DataFrame, model: dict) -> int:
    """The event study's switching units: treated stack x unit entities with rows both in the
    leads other than the reference (the key term's dummies) and outside them."""
    rows = frame[[model["outcome"], "ccode1", "ccode2", "treated", "event_time"]].dropna()
    rows = rows[rows["treated"] == 1]
    reference = model.get("event_reference", -1)
    lead = rows["event_time"].between(-model["event_window"], -1) & (rows["event_time"] != reference)
    both = lead.groupby([rows["ccode1"], rows["ccode2"]]).nunique()
    return int((both == 2).sum())


def primary_marginal_effects(data: pd.DataFrame, params: dict, moderator: str) -> pd.DataFrame:
    """Marginal effect of the interacted key regressor over the moderator's range (primary spec)."""
    model = {
        k: v
        for k, v in estimator_levels(params["model"], params["units"]).items()
        if k not in ("key_term", "min_events")
    }
    frame = prepare(data, params["units"], params["sample_years"])
    _, fitted = fit(frame, model)
    term = next(a if b == moderator else b for a, b in model["interactions"] if moderator in (a, b))
    return marginal_effects(fitted, frame, model, term, moderator)


def fit_inputs(data: pd.DataFrame, params: dict) -> tuple[pd.DataFrame, dict]:
    """The rows and the estimators' spec that ``estimate`` fits for one registered specification
    (not an event study): for refitting it (``models.inference.mde_simulated``)."""
    frame = _sample(data, params)
    spec = _without_constant_controls(frame, estimator_levels(params["model"], params["units"]))
    return frame, {k: v for k, v in spec.items() if k != "min_events"}
