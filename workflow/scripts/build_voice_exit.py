"""results/voice_exit.csv: H7's voice rate minus exit rate on the same client-years (models.voice_exit)."""

import logging

import pandas as pd

from alliance_bargaining.models.voice_exit import voice_exit_rates
from alliance_bargaining.script import run


def main(snakemake):
    rates = voice_exit_rates(pd.read_parquet(snakemake.input.data), tuple(snakemake.params.sample_years))
    rates.to_csv(snakemake.output[0], index=False)
    logging.info("voice - exit: %s", rates[["group", "difference"]].to_dict("records"))


run(main, snakemake)  # noqa: F821
