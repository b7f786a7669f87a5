"""Stage 4, models: the registry's specification grid, one job per hypothesis, plus marginal effects.

Jobs are what a scheduler (the SLURM profile) spreads over nodes: a hypothesis's specifications run
in one job that reads each of its datasets once (seconds of fitting, instead of hundreds of jobs
each paying the start-up); the dataset variants are built in ``VARIANT_JOBS`` jobs, each reading the
panel once for several variants.
"""

import pandas as pd

from alliance_bargaining.report.results import primary_specs

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
        influence="results/estimates/{hypothesis}__influence.parquet",
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
        influence="results/estimates/{hypothesis}__influence.parquet",
        marginal_effects="results/estimates/{hypothesis}__marginal_effects.parquet",
    wildcard_constraints:
        hypothesis=one_of(MODERATED),
    params:
        specs=lambda w: [spec_params(s) for s in hypothesis_specs(w.hypothesis)],
        moderator=lambda w: REGISTRY[w.hypothesis]["moderator"],


# The event study's placebo: its primary outcome on each draw of random onset years.
rule fit_event_placebo:
    input:
        placebo="data/processed/event_alliance_onset_placebo.parquet",
    output:
        placebo="results/estimates/event_study__placebo.parquet",
    params:
        outcome=REGISTRY["event_study"]["outcome"],
        window=config["proxies"]["event_window"],
    log:
        "logs/fit_event_placebo.log",
    benchmark:
        "benchmarks/fit_event_placebo.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_event_placebo.py"


# H5's primary with inference by patron, where rapprochement is assigned (few clusters): wild cluster
# bootstrap and randomization inference (models.few_clusters), and its identifying client dyads.
rule fit_h5_inference:
    input:
        data=dataset_path(SPECS["H5__primary"]),
        states="data/interim/state_year.parquet",
    output:
        inference="results/estimates/H5__few_clusters.parquet",
        dyads="results/estimates/H5__identifying_dyads.parquet",
    params:
        spec=spec_params(SPECS["H5__primary"]),
        design=REGISTRY["H5"]["few_clusters"],
        settings=config["few_clusters"],
    log:
        "logs/fit_h5_inference.log",
    benchmark:
        "benchmarks/fit_h5_inference.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_h5_inference.py"


rule collect_multiverse:
    input:
        estimates=expand("results/estimates/{hypothesis}.parquet", hypothesis=HYPOTHESES),
    output:
        estimates="results/estimates/multiverse.parquet",
        choices="results/estimates/multiverse_choices.csv",
    params:
        specs=[
            {"hypothesis": s.hypothesis, "spec": s.spec, "primary": s.primary, "key_term": s.model["key_term"],
             "expected_sign": s.expected_sign, "descriptive": s.descriptive, "uses_future": s.uses_future,
             "placebo_of": s.placebo_of, **s.choices}
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


# Power and joint inference (models.inference; RESEARCH_DESIGN.md section 7, "Inference").
# SUMMARY_SPECS: the specs of the summary's rows (report.results.primary_specs), descriptive ones
# aside; their logit rows get a simulated MDE on their datasets.
SUMMARY_SPECS = [
    SPECS[f"{h}__{s}"]
    for h, s in primary_specs(
        pd.DataFrame(
            [{"hypothesis": s.hypothesis, "spec": s.spec, "primary": s.primary, **s.choices} for s in SPECS.values()]
        ),
        REGISTRY,
    )[["hypothesis", "spec"]].itertuples(index=False)
]
SUMMARY_SPECS = [s for s in SUMMARY_SPECS if not s.descriptive]
POWER_LOGIT = [s for s in SUMMARY_SPECS if s.model["estimator"] == "logit"]


rule fit_power:
    input:
        estimates="results/estimates/multiverse.parquet",
        **{f"{s.hypothesis}__{dataset_key(s)}": dataset_path(s) for s in POWER_LOGIT},
    output:
        power="results/estimates/power.parquet",
    params:
        rows=[{"hypothesis": s.hypothesis, "spec": s.spec, "key_term": s.model["key_term"]} for s in SUMMARY_SPECS],
        logit=[
            spec_params(s) | {"dataset": f"{s.hypothesis}__{dataset_key(s)}", "expected_sign": s.expected_sign}
            for s in POWER_LOGIT
        ],
        draws=config["inference"]["power_draws"],
        seed=config["inference"]["seed"],
    log:
        "logs/fit_power.log",
    benchmark:
        "benchmarks/fit_power.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/fit_power.py"


rule curve_tests:
    input:
        estimates="results/estimates/multiverse.parquet",
        choices="results/estimates/multiverse_choices.csv",
        influence=expand("results/estimates/{hypothesis}__influence.parquet", hypothesis=HYPOTHESES),
    output:
        tests="results/curve_tests.csv",
    params:
        hypotheses=HYPOTHESES,
        draws=config["inference"]["curve_draws"],
        seed=config["inference"]["seed"],
    log:
        "logs/curve_tests.log",
    benchmark:
        "benchmarks/curve_tests.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/curve_tests.py"


rule models:
    input:
        rules.collect_multiverse.output,
        expand("results/estimates/{hypothesis}__marginal_effects.parquet", hypothesis=MODERATED),
        rules.fit_event_placebo.output,
        rules.fit_h5_inference.output,
        rules.fit_power.output,
        rules.curve_tests.output,


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
