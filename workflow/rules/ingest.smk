"""Stage 1, ingest: acquire and verify raw files, then build validated interim tables."""

SOURCE_OF_FILE = {entry["file"]: name for name, entry in SOURCES.items()}
TABLE_KEYS = ("file", "sha256", "object", "encoding", "years", "min_rows", "coverage", "outside_membership")


rule retrieve_raw:
    output:
        "data/raw/{file}",
    wildcard_constraints:
        file=one_of(SOURCE_OF_FILE),
    params:
        # only what defines the bytes: the URL and mirrors are read in the job, so editing them
        # reruns nothing and never deletes a verified copy
        source=lambda w: SOURCE_OF_FILE[w.file],
        sha256=lambda w: SOURCES[SOURCE_OF_FILE[w.file]]["sha256"],
    log:
        "logs/retrieve_raw/{file}.log",
    benchmark:
        "benchmarks/retrieve_raw/{file}.tsv"
    resources:
        mem_mb=500,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/retrieve_raw.py"


rule build_interim:
    input:
        raw=lambda w: f"data/raw/{SOURCES[w.source]['file']}",
        needs=lambda w: [f"data/interim/{n}.parquet" for n in READERS[w.source].needs],
        # State codes are checked against COW membership (except in the membership list itself).
        state_year=lambda w: [] if w.source == "cow_states" else ["data/interim/state_year.parquet"],
    output:
        table="data/interim/{source}.parquet",
        report="results/checks/ingest/{source}.json",
    wildcard_constraints:
        source=one_of(INGESTED),
    params:
        # the registry keys that change the table or its checks (not its URL, citation, license or join)
        entry=lambda w: {k: v for k, v in SOURCES[w.source].items() if k in TABLE_KEYS},
        needs=lambda w: list(READERS[w.source].needs),
    log:
        "logs/build_interim/{source}.log",
    benchmark:
        "benchmarks/build_interim/{source}.tsv"
    resources:
        mem_mb=3000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_interim.py"


rule build_state_year:
    input:
        states="data/interim/cow_states.parquet",
    output:
        "data/interim/state_year.parquet",
    log:
        "logs/build_state_year.log",
    benchmark:
        "benchmarks/build_state_year.tsv"
    resources:
        mem_mb=1000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_state_year.py"


rule check_un_ccodes:
    input:
        votes="data/interim/un_votes.parquet",
        published="data/interim/un_votes_published.parquet",
    output:
        "results/checks/un_ccode_crosscheck.json",
    params:
        min_share=config["un_crosscheck_min_share"],
    log:
        "logs/check_un_ccodes.log",
    benchmark:
        "benchmarks/check_un_ccodes.tsv"
    resources:
        mem_mb=3000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/check_un_ccodes.py"


rule ingest:
    input:
        tables=expand("data/interim/{source}.parquet", source=INGESTED),
        state_year="data/interim/state_year.parquet",
        un_crosscheck="results/checks/un_ccode_crosscheck.json",
