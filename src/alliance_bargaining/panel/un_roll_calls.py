"""Which UN roll calls enter the affinity measures (config ``panel.un_roll_calls``), and its check.

``"published"`` (default) takes the votes of Voeten's published file (``UNVotesPublished``: Voeten,
Strezhnev and Bailey, "United Nations General Assembly Voting Data", Harvard Dataverse; codes 1 yes,
2 abstain, 3 no) for the sessions it covers (1-70, 1946-2015) and the ``unvotes`` votes for later
sessions, leaving out the roll calls ``unvotes`` flags as votes on a paragraph or an amendment. That is
the published file's convention since session 52: it holds one roll call per resolution, and in sessions
52-67 ``unvotes`` adds 345 roll calls, 315 of them flagged paragraph or amendment votes, none of which
the published file keeps (in sessions 1-51 the two files hold the same roll calls, 757 of them flagged;
in 68-70 the same, none flagged). After session 70, ``unvotes`` again holds paragraph and amendment votes
in sessions 71-72 (40 and 33 flagged of 119 and 124 roll calls; several roll calls per resolution),
while sessions 73-74 hold one roll call per resolution and none flagged. Published per-country agreement
scores are computed on the published roll calls (Bailey, Strezhnev and Voeten 2017, JCR 61(2)), and the
authors' ideal points for sessions 71-72 follow the same rule: no state has more than 78 and 90 votes
there (IdealpointestimatesAll_Apr2020.csv), against 79 and 91 roll calls under it (119 and 124 in all).
``"all"``: every ``unvotes`` roll call, with ``unvotes``' own country coding (``ingest.un_codes``).

:func:`published_agreement` recomputes agreement straight from the published file, independently of
:func:`.affinity.dyad_affinity` (vote codes compared roll call by roll call), for the check
:func:`check_published` that gates the panel.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError

from .affinity import vote_year
from .keys import dyad_year_id, positions

ROLL_CALL_SETS = ("published", "all")
ROLL_CALL_COLUMNS = ["rcid", "session", "date", "importantvote"]
TOLERANCE = 1e-9


def _amend_or_para(roll_calls: pd.DataFrame) -> pd.Series:
    return (roll_calls["amend"].eq(1) | roll_calls["para"].eq(1)).fillna(False).astype(bool)


def published_calls(published: pd.DataFrame, roll_calls: pd.DataFrame) -> pd.DataFrame:
    """The published file's roll calls (rcid, session, date, importantvote), its session and flag kept,
    the date from ``roll_calls`` (one roll call, rcid 4592 of May 2006, is session 59 there and 60 in
    ``unvotes``)."""
    calls = published.drop_duplicates("rcid")[["rcid", "session", "importantvote"]]
    dated = positions(calls["rcid"].to_numpy(np.int64), roll_calls["rcid"].to_numpy(np.int64))
    if (dated < 0).any():
        missing = int(calls["rcid"].to_numpy()[dated < 0][0])
        raise InputError(
            f"data/interim/un_votes_published.parquet: column 'rcid': expected every roll call in "
            f"data/interim/un_roll_calls.parquet (for its date), found {missing} missing"
        )
    calls = calls.assign(date=roll_calls["date"].to_numpy()[dated])[ROLL_CALL_COLUMNS]
    return calls.sort_values("rcid", kind="stable").reset_index(drop=True)


def select_roll_calls(
    votes: pd.DataFrame, roll_calls: pd.DataFrame, published: pd.DataFrame, roll_call_set: str = "published"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Votes (rcid, ccode, vote) and roll calls (rcid, session, date, importantvote) of a roll-call set.

    ``votes``, ``roll_calls``: the ``unvotes`` tables (``data/interim/un_votes``, ``un_roll_calls``);
    ``published``: ``data/interim/un_votes_published``. Sets are in the module docstring. Rows are
    sorted by rcid (votes then by ccode).
    """
    if roll_call_set == "all":
        return votes[["rcid", "ccode", "vote"]].reset_index(drop=True), roll_calls[ROLL_CALL_COLUMNS]
    if roll_call_set != "published":
        raise InputError(
            f"key 'panel.un_roll_calls': expected one of {ROLL_CALL_SETS}, found {roll_call_set!r}"
        )
    later = roll_calls[(roll_calls["session"] > published["session"].max()) & ~_amend_or_para(roll_calls)]
    cast = published.loc[published["vote"].isin((1, 2, 3)), ["rcid", "ccode", "vote"]]
    selected_votes = pd.concat(
        [cast, votes.loc[votes["rcid"].isin(later["rcid"]), ["rcid", "ccode", "vote"]]]
    )
    selected_calls = pd.concat([published_calls(published, roll_calls), later[ROLL_CALL_COLUMNS]])
    return (
        selected_votes.sort_values(["rcid", "ccode"], kind="stable").reset_index(drop=True),
        selected_calls.sort_values("rcid", kind="stable").reset_index(drop=True),
    )


