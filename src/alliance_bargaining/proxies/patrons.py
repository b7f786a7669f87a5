"""Patrons and the major powers excluded as prospective allies or clients (RESEARCH_DESIGN.md, 3).

Patrons are COW major powers in year t (primary; COW State System Membership v2016) or Maoz global
powers (alternative; Maoz 2010). A prospective ally A or client C must not be a major power: it is
neither a COW major power nor a patron (under the measure in use) in t. The COW list ends in 2016,
so later state-years have an unknown status and are never eligible.

The role of A (prospective ally; H1-H4 and the event study; RESEARCH_DESIGN.md, 7 "Roles") is a
multiverse choice, config ``proxies.role``:

- ``cow_minor`` (primary): A is a minor power in t (above);
- ``weaker_than_patron``: A may also be a major power (or patron) when P's CINC in t-1 is at least
  ``STRENGTH_RATIO`` times A's (COW NMC 6.0; unknown CINC: not eligible by this rule), as the theory's
  junior ally of a stronger patron (China and the USSR in 1950 if their 1949 CINC say so).

Existing clients C (H4) and K (H5, H7) stay minor powers under both.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import state_year_id
from alliance_bargaining.proxies.lookup import DyadYears

PATRON_MEASURES = {"cow_major": "major1", "maoz_global": "global_power1"}
ROLES = ("cow_minor", "weaker_than_patron")
STRENGTH_RATIO = 2.0  # weaker_than_patron: CINC(P, t-1) >= STRENGTH_RATIO * CINC(A, t-1)


def patron_years(dyads: DyadYears, measure: str = "cow_major") -> pd.DataFrame:
    """State-years (ccode, year) of patrons, sorted."""
    states = dyads.states([PATRON_MEASURES[measure]])
    patron = states[PATRON_MEASURES[measure]].to_numpy(dtype=np.float64, na_value=np.nan) == 1
    return states.loc[patron, ["ccode", "year"]].reset_index(drop=True)


def is_patron(patrons: pd.DataFrame, ccode, year) -> np.ndarray:
    return np.isin(state_year_id(ccode, year), state_year_id(patrons["ccode"], patrons["year"]))


def minor_power(dyads: DyadYears, patrons: pd.DataFrame, ccode, year) -> np.ndarray:
    """The state is neither a COW major power nor a patron in the year (unknown status: False)."""
    return (dyads.state_values("major1", ccode, year) == 0) & ~is_patron(patrons, ccode, year)


def much_weaker(dyads: DyadYears, patron, ccode, year) -> np.ndarray:
    """P's CINC in t-1 is at least ``STRENGTH_RATIO`` times the state's (False if either is unknown)."""
    before = np.asarray(year, dtype=np.int64) - 1
    cinc_p, cinc_x = dyads.state_values("cinc1", patron, before), dyads.state_values("cinc1", ccode, before)
    return cinc_p >= STRENGTH_RATIO * cinc_x


def patron_partners(
    dyads: DyadYears, patrons: pd.DataFrame, first_year: int, last_year: int, role: str = "cow_minor"
) -> pd.DataFrame:
    """Dyad-years (ccode_p, ccode_x, year) in first_year..last_year of every state that is a patron in
    some year with every state X eligible as A under ``role`` (module doc); ``patron`` flags the years
    in which P is a patron, ``minor`` those in which X is a minor power.

    Prospective allies and the event study's partners are drawn from these rows, clients from the
    ``minor`` ones.
    """
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}, not {role!r}")
    panel = dyads.panel
    year = panel["year"].to_numpy()
    keep = np.isin(panel["ccode1"].to_numpy(), patrons["ccode"].unique()) & (year >= first_year)
    keep &= year <= last_year
    rows = panel.loc[keep, ["ccode1", "ccode2", "year"]]
    minor = minor_power(dyads, patrons, rows["ccode2"], rows["year"])
    eligible = minor.copy()
    if role == "weaker_than_patron":
        eligible |= much_weaker(dyads, rows["ccode1"], rows["ccode2"], rows["year"])
    out = rows[eligible].rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_x"}).reset_index(drop=True)
    out["patron"] = is_patron(patrons, out["ccode_p"], out["year"])
    out["minor"] = minor[eligible]
    return out
