"""Marginal effects of a primary interaction over the moderator's range."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.analysis import primary_marginal_effects
from alliance_bargaining.script import run


def main(snakemake):
    data = pd.read_parquet(snakemake.input[0])
    write_parquet(
        primary_marginal_effects(data, snakemake.params.spec, snakemake.params.moderator), snakemake.output[0]
    )


run(main, snakemake)  # noqa: F821
