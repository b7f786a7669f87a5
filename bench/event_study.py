"""Benchmark of the stacked event study: seconds per step (best of 3 runs) and the stacks' sizes.

Run after `snakemake panel` (it reads data/processed/dyad_year.parquet and the directed dispute
tables): `python bench/event_study.py`. Writes results/bench/event_study.json. Steps: the dense
event panel (``Blocks.event_panel``), the stacked dataset, the placebo dataset (all draws), the
primary fit and the placebo fits; settings from config/config.yaml (`proxies`).
"""

import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.models.event_study import placebo_distribution, stacked_event_study
from alliance_bargaining.panel.build import MID_SOURCES, other_mid_source
from alliance_bargaining.proxies.datasets import build_dataset, building_blocks
from alliance_bargaining.proxies.events import onset_events
from alliance_bargaining.settings import CONFIG_SCHEMA, load_config

ROOT = Path(__file__).resolve().parents[1]
RUNS = 3


def best(step) -> tuple[float, object]:
    """(fastest of RUNS wall-clock seconds, the step's last result)."""
    times, out = [], None
    for _ in range(RUNS):
        start = time.perf_counter()
        out = step()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    config = load_config(ROOT / "config" / "config.yaml", CONFIG_SCHEMA)
    mid = config["panel"]["mid_source"]
    panel = pd.read_parquet(ROOT / "data" / "processed" / "dyad_year.parquet")
    interim = ROOT / "data" / "interim"
    dirdisps = {
        "": pd.read_parquet(interim / f"{MID_SOURCES[mid][0]}.parquet"),
        "_alt": pd.read_parquet(interim / f"{MID_SOURCES[other_mid_source(mid)][0]}.parquet"),
    }
    params = config["proxies"]
    seconds = {}

    def event_panel():
        blocks = building_blocks(panel, params, dirdisps)
        blocks.event_panel  # noqa: B018 (computed and cached on first access)
        return blocks

    seconds["event_panel"], blocks = best(event_panel)
    seconds["dataset"], stacks = best(lambda: build_dataset(blocks, "event_alliance_onset"))
    seconds["placebo_dataset"], placebo = best(lambda: build_dataset(blocks, "event_alliance_onset_placebo"))
    window = params["event_window"]
    seconds["fit"], _ = best(lambda: stacked_event_study(stacks, "rival_mid_onset", window))
    seconds["placebo_fits"], draws = best(lambda: placebo_distribution(placebo, "rival_mid_onset", window))
    onsets, events, _ = onset_events(blocks.event_panel, params["first_year"], params["last_year"])
    per_stack = stacks.groupby("stack")["ccode"].nunique() - 1
    out = {
        "seconds": {k: round(v, 3) for k, v in seconds.items()},
        "onsets": len(onsets),
        "distinct_a": int(onsets["ccode_a"].nunique()),
        "events": len(events),
        "stacks": int(stacks["stack"].nunique()),
        "controls_per_stack": sorted(set(per_stack.tolist())),
        "rows": len(stacks),
        "placebo_rows": len(placebo),
        "placebo_draws_estimated": int(draws["draw"].nunique()),
        "machine": {"platform": platform.platform(), "cpus": os.cpu_count()},
    }
    path = ROOT / "results" / "bench" / "event_study.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
