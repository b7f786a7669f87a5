"""Patrons and the major powers excluded as prospective allies or clients (RESEARCH_DESIGN.md, 3).

Patrons are COW major powers in year t (primary; COW State System Membership v2016) or Maoz global
powers (alternative; Maoz 2010). A prospective ally A or client C must not be a major power: it is
neither a COW major power nor a patron (under the measure in use) in t. The COW list ends in 2016,
so later state-years have an unknown status and are never eligible.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import state_year_id
from alliance_bargaining.proxies.lookup import DyadYears

PATRON_MEASURES = {"cow_major": "major1", "maoz_global": "global_power1"}


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


def patron_partners(dyads: DyadYears, patrons: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """Dyad-years (ccode_p, ccode_x, year) in first_year..last_year of every state that is a patron in
    some year with every minor power X; ``patron`` flags the years in which P is a patron.

    Prospective allies, clients and the event study's partners are drawn from these rows.
    """
    panel = dyads.panel
    year = panel["year"].to_numpy()
    keep = np.isin(panel["ccode1"].to_numpy(), patrons["ccode"].unique()) & (year >= first_year)
    keep &= year <= last_year
    rows = panel.loc[keep, ["ccode1", "ccode2", "year"]]
    rows = rows[minor_power(dyads, patrons, rows["ccode2"], rows["year"])]
    out = rows.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_x"}).reset_index(drop=True)
    out["patron"] = is_patron(patrons, out["ccode_p"], out["year"])
    return out
