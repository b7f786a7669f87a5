"""Place one raw file in data/raw/ from a mirror or its URL and verify its SHA256."""

from alliance_bargaining.ingest.acquire import acquire
from alliance_bargaining.script import run


def main(snakemake):
    entry = snakemake.params.entry
    raw_dir = snakemake.output[0][: -len(entry["file"])]
    acquire(entry["file"], entry["sha256"], entry["url"], raw_dir, snakemake.params.mirrors)


run(main, snakemake)  # noqa: F821
