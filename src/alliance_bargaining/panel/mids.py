"""Militarized interstate disputes per directed dyad-year.

Sources: COW MID 5.0 directed dispute-dyad-years and dispute-level file (Palmer et al. 2022),
or the GML 2.2.1 corrections with the same column names (Gibler, Miller and Little 2016).
"""

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.panel.keys import dyad_year_id, positions

MISSING = -9  # MID code for an unknown fatality level, outcome or settlement


def add_mids(
    dyads: pd.DataFrame, dirdisps: pd.DataFrame, disps: pd.DataFrame, first_year: int, last_year: int
) -> pd.DataFrame:
    """Add MID columns to the directed dyad-years; rows and their order unchanged.

    One dispute is counted per dyad-year: the onset dispute if any (``disponset == 1``), else an
    ongoing one; among several candidates the one with the highest hostility level, then the
    lowest ``dispnum``. A dispute's hostility level in the dyad-year is the higher of the two
    states' levels, ``max(hostlev1, hostlev2)``. Columns:

    - ``mid_onset``: a dispute between the two states begins in the year (at most one counted).
    - ``mid_ongoing``: some dispute between them is under way in the year, onsets included.
    - ``mid_initiator``: in some dispute with onset in the year, ccode1 is on side A and an
      originator (``sidea1 == 1`` and ``orig1 == 1``).
    - ``mid_hostlev``: hostility level (1-5) of the counted dispute; 0 without a dispute.
    - ``mid_fatal``: the counted dispute has a fatality level above 0 for either state; missing
      if neither level is above 0 and one is unknown (-9); 0 without a dispute.
    - ``mid_dispnum``, ``mid_outcome``, ``mid_settle``: the counted dispute and its dispute-level
      outcome and settlement codes (-9 as missing); missing without a dispute.

    Dyad-years outside ``first_year..last_year`` (the MID data's coverage) are missing in every
    column; inside it, a dyad-year without a dispute is 0 in the indicator columns.
    """
    hostlev = np.maximum(dirdisps["hostlev1"].to_numpy(), dirdisps["hostlev2"].to_numpy())
    onset = dirdisps["disponset"].to_numpy()
    ids = dyad_year_id(dirdisps["ccode1"], dirdisps["ccode2"], dirdisps["year"])
    # Sort by dyad-year, then onset first, highest hostility, lowest dispnum: the counted dispute
    # is the first row of each dyad-year.
    order = np.lexsort((dirdisps["dispnum"].to_numpy(), -hostlev.astype(np.int16), -onset, ids))
    ids = ids[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    counted = order[starts]
    initiated = (onset == 1) & (dirdisps["sidea1"].to_numpy() == 1) & (dirdisps["orig1"].to_numpy() == 1)
    ongoing = (dirdisps["dispongoing"].to_numpy() == 1) | (onset == 1)

    fatality = np.maximum(dirdisps["fatality1"].to_numpy(), dirdisps["fatality2"].to_numpy())[counted]
    unknown = (dirdisps["fatality1"].to_numpy() == MISSING) | (dirdisps["fatality2"].to_numpy() == MISSING)
    dispnum = dirdisps["dispnum"].to_numpy()[counted]
    dispute = positions(dispnum, disps["dispnum"].to_numpy())
    if (dispute < 0).any():
        raise InputError(
            f"dispute(s) {sorted(set(dispnum[dispute < 0]))[:5]} missing from the dispute-level file"
        )

    at = positions(dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"]), ids[starts])
    found = at >= 0
    row = np.where(found, at, 0)
    year = dyads["year"].to_numpy()
    outside = (year < first_year) | (year > last_year)

    def column(values, dtype, missing=None, dispute_only=False):
        """Per-dyad-year ``values`` on the dyads' rows: 0 without a dispute, masked outside coverage,
        where ``missing`` holds, and without a dispute if ``dispute_only``."""
        mask = outside | (found & missing[row]) if missing is not None else outside.copy()
        if dispute_only:
            mask |= ~found
        return pd.arrays.IntegerArray(np.where(found, values[row], 0).astype(dtype), mask)

    def dispute_code(name):
        code = disps[name].to_numpy()[dispute]
        return column(code, np.int16, missing=code == MISSING, dispute_only=True)

    return dyads.assign(
        mid_onset=column(onset[counted], np.int8),
        mid_ongoing=column(np.maximum.reduceat(ongoing[order], starts), np.int8),
        mid_initiator=column(np.maximum.reduceat(initiated[order], starts), np.int8),
        mid_hostlev=column(hostlev[counted], np.int8),
        mid_fatal=column(fatality > 0, np.int8, missing=(fatality <= 0) & unknown[counted]),
        mid_dispnum=column(dispnum, np.int32, dispute_only=True),
        mid_outcome=dispute_code("outcome"),
        mid_settle=dispute_code("settle"),
    )
