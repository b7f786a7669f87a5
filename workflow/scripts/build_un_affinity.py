"""UN affinity per directed dyad-year from the votes of the configured roll-call set, by the configured
year convention (data/processed/un_affinity.parquet) and by calendar year for lagged reads
(data/processed/un_affinity_calendar.parquet)."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.affinity import LAG_CONVENTION, dyad_affinity
from alliance_bargaining.panel.un_roll_calls import select_roll_calls
from alliance_bargaining.script import run


def main(snakemake):
    votes, roll_calls = select_roll_calls(
        pd.read_parquet(snakemake.input.votes),
        pd.read_parquet(snakemake.input.roll_calls),
        pd.read_parquet(snakemake.input.published),
        snakemake.params.un_roll_calls,
    )
    affinity = dyad_affinity(votes, roll_calls, snakemake.params.un_year)
    write_parquet(affinity, snakemake.output.affinity)
    if snakemake.params.un_year != LAG_CONVENTION:
        affinity = dyad_affinity(votes, roll_calls, LAG_CONVENTION)
    write_parquet(affinity, snakemake.output.calendar)


run(main, snakemake)  # noqa: F821
