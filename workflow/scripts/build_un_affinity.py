"""UN affinity per directed dyad-year from the votes of the configured roll-call set
(data/processed/un_affinity.parquet)."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.affinity import dyad_affinity
from alliance_bargaining.panel.un_roll_calls import select_roll_calls
from alliance_bargaining.script import run


def main(snakemake):
    votes, roll_calls = select_roll_calls(
        pd.read_parquet(snakemake.input.votes),
        pd.read_parquet(snakemake.input.roll_calls),
        pd.read_parquet(snakemake.input.published),
        snakemake.params.un_roll_calls,
    )
    write_parquet(dyad_affinity(votes, roll_calls, snakemake.params.un_year), snakemake.output[0])


run(main, snakemake)  # noqa: F821
