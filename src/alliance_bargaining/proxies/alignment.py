"""Non-UN alignment of a prospective ally A with a patron P (RESEARCH_DESIGN.md, 7 "Roles").

States without UN votes (the PRC before 1971, North Korea before 1991, any state before its
admission) have no ex ante prospect. ``prospect_alignment``, a documented alternative prospect
measure, is the ex ante prospect where it is known, else the alignment signal of (P, A, t):

- 1 if in some year s of t-3..t-1 A received arms from P (SIPRI TIV ``arms_tiv`` P->A > 0) or P and A
  held an ATOP consultation or non-aggression obligation (``atop_consul``, ``atop_nonagg``; ATOP 5,
  Leeds et al. 2002; either direction);
- 0 if none of these is seen and all of them are known in every year of the window (a dyad-year
  outside the system has no tie; SIPRI starts in 1950, so a window reaching before 1950 is known
  only through a tie);
- missing otherwise.
"""

import numpy as np

from alliance_bargaining.proxies.lookup import DyadYears, any_of

WINDOW = 3  # years t-3..t-1
TIES = ("atop_consul", "atop_nonagg")


def alignment_signal(dyads: DyadYears, patron, ally, year, window: int = WINDOW) -> np.ndarray:
    """1/0/NaN alignment signal of each (P, A, t) (module doc)."""
    year = np.asarray(year, dtype=np.int64)
    seen = []
    for k in range(1, window + 1):
        arms = dyads.values("arms_tiv", patron, ally, year - k, absent=0.0)
        seen.append(np.where(np.isnan(arms), np.nan, arms > 0))
        for column in TIES:
            seen.append(dyads.values(column, patron, ally, year - k, absent=0.0))
            seen.append(dyads.values(column, ally, patron, year - k, absent=0.0))
    return any_of(seen)


def prospect_alignment(ex_ante: np.ndarray, signal: np.ndarray) -> np.ndarray:
    """The ex ante prospect where known, else the alignment signal."""
    ex_ante = np.asarray(ex_ante, dtype=np.float64)
    return np.where(np.isnan(ex_ante), signal, ex_ante)
