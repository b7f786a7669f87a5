"""H1/H2's risk set and its entanglement flag (RESEARCH_DESIGN.md, 7; ATOP 5, Leeds et al. 2002).

- Risk set: a dyad-year (A, R, t) is at risk only if A and R had no ATOP obligation of any kind
  (``ally_any``) with each other in t-1, in either direction: a fight between allies (fishing
  disputes of Ecuador or Peru with the United States) is not a signal to R's rival.
- ``allied_with_rival_lag``: A had an ATOP obligation of any kind (either direction) in t-1 with some
  state S (S != A, S != R) that is a rival of R in t (the configured rival measure). S may be a
  patron P of the row's triads: a row with an upgrade at stake (A committed to P, a rival of R) has
  the flag by construction. A control/flag (co-belligerence by alliance), never an exclusion.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import DYAD_KEY, dyad_year_id
from alliance_bargaining.proxies.lookup import DyadYears, Relation


def allied_any_lag(dyads: DyadYears, ccode1, ccode2, year) -> np.ndarray:
    """Any ATOP obligation between the two states in t-1, in either direction (0/1; NaN outside ATOP)."""
    before = np.asarray(year, dtype=np.int64) - 1
    one = dyads.values("ally_any", ccode1, ccode2, before, absent=0.0)
    other = dyads.values("ally_any", ccode2, ccode1, before, absent=0.0)
    return np.where((one == 1) | (other == 1), 1.0, np.where(np.isnan(one) | np.isnan(other), np.nan, 0.0))


def allied_with_rival(dyads: DyadYears, rivals: Relation, ally, rival, year) -> np.ndarray:
    """``allied_with_rival_lag`` (module doc): 1 if found, else 0 where R's rivals are observed in t."""
    ally, rival = np.asarray(ally), np.asarray(rival)
    year = np.asarray(year, dtype=np.int64)
    panel = dyads.panel
    linked = dyads.array("ally_any") == 1
    pairs = panel.loc[linked, DYAD_KEY]
    # either direction, shifted to the year after the obligation
    allies = pd.concat([pairs, pairs.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"})])
    allies = allies.rename(columns={"ccode1": "ccode_a", "ccode2": "ccode_s"}).assign(year=allies["year"] + 1)
    allies = allies[np.isin(allies["ccode_a"], np.unique(ally))].drop_duplicates()
    rivalries = rivals.pairs.rename(columns={"ccode1": "ccode_s", "ccode2": "ccode_r"})
    found = allies.merge(rivalries, on=["ccode_s", "year"])
    found = found[found["ccode_r"] != found["ccode_a"]]
    hit = np.isin(
        dyad_year_id(ally, rival, year), dyad_year_id(found["ccode_a"], found["ccode_r"], found["year"])
    )
    return np.where(hit, 1.0, np.where(rivals.observed(year), 0.0, np.nan))
