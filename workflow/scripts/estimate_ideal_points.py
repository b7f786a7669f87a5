"""Our dynamic UN ideal points from the votes (data/processed/un_ideal_points.parquet) and their check
against the published Bailey-Strezhnev-Voeten estimates (results/checks/ideal_points.json): a sign or
scale flip stops the run, a correlation below its target is reported in the file."""

import logging

import pandas as pd

from alliance_bargaining.io import write_json, write_parquet
from alliance_bargaining.panel.ideal_points import estimate_ideal_points
from alliance_bargaining.panel.un_ideal import estimation_votes, validate
from alliance_bargaining.script import run

INPUTS = ("votes", "roll_calls", "published", "matches", "issues")  # estimation_votes' arguments


def main(snakemake):
    params = snakemake.params
    votes, roll_calls, matches = estimation_votes(
        *(pd.read_parquet(snakemake.input[name]) for name in INPUTS),
        params.un_roll_calls,
        params.subset,
        params.sessions,
    )
    estimates = estimate_ideal_points(votes, roll_calls, matches)
    logging.info("%s", estimates.attrs)
    estimates = estimates[["ccode", "year", "ideal", "se"]]
    check = validate(
        estimates, pd.read_parquet(snakemake.input.published_ideal), roll_calls, snakemake.output.estimates
    )
    check |= {
        "un_roll_calls": params.un_roll_calls,
        "subset": params.subset,
        "sessions_estimated": params.sessions,
    }
    write_parquet(estimates, snakemake.output.estimates)
    write_json(check, snakemake.output.check)


run(main, snakemake)  # noqa: F821
