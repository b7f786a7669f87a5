"""Specification-curve test of every hypothesis (results/curve_tests.csv; ``models.inference.curve_test``)."""

import pandas as pd

from alliance_bargaining.models.inference import curve_test
from alliance_bargaining.script import run


def main(snakemake):
    influence = pd.concat(
        [
            pd.read_parquet(path).assign(hypothesis=hypothesis)
            for hypothesis, path in zip(snakemake.params.hypotheses, snakemake.input.influence, strict=True)
        ],
        ignore_index=True,
    )
    result = curve_test(
        pd.read_parquet(snakemake.input.estimates),
        influence,
        pd.read_csv(snakemake.input.choices, dtype={"expected_sign": str}),
        snakemake.params.draws,
        snakemake.params.seed,
    )
    result.to_csv(snakemake.output.tests, index=False)


run(main, snakemake)  # noqa: F821
