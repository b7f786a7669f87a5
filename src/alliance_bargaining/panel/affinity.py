"""UN General Assembly affinity per directed dyad-year (RESEARCH_DESIGN section 3, "UN affinity").

Votes are Voeten's roll calls (Voeten, Strezhnev and Bailey, "United Nations General Assembly Voting
Data", Harvard Dataverse), coded 1 yes / 2 abstain / 3 no; absences and non-members have no row and
so never enter a dyad's shared roll calls. For a dyad (i, j) and year, over the n roll calls on which
both cast a vote:

- ``un_agree`` = share of those roll calls with identical votes;
- ``un_s`` = Signorino and Ritter's (1999) S with yes 1, abstain 0.5, no 0:
  S = 1 - 2 d / d_max, d = sum |x_i - x_j|, d_max = n (each roll call spans [0, 1]), so S ∈ [-1, 1];
- ``un_kappa`` = Cohen's kappa (Häge 2011, "Choice or Circumstance?", Political Analysis 19(3)):
  (p_o - p_e) / (1 - p_e), p_o = ``un_agree``, p_e = sum_k p_ik p_jk over k ∈ {yes, abstain, no},
  p_ik = state i's share of category k on the dyad's shared roll calls;
- ``un_agree_important`` = ``un_agree`` over the ``importantvote == 1`` roll calls (US State
  Department "important votes", flagged in Voeten's data; a missing flag counts as not important);
- ``un_agree_nonunanimous`` = ``un_agree`` over the roll calls on which the states voting did not all
  cast the same vote (the convention of the authors' dyadic agreement scores, which drop unanimous
  roll calls);
- ``un_n``, ``un_n_important``, ``un_n_nonunanimous`` = number of shared roll calls (all, important,
  non-unanimous).

Which roll calls enter (``panel.un_roll_calls``) is chosen in :mod:`.un_roll_calls`.

Year conventions (:func:`vote_year`): ``panel.un_year`` dates the panel's same-year measures (default
the session year of Bailey, Strezhnev and Voeten 2017). A session opens in September and its later
votes fall in the next calendar year (242 of the 5,785 published roll calls, 4.2%), so a session-year
measure of t-1 can hold votes cast in t. Lagged reads therefore use the calendar-year measures
``<measure>_calendar`` (``LAGGED_MEASURES``; RESEARCH_DESIGN.md section 7, "Time";
``proxies.un_lags``): the roll calls dated in the year, before 1 January of the next.

Each year is one matrix product: with Y the (3 · states) × roll-calls indicator matrix stacking one
block per vote category, P = Y Yᵀ counts, for every state pair and category pair (a, b), the roll
calls on which i voted a and j voted b. Every measure is a sum of P's blocks.
"""

import numpy as np
import pandas as pd

from .keys import dyad_year_id, positions, state_year_id

CONVENTIONS = ("session", "calendar")
FIRST_SESSION_YEAR = 1945  # session s opens in 1945 + s (session 1 in January 1946, later ones in September)
VOTE_VALUE = np.array([1.0, 0.5, 0.0])  # Signorino-Ritter position of yes, abstain, no
DISTANCE = np.abs(VOTE_VALUE[:, None] - VOTE_VALUE[None, :])  # |x_a - x_b| for category pair (a, b)
# Measures the panel also carries by calendar year, as <measure>_calendar, for lagged reads.
LAG_CONVENTION = "calendar"
LAGGED_MEASURES = ("un_agree", "un_s", "un_kappa", "un_agree_important", "un_n")
LAG_SUFFIX = "_calendar"


def vote_year(roll_calls: pd.DataFrame, convention: str = "session") -> pd.Series:
    """Year each roll call counts toward (int16, aligned to ``roll_calls``).

    ``"session"``: session + 1945, the Bailey, Strezhnev and Voeten (2017, JCR 61(2)) convention, so a
    session's votes of the following January-August stay with it; ``"calendar"``: year of the vote date.
    """
    if convention == "session":
        return (roll_calls["session"].astype("int16") + FIRST_SESSION_YEAR).astype("int16").rename("year")
    if convention == "calendar":
        return roll_calls["date"].dt.year.astype("int16").rename("year")
    raise ValueError(f"unknown UN year convention {convention!r}, expected one of {CONVENTIONS}")


def cast_after_year(roll_calls: pd.DataFrame, convention: str = "session") -> pd.Series:
    """True for each roll call cast after 31 December of the year it counts toward under
    ``convention``: a measure of that year read as a one-year lag at t would see a vote of t."""
    return (roll_calls["date"].dt.year > vote_year(roll_calls, convention)).rename("cast_after_year")


def _pair_counts(indicator: np.ndarray) -> np.ndarray:
    """P[a, i, b, j]: roll calls on which state i voted category a and state j category b.

    ``indicator[k, i, c]`` is 1 where state i cast category k on roll call c. The product runs in
    float32 (counts below 2^24 are exact there) and is returned as float64.
    """
    categories, states, calls = indicator.shape
    stacked = np.ascontiguousarray(indicator, dtype=np.float32).reshape(categories * states, calls)
    return (stacked @ stacked.T).astype(np.float64).reshape(categories, states, categories, states)


