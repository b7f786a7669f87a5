"""The dataset registry (data/sources.yaml): one entry per raw file, validated against its schema."""

from pathlib import Path

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.settings import load_yaml, validate


def load_sources(path: str | Path, schema_path: str | Path) -> dict:
    """Read and validate the dataset registry; every ``reader`` must name a registered reader."""
    sources = validate(load_yaml(path), schema_path, path)
    for name, entry in sources.items():
        if entry["reader"] is not None and entry["reader"] not in READERS:
            raise InputError(
                f"{path}: key '{name}.reader': expected a reader function in "
                f"alliance_bargaining.ingest.readers, found '{entry['reader']}'"
            )
        if entry["reader"] is not None and entry["reader"] != name:
            raise InputError(f"{path}: key '{name}.reader': expected '{name}' (one reader per table)")
    return sources
