"""Dataset variants (data/processed/variants/<variant>/<dataset>.parquet): the panel read once for several."""

import logging
import time

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.proxies.datasets import build_dataset, building_blocks
from alliance_bargaining.script import run


def main(snakemake):
    start = time.perf_counter()
    panel = pd.read_parquet(snakemake.input.panel)
    dirdisps = {
        "": pd.read_parquet(snakemake.input.dirdisps),
        "_alt": pd.read_parquet(snakemake.input.dirdisps_alt),
    }
    logging.info("inputs read in %.1f s", time.perf_counter() - start)
    paths = iter(snakemake.output.datasets)
    for variant in snakemake.params.variants:
        blocks = building_blocks(panel, variant["proxies"], dirdisps)
        for name in variant["datasets"]:
            frame = build_dataset(blocks, name, variant["controls"].get(name, []))
            path = next(paths)
            write_parquet(frame, path)
            logging.info("%s: %d rows (%.1f s)", path, len(frame), time.perf_counter() - start)


run(main, snakemake)  # noqa: F821
