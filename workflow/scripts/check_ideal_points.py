"""Our UN ideal points against the published Bailey-Strezhnev-Voeten estimates
(results/checks/ideal_points.json); a sign or scale flip stops the run, a correlation below its target
is reported in the file."""

import pandas as pd

from alliance_bargaining.io import write_json
from alliance_bargaining.panel.un_ideal import estimation_votes, validate
from alliance_bargaining.script import run

INPUTS = ("votes", "roll_calls", "published", "matches", "issues")  # estimation_votes' arguments


def main(snakemake):
    _, roll_calls, _ = estimation_votes(
        *(pd.read_parquet(snakemake.input[name]) for name in INPUTS),
        snakemake.params.un_roll_calls,
        snakemake.params.subset,
        snakemake.params.sessions,
    )
    check = validate(
        pd.read_parquet(snakemake.input.estimates),
        pd.read_parquet(snakemake.input.published_ideal),
        roll_calls,
        snakemake.input.estimates,
    )
    check |= {"un_roll_calls": snakemake.params.un_roll_calls, "subset": snakemake.params.subset}
    check["sessions_estimated"] = snakemake.params.sessions
    write_json(check, snakemake.output[0])


run(main, snakemake)  # noqa: F821
