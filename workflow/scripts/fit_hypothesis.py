"""Every specification of one hypothesis (results/estimates/<hypothesis>.parquet), each dataset read once.

A moderated hypothesis also gets its primary specification's marginal effects
(results/estimates/<hypothesis>__marginal_effects.parquet). Every hypothesis gets the influence
file (results/estimates/<hypothesis>__influence.parquet: spec, term, unit, influence, sorted by
spec, term, unit; ``models.analysis.influence_rows``).
"""

import logging
import time

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.analysis import (
    INFLUENCE_COLUMNS,
    empty_influence,
    fit_specs,
    primary_marginal_effects,
)
from alliance_bargaining.script import run


def main(snakemake):
    specs = snakemake.params.specs
    fits = {}
    for key in dict.fromkeys(spec["dataset"] for spec in specs):  # one dataset in memory at a time
        start = time.perf_counter()
        data = pd.read_parquet(snakemake.input[key])
        group = [spec for spec in specs if spec["dataset"] == key]
        fits |= fit_specs(data, group)
        logging.info("%s: %d specifications in %.1f s", key, len(group), time.perf_counter() - start)
        if "marginal_effects" in snakemake.output.keys() and any(
            s["id"].endswith("__primary") for s in group
        ):
            primary = next(s for s in group if s["id"].endswith("__primary"))
            effects = primary_marginal_effects(data, primary, snakemake.params.moderator)
            write_parquet(effects, snakemake.output.marginal_effects)
    tables = {key: table for key, (table, _) in fits.items()}
    frames = [tables[spec["id"]] for spec in specs if len(tables[spec["id"]])]
    estimates = pd.concat(frames, ignore_index=True) if frames else next(iter(tables.values()))
    write_parquet(estimates, snakemake.output.estimates)
    influence = pd.concat(
        [empty_influence(), *(rows for _, rows in fits.values() if len(rows))], ignore_index=True
    )
    influence = influence.sort_values(["spec", "term", "unit"], ignore_index=True)[INFLUENCE_COLUMNS]
    write_parquet(influence, snakemake.output.influence)


run(main, snakemake)  # noqa: F821