def roll_call_counts(
    roll_calls: pd.DataFrame, published: pd.DataFrame, selected: pd.DataFrame
) -> pd.DataFrame:
    """Roll calls per session side by side: ``unvotes`` (of which ``unvotes_amend_or_para`` flagged as a
    paragraph or amendment vote), ``published`` (0 beyond its sessions) and ``used`` (the ``selected``
    roll calls). One row per session of either file, sorted."""
    counts = pd.DataFrame(
        {
            "unvotes": roll_calls.groupby("session")["rcid"].nunique(),
            "unvotes_amend_or_para": roll_calls[_amend_or_para(roll_calls)]
            .groupby("session")["rcid"]
            .nunique(),
            "published": published.groupby("session")["rcid"].nunique(),
            "used": selected.groupby("session")["rcid"].nunique(),
        }
    )
    counts = counts.fillna(0).astype("int64").rename_axis("session").reset_index()
    return counts.astype({"session": "int64"}).sort_values("session").reset_index(drop=True)


def published_agreement(
    published: pd.DataFrame, calls: pd.DataFrame, convention: str = "session"
) -> pd.DataFrame:
    """Agreement per directed dyad-year computed directly from the published file's vote codes.

    For each year (``convention`` as in :func:`.affinity.vote_year`, on ``calls``: the published roll
    calls with session and date), the states' vote codes form a states × roll-calls matrix (0 for absent,
    non-member or no row); ``un_agree`` = roll calls with equal codes 1-3 / roll calls both voted 1-3
    (``un_n``). Rows with ``un_n`` > 0, sorted by ccode1, ccode2, year.
    """
    cast = published[published["vote"].isin((1, 2, 3))]
    call_row = positions(cast["rcid"].to_numpy(np.int64), calls["rcid"].to_numpy(np.int64))
    year = vote_year(calls, convention).to_numpy()[call_row]
    parts = []
    for year_t in np.unique(year):
        rows = cast[year == year_t]
        states, member = np.unique(rows["ccode"].to_numpy(), return_inverse=True)
        rcids, column = np.unique(rows["rcid"].to_numpy(), return_inverse=True)
        codes = np.zeros((len(states), len(rcids)), np.int8)
        codes[member, column] = rows["vote"].to_numpy()
        voted = codes > 0
        both = (voted[:, None, :] & voted[None, :, :]).sum(axis=2)
        same = ((codes[:, None, :] == codes[None, :, :]) & voted[:, None, :]).sum(axis=2)
        np.fill_diagonal(both, 0)
        i, j = np.nonzero(both)
        parts.append(
            pd.DataFrame(
                {
                    "ccode1": states[i],
                    "ccode2": states[j],
                    "year": year_t,
                    "un_agree": same[i, j] / both[i, j],
                    "un_n": both[i, j],
                }
            )
        )
    out = pd.concat(parts, ignore_index=True)
    order = np.argsort(dyad_year_id(out["ccode1"], out["ccode2"], out["year"]), kind="stable")
    return out.iloc[order].reset_index(drop=True)


def check_published(
    affinity: pd.DataFrame,
    votes: pd.DataFrame,
    roll_calls: pd.DataFrame,
    published: pd.DataFrame,
    roll_call_set: str,
    convention: str = "session",
) -> dict:
    """Compare ``affinity`` (``dyad_affinity`` of the configured roll-call set) with agreement from the
    published file on every dyad-year of the years whose roll calls all come from it (1946-2015 by
    session); list the roll calls per session of both files. ``passed``: the same dyad-years, the same
    ``un_n`` and ``un_agree`` within 1e-9 (expected under ``"published"`` only)."""
    _, selected = select_roll_calls(votes, roll_calls, published, roll_call_set)
    calls = published_calls(published, roll_calls)
    direct = published_agreement(published, calls, convention)
    selected_years = vote_year(selected, convention)
    from_published = selected["rcid"].isin(calls["rcid"])
    years = np.setdiff1d(selected_years[from_published].unique(), selected_years[~from_published].unique())
    ours = affinity[affinity["year"].isin(years)]
    direct = direct[direct["year"].isin(years)]
    ours_id = dyad_year_id(ours["ccode1"], ours["ccode2"], ours["year"])
    direct_id = dyad_year_id(direct["ccode1"], direct["ccode2"], direct["year"])
    at = positions(direct_id, ours_id)
    found = at >= 0
    difference = np.abs(ours["un_agree"].to_numpy()[at[found]] - direct["un_agree"].to_numpy()[found])
    n_differs = ours["un_n"].to_numpy()[at[found]] != direct["un_n"].to_numpy()[found]
    summary = {
        "roll_call_set": roll_call_set,
        "un_year": convention,
        "years_compared": [int(y) for y in years],
        "dyad_years_published": int(len(direct)),
        "dyad_years_panel": int(len(ours)),
        "dyad_years_only_in_published": int((~found).sum()),
        "dyad_years_only_in_panel": int(len(ours) - found.sum()),
        "dyad_years_un_n_differs": int(n_differs.sum()),
        "dyad_years_un_agree_differs": int((difference > TOLERANCE).sum()),
        "max_abs_difference_un_agree": float(difference.max()) if len(difference) else 0.0,
        "mean_abs_difference_un_agree": float(difference.mean()) if len(difference) else 0.0,
        "tolerance": TOLERANCE,
    }
    summary["passed"] = (
        summary["dyad_years_only_in_published"] == 0
        and summary["dyad_years_only_in_panel"] == 0
        and summary["dyad_years_un_n_differs"] == 0
        and summary["dyad_years_un_agree_differs"] == 0
    )
    summary["roll_calls_by_session"] = roll_call_counts(roll_calls, published, selected).to_dict("records")
    return summary
