"""Cost of issue 12's additions to a fit: results/bench/inference.json.

`python bench/inference.py [--runs N]` (after `snakemake proxies`) fits H1's primary logit and
H4's primary-choice estimators (within-pair LPM, conditional logit, pooled logit) N times each
(default 3) in three forms: plain (no ``key_term``, no ``resample``), with the key term (the
logit's ``ame:`` row) and with the resampling level too (``FittedModel.influence``), and records
the minimum wall and CPU seconds. The load average before and after is recorded: on a shared
machine the wall times are upper bounds.
"""

import argparse
import json
import os
import time
from pathlib import Path

import pandas as pd

from alliance_bargaining.models.analysis import estimator_levels, prepare
from alliance_bargaining.models.estimators import fit
from alliance_bargaining.models.specs import project_grid

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "bench" / "inference.json"


def cases():
    """(label, rows, model) of H1's primary and each estimator of H4's primary choices."""
    grid = project_grid(ROOT)
    h1 = next(s for s in grid if s.id == "H1__primary")
    h4 = next(s for s in grid if s.id == "H4__primary")
    same = [
        s
        for s in grid
        if s.hypothesis == "H4" and all(s.choices[d] == v for d, v in h4.choices.items() if d != "estimator")
    ]
    out = []
    for spec in [h1, *same]:
        path = ROOT / "data" / "processed" / f"{spec.dataset}.parquet"
        frame = prepare(pd.read_parquet(path), list(spec.units), list(spec.sample_years))
        model = {k: v for k, v in estimator_levels(spec.model, list(spec.units)).items() if k != "min_events"}
        out.append((f"{spec.hypothesis} {model['estimator']}", frame, model))
    return out


def best(function, runs):
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {"wall_s": round(min(wall), 3), "cpu_s": round(min(cpu), 3)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    results = []
    for label, frame, model in cases():
        plain = {k: v for k, v in model.items() if k not in ("key_term", "resample")}
        forms = {"plain": plain, "key_term": plain | {"key_term": model["key_term"]}, "key_term+resample": model}
        row = {"case": label, "rows": len(frame)}
        for name, spec in forms.items():
            row[name] = best(lambda spec=spec, frame=frame: fit(frame, spec), args.runs)
        results.append(row)
        print(row)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps({"load_before": load_before, "load_after": os.getloadavg()[0], "cases": results}, indent=1)
    )


if __name__ == "__main__":
    main()
