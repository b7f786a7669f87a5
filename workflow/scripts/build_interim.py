"""Build one interim table (data/interim/<source>.parquet) from its verified raw file."""

import pandas as pd

from alliance_bargaining.ingest.build import build_table
from alliance_bargaining.io import write_json, write_parquet
from alliance_bargaining.script import run


def main(snakemake):
    needs = {
        name: pd.read_parquet(path)
        for name, path in zip(snakemake.params.needs, snakemake.input.needs, strict=True)
    }
    table, report = build_table(
        snakemake.wildcards.source, snakemake.params.entry, snakemake.input.raw, needs
    )
    write_parquet(table, snakemake.output.table)
    write_json(report, snakemake.output.report)


run(main, snakemake)  # noqa: F821
