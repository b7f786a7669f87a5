"""Our dynamic UN ideal points from the votes (data/processed/un_ideal_points.parquet)."""

import logging

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.ideal_points import estimate_ideal_points
from alliance_bargaining.panel.un_ideal import estimation_votes
from alliance_bargaining.script import run

INPUTS = ("votes", "roll_calls", "published", "matches", "issues")  # estimation_votes' arguments


def main(snakemake):
    votes, roll_calls, matches = estimation_votes(
        *(pd.read_parquet(snakemake.input[name]) for name in INPUTS),
        snakemake.params.un_roll_calls,
        snakemake.params.subset,
        snakemake.params.sessions,
    )
    estimates = estimate_ideal_points(votes, roll_calls, matches)
    logging.info("%s", estimates.attrs)
    write_parquet(estimates[["ccode", "year", "ideal", "se"]], snakemake.output[0])


run(main, snakemake)  # noqa: F821
