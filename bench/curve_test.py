"""Timing of the specification-curve test at the real grid's size: results/bench/curve_test.json.

`python bench/curve_test.py [--draws B]` (after `snakemake models`) runs ``models.inference.curve_test``
on results/estimates/multiverse.parquet and multiverse_choices.csv with B draws (default 500). The
influence is read from results/estimates/<H>__influence.parquet where the models stage wrote it;
for a hypothesis without that file, stand-in influence of the same shape (one value per spec and
cluster, scaled so that sum psi^2 = se^2) is drawn, since the test's cost depends on the shape
only. Records wall and CPU seconds and each hypothesis's specs and units.
"""

import argparse
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd

from alliance_bargaining.models.inference import curve_test

ROOT = Path(__file__).resolve().parents[1]
ESTIMATES = ROOT / "results" / "estimates"
OUT = ROOT / "results" / "bench" / "curve_test.json"


def influence_of(hypothesis: str, estimates: pd.DataFrame, choices: pd.DataFrame, rng) -> tuple:
    path = ESTIMATES / f"{hypothesis}__influence.parquet"
    if path.exists():
        return pd.read_parquet(path).assign(hypothesis=hypothesis), "file"
    keys = choices.loc[choices["hypothesis"] == hypothesis, ["spec", "key_term"]]
    rows = estimates[estimates["hypothesis"] == hypothesis].merge(keys, on="spec")
    rows = rows[(rows["term"] == rows["key_term"]) & rows["std_error"].notna()]
    frames = []
    for row in rows.itertuples():
        psi = rng.normal(size=int(row.n_clusters))
        psi *= row.std_error / np.sqrt((psi**2).sum())
        frames.append(
            pd.DataFrame({"spec": row.spec, "term": row.term, "unit": np.arange(len(psi)), "influence": psi})
        )
    empty = pd.DataFrame(columns=["spec", "term", "unit", "influence"])
    return (pd.concat(frames, ignore_index=True) if frames else empty).assign(hypothesis=hypothesis), "stand-in"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--draws", type=int, default=500)
    args = parser.parse_args()
    estimates = pd.read_parquet(ESTIMATES / "multiverse.parquet")
    choices = pd.read_csv(ESTIMATES / "multiverse_choices.csv", dtype={"expected_sign": str})
    for flag in ("descriptive", "uses_future"):
        if flag not in choices:
            choices[flag] = False
    rng = np.random.default_rng(0)
    parts = {h: influence_of(h, estimates, choices, rng) for h in choices["hypothesis"].unique()}
    influence = pd.concat([frame for frame, _ in parts.values()], ignore_index=True)
    wall, cpu = time.perf_counter(), time.process_time()
    result = curve_test(estimates, influence, choices, args.draws, seed=1)
    record = {
        "draws": args.draws,
        "wall_seconds": round(time.perf_counter() - wall, 3),
        "cpu_seconds": round(time.process_time() - cpu, 3),
        "hypotheses": {
            h: {"influence": source, "specs": int(n), "units": int(frame["unit"].nunique())}
            for (h, (frame, source)), n in zip(parts.items(), result["n_specs"], strict=True)
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(record, indent=2))


if __name__ == "__main__":
    main()
