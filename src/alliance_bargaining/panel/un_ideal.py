"""Published UN ideal points (Bailey, Strezhnev and Voeten 2017, "Estimating Dynamic State Preferences
from United Nations Voting Data", JCR 61(2)) as state-year and dyad-year columns.

- ``un_ideal``: the state's ideal point in the session (posterior mean of their dynamic ordinal IRT
  model of all roll calls), year = session + 1945 (the session-year convention of the agreement
  measures; ideal points are per session whatever ``panel.un_year``);
- ``un_ideal_width``: width of its 90% posterior interval (95% minus 5% quantile);
- ``un_ideal_distance``: |un_ideal of ccode1 - un_ideal of ccode2|, missing unless both states have an
  ideal point in the session.

Our own estimates of the same model (:mod:`.ideal_points`, ``data/processed/un_ideal_points.parquet``)
come from the votes chosen by :func:`estimation_votes` and are checked against the published ones by
:func:`validate`.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError

from .affinity import FIRST_SESSION_YEAR
from .ideal_points import SCALE_SLOPE, select_votes, validate_against_published
from .keys import add_state_columns
from .un_roll_calls import select_roll_calls

IDEAL = {"un_ideal": ("un_ideal", None)}  # add_state_columns: un_ideal1, un_ideal2


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
    sides = add_state_columns(dyads[["ccode1", "ccode2", "year"]], state_ideal_points(ideal_points), IDEAL)
    return dyads.assign(un_ideal_distance=np.abs(sides["un_ideal1"] - sides["un_ideal2"]).to_numpy())


def estimation_votes(
    votes: pd.DataFrame,
    roll_calls: pd.DataFrame,
    published: pd.DataFrame,
    matches: pd.DataFrame,
    issues: pd.DataFrame,
    roll_call_set: str = "published",
    subset: str = "all",
    sessions: list | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Votes, roll calls and matched pairs our own ideal points are estimated from: the roll-call set
    of the agreement measures (:func:`.un_roll_calls.select_roll_calls`), restricted to a ``subset``
    (all, important votes, or an issue code of ``issues``) and to ``sessions`` (first and last, or
    None for all) by :func:`.ideal_points.select_votes`."""
    votes, calls = select_roll_calls(votes, roll_calls, published, roll_call_set)
    return select_votes(
        votes, calls, matches, subset=subset, issues=issues, sessions=tuple(sessions) if sessions else None
    )


def validate(
    estimates: pd.DataFrame, published_ideal: pd.DataFrame, roll_calls: pd.DataFrame, where: str = "estimates"
) -> dict:
    """:func:`.ideal_points.validate_against_published` of our estimates (ccode, year, ideal, se) against
    the published ones (``data/interim/un_ideal_points``), sessions counted on ``roll_calls``. A sign or
    scale flip (``SCALE_SLOPE``) is an error naming ``where``; correlations below their targets are only
    reported."""
    check = validate_against_published(
        estimates.assign(session=estimates["year"] - FIRST_SESSION_YEAR), published_ideal, roll_calls
    )
    flipped = [name for name in ("sign", "scale") if not check["passed"][name]]
    if flipped:
        raise InputError(
            f"{where}: column 'ideal': expected the published estimates' sign and scale (United States "
            f"positive, slope of published on ours within {SCALE_SLOPE}), found a {' and '.join(flipped)} "
            f"flip (United States mean {check['united_states_mean']['ours']:.3f}, slope "
            f"{check['slope_published_on_ours']:.3f})"
        )
    return check
