"""Build one interim table (data/interim/<source>.parquet) from its verified raw file."""

import pandas as pd

from alliance_bargaining.ingest.acquire import acquire
from alliance_bargaining.ingest.build import build_table
from alliance_bargaining.io import write_json, write_parquet
from alliance_bargaining.script import run


def main(snakemake):
    entry, raw = snakemake.params.entry, snakemake.input.raw
    # A copy in data/raw/ that no longer matches its SHA256 is deleted and fetched again.
    acquire(entry["file"], entry["sha256"], entry["url"], raw[: -len(entry["file"])], snakemake.params.mirrors)
    needs = {
        name: pd.read_parquet(path)
        for name, path in zip(snakemake.params.needs, snakemake.input.needs, strict=True)
    }
    states = snakemake.input.state_year
    table, report = build_table(
        snakemake.wildcards.source, entry, raw, needs, pd.read_parquet(states[0]) if states else None
    )
    write_parquet(table, snakemake.output.table)
    write_json(report, snakemake.output.report)


run(main, snakemake)  # noqa: F821
