"""Peace years since a dyad's last event, and their smooth functions for onset models.

Beck, Katz and Tucker (1998) model duration dependence in binary time-series cross-section data
with a natural cubic spline in peace years; Carter and Signorino (2010) with a cubic polynomial.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id

PEACE_COLUMNS = [
    "peace_years",
    "peace_years2",
    "peace_years3",
    "peace_spline1",
    "peace_spline2",
    "peace_spline3",
]


def add_peace_years(
    dyads: pd.DataFrame, event: str = "mid_onset", first_year: int | None = None
) -> pd.DataFrame:
    """Add ``peace_years`` (nullable Int16): consecutive observed years before t without an ``event``.

    The Beck-Katz-Tucker count: 0 in a spell's first year and in the year after an event; in an
    event year, the years since the previous event (or since the spell's start). A spell is a run
    of consecutive dyad-years with a known event value, so the count restarts at 0 after a gap in
    the dyad's years (a state left the system) and after years with a missing event (outside the
    event data's coverage), unlike peacesciencer's ``add_spells()``, which counts observed rows
    across gaps. Years before ``first_year`` count as missing, so the clock starts there.
    Rows with a missing event have missing ``peace_years``. ``dyads`` must be sorted by
    (ccode1, ccode2, year); rows and their order are unchanged.
    """
    ids = dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"])
    if (np.diff(ids) <= 0).any():
        raise ValueError("dyads must be sorted by (ccode1, ccode2, year) without duplicates")
    year = dyads["year"].to_numpy(np.int64)
    values = dyads[event]
    missing = values.isna().to_numpy()
    if first_year is not None:
        missing |= year < first_year
    occurred = values.fillna(0).to_numpy(np.int64) == 1
    dyad = ids // 10000
    start = np.ones(len(ids), bool)
    start[1:] = (dyad[1:] != dyad[:-1]) | (year[1:] != year[:-1] + 1) | missing[:-1] | occurred[:-1]
    index = np.arange(len(ids))
    count = index - np.maximum.accumulate(np.where(start, index, 0))
    return dyads.assign(peace_years=pd.arrays.IntegerArray(count.astype(np.int16), missing))


def peace_year_splines(
    peace_years: pd.Series, knots: tuple = (1, 4, 7), boundary: tuple | None = None
) -> pd.DataFrame:
    """Cubic polynomial and natural cubic spline terms in peace years t (float64, NaN if t missing).

    ``peace_years2`` = t², ``peace_years3`` = t³ (Carter and Signorino 2010; with t itself).
    ``peace_spline1..k`` (k = number of knots): a natural cubic spline with interior ``knots``
    (Beck, Katz and Tucker 1998 use 1, 4, 7) and boundary knots ``boundary`` (default: the
    observed minimum and maximum of t, as R's ``splines::ns``), in the truncated-power form of
    Harrell (2001, sec. 2.4.5): with all knots κ_1 < … < κ_K (K = k + 2),

        s_j(t) = [(t-κ_j)³₊ - (t-κ_{K-1})³₊ (κ_K-κ_j)/(κ_K-κ_{K-1})
                  + (t-κ_K)³₊ (κ_{K-1}-κ_j)/(κ_K-κ_{K-1})] / (κ_K-κ_1)²,   j = 1..K-2.

    With t, these span the natural cubic splines on the knots (linear beyond the boundary knots).
    """
    t = peace_years.to_numpy(dtype="float64", na_value=np.nan)
    lower, upper = boundary if boundary is not None else (np.nanmin(t), np.nanmax(t))
    kappa = np.array([lower, *knots, upper], dtype=float)
    if (np.diff(kappa) <= 0).any():
        raise ValueError(f"spline knots {kappa.tolist()} must increase strictly (boundary outside the knots)")
    last, before = kappa[-1], kappa[-2]
    cube_last, cube_before = _cube(t - last), _cube(t - before)
    splines = {
        f"peace_spline{j + 1}": (
            _cube(t - k)
            - cube_before * ((last - k) / (last - before))
            + cube_last * ((before - k) / (last - before))
        )
        / (last - kappa[0]) ** 2
        for j, k in enumerate(kappa[:-2])
    }
    return pd.DataFrame(
        {"peace_years2": t * t, "peace_years3": t * t * t, **splines}, index=peace_years.index
    )


def _cube(x: np.ndarray) -> np.ndarray:
    """max(x, 0)³ (NaN stays NaN)."""
    x = np.maximum(x, 0)
    return x * x * x
