"""Conflict: MID onsets between two states (RESEARCH_DESIGN.md, 3).

Read from the panel's counted dispute per dyad-year (at most one: the onset dispute with the highest
hostility, then the lowest dispute number; ``panel.mids``), for the primary MID data (COW MID 5.0,
no suffix) and the alternative (GML 2.2.1, suffix ``_alt``):

- ``mid_onset``: a MID between the two states begins in t;
- ``mid_onset_initiated``: ccode1 is on side A and an originator of a MID beginning in t
  (``mid_initiator``);
- ``mid_onset_force``: the onset MID reaches hostility level >= 4 (use of force or war);
- ``mid_onset_fatal``: the onset MID has fatalities (missing if their level is unknown).

All are 0 for a dyad-year without a row (a state outside the system) and missing outside the MID
data's years (COW to 2014, GML to 2010). ``mid_against_rivals`` is H3's regressor.
"""

import numpy as np

from alliance_bargaining.panel.keys import DYAD_KEY, dyad_year_id
from alliance_bargaining.panel.peace_years import PEACE_COLUMNS
from alliance_bargaining.proxies.lookup import DyadYears, Relation

MID_SUFFIXES = ("", "_alt")  # primary and alternative MID data


def conflict(dyads: DyadYears, ccode1, ccode2, year, hostility_min: int = 4) -> dict[str, np.ndarray]:
    """The four onset indicators for both MID data sets, in the order initiated, any, force, fatal."""
    out = {}
    for suffix in MID_SUFFIXES:
        onset = dyads.values(f"mid_onset{suffix}", ccode1, ccode2, year, absent=0.0)
        hostlev = dyads.values(f"mid_hostlev{suffix}", ccode1, ccode2, year, absent=0.0)
        fatal = dyads.values(f"mid_fatal{suffix}", ccode1, ccode2, year, absent=0.0)
        out[f"mid_onset_initiated{suffix}"] = dyads.values(
            f"mid_initiator{suffix}", ccode1, ccode2, year, absent=0.0
        )
        out[f"mid_onset{suffix}"] = onset
        out[f"mid_onset_force{suffix}"] = np.where(onset == 1, hostlev >= hostility_min, onset)
        out[f"mid_onset_fatal{suffix}"] = np.where(onset == 1, fatal, onset)
    return out


def peace_controls(dyads: DyadYears, ccode1, ccode2, year) -> dict[str, np.ndarray]:
    """Peace years, their square and cube, and spline terms (Carter and Signorino 2010; Beck, Katz
    and Tucker 1998) for both MID data sets."""
    return {
        f"{name}{suffix}": dyads.values(f"{name}{suffix}", ccode1, ccode2, year)
        for suffix in MID_SUFFIXES
        for name in PEACE_COLUMNS
    }


def mid_against_rivals(
    dyads: DyadYears, rivals: Relation, patron, ally, year, lag: int = 3, suffix: str = ""
) -> np.ndarray:
    """A in a MID against a rival of P in some year s of t-lag..t-1 (H3's regressor).

    A MID counts whether it begins in s or continues from earlier (``mid_ongoing``: A is fighting R in
    s), and R must be P's rival in that year s. Missing when no such MID is seen and some year of the
    window is outside the rivalry or MID data.
    """
    patron, ally = np.asarray(patron), np.asarray(ally)
    year = np.asarray(year, dtype=np.int64)
    ongoing = dyads.panel.loc[dyads.array(f"mid_ongoing{suffix}") == 1, DYAD_KEY]
    patron_rivals = rivals.pairs[np.isin(rivals.pairs["ccode1"], np.unique(patron))]
    fights = ongoing.merge(patron_rivals.rename(columns={"ccode1": "patron"}), on=["ccode2", "year"])
    fought = dyad_year_id(fights["patron"], fights["ccode1"], fights["year"])
    hit = np.any([np.isin(dyad_year_id(patron, ally, year - k), fought) for k in range(1, lag + 1)], axis=0)
    mid_years = dyads.observed_years(f"mid_ongoing{suffix}")
    known = np.all(
        [rivals.observed(year - k) & np.isin(year - k, mid_years) for k in range(1, lag + 1)], axis=0
    )
    return np.where(hit, 1.0, np.where(known, 0.0, np.nan))
