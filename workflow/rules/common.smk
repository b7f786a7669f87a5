"""Configuration, dataset registry and hypothesis registry, validated before any rule runs."""

import re
from pathlib import Path

from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.models.specs import (
    controls_by_dataset,
    expand_grid,
    load_dimensions,
    load_registry,
    variant_name,
)
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


# The specification grid of the models stage (models.smk): one job per hypothesis, dataset
# variants built in VARIANT_JOBS jobs.
SPECS = {s.id: s for s in expand_grid(REGISTRY, DIMENSIONS, config["proxies"] | {"mid_source": PRIMARY_MID})}
HYPOTHESES = list(dict.fromkeys(spec.hypothesis for spec in SPECS.values()))
MODERATED = [h for h, entry in REGISTRY.items() if "moderator" in entry]
VARIANTS = {variant_name(s.variant, config["proxies"]): s.variant for s in SPECS.values()}
VARIANTS.pop("", None)
VARIANT_DATASETS = {
    variant: sorted({s.dataset for s in SPECS.values() if variant_name(s.variant, config["proxies"]) == variant})
    for variant in sorted(VARIANTS)
}
VARIANT_JOBS = 2  # each reads the panel (2 million dyad-years) once and builds its share of the variants


def variant_groups(jobs):
    """Variants dealt to ``jobs`` groups, largest first to the lightest group (cost: blocks + datasets)."""
    groups = [[] for _ in range(min(jobs, len(VARIANTS)))]
    cost = [0] * len(groups)
    for variant in sorted(VARIANTS, key=lambda v: (-len(VARIANT_DATASETS[v]), v)):
        lightest = cost.index(min(cost))
        groups[lightest].append(variant)
        cost[lightest] += 1 + len(VARIANT_DATASETS[variant])
    return {f"group{i + 1}": sorted(group) for i, group in enumerate(groups)}


VARIANT_GROUPS = variant_groups(VARIANT_JOBS)


def variant_path(variant, dataset):
    return f"data/processed/variants/{variant}/{dataset}.parquet"


def dataset_key(spec):
    """Input name of the spec's analysis dataset: "configured", or its variant's name."""
    variant = variant_name(spec.variant, config["proxies"])
    return re.sub(r"\W", "_", variant) if variant else "configured"


def dataset_path(spec):
    variant = variant_name(spec.variant, config["proxies"])
    return variant_path(variant, spec.dataset) if variant else f"data/processed/{spec.dataset}.parquet"


def hypothesis_specs(hypothesis):
    return [s for s in SPECS.values() if s.hypothesis == hypothesis]


def hypothesis_datasets(wildcards):
    return {dataset_key(s): dataset_path(s) for s in hypothesis_specs(wildcards.hypothesis)}


def spec_params(spec):
    return {
        "id": spec.id,
        "dataset": dataset_key(spec),
        "model": spec.model,
        "units": list(spec.units),
        "sample_years": list(spec.sample_years),
        "estimator": spec.model["estimator"],
    }


def one_of(names):
    """Wildcard constraint matching exactly one of ``names``."""
    return "|".join(re.escape(name) for name in names)
