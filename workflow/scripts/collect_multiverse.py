"""Gather every hypothesis's estimates (in registry order) and the choices behind them."""

import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.estimates import RESULT_COLUMNS
from alliance_bargaining.script import run


def main(snakemake):
    frames = [pd.read_parquet(path) for path in snakemake.input.estimates]
    for path, frame in zip(snakemake.input.estimates, frames, strict=True):
        if frame.columns.tolist() != RESULT_COLUMNS:
            raise InputError(
                f"{path}: columns {frame.columns.tolist()}, expected {RESULT_COLUMNS} (re-run its fit)"
            )
    estimates = pd.concat([f for f in frames if len(f)], ignore_index=True)
    write_parquet(estimates, snakemake.output.estimates)
    choices = pd.DataFrame(snakemake.params.specs)
    choices.to_csv(snakemake.output.choices, index=False)


run(main, snakemake)  # noqa: F821
