"""Timing of H5's few-cluster inference (models.few_clusters): results/bench/few_clusters.json.

`python bench/few_clusters.py [--runs N]` (after `snakemake proxies` has built
data/processed/h5_patron_client.parquet) runs ``primary_few_clusters`` on H5's primary N times
(default 3) with the configured settings (every Webb vector enumerated when 6^G <= 100,000; 1,000
permutations) and with the wild bootstrap forced to 9,999 draws, recording the minimum wall and CPU
seconds and the sample (rows, patrons, draws). The load average before and after is recorded: on a
shared machine the wall times are upper bounds.
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.models.few_clusters import primary_few_clusters
from alliance_bargaining.models.specs import project_grid
from alliance_bargaining.settings import load_config, load_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "processed" / "h5_patron_client.parquet"
OUT = ROOT / "results" / "bench" / "few_clusters.json"


def main(runs: int) -> None:
    config = load_config(
        ROOT / "config" / "config.yaml", ROOT / "workflow" / "schemas" / "config.schema.yaml"
    )
    design = load_yaml(ROOT / "config" / "hypotheses.yaml")["H5"]["few_clusters"]
    primary = next(s for s in project_grid(ROOT) if s.hypothesis == "H5" and s.primary)
    params = {
        "model": primary.model,
        "units": list(primary.units),
        "sample_years": list(primary.sample_years),
    }
    data = pd.read_parquet(DATA)
    cases = {
        "configured": config["few_clusters"],
        "wild_9999_draws": config["few_clusters"] | {"wild_max_enumerated": 1},
    }
    load_before = os.getloadavg()
    record = {"machine": platform.processor() or platform.machine(), "cpus": os.cpu_count(), "cases": {}}
    for name, settings in cases.items():
        walls, cpus = [], []
        for _ in range(runs):
            wall, cpu = time.perf_counter(), time.process_time()
            tests, _ = primary_few_clusters(data, params, design, settings)
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        wild = tests.set_index("method").loc["wild_bootstrap"]
        record["cases"][name] = {
            "wall_s": round(min(walls), 3),
            "cpu_s": round(min(cpus), 3),
            "rows": int(wild["n_obs"]),
            "patrons": int(wild["n_clusters"]),
            "wild_draws": int(wild["draws"]),
            "randomization_draws": int(tests["draws"].iloc[-1]),
        }
    record["load_average"] = {"before": load_before[0], "after": os.getloadavg()[0]}
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    main(parser.parse_args().runs)
