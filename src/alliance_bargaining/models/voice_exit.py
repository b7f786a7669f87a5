"""Is voice more common than exit? (H7, Krebs 2025; issue 12)

Both are rates on the same client-years (P, K, t) of H7's dataset: the voice act ``voice_act`` (K's
disagreement with P rose by >= 0.10 from t-1 to t; a binary act, fixed before any estimate) and
``exit`` (P's commitment to K ends in t). The statistic is the mean over those rows of
d = voice_act - exit, the voice rate minus the exit rate, with its standard error clustered by dyad
(CR1, G/(G-1); a regression of d on a constant) and a t(G-1) interval, G the dyads. Reported
overall and by the primary ``outside_option`` (rows with it known).
"""

import numpy as np
import pandas as pd
from scipy import stats

from alliance_bargaining.errors import InputError

COLUMNS = [
    "group",
    "n_obs",
    "n_dyads",
    "voice_rate",
    "exit_rate",
    "difference",
    "std_error",
    "ci_low",
    "ci_high",
    "p_value",
]
NEEDED = ("ccode_p", "ccode_k", "year", "voice_act", "exit", "outside_option")


def voice_exit_rates(data: pd.DataFrame, sample_years: tuple, level: float = 0.95) -> pd.DataFrame:
    """Voice rate minus exit rate (module doc): rows ``all``, ``outside_option=0``, ``outside_option=1``."""
    missing = [c for c in NEEDED if c not in data.columns]
    if missing:
        raise InputError(f"h7_client_voice: expected columns {', '.join(missing)}, not found")
    frame = data[data["year"].between(*sample_years)]
    frame = frame[frame["voice_act"].notna() & frame["exit"].notna()]
    option = frame["outside_option"]
    groups = [
        ("all", frame),
        ("outside_option=0", frame[option.notna() & (option == 0)]),
        ("outside_option=1", frame[option.notna() & (option == 1)]),
    ]
    return pd.DataFrame([_row(name, rows, level) for name, rows in groups], columns=COLUMNS)


def _row(name: str, rows: pd.DataFrame, level: float) -> dict:
    voice = rows["voice_act"].to_numpy(dtype=float)
    exit_ = rows["exit"].to_numpy(dtype=float)
    d = voice - exit_
    n = len(d)
    dyad = rows["ccode_p"].to_numpy(dtype=np.int64) * 1000 + rows["ccode_k"].to_numpy(dtype=np.int64)
    ids, cluster = np.unique(dyad, return_inverse=True)
    g = len(ids)
    nan = float("nan")
    out = {"group": name, "n_obs": n, "n_dyads": g}
    if n == 0:
        return out | dict.fromkeys(COLUMNS[3:], nan)
    mean = d.mean()
    out |= {"voice_rate": voice.mean(), "exit_rate": exit_.mean(), "difference": mean}
    if g < 2:
        return out | dict.fromkeys(COLUMNS[6:], nan) | {"std_error": nan}
    sums = np.bincount(cluster, weights=d - mean, minlength=g)
    se = np.sqrt(g / (g - 1) * (sums**2).sum()) / n
    half = stats.t.ppf(0.5 + level / 2, g - 1) * se
    p = 2 * stats.t(g - 1).sf(abs(mean / se)) if se > 0 else nan
    return out | {"std_error": se, "ci_low": mean - half, "ci_high": mean + half, "p_value": p}
