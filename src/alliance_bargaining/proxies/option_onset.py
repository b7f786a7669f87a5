"""Event time around a patron-client dyad's first outside-option onset (H7; issue 12).

The onset year t0 of a dyad (P, K) is the first year of its client rows with ``outside_option`` = 1,
provided the dyad has a client row in t0-1 with ``outside_option`` = 0 (an observed switch). A dyad
whose first 1 has no observed 0 just before it (an option from its first row, after a gap or after
an unknown year) has an unknown first onset: its event columns are missing, so the model drops it.
A dyad never seen with an option is a control: every event column is 0.

Event time k = t - t0, window -4..+4 with both ends binned (k <= -4, k >= 4; Schmidheiny and
Siegloch 2023), reference t0-1 (no column). The key term is fixed before estimation as the mean
effect over t0..t0+3 (the theory does not say in which year after the onset voice rises). It is
one coefficient by a reparametrisation: with D_k the indicator of event time k, the model holds
``event_post`` = D0+D1+D2+D3 and the contrasts ``event_p<j>_vs_p0`` = Dj - D0 (j = 1..3); then the
coefficient of ``event_post`` is (b0+b1+b2+b3)/4 and that of a contrast is b_j minus that mean.

Every event column reads the future (t0 may come after t, and a dyad is a control because no
option is ever seen): the codebook marks them "(USES THE FUTURE)", so their specifications are
descriptive under the project's rule, like the ex post prospect.
"""

import numpy as np
import pandas as pd

WINDOW = 4  # binned ends: k <= -4 and k >= 4
POST = 4  # event_post averages t0..t0+3
EVENT_COLUMNS = (
    "event_m4",
    "event_m3",
    "event_m2",
    "event_post",
    "event_p1_vs_p0",
    "event_p2_vs_p0",
    "event_p3_vs_p0",
    "event_p4",
)


def onset_years(keys: pd.DataFrame, option: np.ndarray) -> pd.Series:
    """Dyad (ccode_p, ccode_k) -> first onset year t0 (NaN: unknown first onset; absent: never
    an option), from the client rows ``keys`` (ccode_p, ccode_k, year) and their ``option``."""
    rows = keys[["ccode_p", "ccode_k", "year"]].assign(option=np.asarray(option, dtype=np.float64))
    rows = rows.sort_values(["ccode_p", "ccode_k", "year"], kind="mergesort")
    first = rows[rows["option"] == 1].groupby(["ccode_p", "ccode_k"])["year"].min().rename("t0")
    before = rows.assign(year=rows["year"] + 1)[["ccode_p", "ccode_k", "year", "option"]]
    first = first.reset_index().merge(
        before.rename(columns={"year": "t0", "option": "option_before"}),
        on=["ccode_p", "ccode_k", "t0"],
        how="left",
    )
    t0 = np.where(first["option_before"] == 0, first["t0"], np.nan)
    return pd.Series(t0, index=pd.MultiIndex.from_frame(first[["ccode_p", "ccode_k"]]), name="t0")


def event_columns(keys: pd.DataFrame, option: np.ndarray) -> dict[str, np.ndarray]:
    """The ``EVENT_COLUMNS`` for each row of ``keys`` (ccode_p, ccode_k, year) (module doc)."""
    t0 = onset_years(keys, option).reset_index()
    joined = keys[["ccode_p", "ccode_k"]].merge(t0, on=["ccode_p", "ccode_k"], how="left", indicator=True)
    never = (joined["_merge"] == "left_only").to_numpy()
    k = keys["year"].to_numpy(dtype=np.float64) - joined["t0"].to_numpy(dtype=np.float64)
    d = {j: (k == j).astype(np.float64) for j in range(POST)}
    out = {
        "event_m4": (k <= -WINDOW).astype(np.float64),
        "event_m3": (k == -3).astype(np.float64),
        "event_m2": (k == -2).astype(np.float64),
        "event_post": sum(d.values()),
        **{f"event_p{j}_vs_p0": d[j] - d[0] for j in range(1, POST)},
        "event_p4": (k >= WINDOW).astype(np.float64),
    }
    return {name: np.where(never, 0.0, np.where(np.isnan(k), np.nan, v)) for name, v in out.items()}