def _year_measures(indicator: np.ndarray, important: np.ndarray) -> dict:
    """State × state matrices of the affinity measures of one year (``important`` masks roll calls)."""
    pairs = _pair_counts(indicator)
    pairs_important = _pair_counts(indicator[:, :, important])
    contested = (indicator.sum(axis=1) > 0).sum(axis=0) > 1  # the votes cast differ (not unanimous)
    pairs_contested = _pair_counts(indicator[:, :, contested])
    n = pairs.sum(axis=(0, 2))
    agree = np.einsum("kikj->ij", pairs)
    distance = np.einsum("aibj,ab->ij", pairs, DISTANCE)  # d = sum over shared roll calls of |x_i - x_j|
    shared_by_category = pairs.sum(axis=2)  # [k, i, j]: i's votes of category k on roll calls j also voted
    chance = np.einsum("kij,kji->ij", shared_by_category, shared_by_category)  # p_e * n^2, an integer
    n_important = pairs_important.sum(axis=(0, 2))
    n_contested = pairs_contested.sum(axis=(0, 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        return {
            "un_agree": agree / n,
            "un_s": 1 - 2 * distance / n,
            # (p_o - p_e) / (1 - p_e) with p_o = agree / n and p_e = chance / n^2, in exact counts
            "un_kappa": np.where(chance == n * n, np.nan, (n * agree - chance) / (n * n - chance)),
            "un_agree_important": np.einsum("kikj->ij", pairs_important) / n_important,
            "un_agree_nonunanimous": np.einsum("kikj->ij", pairs_contested) / n_contested,
            "un_n": n.astype(np.int16),
            "un_n_important": n_important.astype(np.int16),
            "un_n_nonunanimous": n_contested.astype(np.int16),
        }


def dyad_affinity(votes: pd.DataFrame, roll_calls: pd.DataFrame, convention: str = "session") -> pd.DataFrame:
    """UN affinity of every ordered pair of distinct states sharing at least one roll call in a year.

    ``votes``: rcid, ccode, vote (1 yes, 2 abstain, 3 no; one row per cast vote). ``roll_calls``:
    rcid, session, date, importantvote. Measures and sources are in the module docstring. Symmetric:
    (i, j) and (j, i) carry the same values. ``un_kappa`` is missing where p_e = 1, i.e. both states
    cast the same single category on every shared roll call (kappa is 0/0 there: perfect agreement
    that chance alone also predicts); ``un_agree_important`` is missing where ``un_n_important`` is 0,
    ``un_agree_nonunanimous`` where ``un_n_nonunanimous`` is 0. Unanimity is judged on the votes in
    ``votes``, i.e. among all states voting on the roll call.
    Rows are sorted by ccode1, ccode2, year.
    """
    if not votes["vote"].isin((1, 2, 3)).all():
        raise ValueError("UN votes must be coded 1 yes, 2 abstain, 3 no")
    call_row = positions(votes["rcid"].to_numpy(np.int64), roll_calls["rcid"].to_numpy(np.int64))
    if (call_row < 0).any():
        raise ValueError(f"{int((call_row < 0).sum())} votes refer to roll calls missing from roll_calls")
    ccode = votes["ccode"].to_numpy(np.int16)
    important = roll_calls["importantvote"].eq(1).fillna(False).to_numpy(bool)
    year = vote_year(roll_calls, convention).to_numpy()[call_row]
    category = votes["vote"].to_numpy().astype(np.intp) - 1

    order = np.argsort(year, kind="stable")
    years, starts = np.unique(year[order], return_index=True)
    parts = []
    for year_t, rows in zip(years, np.split(order, starts[1:]), strict=True):
        states, member = np.unique(ccode[rows], return_inverse=True)
        calls, column = np.unique(call_row[rows], return_inverse=True)
        indicator = np.zeros((3, len(states), len(calls)), np.float32)
        indicator[category[rows], member, column] = 1.0
        voted = indicator.sum(axis=0)
        if voted.max() > 1 or voted.sum() < len(rows):
            raise ValueError(f"a state has more than one vote on a roll call of {year_t}")
        measures = _year_measures(indicator, important[calls])
        np.fill_diagonal(measures["un_n"], 0)
        i, j = np.nonzero(measures["un_n"])
        parts.append(
            {"ccode1": states[i], "ccode2": states[j], "year": np.full(len(i), year_t, np.int16)}
            | {name: values[i, j] for name, values in measures.items()}
        )
    columns = {name: np.concatenate([part.pop(name) for part in parts]) for name in list(parts[0])}
    order = np.argsort(dyad_year_id(columns["ccode1"], columns["ccode2"], columns["year"]), kind="stable")
    return pd.DataFrame({name: columns.pop(name)[order] for name in list(columns)}, copy=False)


def majors_agreement(affinity: pd.DataFrame, majors: pd.DataFrame) -> pd.DataFrame:
    """Each state's ``un_agree`` (and ``un_n``) with every major power of the year, in long form.

    ``affinity``: output of :func:`dyad_affinity`; ``majors``: major-power state-years (ccode, year),
    e.g. COW major powers. Returns ccode, year, major, un_agree, un_n sorted by (ccode, year, major).
    A state-major pair without a shared roll call that year (either not voting, e.g. the PRC before
    1971) has no row; a major's own row with itself does not exist.
    """
    is_major = np.isin(
        state_year_id(affinity["ccode2"], affinity["year"]), state_year_id(majors["ccode"], majors["year"])
    )
    out = affinity.loc[is_major, ["ccode1", "year", "ccode2", "un_agree", "un_n"]]
    out = out.rename(columns={"ccode1": "ccode", "ccode2": "major"}).astype({"major": "int16"})
    return out.sort_values(["ccode", "year", "major"], kind="stable").reset_index(drop=True)
