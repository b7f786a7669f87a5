"""The directed dyad-year panel with every source merged (data/processed/dyad_year.parquet)."""

import logging

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.affinity import LAGGED_MEASURES
from alliance_bargaining.panel.build import CALENDAR_AFFINITY, build_dyad_year
from alliance_bargaining.panel.keys import DYAD_KEY
from alliance_bargaining.script import run


def main(snakemake):
    tables = {
        name: pd.read_parquet(path)
        for name, path in zip(snakemake.params.sources, snakemake.input.tables, strict=True)
    }
    tables[CALENDAR_AFFINITY] = pd.read_parquet(
        snakemake.input.affinity_calendar, columns=[*DYAD_KEY, *LAGGED_MEASURES]
    )
    panel = build_dyad_year(
        pd.read_parquet(snakemake.input.state_year),
        tables,
        pd.read_parquet(snakemake.input.affinity),
        snakemake.params.panel,
        {name: tuple(years) for name, years in snakemake.params.coverage.items()},
        timer=lambda stage, seconds, frame: logging.info("%s: %.3f s", stage, seconds),
        joins=snakemake.params.joins,
    )
    write_parquet(panel, snakemake.output[0])


run(main, snakemake)  # noqa: F821
