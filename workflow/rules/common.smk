"""Configuration, dataset registry and hypothesis registry, validated before any rule runs."""

import re
from pathlib import Path

from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.models.specs import controls_by_dataset, load_dimensions, load_registry
from alliance_bargaining.panel.build import MID_SOURCES, other_mid_source
from alliance_bargaining.panel.columns import dyad_year_columns
from alliance_bargaining.proxies.columns import DATASET_COLUMNS, control_columns
from alliance_bargaining.script import one_line_errors
from alliance_bargaining.settings import validate_config

ROOT = Path(workflow.basedir)
SCHEMAS = ROOT / "workflow" / "schemas"

# A bad value prints one line `error: ...` and stops before any rule runs.
with one_line_errors():
    validate_config(config, SCHEMAS / "config.schema.yaml", "config/config.yaml")
    SOURCES = load_sources(ROOT / config["sources"], SCHEMAS / "sources.schema.yaml", config["sources"])
INGESTED = sorted(name for name, entry in SOURCES.items() if entry["reader"])

PRIMARY_MID = config["panel"]["mid_source"]
ALTERNATIVE_MID = other_mid_source(PRIMARY_MID)
# Directed dispute-dyad-year tables of the primary and the alternative MID data.
DIRDISPS = {"dirdisps": MID_SOURCES[PRIMARY_MID][0], "dirdisps_alt": MID_SOURCES[ALTERNATIVE_MID][0]}
# The dyad-year panel's columns (codebook text), including those of registered `join`s.
PANEL_COLUMNS = dyad_year_columns(PRIMARY_MID, SOURCES, config["panel"]["alliance_max_gap"])

REGISTRY_PATH = ROOT / config["hypotheses"]
with one_line_errors():
    REGISTRY = load_registry(
        REGISTRY_PATH, SCHEMAS / "hypotheses.schema.yaml", PANEL_COLUMNS, config["hypotheses"]
    )
    DIMENSIONS = load_dimensions(REGISTRY_PATH, SCHEMAS / "hypotheses.schema.yaml", config["hypotheses"])
    # Controls each analysis dataset carries (the registry's, under any choice) and their codebook text.
    CONTROLS = controls_by_dataset(REGISTRY, DIMENSIONS)
    CONTROL_DOCS = {
        name: control_columns(name, [c for c in columns if c not in DATASET_COLUMNS[name]], PANEL_COLUMNS)
        for name, columns in CONTROLS.items()
    }


def one_of(names):
    """Wildcard constraint matching exactly one of ``names``."""
    return "|".join(re.escape(name) for name in names)
