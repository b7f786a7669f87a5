"""Arms transfers from the SIPRI Arms Transfers Database: trend-indicator values (TIV, millions) of
deliveries between states, 1950-2021."""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id, positions, take


def add_arms(
    dyads: pd.DataFrame, sipri: pd.DataFrame, first_year: int = 1950, last_year: int = 2021
) -> pd.DataFrame:
    """Add ``arms_tiv`` (float64): TIV delivered by ccode1 (supplier) to ccode2 (recipient) in the year.

    SIPRI lists only supplier-recipient-years with deliveries, so a dyad-year without a row is 0,
    but only in a year the source covers: within the registered ``first_year``-``last_year`` AND
    holding at least one delivery (SIPRI records transfers worldwide every year, so a year without
    any is a year the file does not cover). Other years are missing; an empty source covers none.
    """
    rows = positions(
        dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"]),
        dyad_year_id(sipri["supplier_ccode"], sipri["recipient_ccode"], sipri["year"]),
    )
    tiv = take(sipri["tiv"], rows, fill=0.0, dtype="float64")
    covered = (dyads["year"].between(first_year, last_year) & dyads["year"].isin(sipri["year"])).to_numpy()
    return dyads.assign(arms_tiv=np.where(covered, tiv, np.nan))
