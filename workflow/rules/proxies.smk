"""Stage 3, proxies: analysis datasets per hypothesis, their codebooks and the case table."""

from alliance_bargaining.proxies.datasets import DATASETS


rule build_analysis_datasets:
    input:
        panel="data/processed/dyad_year.parquet",
        dirdisps=f"data/interim/{DIRDISPS['dirdisps']}.parquet",
        dirdisps_alt=f"data/interim/{DIRDISPS['dirdisps_alt']}.parquet",
    output:
        datasets=expand("data/processed/{dataset}.parquet", dataset=DATASETS),
        cases="results/cases.csv",
    params:
        proxies=config["proxies"],
        datasets=list(DATASETS),
        controls=CONTROLS,
    log:
        "logs/build_analysis_datasets.log",
    benchmark:
        "benchmarks/build_analysis_datasets.tsv"
    resources:
        mem_mb=6000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_analysis_datasets.py"


rule build_dataset_codebooks:
    input:
        datasets=expand("data/processed/{dataset}.parquet", dataset=DATASETS),
        cases="results/cases.csv",
    output:
        codebooks=expand("results/codebook/{dataset}.md", dataset=DATASETS),
        cases="results/codebook/cases.md",
    params:
        proxies=config["proxies"],
        mid_source=PRIMARY_MID,
        control_docs=CONTROL_DOCS,
    log:
        "logs/build_dataset_codebooks.log",
    benchmark:
        "benchmarks/build_dataset_codebooks.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_dataset_codebooks.py"


rule proxies:
    input:
        datasets=rules.build_analysis_datasets.output,
        codebooks=rules.build_dataset_codebooks.output,
