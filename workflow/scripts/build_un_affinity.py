"""UN affinity per directed dyad-year from the raw votes (data/processed/un_affinity.parquet)."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.affinity import dyad_affinity
from alliance_bargaining.script import run


def main(snakemake):
    votes = pd.read_parquet(snakemake.input.votes)
    roll_calls = pd.read_parquet(snakemake.input.roll_calls)
    write_parquet(dyad_affinity(votes, roll_calls, snakemake.params.un_year), snakemake.output[0])


run(main, snakemake)  # noqa: F821
