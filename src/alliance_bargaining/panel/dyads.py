"""The directed dyad-year universe from COW state-system membership.

Rule: a directed dyad-year (ccode1, ccode2, year), ccode1 != ccode2, exists when both states are
COW system members on at least one common day of the year (``state_year``, COW State System
Membership v2016): West Germany (to 2 Oct 1990) and unified Germany (from 3 Oct 1990) form no
dyad in 1990. The membership list ends on 31 Dec 2016; states still members then are carried
forward, for whole years, to ``last_year`` (as peacesciencer's ``create_dyadyears()`` does).
"""

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError

from .keys import dyad_year_id


def extend_membership(state_year: pd.DataFrame, last_year: int) -> pd.DataFrame:
    """Carry states that are members in the list's last year forward to ``last_year``."""
    final = int(state_year["year"].max())
    alive = state_year.loc[state_year["year"] == final, "ccode"].to_numpy()
    years = np.arange(final + 1, last_year + 1)
    extra = pd.DataFrame(
        {
            "ccode": np.tile(alive, len(years)).astype("int16"),
            "year": np.repeat(years, len(alive)).astype("int16"),
        }
    )
    extra["member_from"] = pd.to_datetime(extra["year"].astype(str) + "-01-01").astype("datetime64[s]")
    extra["member_to"] = pd.to_datetime(extra["year"].astype(str) + "-12-31").astype("datetime64[s]")
    columns = ["ccode", "year", "member_from", "member_to"]
    out = pd.concat(
        [state_year[columns].astype({"member_from": "datetime64[s]", "member_to": "datetime64[s]"}), extra],
        ignore_index=True,
    )
    return out.sort_values(["ccode", "year"], kind="mergesort").reset_index(drop=True)


def dyad_years(state_year: pd.DataFrame, first_year: int, last_year: int) -> pd.DataFrame:
    """All directed dyad-years of system members, ``first_year``..``last_year``, sorted by key."""
    members = extend_membership(state_year, last_year)
    members = members[(members["year"] >= first_year) & (members["year"] <= last_year)]
    members = members.sort_values(["year", "ccode"], kind="mergesort")
    ccode = members["ccode"].to_numpy(np.int16)
    year = members["year"].to_numpy(np.int16)
    member_from = members["member_from"].to_numpy("datetime64[s]")
    member_to = members["member_to"].to_numpy("datetime64[s]")
    # Group sizes per year, then every (member, member) pair within a year by index arithmetic.
    starts = np.flatnonzero(np.r_[True, year[1:] != year[:-1]])
    sizes = np.diff(np.r_[starts, len(year)])
    size_of_row = np.repeat(sizes, sizes)
    start_of_row = np.repeat(starts, sizes)
    first = np.repeat(np.arange(len(year)), size_of_row)
    block_start = np.repeat(np.cumsum(size_of_row) - size_of_row, size_of_row)
    second = np.repeat(start_of_row, size_of_row) + (np.arange(len(first)) - block_start)
    overlap = np.maximum(member_from[first], member_from[second]) <= np.minimum(
        member_to[first], member_to[second]
    )
    keep = (first != second) & overlap
    first, second = first[keep], second[keep]
    ids = dyad_year_id(ccode[first], ccode[second], year[first])
    order = np.argsort(ids, kind="stable")
    return pd.DataFrame(
        {"ccode1": ccode[first][order], "ccode2": ccode[second][order], "year": year[first][order]}
    )


def compare_with_ddy(dyads: pd.DataFrame, ddy: pd.DataFrame, first_year: int, last_year: int) -> dict:
    """Row counts per year of ``dyads`` and peacesciencer's ``cow_ddy`` and the dyad-years that differ.

    Differences are listed per state-year (a state missing from one universe removes all its
    dyads), which is how they are explained in results/checks/dyad_universe.json.
    """
    ddy = ddy[(ddy["year"] >= first_year) & (ddy["year"] <= last_year)]
    ours = dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"])
    theirs = dyad_year_id(ddy["ccode1"], ddy["ccode2"], ddy["year"])
    only_ours = dyads[~np.isin(ours, theirs)]
    only_theirs = ddy[~np.isin(theirs, ours)]
    per_year = (
        pd.DataFrame(
            {
                "ours": dyads.groupby("year").size(),
                "cow_ddy": ddy.groupby("year").size(),
            }
        )
        .fillna(0)
        .astype(int)
    )
    differing = per_year[per_year["ours"] != per_year["cow_ddy"]]
    return {
        "rule": " ".join(__doc__.split("Rule: ", 1)[1].split()),
        "rows_ours": int(len(dyads)),
        "rows_cow_ddy": int(len(ddy)),
        "years_equal": int((per_year["ours"] == per_year["cow_ddy"]).sum()),
        "years_differing": {
            int(y): {"ours": int(r.ours), "cow_ddy": int(r.cow_ddy)} for y, r in differing.iterrows()
        },
        "dyad_years_only_ours": int(len(only_ours)),
        "dyad_years_only_cow_ddy": int(len(only_theirs)),
        "state_years_only_ours": _state_years(only_ours),
        "state_years_only_cow_ddy": _state_years(only_theirs),
    }


def require_same_universe(check: dict, first_year: int, last_year: int) -> None:
    """Stop with one line when ``compare_with_ddy`` found years whose dyad-years differ."""
    if check["years_differing"]:
        year = min(check["years_differing"])
        raise InputError(
            f"peacesciencer/cow_ddy.rda: expected the directed dyad-years of COW membership "
            f"(cow_states.rda) in every year {first_year}-{last_year}, found "
            f"{len(check['years_differing'])} years differing (first {year}: {check['years_differing'][year]})"
        )


def _state_years(dyads: pd.DataFrame) -> list:
    """State-years whose every dyad is in the difference: 'ccode:year' strings, sorted."""
    states = dyads[["ccode1", "year"]].drop_duplicates().sort_values(["ccode1", "year"])
    return [f"{c}:{y}" for c, y in zip(states["ccode1"], states["year"], strict=True)]
