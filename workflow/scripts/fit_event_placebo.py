"""The event study's placebo distribution (results/estimates/event_study__placebo.parquet): the stacked
event study of each draw of random onset years (data/processed/event_alliance_onset_placebo)."""

import logging
import time

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.event_study import placebo_distribution
from alliance_bargaining.script import run


def main(snakemake):
    start = time.perf_counter()
    data = pd.read_parquet(snakemake.input.placebo)
    draws = placebo_distribution(data, snakemake.params.outcome, snakemake.params.window)
    fitted = draws["draw"].nunique()
    logging.info(
        "%d of %d draws estimated in %.1f s", fitted, data["draw"].nunique(), time.perf_counter() - start
    )
    write_parquet(draws, snakemake.output.placebo)


run(main, snakemake)  # noqa: F821
