"""Published UN ideal points (Bailey, Strezhnev and Voeten 2017, "Estimating Dynamic State Preferences
from United Nations Voting Data", JCR 61(2)) as state-year and dyad-year columns.

- ``un_ideal``: the state's ideal point in the session (posterior mean of their dynamic ordinal IRT
  model of all roll calls), year = session + 1945 (the session-year convention of the agreement
  measures; ideal points are per session whatever ``panel.un_year``);
- ``un_ideal_width``: width of its 90% posterior interval (95% minus 5% quantile);
- ``un_ideal_distance``: |un_ideal of ccode1 - un_ideal of ccode2|, missing unless both states have an
  ideal point in the session.
"""

import numpy as np
import pandas as pd

from .affinity import FIRST_SESSION_YEAR
from .keys import positions, state_year_id


def state_ideal_points(ideal_points: pd.DataFrame) -> pd.DataFrame:
    """State-years (ccode, year, un_ideal, un_ideal_width) from ``data/interim/un_ideal_points``."""
    return pd.DataFrame(
        {
            "ccode": ideal_points["ccode"].astype("int16"),
            "year": (ideal_points["session"] + FIRST_SESSION_YEAR).astype("int16"),
            "un_ideal": ideal_points["ideal"].astype("float64"),
            "un_ideal_width": (ideal_points["q95"] - ideal_points["q5"]).astype("float64"),
        }
    ).sort_values(["ccode", "year"], kind="stable", ignore_index=True)


def add_ideal_distance(dyads: pd.DataFrame, ideal_points: pd.DataFrame) -> pd.DataFrame:
    """``dyads`` (ccode1, ccode2, year) with ``un_ideal_distance``; rows unchanged."""
    states = state_ideal_points(ideal_points)
    source = state_year_id(states["ccode"], states["year"])
    ideal = states["un_ideal"].to_numpy()
    sides = []
    for side in ("ccode1", "ccode2"):
        rows = positions(state_year_id(dyads[side], dyads["year"]), source)
        sides.append(np.where(rows >= 0, ideal[np.maximum(rows, 0)], np.nan))
    return dyads.assign(un_ideal_distance=np.abs(sides[0] - sides[1]))
