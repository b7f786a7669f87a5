"""Stage 3, proxies: analysis datasets per hypothesis, their codebooks and the case table."""

from alliance_bargaining.proxies.datasets import DATASETS

MID_TABLES = {"cow": "cow_mid_dirdisps", "gml": "gml_dirdisp"}
PRIMARY_MID = config["panel"]["mid_source"]
ALTERNATIVE_MID = "gml" if PRIMARY_MID == "cow" else "cow"


rule build_analysis_datasets:
    input:
        panel="data/processed/dyad_year.parquet",
        dirdisps=f"data/interim/{MID_TABLES[PRIMARY_MID]}.parquet",
        dirdisps_alt=f"data/interim/{MID_TABLES[ALTERNATIVE_MID]}.parquet",
    output:
        datasets=expand("data/processed/{dataset}.parquet", dataset=DATASETS),
        cases="results/cases.csv",
    params:
        proxies=config["proxies"],
        datasets=list(DATASETS),
    log:
        "logs/build_analysis_datasets.log",
    benchmark:
        "benchmarks/build_analysis_datasets.tsv"
    resources:
        mem_mb=6000,
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
    log:
        "logs/build_dataset_codebooks.log",
    script:
        "../scripts/build_dataset_codebooks.py"


rule proxies:
    input:
        rules.build_analysis_datasets.output,
        rules.build_dataset_codebooks.output,
