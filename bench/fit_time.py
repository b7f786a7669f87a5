"""Fit time of two specification grids from their fit logs: results/bench/fit_time.json.

`python bench/fit_time.py BEFORE AFTER` reads the per-specification seconds that the models stage
logs (`logs/fit_hypothesis/<hypothesis>.log`, lines `<hypothesis>__<spec>: <s> s`) of two runs,
e.g. main's and a branch's. On a shared machine the two runs meet different loads, so the after
run is put on the before run's load by the specifications the grids share: an after id names the
same model as a before id once the segments of dimensions the hypothesis's before ids lack, at
their primary value, are dropped (`--primary-segments`, default those of issue 12). Per hypothesis the load factor is the ratio of
the shared specifications' seconds (all shared specifications' ratio where a hypothesis shares
fewer than 4 or under 1 s); the after seconds divided by it estimate the after grid at the before
load. Recorded: specifications and seconds by hypothesis, the factors and the totals.
"""

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "results" / "bench" / "fit_time.json"
LINE = re.compile(r"INFO (\S+__\S*): ([0-9.]+) s$")
ISSUE_12 = ["rsk-not_allied", "cl-ccode_a", "cl-dyad", "fgt-solo", "ref-t0-1", "fe-dyad+year", "fe-pair+year"]


def spec_seconds(folder: Path) -> dict:
    """Specification id -> fit seconds, from every log of ``folder``."""
    out = {}
    for log in sorted(folder.glob("*.log")):
        for line in log.read_text().splitlines():
            found = LINE.search(line)
            if found:
                out[found[1]] = float(found[2])
    return out


def _dimensions(ids) -> dict:
    """hypothesis -> the dimension abbreviations its specification names show."""
    out = {}
    for i in ids:
        hypothesis, spec = i.split("__", 1)
        out.setdefault(hypothesis, set()).update(s.split("-", 1)[0] for s in spec.split(".") if "-" in s)
    return out


def compare(before: dict, after: dict, segments: list) -> dict:
    known = _dimensions(before)

    def as_before(i):
        hypothesis, spec = i.split("__", 1)
        parts = spec.split(".")
        kept = [s for s in parts if s not in segments or s.split("-", 1)[0] in known.get(hypothesis, ())]
        return f"{hypothesis}__{'.'.join(kept)}"

    shared = {new: as_before(new) for new in after if as_before(new) in before}
    hypotheses = sorted({i.split("__")[0] for i in [*before, *after]})

    def factor(ids):
        then = sum(before[shared[i]] for i in ids)
        return sum(after[i] for i in ids) / then if len(ids) >= 4 and then >= 1 else None

    overall = factor(list(shared))
    rows = {}
    for h in hypotheses:
        mine = [i for i in shared if i.startswith(f"{h}__")]
        load = factor(mine) or overall
        seconds = sum(v for i, v in after.items() if i.startswith(f"{h}__"))
        rows[h] = {
            "before_specs": sum(i.startswith(f"{h}__") for i in before),
            "before_s": round(sum(v for i, v in before.items() if i.startswith(f"{h}__")), 2),
            "after_specs": sum(i.startswith(f"{h}__") for i in after),
            "after_s": round(seconds, 2),
            "shared_specs": len(mine),
            "load_factor": round(load, 3),
            "after_s_at_before_load": round(seconds / load, 2),
        }
    total_before = sum(r["before_s"] for r in rows.values())
    total_after = sum(r["after_s_at_before_load"] for r in rows.values())
    return {
        "hypotheses": rows,
        "shared_specs": len(shared),
        "overall_load_factor": round(overall, 3),
        "before_s": round(total_before, 1),
        "after_s_at_before_load": round(total_after, 1),
        "ratio": round(total_after / total_before, 3),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="logs/fit_hypothesis of the before run")
    parser.add_argument("after", type=Path, help="logs/fit_hypothesis of the after run")
    parser.add_argument("--primary-segments", nargs="*", default=ISSUE_12)
    args = parser.parse_args()
    result = compare(spec_seconds(args.before), spec_seconds(args.after), args.primary_segments)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps({k: v for k, v in result.items() if k != "hypotheses"}))


if __name__ == "__main__":
    main()
