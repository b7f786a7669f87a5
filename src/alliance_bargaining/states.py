"""State-year membership in the COW state system."""

import numpy as np
import pandas as pd


def state_years(cow_states: pd.DataFrame) -> pd.DataFrame:
    """One row per (ccode, year) in which the state is a system member for any part of the year.

    Expands each membership spell styear..endyear. A state whose spells touch the same year
    (exit and re-entry within a year, e.g. France 1942-1944 is two spells around WWII) gets one row.
    Source: COW State System Membership v2016.
    """
    lengths = (cow_states["endyear"] - cow_states["styear"] + 1).to_numpy()
    spell = np.repeat(np.arange(len(cow_states)), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    out = pd.DataFrame(
        {
            "ccode": cow_states["ccode"].to_numpy()[spell],
            "year": (cow_states["styear"].to_numpy()[spell] + offset).astype("int16"),
            "stateabb": cow_states["stateabb"].to_numpy()[spell],
        }
    )
    out = out.drop_duplicates(["ccode", "year"]).sort_values(["ccode", "year"], kind="mergesort")
    return out.astype({"ccode": "int16", "stateabb": "string"}).reset_index(drop=True)
