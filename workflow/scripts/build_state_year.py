"""State-year COW system membership (data/interim/state_year.parquet)."""

import pandas as pd

from alliance_bargaining.ingest.states import state_years
from alliance_bargaining.io import write_parquet
from alliance_bargaining.script import run


def main(snakemake):
    write_parquet(state_years(pd.read_parquet(snakemake.input.states)), snakemake.output[0])


run(main, snakemake)  # noqa: F821
