"""Place one raw file in data/raw/ from a mirror or its URL and verify its SHA256.

The mirror folders (config ``raw_mirrors``) and the URL (registry) are read here, not passed as
rule parameters: where a file comes from does not change its verified bytes, so editing them
reruns nothing and never deletes a verified copy.
"""

from pathlib import Path

from alliance_bargaining.ingest.acquire import acquire, mirror_folders
from alliance_bargaining.script import run
from alliance_bargaining.settings import load_yaml


def main(snakemake):
    root = Path(__file__).resolve().parents[2]  # the project root; relative paths start there
    entry = load_yaml(root / snakemake.config["sources"])[snakemake.params.source]
    raw_dir = snakemake.output[0][: -len(entry["file"])]
    mirrors = mirror_folders(snakemake.config, root)
    acquire(entry["file"], snakemake.params.sha256, entry["url"], raw_dir, mirrors)


run(main, snakemake)  # noqa: F821
