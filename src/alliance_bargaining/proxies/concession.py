"""Concessions (RESEARCH_DESIGN.md, 3).

By a state A to another state C (H4): no MID onset (``conflict``); ``un_agree_gain``, the change in UN
agreement from t-1 to t; ``yield_or_compromise``, the outcome of an A-C dispute beginning in t.

``mid_outcome`` codes are dispute-level and relative to the dispute's sides (3 yield by side A, 4
yield by side B, 6 compromise). The panel has no side flag for a non-originating participant, so A's
side in the counted dispute is read from the directed dispute-dyad-years of the same MID data
(``sidea1`` by dispnum, ccode1, ccode2 and year: France switched sides against the USSR within
dispute 258). ``yield_or_compromise`` is 1 if A's side yields (3 when A is on side A, 4 when on side
B) or the dispute ends in compromise (6), 0 for any other known outcome (victories, stalemate,
released, joins war), missing for unclear (8) or unknown outcomes and in dyad-years without an onset.

By a patron P to a client K (H5, compensation): arms transfers P->K as log(1 + SIPRI TIV) (missing
before 1950; a supplier-recipient-year without a transfer is 0), a new or upgraded ATOP commitment
P->K (``alliance``), and P's UN agreement gain toward K.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import DYAD_KEY
from alliance_bargaining.proxies.lookup import DyadYears

YIELD_BY_SIDE_A, YIELD_BY_SIDE_B, COMPROMISE, UNCLEAR = 3, 4, 6, 8


def un_agree_gain(dyads: DyadYears, ccode1, ccode2, year) -> np.ndarray:
    """un_agree in t minus un_agree in t-1."""
    year = np.asarray(year, dtype=np.int64)
    return dyads.values("un_agree", ccode1, ccode2, year) - dyads.values("un_agree", ccode1, ccode2, year - 1)


def mid_sides(dirdisps: pd.DataFrame) -> pd.DataFrame:
    """(dispnum, ccode1, ccode2, year, sidea1): ccode1's side in each directed dispute-dyad-year."""
    return dirdisps[["dispnum", *DYAD_KEY, "sidea1"]].drop_duplicates(["dispnum", *DYAD_KEY])


def yield_or_compromise(dyads: DyadYears, sides: pd.DataFrame, ccode1, ccode2, year, suffix="") -> np.ndarray:
    """1 if ccode1's side yields or the dispute beginning in t ends in a compromise (module doc)."""
    onset = dyads.values(f"mid_onset{suffix}", ccode1, ccode2, year, absent=0.0)
    outcome = dyads.values(f"mid_outcome{suffix}", ccode1, ccode2, year)
    counted = pd.DataFrame(
        {
            "dispnum": dyads.values(f"mid_dispnum{suffix}", ccode1, ccode2, year),
            "ccode1": np.asarray(ccode1),
            "ccode2": np.asarray(ccode2),
            "year": np.asarray(year),
        }
    )
    side = counted.merge(sides.astype({"dispnum": np.float64}), on=["dispnum", *DYAD_KEY], how="left")
    side_a = side["sidea1"].to_numpy(dtype=np.float64, na_value=np.nan)
    yielded = np.where(side_a == 1, outcome == YIELD_BY_SIDE_A, outcome == YIELD_BY_SIDE_B)
    value = (yielded | (outcome == COMPROMISE)).astype(np.float64)
    unknown = (onset != 1) | np.isnan(outcome) | (outcome == UNCLEAR) | np.isnan(side_a)
    return np.where(unknown, np.nan, value)


def log_arms(dyads: DyadYears, supplier, recipient, year) -> np.ndarray:
    """log(1 + arms_tiv supplier->recipient) in t (0 without a transfer, missing before 1950)."""
    return np.log1p(dyads.values("arms_tiv", supplier, recipient, year, absent=0.0))
