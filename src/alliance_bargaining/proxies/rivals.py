"""Rivals of a patron (RESEARCH_DESIGN.md, 3).

R is a rival of P in year t if a strategic rivalry P-R is active in t (Thompson and Dreyer 2012,
``rivalry_td``, primary; Thompson, Sakuwa and Suresh 2022, ``rivalry_tss``, alternative), or, second
alternative, if a MID between P and R was under way (``mid_ongoing``, primary MID data, onsets included)
in some year of t-10..t-1. The relation is computed for every directed dyad-year (it is symmetric);
``Relation.from_states(patrons)`` keeps the patrons' rows.

Observed years: a rivalry source's coverage (TD ends in 2010, so TD rival sets after 2010 are
unknown); for the MID measure, the years t whose whole window t-10..t-1 lies in the MID data's years.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import DYAD_KEY
from alliance_bargaining.proxies.lookup import DyadYears, Relation

RIVALRY_COLUMNS = {"td": "rivalry_td", "tss": "rivalry_tss"}


def rivals(dyads: DyadYears, measure: str = "td", mid_window: int = 10) -> Relation:
    """Directed dyad-years (ccode1, ccode2, year) in which ccode2 is a rival of ccode1."""
    if measure in RIVALRY_COLUMNS:
        column = RIVALRY_COLUMNS[measure]
        active = dyads.array(column) == 1
        return Relation(dyads.panel.loc[active, DYAD_KEY], dyads.observed_years(column))
    if measure != "mid":
        raise ValueError(f"unknown rival measure {measure!r}")
    return _mid_rivals(dyads, mid_window)


def _mid_rivals(dyads: DyadYears, window: int) -> Relation:
    """A MID under way between the two states in some year of t-window..t-1."""
    ongoing = dyads.panel.loc[dyads.array("mid_ongoing") == 1, DYAD_KEY]
    shifted = pd.concat([ongoing.assign(year=ongoing["year"] + k) for k in range(1, window + 1)])
    shifted = shifted.drop_duplicates()
    shifted = shifted[dyads.exists(shifted["ccode1"], shifted["ccode2"], shifted["year"])]
    mid_years = dyads.observed_years("mid_ongoing")
    years = np.arange(dyads.first_year, dyads.last_year + 1)
    window_known = np.all([np.isin(years - k, mid_years) for k in range(1, window + 1)], axis=0)
    return Relation(shifted, years[window_known])
