"""ATOP alliance obligations and alliance events per directed dyad-year (Leeds et al. 2002; ATOP 5).

Obligation flags are directed as in the ATOP dyad-year data: a few hundred dyad-years have, for
example, a defense pledge in one direction only. Events are computed for two alliance definitions:

- primary, ``ally_defense_offense`` (defense or offense pledge): ``alliance_onset``,
  ``alliance_upgrade``, ``alliance_termination``, ``alliance_gain``;
- alternative, ``ally_any`` (any of the five obligations): the same names with suffix ``_any``.

Rules, per directed dyad and year t (t-1 is the previous calendar year):

- onset: allied in t and not in t-1; termination: allied in t-1 and not in t;
- upgrade: allied in t-1 and t, and the set of the five ATOP obligations in t strictly contains the
  set in t-1 (a new obligation and none dropped); gain: onset or upgrade;
- a dyad-year absent from ``dyads`` (a state outside the system) counts as not allied, so a dyad
  re-entering the system allied has an onset, and a termination is recorded only when the dyad
  exists in the year after the last allied year;
- gaps: at most ``max_gap`` non-allied calendar years between two allied years are treated as a
  continued alliance (no termination before, no onset after; an upgrade compares with the last
  allied year). ``max_gap=0`` applies no smoothing;
- censoring: events are missing outside ATOP coverage, and wherever the answer depends on years
  before the first or after the last year seen by both ATOP and ``dyads`` (e.g. an allied dyad in
  the panel's first year: onset or continuation is unknown).
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id, positions, take

OBLIGATIONS = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
DEFINITIONS = {"ally_defense_offense": "", "ally_any": "_any"}


def add_atop(
    dyads: pd.DataFrame, atop: pd.DataFrame, first_year: int, last_year: int, max_gap: int = 0
) -> pd.DataFrame:
    """Add ATOP obligation flags, both alliance definitions and their events (Int8, see module doc).

    ``first_year``..``last_year`` is ATOP's coverage (1815-2018 in ATOP 5): inside it a dyad-year
    without an ATOP row has no alliance (0), outside it every added column is missing.
    ``dyads`` must be sorted by (ccode1, ccode2, year) with unique rows.
    """
    ids = dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"])
    if len(ids) > 1 and not (ids[1:] > ids[:-1]).all():
        raise ValueError("dyads must be sorted by (ccode1, ccode2, year) without duplicates")
    rows = positions(ids, dyad_year_id(atop["ccode1"], atop["ccode2"], atop["year"]))
    flags = {name: take(atop[name], rows, fill=0, dtype=np.int8) for name in OBLIGATIONS}
    obligations = sum(flags[name] << bit for bit, name in enumerate(OBLIGATIONS))
    allied = {
        "ally_defense_offense": (flags["atop_defense"] | flags["atop_offense"]) > 0,
        "ally_any": obligations > 0,
    }

    year = dyads["year"].to_numpy().astype(np.int32)
    outside = (year < first_year) | (year > last_year)
    start = max(first_year, year.min()) if len(year) else first_year
    end = min(last_year, year.max()) if len(year) else last_year
    panel = _DyadRows(dyads["ccode1"], dyads["ccode2"], year, start, end)
    columns = {name: _int8(values, outside) for name, values in flags.items()}
    columns |= {name: _int8(values, outside) for name, values in allied.items()}
    for name, suffix in DEFINITIONS.items():
        events = panel.events(allied[name] & ~outside, obligations, max_gap)
        columns |= {
            f"alliance_{event}{suffix}": _int8(values, missing | outside)
            for event, (values, missing) in events.items()
        }
    return dyads.assign(**columns)


class _DyadRows:
    """Row neighbours within each directed dyad of a sorted dyad-year frame."""

    def __init__(self, ccode1, ccode2, year: np.ndarray, start: int, end: int):
        dyad = np.asarray(ccode1, dtype=np.int32) * 1000 + np.asarray(ccode2, dtype=np.int32)
        n = len(dyad)
        self.row = np.arange(n, dtype=np.int32)
        self.year, self.start, self.end = year, start, end
        first = _from_previous(dyad, -1) != dyad
        last = _from_next(dyad, -1) != dyad
        self.group_first = np.maximum.accumulate(np.where(first, self.row, 0))
        self.group_last = np.minimum.accumulate(np.where(last, self.row, n)[::-1])[::-1]
        self.has_previous_year = ~first & (_from_previous(year, 0) == year - 1)

    def events(self, allied: np.ndarray, obligations: np.ndarray, max_gap: int) -> dict:
        """Onset, upgrade, termination and gain as (values, missing) boolean arrays."""
        row, year, n = self.row, self.year, len(self.row)
        before = _from_previous(np.maximum.accumulate(np.where(allied, row, -1)), -1)
        after = _from_next(np.minimum.accumulate(np.where(allied, row, n)[::-1])[::-1], n)
        has_before = before >= self.group_first
        has_after = after <= self.group_last
        continued = allied & has_before & (year - year[np.where(has_before, before, 0)] - 1 <= max_gap)
        earlier = obligations[np.where(continued, before, 0)]
        grows = ((obligations & earlier) == earlier) & (obligations != earlier)
        onset = allied & ~continued
        # onset or continuation unknown when the bridging window t-1-max_gap..t-1 reaches before the start
        entry_unknown = onset & (year - 1 - max_gap < self.start)
        was_allied = self.has_previous_year & _from_previous(allied, False)
        resumes = has_after & (year[np.minimum(after, n - 1)] - year <= max_gap)
        termination = ~allied & was_allied & ~resumes
        exit_unknown = ~allied & ((year - 1 < self.start) | (termination & (year + max_gap > self.end)))
        upgrade = continued & grows
        return {
            "onset": (onset, entry_unknown),
            "upgrade": (upgrade, entry_unknown),
            "termination": (termination, exit_unknown),
            "gain": (onset | upgrade, entry_unknown),
        }


def _from_previous(values: np.ndarray, fill) -> np.ndarray:
    """values of the row before (``fill`` in the first row)."""
    return np.concatenate([np.full(min(len(values), 1), fill, values.dtype), values[:-1]])


def _from_next(values: np.ndarray, fill) -> np.ndarray:
    """values of the row after (``fill`` in the last row)."""
    return np.concatenate([values[1:], np.full(min(len(values), 1), fill, values.dtype)])


def _int8(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(np.asarray(values).astype(np.int8), np.asarray(missing, dtype=bool))
