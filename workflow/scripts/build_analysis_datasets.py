"""The configured analysis datasets (data/processed/<dataset>.parquet) and the case table."""

import logging
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.proxies.cases import CASE_DATASETS, case_table, role_samples
from alliance_bargaining.proxies.datasets import build_dataset, building_blocks
from alliance_bargaining.script import run


def main(snakemake):
    start = time.perf_counter()
    panel = pd.read_parquet(snakemake.input.panel)
    dirdisps = {
        "": pd.read_parquet(snakemake.input.dirdisps),
        "_alt": pd.read_parquet(snakemake.input.dirdisps_alt),
    }
    blocks = building_blocks(panel, snakemake.params.proxies, dirdisps)
    built = {}
    for name, path in zip(snakemake.params.datasets, snakemake.output.datasets, strict=True):
        frame = build_dataset(blocks, name, snakemake.params.controls.get(name, []))
        write_parquet(frame, path)
        logging.info("%s: %d rows", name, len(frame))
        if name in CASE_DATASETS:
            built[name] = frame
    samples = role_samples(panel, snakemake.params.proxies, dirdisps, built)
    cases = case_table(blocks, samples)
    Path(snakemake.output.cases).write_text(cases.to_csv(index=False), encoding="utf-8")
    logging.info("done in %.1f s", time.perf_counter() - start)


run(main, snakemake)  # noqa: F821
