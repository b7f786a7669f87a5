"""The generic merge of a registered source into the dyad-year panel (``join`` in data/sources.yaml).

A state-year table (keys ``ccode, year``) adds each declared column ``x`` as ``x1`` (state ccode1)
and ``x2`` (state ccode2); a dyad-year table (keys ``ccode1, ccode2, year``) adds its columns as
they are. ``derived`` columns combine the two sides of one state-year column (``OPS``). Values are
missing where the table has no row (a year outside the source's coverage), and a derived value is
missing when either side is.
"""

import numpy as np
import pandas as pd

from .keys import DYAD_KEY, add_dyad_columns, add_state_columns

STATE_KEY = ["ccode", "year"]


def _both_at_least(x1, x2, threshold):
    out = ((x1 >= threshold) & (x2 >= threshold)).astype(np.int8)
    return pd.arrays.IntegerArray(out, np.isnan(x1) | np.isnan(x2))


def _log_ratio(x1, x2, threshold):
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.log(x1 / x2)
    return np.where(np.isfinite(ratio), ratio, np.nan)


def _ratio(x1, x2, threshold):
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = x1 / x2
    return np.where(np.isfinite(ratio), ratio, np.nan)


# op -> (function of the two sides, codebook definition with {x} and {threshold})
OPS = {
    "min": (lambda x1, x2, t: np.minimum(x1, x2), "min({x}1, {x}2)"),
    "max": (lambda x1, x2, t: np.maximum(x1, x2), "max({x}1, {x}2)"),
    "absdiff": (lambda x1, x2, t: np.abs(x1 - x2), "abs({x}1 - {x}2)"),
    "diff": (lambda x1, x2, t: x1 - x2, "{x}1 - {x}2"),
    "ratio": (_ratio, "{x}1 / {x}2 (missing when not finite)"),
    "log_ratio": (_log_ratio, "log({x}1 / {x}2) (missing when not finite)"),
    "both_at_least": (_both_at_least, "1 if {x}1 >= {threshold} and {x}2 >= {threshold}, else 0"),
}


def add_joined(dyads: pd.DataFrame, table: pd.DataFrame, join: dict) -> pd.DataFrame:
    """``dyads`` (the panel key) with the columns ``join`` declares from ``table``; rows unchanged."""
    columns = {name: (name, None) for name in join["columns"]}
    if list(join["keys"]) == STATE_KEY:
        out = add_state_columns(dyads, table, columns)
    elif list(join["keys"]) == DYAD_KEY:
        out = add_dyad_columns(dyads, table, columns)
    else:
        raise ValueError(f"join keys must be {STATE_KEY} or {DYAD_KEY}, found {join['keys']}")
    derived = {}
    for name, rule in join.get("derived", {}).items():
        x1, x2 = (out[f"{rule['column']}{side}"].to_numpy(dtype=np.float64, na_value=np.nan) for side in "12")
        derived[name] = OPS[rule["op"]][0](x1, x2, rule.get("threshold"))
    return out.assign(**derived)


def joined_columns(name: str, entry: dict, docs: dict) -> dict:
    """column -> (definition, source) for the panel columns source ``name`` adds (its codebook text).

    ``docs`` maps the table's columns to their definitions (the reader's ``Table``).
    """
    join, source = entry["join"], f"{entry['dataset']} ({entry['version']}), registry source `{name}`"
    out = {}
    if list(join["keys"]) == STATE_KEY:
        for column in join["columns"]:
            out[f"{column}1"] = (f"{docs[column]}, state 1", source)
            out[f"{column}2"] = (f"{docs[column]}, state 2", source)
    else:
        out |= {column: (docs[column], source) for column in join["columns"]}
    for column, rule in join.get("derived", {}).items():
        formula = OPS[rule["op"]][1].format(x=rule["column"], threshold=rule.get("threshold"))
        text = f"{rule['doc']}: {formula}" if "doc" in rule else formula
        out[column] = (text, source)
    return out
