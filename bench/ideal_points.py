"""Benchmark and validation of the dynamic ordinal ideal points (alliance_bargaining.panel.ideal_points).

Run after `snakemake ingest` (it reads data/interim/): `python bench/ideal_points.py [--runs 3]`.
Estimates ideal points from all UN votes 1946-2019 and writes results/bench/ideal_points.json:
``benchmark`` (wall seconds, min over runs, stopping early once a run exceeds the 60 s target; peak
RSS of the process; votes, states, sessions, EM steps), ``matches`` (Matches.csv against the unvotes
roll calls: pairs kept, pairs naming rcids the roll calls lack, vote agreement within matched pairs
against mismatched ones) and ``validation`` (validate_against_published against Bailey, Strezhnev
and Voeten's IdealpointestimatesAll_Apr2020.csv).
"""

import argparse
import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.panel.ideal_points import (
    estimate_ideal_points,
    read_published_ideal_points,
    select_votes,
    validate_against_published,
)

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"
VOETEN = ROOT / ".." / "shared" / "data" / "raw" / "voeten"
TARGETS = {"wall_s": 60, "peak_rss_mb": 2048}


def match_check(
    matches: pd.DataFrame, votes: pd.DataFrame, roll_calls: pd.DataFrame, kept: pd.DataFrame
) -> dict:
    """Do Matches.csv's rcids number the same roll calls as the vote files? Then the two roll calls of a
    pair (one resolution in two sessions) get near-identical votes, unlike a pair's first roll call and
    the next pair's second one; and the second lies in a later session."""
    kept = kept.sort_values(["rcid1", "rcid2"], ignore_index=True)
    shifted = kept.assign(rcid2=kept["rcid2"].shift(-1)).dropna().astype("int64")
    session = roll_calls.set_index("rcid")["session"]
    return {
        "pairs": len(matches),
        "pairs_kept": len(kept),
        "pairs_naming_rcids_not_in_roll_calls": int(
            (~matches["rcid1"].isin(roll_calls["rcid"]) | ~matches["rcid2"].isin(roll_calls["rcid"])).sum()
        ),
        "mean_agreement_matched": agreement(votes, kept),
        "mean_agreement_shifted": agreement(votes, shifted),
        "share_second_in_later_session": float(
            (session.reindex(kept["rcid2"]).to_numpy() > session.reindex(kept["rcid1"]).to_numpy()).mean()
        ),
    }


def agreement(votes: pd.DataFrame, pairs: pd.DataFrame) -> float:
    """Mean over pairs of the share of states voting the same way on both roll calls."""
    pairs = pairs.rename_axis("pair").reset_index()
    sides = [
        pairs.merge(votes, left_on=column, right_on="rcid")[["pair", "ccode", "vote"]]
        for column in ("rcid1", "rcid2")
    ]
    both = sides[0].merge(sides[1], on=["pair", "ccode"])
    return float((both["vote_x"] == both["vote_y"]).groupby(both["pair"]).mean().mean())


def main(args: argparse.Namespace) -> dict:
    votes, roll_calls = pd.read_parquet(args.votes), pd.read_parquet(args.roll_calls)
    matches = pd.read_csv(args.matches)
    published = read_published_ideal_points(args.published)
    chosen = select_votes(votes, roll_calls, matches, subset="all")

    times, estimates = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        estimates.append(estimate_ideal_points(*chosen))
        times.append(time.perf_counter() - start)
        if times[-1] > TARGETS["wall_s"]:
            break
    est = estimates[-1]
    benchmark = {
        "runs": len(times),
        "wall_s": round(min(times), 2),
        "wall_s_runs": [round(t, 2) for t in times],
        "identical_runs": all(e.equals(est) for e in estimates),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "n_votes": len(chosen[0]),
        "n_votes_used": est.attrs["n_votes"],
        "n_roll_calls": int(chosen[0]["rcid"].nunique()),
        "n_items": est.attrs["n_items"],
        "n_states": int(est["ccode"].nunique()),
        "n_sessions": int(est["session"].nunique()),
        "n_state_sessions": len(est),
        "iterations": est.attrs["iterations"],
        "converged": est.attrs["converged"],
        "targets": TARGETS,
        "machine": {
            "cores": os.cpu_count(),
            "load_average_1min": round(os.getloadavg()[0], 2),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "notes": "wall_s = min over runs of estimate_ideal_points on tables in memory; peak RSS of the "
        "whole benchmark process (tables included).",
    }
    result = {
        "benchmark": benchmark,
        "matches": match_check(matches, votes, roll_calls, chosen[2]),
        "validation": validate_against_published(est, published, chosen[1]),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--votes", type=Path, default=INTERIM / "un_votes.parquet")
    parser.add_argument("--roll-calls", type=Path, default=INTERIM / "un_roll_calls.parquet")
    parser.add_argument("--matches", type=Path, default=VOETEN / "Matches.csv")
    parser.add_argument("--published", type=Path, default=VOETEN / "IdealpointestimatesAll_Apr2020.csv")
    parser.add_argument("--out", type=Path, default=ROOT / "results" / "bench" / "ideal_points.json")
    parser.add_argument("--runs", type=int, default=3)
    result = main(parser.parse_args())
    summary = {
        key: result["validation"][key]
        for key in ("pooled_r", "median_session_r", "min_session_r", "within_state_r")
    }
    print(
        json.dumps(
            {"benchmark": result["benchmark"], "matches": result["matches"], "validation": summary}, indent=2
        )
    )
