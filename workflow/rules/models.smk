"""Stage 4, models: the registry's specification grid, one job per hypothesis, plus marginal effects.

Jobs are what a scheduler (the SLURM profile) spreads over nodes: a hypothesis's specifications run
in one job that reads each of its datasets once (seconds of fitting, instead of hundreds of jobs
each paying the start-up); the dataset variants are built in ``VARIANT_JOBS`` jobs, each reading the
panel once for several variants.
"""

import re

from alliance_bargaining.models.specs import expand_grid, variant_name

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


for group, variants in VARIANT_GROUPS.items():

    rule:
        name:
            f"build_dataset_variants_{group}"
        input:
            panel="data/processed/dyad_year.parquet",
            dirdisps=f"data/interim/{DIRDISPS['dirdisps']}.parquet",
            dirdisps_alt=f"data/interim/{DIRDISPS['dirdisps_alt']}.parquet",
        output:
            datasets=[variant_path(v, d) for v in variants for d in VARIANT_DATASETS[v]],
        params:
            variants=[
                {
                    "proxies": config["proxies"] | VARIANTS[v],
                    "datasets": VARIANT_DATASETS[v],
                    "controls": {d: CONTROLS[d] for d in VARIANT_DATASETS[v]},
                }
                for v in variants
            ],
        log:
            f"logs/build_dataset_variants/{group}.log",
        benchmark:
            f"benchmarks/build_dataset_variants/{group}.tsv"
        resources:
            mem_mb=3000,
        conda:
            "../envs/pipeline.yaml"
        script:
            "../scripts/build_dataset_variants.py"


rule fit_hypothesis:
    input:
        unpack(hypothesis_datasets),
    output:
        estimates="results/estimates/{hypothesis}.parquet",
    wildcard_constraints:
        hypothesis=one_of([h for h in HYPOTHESES if h not in MODERATED]),
    params:
        specs=lambda w: [spec_params(s) for s in hypothesis_specs(w.hypothesis)],
    log:
        "logs/fit_hypothesis/{hypothesis}.log",
    benchmark:
        "benchmarks/fit_hypothesis/{hypothesis}.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_hypothesis.py"


# A hypothesis with an interaction also gets the marginal effects of its primary specification.
use rule fit_hypothesis as fit_moderated_hypothesis with:
    output:
        estimates="results/estimates/{hypothesis}.parquet",
        marginal_effects="results/estimates/{hypothesis}__marginal_effects.parquet",
    wildcard_constraints:
        hypothesis=one_of(MODERATED),
    params:
        specs=lambda w: [spec_params(s) for s in hypothesis_specs(w.hypothesis)],
        moderator=lambda w: REGISTRY[w.hypothesis]["moderator"],


rule collect_multiverse:
    input:
        estimates=expand("results/estimates/{hypothesis}.parquet", hypothesis=HYPOTHESES),
    output:
        estimates="results/estimates/multiverse.parquet",
        choices="results/estimates/multiverse_choices.csv",
    params:
        specs=[
            {"hypothesis": s.hypothesis, "spec": s.spec, "primary": s.primary, "key_term": s.model["key_term"],
             "expected_sign": s.expected_sign, **s.choices}
            for s in SPECS.values()
        ],
    log:
        "logs/collect_multiverse.log",
    benchmark:
        "benchmarks/collect_multiverse.tsv"
    resources:
        mem_mb=1000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/collect_multiverse.py"


rule models:
    input:
        rules.collect_multiverse.output,
        expand("results/estimates/{hypothesis}__marginal_effects.parquet", hypothesis=MODERATED),


# Per-hypothesis targets: `snakemake H1` brings H1's estimates up to date (re-estimating its
# specifications when their data, configuration or code changed), then the summary and report.
for hypothesis in HYPOTHESES:

    rule:
        name:
            hypothesis
        input:
            estimates=f"results/estimates/{hypothesis}.parquet",
            report="results/report.html",
            summary="results/summary.md",
