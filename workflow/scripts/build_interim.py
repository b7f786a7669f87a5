"""Build one interim table (data/interim/<source>.parquet) from its verified raw file."""

from pathlib import Path

import pandas as pd

from alliance_bargaining.ingest.acquire import acquire, mirror_folders
from alliance_bargaining.ingest.build import build_table
from alliance_bargaining.io import write_json, write_parquet
from alliance_bargaining.script import run
from alliance_bargaining.settings import load_yaml


def main(snakemake):
    entry, raw = snakemake.params.entry, snakemake.input.raw
    # A copy in data/raw/ that no longer matches its SHA256 is deleted and fetched again (the URL
    # and mirrors are read here, as in retrieve_raw, so that editing them reruns nothing).
    root = Path(__file__).resolve().parents[2]
    url = load_yaml(root / snakemake.config["sources"])[snakemake.wildcards.source]["url"]
    acquire(entry["file"], entry["sha256"], url, raw[: -len(entry["file"])], mirror_folders(snakemake.config, root))
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
