"""UN affinity read with a lag never sees year t (RESEARCH_DESIGN.md section 7, "Time").

A UN measure read "in t-k" at year t (the ex ante prospect's affinity and its allies' benchmark, the
H3 and H4 ``affinity_lag``, ``outside_option_un``) comes from roll calls dated before 1 January of
t-k+1:

- agreement measures (``un_agree``, ``un_s``, ``un_kappa``, ``un_agree_important``): the panel's
  calendar-year column ``<measure>_calendar`` of t-k (``panel.affinity``, "Year conventions"). The
  session-year column of t-1 would count the votes its session cast from January of t: 242 of the
  5,785 published roll calls (4.2%) fall in the calendar year after their session year.
- the ideal-point distance ``un_ideal_distance`` exists per session only (Bailey, Strezhnev and
  Voeten 2017): read in session year t-k-1, two sessions back for k = 1, because session year t-1
  opens in September of t-1 and closes in t.

Same-year measures (H6's agreement with the hegemon, H7's voice, ``un_agree_gain``,
``rapprochement_un``) keep the ``panel.un_year`` convention.
"""

import numpy as np

from alliance_bargaining.panel.affinity import LAG_SUFFIX, LAGGED_MEASURES
from alliance_bargaining.proxies.lookup import DyadYears

SESSION_MEASURES = ("un_ideal_distance",)  # per session only: lagged one more session


def lag_column(measure: str) -> tuple[str, int]:
    """(panel column, further years back) of a lagged read of the UN ``measure``."""
    if measure in SESSION_MEASURES:
        return measure, 1
    if measure in LAGGED_MEASURES:
        return f"{measure}{LAG_SUFFIX}", 0
    raise ValueError(
        f"no lagged read of UN measure {measure!r}: expected one of {LAGGED_MEASURES + SESSION_MEASURES}"
    )


def lagged(dyads: DyadYears, measure: str, ccode1, ccode2, year, lag: int = 1) -> np.ndarray:
    """``measure`` of (ccode1, ccode2) in t-``lag``, from roll calls dated before 1 January of
    t-``lag``+1 (module doc); NaN where unknown."""
    column, back = lag_column(measure)
    return dyads.values(column, ccode1, ccode2, np.asarray(year, dtype=np.int64) - lag - back)
