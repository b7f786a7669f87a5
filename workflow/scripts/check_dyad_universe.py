"""Compare the dyad-year universe with peacesciencer's cow_ddy, year by year; stop if they differ."""

import json
import logging

import pandas as pd

from alliance_bargaining.io import write_json
from alliance_bargaining.panel.dyads import compare_with_ddy, dyad_years, require_same_universe
from alliance_bargaining.script import run


def main(snakemake):
    first, last = snakemake.params.first_year, snakemake.params.last_year
    dyads = dyad_years(pd.read_parquet(snakemake.input.state_year), first, last)
    check = compare_with_ddy(dyads, pd.read_parquet(snakemake.input.ddy), first, last)
    logging.info("%s", json.dumps(check, sort_keys=True))
    require_same_universe(check, first, last)
    write_json(check, snakemake.output[0])


run(main, snakemake)  # noqa: F821
