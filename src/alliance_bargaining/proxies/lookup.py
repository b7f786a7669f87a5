"""Reading the dyad-year panel at any (ccode1, ccode2, year), for lags and leads.

Every proxy reads the panel through :class:`DyadYears`: a row is found by its sorted integer id
(``panel.keys``), so a lag or lead is a lookup at ``year - k`` or ``year + k`` on the full panel,
whatever sample is cut later. Values come back as float arrays with NaN for missing, and two rules
separate "nothing happened" from "unknown":

- a dyad-year inside the panel's years but without a row (a state outside the system) takes the
  caller's ``absent`` value: 0 for events (no alliance, no MID, no arms), NaN for measurements;
- a year outside the panel's years is always NaN, as are the panel's own missing values (outside
  a source's coverage).

:class:`Relation` holds the pairs for which a relation (rivalry, clientship) holds, with the years
in which it is observed. :func:`any_of` combines indicators with Kleene logic.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import DYAD_KEY, dyad_year_id, state_year_id


class DyadYears:
    """The panel with positional lookups of its dyad-years and state-years."""

    def __init__(self, panel: pd.DataFrame):
        ids = dyad_year_id(panel["ccode1"], panel["ccode2"], panel["year"])
        if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
            order = np.argsort(ids, kind="stable")
            panel, ids = panel.iloc[order].reset_index(drop=True), ids[order]
            if (ids[1:] == ids[:-1]).any():
                raise ValueError("panel has duplicate dyad-years")
        self.panel = panel
        self.ids = ids
        self.first_year = int(panel["year"].min())
        self.last_year = int(panel["year"].max())
        # one row per state-year in which the state is ccode1, for its monadic columns (major1, cinc1...)
        self.state_ids, self._state_rows = np.unique(
            state_year_id(panel["ccode1"], panel["year"]), return_index=True
        )
        self._arrays = {}

    def array(self, column: str) -> np.ndarray:
        """The column as float64, NaN for missing (cached)."""
        if column not in self._arrays:
            self._arrays[column] = self.panel[column].to_numpy(dtype=np.float64, na_value=np.nan)
        return self._arrays[column]

    def rows(self, ccode1, ccode2, year) -> np.ndarray:
        """Panel row of each dyad-year, -1 where it has none."""
        return _find(self.ids, dyad_year_id(ccode1, ccode2, year))

    def exists(self, ccode1, ccode2, year) -> np.ndarray:
        return self.rows(ccode1, ccode2, year) >= 0

    def values(self, column: str, ccode1, ccode2, year, absent: float = np.nan) -> np.ndarray:
        """``column`` at each dyad-year: ``absent`` for a dyad-year without a row inside the panel's
        years, NaN outside them."""
        year = np.asarray(year, dtype=np.int64)
        rows = self.rows(ccode1, ccode2, year)
        out = np.where(rows >= 0, self.array(column)[np.maximum(rows, 0)], absent)
        out[(year < self.first_year) | (year > self.last_year)] = np.nan
        return out

    def in_system(self, ccode, year) -> np.ndarray:
        """The state is a system member (ccode1 of some dyad-year) in the year."""
        return _find(self.state_ids, state_year_id(ccode, year)) >= 0

    def state_values(self, column: str, ccode, year) -> np.ndarray:
        """A monadic column for state 1 (``major1``, ``cinc1``...) at each state-year, NaN if absent."""
        rows = _find(self.state_ids, state_year_id(ccode, year))
        values = self.array(column)[self._state_rows[np.maximum(rows, 0)]]
        return np.where(rows >= 0, values, np.nan)

    def states(self, columns: list[str]) -> pd.DataFrame:
        """State-years (ccode, year) with monadic columns of state 1."""
        rows = self._state_rows
        frame = self.panel[["ccode1", "year", *columns]].iloc[rows].reset_index(drop=True)
        return frame.rename(columns={"ccode1": "ccode"})

    def observed_years(self, column: str) -> np.ndarray:
        """Years in which ``column`` is non-missing somewhere (the sources' coverage is by year)."""
        known = ~np.isnan(self.array(column))
        return np.unique(self.panel["year"].to_numpy()[known]).astype(np.int64)


class Relation:
    """Directed pairs (ccode1, ccode2, year) for which a relation holds, observed in ``years``.

    Outside the observed years the relation is unknown (NaN), inside them a pair not listed is 0.
    """

    def __init__(self, pairs: pd.DataFrame, years: np.ndarray):
        ids = dyad_year_id(pairs["ccode1"], pairs["ccode2"], pairs["year"])
        order = np.argsort(ids, kind="stable")
        self.pairs = pairs.iloc[order][DYAD_KEY].reset_index(drop=True)
        self.ids = ids[order]
        self.years = np.asarray(years, dtype=np.int64)

    def observed(self, year) -> np.ndarray:
        return np.isin(np.asarray(year, dtype=np.int64), self.years)

    def holds(self, ccode1, ccode2, year) -> np.ndarray:
        """1 if the pair is listed, 0 if not and the year is observed, else NaN."""
        listed = _find(self.ids, dyad_year_id(ccode1, ccode2, year)) >= 0
        return np.where(listed, 1.0, np.where(self.observed(year), 0.0, np.nan))

    def from_states(self, state_years: pd.DataFrame) -> pd.DataFrame:
        """The pairs whose ccode1 is one of the (ccode, year) ``state_years``."""
        keep = np.isin(
            state_year_id(self.pairs["ccode1"], self.pairs["year"]),
            state_year_id(state_years["ccode"], state_years["year"]),
        )
        return self.pairs[keep].reset_index(drop=True)


def _find(sorted_ids: np.ndarray, ids: np.ndarray) -> np.ndarray:
    at = np.searchsorted(sorted_ids, ids)
    if not len(sorted_ids):
        return np.full(len(ids), -1)
    clipped = np.minimum(at, len(sorted_ids) - 1)
    return np.where(sorted_ids[clipped] == ids, clipped, -1)


def any_of(indicators: list[np.ndarray]) -> np.ndarray:
    """Kleene OR of 0/1/NaN arrays: 1 if any is 1, else NaN if any is unknown, else 0."""
    stacked = np.vstack(indicators)
    return np.where((stacked == 1).any(axis=0), 1.0, np.where(np.isnan(stacked).any(axis=0), np.nan, 0.0))


def group_any(keys: pd.DataFrame, values: np.ndarray) -> pd.DataFrame:
    """Kleene OR of ``values`` within groups of identical ``keys`` rows; keys plus column ``value``."""
    frame = keys.assign(hit=values == 1, unknown=np.isnan(values))
    out = frame.groupby(list(keys.columns), sort=True, observed=True)[["hit", "unknown"]].any().reset_index()
    out["value"] = np.where(out["hit"], 1.0, np.where(out["unknown"], np.nan, 0.0))
    return out.drop(columns=["hit", "unknown"])


def flag(values: np.ndarray) -> pd.arrays.IntegerArray:
    """0/1/NaN floats as a nullable Int8 column."""
    values = np.asarray(values, dtype=np.float64)
    missing = np.isnan(values)
    return pd.arrays.IntegerArray(np.where(missing, 0, values).astype(np.int8), missing)
