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
data's years (COW to 2014, GML to 2010). ``rival_fights`` and ``mid_against_rivals`` are H3's
regressors (A's MIDs against P's rivals, split solo/joint x initiated/targeted) and placebo.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id
from alliance_bargaining.panel.peace_years import PEACE_COLUMNS
from alliance_bargaining.proxies.lookup import DyadYears, Relation

MID_SUFFIXES = ("", "_alt")  # primary and alternative MID data
FIGHTS = ("solo_initiated", "solo_targeted", "joint_initiated", "joint_targeted")  # rival_fights kinds
POOLED = ("initiated", "targeted")  # solo or joint, pooled (H3's ``fight`` dimension)


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


def rival_fights(
    dyads: DyadYears, rivals: Relation, sides: pd.DataFrame, patrons, suffix: str = ""
) -> pd.DataFrame:
    """A's fights with P's rivals: (ccode_p, ccode_a, year s, kind) for every MID between A and R under
    way in s (begun in s or earlier: a row of the directed dispute-dyad-years ``sides``) with R a rival
    of P in s, for P in ``patrons`` (A != P).

    ``kind`` (``FIGHTS``): "joint" if P itself is in a MID with the same R in s (``mid_ongoing`` P-R,
    any dispute), else "solo"; "initiated" if A is on side A (the side of the state that took the
    first militarized action) of that dispute, else "targeted" (side B).
    """
    fights = sides.rename(columns={"ccode1": "ccode_a", "ccode2": "ccode_r"})
    pairs = rivals.pairs[np.isin(rivals.pairs["ccode1"], np.unique(np.asarray(patrons)))]
    fights = fights.merge(
        pairs.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_r"}), on=["ccode_r", "year"]
    )
    fights = fights[fights["ccode_a"] != fights["ccode_p"]]
    joint = dyads.values(
        f"mid_ongoing{suffix}", fights["ccode_p"], fights["ccode_r"], fights["year"], absent=0.0
    )
    kind = np.where(joint == 1, "joint", "solo").astype(object) + np.where(
        fights["sidea1"].to_numpy() == 1, "_initiated", "_targeted"
    ).astype(object)
    return fights[["ccode_p", "ccode_a", "year"]].assign(kind=kind).reset_index(drop=True)


def mid_against_rivals(
    dyads: DyadYears, rivals: Relation, fights: pd.DataFrame, patron, ally, year, offsets, suffix: str = ""
) -> dict[str, np.ndarray]:
    """H3's regressors: kind -> A had a fight of that kind (``rival_fights``) with a rival of P in some
    year s = t + k, k in ``offsets`` (t-3..t-1 for the lags, t+3..t+5 for the placebo), plus the
    ``POOLED`` kinds "initiated" and "targeted" (a solo or joint fight on that side) and "any".

    Each is 1 if such a fight is seen, else 0 if every year of the window lies in the rivalry and MID
    data, else NaN. The kinds are not exclusive (A may fight several rivals in several ways).
    """
    year = np.asarray(year, dtype=np.int64)
    mid_years = dyads.observed_years(f"mid_ongoing{suffix}")
    known = np.all([rivals.observed(year + k) & np.isin(year + k, mid_years) for k in offsets], axis=0)
    out = {}
    for kind in (*FIGHTS, *POOLED, "any"):
        chosen = fights if kind == "any" else fights[fights["kind"].str.endswith(kind)]
        fought = dyad_year_id(chosen["ccode_p"], chosen["ccode_a"], chosen["year"])
        hit = np.any([np.isin(dyad_year_id(patron, ally, year + k), fought) for k in offsets], axis=0)
        out[kind] = np.where(hit, 1.0, np.where(known, 0.0, np.nan))
    return out
