"""Benchmark of the dyad-year panel: seconds per stage over 3 runs, rows and peak memory.

Run after `snakemake ingest` (it reads data/interim/): `python bench/panel.py`. Writes
results/bench/panel.json. The panel is built as rule `build_dyad_year` builds it: settings from
config/config.yaml (`panel`), sources and joins from the registry. ``peer_equivalent_s`` times the job peacesciencer users run
(create_dyadyears() 1816-2014 with ATOP, COW MIDs, NMC, contiguity, majors, strategic rivalries,
minimum distance and joint IGOs), reading its inputs from parquet included.
"""

import json
import os
import platform
import resource
import sys
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.panel.affinity import LAG_CONVENTION, LAGGED_MEASURES, dyad_affinity
from alliance_bargaining.panel.alliances import add_atop
from alliance_bargaining.panel.build import (
    CALENDAR_AFFINITY,
    MID_SOURCES,
    PANEL_SOURCES,
    build_dyad_year,
    joined_sources,
)
from alliance_bargaining.panel.capabilities import add_nmc
from alliance_bargaining.panel.dyads import dyad_years
from alliance_bargaining.panel.geography import add_contiguity, add_mindist
from alliance_bargaining.panel.igos import add_igos
from alliance_bargaining.panel.keys import DYAD_KEY
from alliance_bargaining.panel.mids import add_mids
from alliance_bargaining.panel.powers import add_powers, global_power_years, major_power_years
from alliance_bargaining.panel.rivalries import add_rivalries
from alliance_bargaining.panel.un_roll_calls import select_roll_calls
from alliance_bargaining.settings import CONFIG_SCHEMA, SCHEMAS, load_config

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"
RUNS = 3
COW_DIRDISPS, COW_DISPS = MID_SOURCES["cow"]
PEER_SOURCES = [
    "atop_alliance",
    COW_DIRDISPS,
    COW_DISPS,
    "cow_nmc",
    "cow_contdir",
    "cow_majors",
    "maoz_powers",
    "td_rivalries",
    "tss_rivalries",
    "cow_mindist",
    "cow_igo_ndy",
]


def read(names):
    return {name: pd.read_parquet(INTERIM / f"{name}.parquet") for name in names}


def peer_equivalent(coverage):
    """peacesciencer's job: directed dyad-years 1816-2014 and eight merges, inputs read from disk."""
    with pd.option_context("mode.copy_on_write", True):
        tables = read(PEER_SOURCES + ["state_year"])
        dyads = dyad_years(tables["state_year"], 1816, 2014)
        parts = [
            dyads,
            add_atop(dyads, tables["atop_alliance"], *coverage["atop_alliance"]),
            add_mids(dyads, tables[COW_DIRDISPS], tables[COW_DISPS], *coverage[COW_DIRDISPS]),
            add_nmc(dyads, tables["cow_nmc"]),
            add_contiguity(dyads, tables["cow_contdir"], *coverage["cow_contdir"]),
            add_powers(
                dyads, major_power_years(tables["cow_majors"]), global_power_years(tables["maoz_powers"])
            ),
            add_rivalries(dyads, tables["td_rivalries"], tables["tss_rivalries"]),
            add_mindist(dyads, tables["cow_mindist"]),
            add_igos(dyads, tables["cow_igo_ndy"]),
        ]
        return pd.concat(
            [parts[0]] + [p.drop(columns=["ccode1", "ccode2", "year"]) for p in parts[1:]], axis=1
        )


def main(out_path: Path) -> dict:
    config = load_config(ROOT / "config" / "config.yaml", CONFIG_SCHEMA)
    sources = load_sources(ROOT / config["sources"], SCHEMAS / "sources.schema.yaml")
    coverage = {name: tuple(entry["years"]) for name, entry in sources.items() if "years" in entry}
    settings = config["panel"]
    joins = joined_sources(sources)
    tables = read(PANEL_SOURCES + [name for name in joins if name not in PANEL_SOURCES])
    state_year = pd.read_parquet(INTERIM / "state_year.parquet")
    votes, roll_calls, published = (
        pd.read_parquet(INTERIM / "un_votes.parquet"),
        pd.read_parquet(INTERIM / "un_roll_calls.parquet"),
        pd.read_parquet(INTERIM / "un_votes_published.parquet"),
    )

    stage_times, whole, affinity_times, peer_times = {}, [], [], []
    for _ in range(RUNS):
        start = time.perf_counter()
        selected = select_roll_calls(votes, roll_calls, published, settings["un_roll_calls"])
        affinity = dyad_affinity(*selected, settings["un_year"])
        calendar = dyad_affinity(*selected, LAG_CONVENTION)  # for lagged reads, as build_dyad_year reads it
        tables[CALENDAR_AFFINITY] = calendar[[*DYAD_KEY, *LAGGED_MEASURES]]
        del calendar
        affinity_times.append(time.perf_counter() - start)
        panel = build_dyad_year(
            state_year,
            tables,
            affinity,
            settings,
            coverage,
            timer=lambda stage, seconds, frame: stage_times.setdefault(stage, []).append(seconds),
            joins=joins,
        )
        whole.append(time.perf_counter() - start)
        start = time.perf_counter()
        peer = peer_equivalent(coverage)
        peer_times.append(time.perf_counter() - start)

    result = {
        "runs": RUNS,
        "machine": {
            "cores": os.cpu_count(),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
        },
        "stage_s": {stage: round(min(times), 3) for stage, times in stage_times.items()},
        "stage_s_median": {stage: round(sorted(times)[RUNS // 2], 3) for stage, times in stage_times.items()},
        "affinity_s": round(min(affinity_times), 3),
        "affinity_rows": int(len(affinity)),
        "panel_s": round(min(whole), 3),
        "panel_rows": int(len(panel)),
        "panel_columns": int(panel.shape[1]),
        "peer_equivalent_s": round(min(peer_times), 3),
        "peer_equivalent_rows": int(len(peer)),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "targets": {"peer_equivalent_s": 3, "panel_s": 15, "affinity_s": 5, "peak_rss_mb": 2048},
        "notes": "min over runs; affinity_s = UN affinity by un_year and by calendar year; "
        "panel_s = UN affinity + universe + every merge, inputs in memory; "
        "peer_equivalent_s includes reading its parquet inputs; peak RSS of the whole benchmark process.",
    }
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(result, indent=2) + "\n")
    return result


if __name__ == "__main__":
    print(json.dumps(main(ROOT / "results" / "bench" / "panel.json"), indent=2))
