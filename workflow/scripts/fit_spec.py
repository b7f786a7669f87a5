"""Estimate one specification of the grid (results/estimates/<hypothesis>__<spec>.parquet)."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.analysis import estimate
from alliance_bargaining.script import run


def main(snakemake):
    write_parquet(estimate(pd.read_parquet(snakemake.input[0]), snakemake.params.spec), snakemake.output[0])


run(main, snakemake)  # noqa: F821
