"""Timing of the conditional logit and the within-pair LPM on H4's data: results/bench/clogit.json.

`python bench/clogit.py [--runs N] [--statsmodels]` (after `snakemake proxies` has built
data/processed/h4_ally_client.parquet) fits every estimator of H4's primary choices (the
within-pair LPM, the conditional logit with year dummies, the pooled logit) N times (default 3)
and records the minimum wall and CPU seconds of each, with the estimation sample (rows, groups
kept, clusters, events) and the notes. `--statsmodels` also fits statsmodels' ConditionalLogit
(Newton) on the conditional logit's sample and design, once, and records its time and the largest
relative difference of the coefficients (minutes: it recurses group by group in Python). The load
average before and after is recorded: on a shared machine the wall times are upper bounds.
"""

import argparse
import json
import os
import platform
import time
from pathlib import Path

import numpy as np
import pandas as pd

from alliance_bargaining.models.analysis import estimator_levels, prepare
from alliance_bargaining.models.estimators import fit
from alliance_bargaining.models.specs import project_grid

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "processed" / "h4_ally_client.parquet"
OUT = ROOT / "results" / "bench" / "clogit.json"


def primary_models():
    """H4's rows and the models of each estimator with the primary's other choices."""
    grid = [s for s in project_grid(ROOT) if s.hypothesis == "H4"]
    primary = next(s for s in grid if s.primary)
    same = [s for s in grid if all(s.choices[d] == v for d, v in primary.choices.items() if d != "estimator")]
    frame = prepare(pd.read_parquet(DATA), list(primary.units), list(primary.sample_years))
    models = {s.model["estimator"]: estimator_levels(s.model, list(s.units)) for s in same}
    return frame, {k: {n: v for n, v in m.items() if n != "key_term"} for k, m in models.items()}


def timed(frame, spec, runs):
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        table, fitted = fit(frame, spec)
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    key = table.iloc[0]
    return fitted, {
        "wall_s": round(min(walls), 3),
        "cpu_s": round(min(cpus), 3),
        "fixed_effects": spec["fixed_effects"],
        "cluster": spec["cluster"],
        "term": key["term"],
        "n_obs": int(key["n_obs"]),
        "n_clusters": int(key["n_clusters"]),
        "n_events": int(key["n_events"]),
        "iterations": fitted.iterations,
        "notes": list(fitted.notes),
    }


def statsmodels_check(frame, spec, fitted):
    from statsmodels.discrete.conditional_models import ConditionalLogit

    sample = frame.iloc[fitted.rows]
    names = list(fitted.params.index)
    years = pd.get_dummies(sample["year"], prefix="year", prefix_sep="_", dtype=float)
    exog = pd.concat([sample[[n for n in names if n in sample]].astype(float), years], axis=1)[names]
    groups = sample["ccode1"].astype("int64") * 1000 + sample["ccode2"].astype("int64")
    start = time.perf_counter()
    result = ConditionalLogit(sample[spec["outcome"]].astype(float), exog, groups=groups).fit(
        method="newton", maxiter=100, tol=1e-12, disp=False
    )
    difference = (result.params[names] - fitted.params[names]).abs() / fitted.params[names].abs()
    return {
        "wall_s": round(time.perf_counter() - start, 1),
        "max_rel_diff_params": float(difference.max()),
        "llf_rel_diff": abs(result.llf - fitted.llf) / abs(fitted.llf),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--statsmodels", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()
    frame, models = primary_models()
    out = {"machine": platform.machine(), "cpus": os.cpu_count(), "load_before": load, "rows": len(frame)}
    fits = {}
    for estimator, spec in models.items():
        fits[estimator], out[estimator] = timed(frame, spec, args.runs)
    if args.statsmodels and "clogit" in models:
        out["statsmodels_clogit"] = statsmodels_check(frame, models["clogit"], fits["clogit"])
    out["load_after"] = os.getloadavg()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(
        json.dumps(out, indent=2, default=lambda v: np.asarray(v).tolist()) + "\n", encoding="utf-8"
    )
    print(json.dumps(out, indent=2, default=lambda v: np.asarray(v).tolist()))


if __name__ == "__main__":
    main()
