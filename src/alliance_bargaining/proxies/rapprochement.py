"""Rapprochement of a patron P with some state Q (RESEARCH_DESIGN.md, 3; Wong 2018).

- ``rapprochement`` (primary): some P-Q strategic rivalry (Thompson and Dreyer 2012, or TSS) ended
  within the previous 5 years: it was active in at least one year of t-5..t-1 and is not active in
  t, with Q still a system member in t (a rival's disappearance, e.g. East Germany in 1990, is no
  rapprochement). A rivalry ending after its last active year e thus counts in t = e+1..e+5.
  Missing when a year of t-5..t is outside the rivalry data (TD ends in 2010).
- ``rapprochement_un`` (alternative): UN agreement (``un_agree``) of P with a state Q that was P's
  strategic rival in t-3 rose by at least 0.10 from t-3 to t. A rival without UN data in t-3 or t
  counts as no rise; missing when t-3 is outside the rivalry data or t-3 or t has no UN votes at
  all. (Over all states rather than former rivals, a 0.10 rise somewhere is nearly certain.)
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import state_year_id
from alliance_bargaining.proxies.lookup import DyadYears, Relation


def rapprochement(dyads: DyadYears, rivalries: Relation, patron, year, window: int = 5) -> np.ndarray:
    """1 if a strategic rivalry of P ended within t-window..t (see module doc), per (P, t)."""
    patron, year = np.asarray(patron), np.asarray(year, dtype=np.int64)
    pairs = rivalries.pairs[np.isin(rivalries.pairs["ccode1"], np.unique(patron))]
    later = pd.concat([pairs.assign(year=pairs["year"] + k) for k in range(1, window + 1)])
    later = later.drop_duplicates()
    ended = dyads.exists(later["ccode1"], later["ccode2"], later["year"])
    ended &= rivalries.holds(later["ccode1"], later["ccode2"], later["year"]) == 0
    hit = np.isin(state_year_id(patron, year), state_year_id(later["ccode1"][ended], later["year"][ended]))
    known = np.all([rivalries.observed(year - k) for k in range(window + 1)], axis=0)
    return np.where(hit, 1.0, np.where(known, 0.0, np.nan))


def rapprochement_un(
    dyads: DyadYears, rivalries: Relation, patron, year, rise: float = 0.10, years: int = 3
) -> np.ndarray:
    """1 if P's UN agreement with a state that was its rival in t-years rose by >= rise to t."""
    patron, year = np.asarray(patron), np.asarray(year, dtype=np.int64)
    start = pd.DataFrame({"ccode1": patron, "year": year - years}).drop_duplicates()
    former = rivalries.pairs.merge(start, on=["ccode1", "year"])
    gain = dyads.values("un_agree", former["ccode1"], former["ccode2"], former["year"] + years)
    gain = gain - dyads.values("un_agree", former["ccode1"], former["ccode2"], former["year"])
    rose = former[gain >= rise - 1e-12]
    hit = np.isin(state_year_id(patron, year), state_year_id(rose["ccode1"], rose["year"] + years))
    un_years = dyads.observed_years("un_agree")
    known = rivalries.observed(year - years) & np.isin(year, un_years) & np.isin(year - years, un_years)
    return np.where(hit, 1.0, np.where(known, 0.0, np.nan))
