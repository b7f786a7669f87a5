"""Cost of the simulated MDE of a logit primary: results/bench/power.json.

`python bench/power.py [--draws S]` (after `snakemake proxies`) runs ``mde_simulated`` (pairs
cluster bootstrap, S resamples per delta, default config ``inference.power_draws`` = 100) on H1's
primary logit once and records the wall and CPU seconds, the number of refits, the power at
each delta, the refits that failed (separation) and the MDE. The load average before and after
is recorded: on a shared machine the wall time is an upper bound.
"""

import argparse
import json
import os
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.models.analysis import estimator_levels, prepare
from alliance_bargaining.models.inference import mde_simulated
from alliance_bargaining.models.specs import project_grid

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "bench" / "power.json"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=100)
    args = parser.parse_args()
    spec = next(s for s in project_grid(ROOT) if s.id == "H1__primary")
    path = ROOT / "data" / "processed" / f"{spec.dataset}.parquet"
    frame = prepare(pd.read_parquet(path), list(spec.units), list(spec.sample_years))
    model = {k: v for k, v in estimator_levels(spec.model, list(spec.units)).items() if k != "min_events"}
    load_before = os.getloadavg()[0]
    start, start_cpu = time.perf_counter(), time.process_time()
    result = mde_simulated(frame, model, model["key_term"], spec.expected_sign, args.draws, seed=1)
    row = {
        "case": spec.id,
        "rows": len(frame),
        "draws": args.draws,
        "refits": len(result["deltas"]) * args.draws,
        "wall_s": round(time.perf_counter() - start, 1),
        "cpu_s": round(time.process_time() - start_cpu, 1),
        "deltas": result["deltas"].round(4).tolist(),
        "power": result["power"].round(3).tolist(),
        "mde": result["mde"],
        "failed": result["failed"],
        "se": result["se"],
        "se_refits": result["se_refits"],
    }
    print(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"load_before": load_before, "load_after": os.getloadavg()[0], **row}, indent=1)
    )


if __name__ == "__main__":
    main()
