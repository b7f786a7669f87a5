"""Place one raw file in data/raw/ from a mirror or its URL and verify its SHA256.

The mirror folders are read here from the configuration (``raw_mirrors``), not passed as a rule
parameter: where a file comes from does not change its verified bytes, so editing the mirror list
reruns nothing (and never deletes a verified copy).
"""

from pathlib import Path

from alliance_bargaining.ingest.acquire import acquire, mirror_folders
from alliance_bargaining.script import run


def main(snakemake):
    entry = snakemake.params.entry
    raw_dir = snakemake.output[0][: -len(entry["file"])]
    root = Path(__file__).resolve().parents[2]  # the project root; relative mirrors start there
    acquire(entry["file"], entry["sha256"], entry["url"], raw_dir, mirror_folders(snakemake.config, root))


run(main, snakemake)  # noqa: F821
