"""Configuration and dataset registry, validated before any rule runs."""

import re
from pathlib import Path

from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.script import one_line_errors
from alliance_bargaining.settings import validate_config

ROOT = Path(workflow.basedir)
SCHEMAS = ROOT / "workflow" / "schemas"

# A bad value prints one line `error: ...` and stops before any rule runs.
with one_line_errors():
    validate_config(config, SCHEMAS / "config.schema.yaml", "config/config.yaml")
    SOURCES = load_sources(ROOT / config["sources"], SCHEMAS / "sources.schema.yaml", config["sources"])
INGESTED = sorted(name for name, entry in SOURCES.items() if entry["reader"])
MIRRORS = [str(Path(m) if Path(m).is_absolute() else ROOT / m) for m in config["raw_mirrors"]]


def one_of(names):
    """Wildcard constraint matching exactly one of ``names``."""
    return "|".join(re.escape(name) for name in names)
