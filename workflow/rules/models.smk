"""Stage 4, models: every specification of the registry's grid as one job, plus marginal effects."""

from alliance_bargaining.models.specs import expand_grid, variant_name

SPECS = {s.id: s for s in expand_grid(REGISTRY, DIMENSIONS, config["proxies"] | {"mid_source": PRIMARY_MID})}
VARIANTS = {variant_name(s.variant, config["proxies"]): s.variant for s in SPECS.values()}
VARIANTS.pop("", None)
MODERATED = [h for h, entry in REGISTRY.items() if "moderator" in entry]


def dataset_path(spec):
    """The spec's analysis dataset: the configured one, or a variant's."""
    variant = variant_name(spec.variant, config["proxies"])
    folder = f"data/processed/variants/{variant}" if variant else "data/processed"
    return f"{folder}/{spec.dataset}.parquet"


def spec_params(spec):
    return {
        "model": spec.model,
        "units": list(spec.units),
        "sample_years": list(spec.sample_years),
        "estimator": spec.model["estimator"],
    }


rule build_dataset_variant:
    input:
        panel="data/processed/dyad_year.parquet",
        dirdisps=f"data/interim/{DIRDISPS['dirdisps']}.parquet",
        dirdisps_alt=f"data/interim/{DIRDISPS['dirdisps_alt']}.parquet",
    output:
        datasets=["data/processed/variants/{variant}/{dataset}.parquet"],
    wildcard_constraints:
        variant=one_of(VARIANTS),
        dataset=one_of(DATASETS),
    params:
        proxies=lambda w: config["proxies"] | VARIANTS[w.variant],
        datasets=lambda w: [w.dataset],
        controls=lambda w: {w.dataset: CONTROLS[w.dataset]},
    log:
        "logs/build_dataset_variant/{variant}/{dataset}.log",
    benchmark:
        "benchmarks/build_dataset_variant/{variant}/{dataset}.tsv"
    resources:
        mem_mb=6000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_analysis_datasets.py"


rule fit_spec:
    input:
        lambda w: dataset_path(SPECS[w.spec_id]),
    output:
        "results/estimates/{spec_id}.parquet",
    wildcard_constraints:
        spec_id=one_of(SPECS),
    params:
        spec=lambda w: spec_params(SPECS[w.spec_id]),
    log:
        "logs/fit_spec/{spec_id}.log",
    benchmark:
        "benchmarks/fit_spec/{spec_id}.tsv"
    resources:
        mem_mb=3000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_spec.py"


rule fit_marginal_effects:
    input:
        lambda w: dataset_path(SPECS[f"{w.hypothesis}__primary"]),
    output:
        "results/estimates/{hypothesis}__marginal_effects.parquet",
    wildcard_constraints:
        hypothesis=one_of(MODERATED),
    params:
        spec=lambda w: spec_params(SPECS[f"{w.hypothesis}__primary"]),
        moderator=lambda w: REGISTRY[w.hypothesis]["moderator"],
    log:
        "logs/fit_marginal_effects/{hypothesis}.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_marginal_effects.py"


rule collect_multiverse:
    input:
        expand("results/estimates/{spec_id}.parquet", spec_id=SPECS),
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
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/collect_multiverse.py"


rule models:
    input:
        rules.collect_multiverse.output,
        expand("results/estimates/{hypothesis}__marginal_effects.parquet", hypothesis=MODERATED),
