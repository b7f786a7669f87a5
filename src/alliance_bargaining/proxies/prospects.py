"""Prospective allies A of a patron P (RESEARCH_DESIGN.md, 3).

Eligible pairs (P, A, t): P a patron in t, A a minor power in t (neither a COW major power nor a
patron), A not allied with P in t-1 (P's row; a dyad absent in t-1, e.g. a new state, is not
allied; a dyad-year whose alliance status is unknown is not eligible). Two measures:

- ``prospect_ex_ante`` (alignment, primary): A's UN affinity with P in t-1 (``un_agree``; ``un_s``,
  ``un_kappa`` or the ideal-point distance ``un_ideal_distance`` as alternatives; t-2.. with a longer
  ``lag``) is strictly closer than the median affinity with P in that year of P's allies in that year
  (every state P is committed to, majors included, with UN data that year): above it for an agreement
  measure, below it for the distance (Bailey, Strezhnev and Voeten 2017 ideal points). Missing when the comparison is undefined: A has no UN
  data with P in t-1 (not a member, no shared roll call, or t-1 before 1946), or none of P's allies in
  t-1 has (P without allies, or allied only with non-members, e.g. China with North Korea
  1981-1990).
- ``prospect_toward`` (alternative, movement): A moves toward P, the ideal-point distance A-P falling
  from t-3 to t-1 by more than the typical year-to-year change (the median over all dyad-years of the
  panel of |un_ideal_distance(t) - un_ideal_distance(t-1)|). Missing when either distance is.
- ``prospect_ex_post`` (USES THE FUTURE): an alliance onset P-A in t+1..t+5; missing if no onset is
  seen and some year of the window lies beyond the panel or ATOP's coverage. Descriptive only; never a
  regressor in H3.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import state_year_id
from alliance_bargaining.proxies.alignment import alignment_signal, prospect_alignment
from alliance_bargaining.proxies.alliance import ALLIANCE_COLUMNS, commitment
from alliance_bargaining.proxies.lookup import DyadYears, any_of

DISTANCES = ("un_ideal_distance",)  # affinity measures on which a smaller value is closer
TOWARD_FROM = 3  # prospect_toward compares the distance in t-3 with that in t-1


def allied_lag(dyads: DyadYears, alliance: str, patron, partner, year) -> np.ndarray:
    """P committed to the partner in t-1 (0/1, NaN where ATOP censors it)."""
    return commitment(dyads, alliance, "allied", patron, partner, np.asarray(year, dtype=np.int64) - 1)


def allies_median_agreement(
    dyads: DyadYears, alliance: str, patron, year, affinity: str = "un_agree"
) -> np.ndarray:
    """Median UN ``affinity`` with P of the states P is committed to in the year (NaN without any)."""
    panel = dyads.panel
    allied = dyads.array(ALLIANCE_COLUMNS[alliance]["allied"]) == 1
    agree = dyads.array(affinity)
    keep = allied & ~np.isnan(agree)
    ids = state_year_id(panel["ccode1"].to_numpy()[keep], panel["year"].to_numpy()[keep])
    median = pd.Series(agree[keep]).groupby(ids).median()
    return median.reindex(state_year_id(patron, year)).to_numpy()


def typical_change(dyads: DyadYears, column: str = "un_ideal_distance") -> float:
    """Median over the panel's dyad-years of |column(t) - column(t-1)| where both are known."""
    panel = dyads.panel
    previous = dyads.values(column, panel["ccode1"], panel["ccode2"], panel["year"].to_numpy(np.int64) - 1)
    change = np.abs(dyads.array(column) - previous)
    return float(np.nanmedian(change)) if (~np.isnan(change)).any() else np.nan


def moving_toward(dyads: DyadYears, patron, ally, year, threshold: float) -> np.ndarray:
    """1 if the ideal-point distance P-A fell from t-3 to t-1 by more than ``threshold``, 0 if not,
    NaN if either distance is missing."""
    year = np.asarray(year, dtype=np.int64)
    before = dyads.values("un_ideal_distance", patron, ally, year - TOWARD_FROM)
    after = dyads.values("un_ideal_distance", patron, ally, year - 1)
    return np.where(np.isnan(before) | np.isnan(after), np.nan, before - after > threshold)


def prospective_allies(
    dyads: DyadYears,
    partners: pd.DataFrame,
    alliance: str,
    lead: int = 5,
    affinity: str = "un_agree",
    lag: int = 1,
) -> pd.DataFrame:
    """The eligible rows of ``partners`` (ccode_p, ccode_x, year, ...) with ``affinity_lag`` (A's
    ``affinity`` with P in t-``lag``), ``allies_affinity_lag`` (the benchmark), ``prospect_ex_ante``,
    ``prospect_toward`` and ``prospect_ex_post``."""
    allied = allied_lag(dyads, alliance, partners["ccode_p"], partners["ccode_x"], partners["year"])
    out = partners[allied == 0].reset_index(drop=True)
    patron, ally, year = out["ccode_p"], out["ccode_x"], out["year"].to_numpy(dtype=np.int64)
    agree = dyads.values(affinity, patron, ally, year - lag)
    benchmark = allies_median_agreement(dyads, alliance, patron, year - lag, affinity)
    closer = agree < benchmark if affinity in DISTANCES else agree > benchmark
    ex_ante = np.where(np.isnan(agree) | np.isnan(benchmark), np.nan, closer)
    onsets = [commitment(dyads, alliance, "onset", patron, ally, year + k) for k in range(1, lead + 1)]
    return out.assign(
        affinity_lag=agree,
        allies_affinity_lag=benchmark,
        prospect_ex_ante=ex_ante,
        prospect_toward=moving_toward(dyads, patron, ally, year, typical_change(dyads)),
        prospect_alignment=prospect_alignment(ex_ante, alignment_signal(dyads, patron, ally, year)),
        prospect_ex_post=any_of(onsets),
    )
