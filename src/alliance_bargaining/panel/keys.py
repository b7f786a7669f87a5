"""Integer keys and row-count-preserving lookups for dyad-year and state-year frames.

A directed dyad-year is encoded as one int64, ``(ccode1 * 1000 + ccode2) * 10000 + year``
(COW codes are below 1000, years below 10000), so joins are sorted-array searches rather
than hash merges on three columns.
"""

import numpy as np
import pandas as pd

DYAD_KEY = ["ccode1", "ccode2", "year"]


def dyad_year_id(ccode1, ccode2, year) -> np.ndarray:
    """int64 id of directed dyad-years; sorting ids sorts by (ccode1, ccode2, year)."""
    return (
        np.asarray(ccode1, dtype=np.int64) * 1000 + np.asarray(ccode2, dtype=np.int64)
    ) * 10000 + np.asarray(year, dtype=np.int64)


def state_year_id(ccode, year) -> np.ndarray:
    """int64 id of state-years."""
    return np.asarray(ccode, dtype=np.int64) * 10000 + np.asarray(year, dtype=np.int64)


def positions(target_ids: np.ndarray, source_ids: np.ndarray) -> np.ndarray:
    """For each target id, the row of ``source_ids`` holding it, or -1 (source ids unique)."""
    order = np.argsort(source_ids, kind="stable")
    sorted_ids = source_ids[order]
    if len(sorted_ids) > 1 and (sorted_ids[1:] == sorted_ids[:-1]).any():
        raise ValueError("lookup source has duplicate keys")
    at = np.searchsorted(sorted_ids, target_ids)
    at_clipped = np.minimum(at, max(len(sorted_ids) - 1, 0))
    found = (
        (at < len(sorted_ids)) & (sorted_ids[at_clipped] == target_ids)
        if len(sorted_ids)
        else np.zeros(len(target_ids), bool)
    )
    return np.where(found, order[at_clipped] if len(order) else -1, -1)


def take(values: pd.Series, rows: np.ndarray, fill=None, dtype=None) -> np.ndarray | pd.Series:
    """values[rows] with ``fill`` (or missing) where rows == -1, keeping a small dtype."""
    found = rows >= 0
    picked = values.to_numpy()[np.where(found, rows, 0)] if len(values) else np.zeros(len(rows), values.dtype)
    if fill is not None:
        out = np.where(found, picked, fill)
        return out.astype(dtype or values.dtype)
    target = dtype or _nullable(values.dtype)
    if str(target).startswith("float"):
        return np.where(found, picked, np.nan).astype(target)
    out = pd.array(picked, dtype=target)
    out[~found] = pd.NA
    return out


def _nullable(dtype) -> str:
    name = str(dtype)
    return {"int8": "Int8", "int16": "Int16", "int32": "Int32", "int64": "Int64"}.get(name, name)


def add_dyad_columns(dyads: pd.DataFrame, table: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """Add ``table`` columns to ``dyads`` by (ccode1, ccode2, year); rows unchanged.

    ``columns`` maps new column name -> (table column, fill). ``fill=None`` leaves missing
    where the table has no row.
    """
    rows = positions(
        dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"]),
        dyad_year_id(table["ccode1"], table["ccode2"], table["year"]),
    )
    return dyads.assign(**{new: take(table[src], rows, fill) for new, (src, fill) in columns.items()})


def add_state_columns(dyads: pd.DataFrame, table: pd.DataFrame, columns: dict) -> pd.DataFrame:
    """Add state-year ``table`` columns for both sides: ``<name>1`` for ccode1, ``<name>2`` for ccode2.

    ``columns`` maps base name -> (table column, fill).
    """
    source = state_year_id(table["ccode"], table["year"])
    out = {}
    for side in ("1", "2"):
        rows = positions(state_year_id(dyads[f"ccode{side}"], dyads["year"]), source)
        for new, (src, fill) in columns.items():
            out[f"{new}{side}"] = take(table[src], rows, fill)
    return dyads.assign(**out)


def spell_years(start, end) -> tuple[np.ndarray, np.ndarray]:
    """Expand spells start..end (inclusive years) into (spell row, year) pairs by ``np.repeat``."""
    start = np.asarray(start, dtype=np.int64)
    lengths = np.asarray(end, dtype=np.int64) - start + 1
    spell = np.repeat(np.arange(len(start)), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return spell, start[spell] + offset


def nondirected_positions(dyads: pd.DataFrame, table: pd.DataFrame) -> np.ndarray:
    """For each directed dyad-year, the row of the non-directed ``table`` (ccode1 < ccode2) holding the
    dyad in either order, or -1."""
    if (table["ccode1"] >= table["ccode2"]).any():
        raise ValueError("non-directed table must have ccode1 < ccode2")
    c1, c2 = dyads["ccode1"].to_numpy(), dyads["ccode2"].to_numpy()
    return positions(
        dyad_year_id(np.minimum(c1, c2), np.maximum(c1, c2), dyads["year"]),
        dyad_year_id(*(table[c] for c in DYAD_KEY)),
    )
