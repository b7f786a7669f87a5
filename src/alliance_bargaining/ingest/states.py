"""State-year membership in the COW state system."""

import numpy as np
import pandas as pd


def state_years(cow_states: pd.DataFrame) -> pd.DataFrame:
    """One row per (ccode, year) in which the state is a system member for any part of the year.

    Expands each membership spell styear..endyear; ``member_from`` and ``member_to`` are the
    first and last day of membership within the year (1 Jan and 31 Dec inside a spell). No state
    has two spells in one year in v2016. Source: COW State System Membership v2016.
    """
    lengths = (cow_states["endyear"] - cow_states["styear"] + 1).to_numpy()
    spell = np.repeat(np.arange(len(cow_states)), lengths)
    offset = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    spells = cow_states.iloc[spell].reset_index(drop=True)
    year = spells["styear"].to_numpy() + offset
    start = _dates(spells["styear"], spells["stmonth"], spells["stday"])
    end = _dates(spells["endyear"], spells["endmonth"], spells["endday"])
    out = pd.DataFrame(
        {
            "ccode": spells["ccode"].astype("int16"),
            "year": year.astype("int16"),
            "stateabb": spells["stateabb"].astype("string"),
            "member_from": np.where(offset == 0, start, _dates(year, 1, 1)).astype("datetime64[s]"),
            "member_to": np.where(year == spells["endyear"], end, _dates(year, 12, 31)).astype(
                "datetime64[s]"
            ),
        }
    )
    return out.sort_values(["ccode", "year"], kind="mergesort").reset_index(drop=True)


def _dates(year, month, day) -> np.ndarray:
    return pd.to_datetime(
        pd.DataFrame(
            {
                "year": np.asarray(year),
                "month": np.broadcast_to(month, np.shape(year)),
                "day": np.broadcast_to(day, np.shape(year)),
            }
        )
    ).to_numpy("datetime64[s]")
