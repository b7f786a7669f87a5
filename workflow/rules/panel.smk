"""Stage 2, panel: directed dyad-years 1816-2018 with every source merged, and UN affinity."""

from alliance_bargaining.panel.build import PANEL_SOURCES

COVERAGE = {name: entry["years"] for name, entry in SOURCES.items() if "years" in entry}


rule build_un_affinity:
    input:
        votes="data/interim/un_votes.parquet",
        roll_calls="data/interim/un_roll_calls.parquet",
        crosscheck="results/checks/un_ccode_crosscheck.json",  # gate: the COW mapping is checked
    output:
        "data/processed/un_affinity.parquet",
    params:
        un_year=config["panel"]["un_year"],
    log:
        "logs/build_un_affinity.log",
    benchmark:
        "benchmarks/build_un_affinity.tsv"
    resources:
        mem_mb=2000,
    script:
        "../scripts/build_un_affinity.py"


rule build_dyad_year:
    input:
        state_year="data/interim/state_year.parquet",
        affinity="data/processed/un_affinity.parquet",
        tables=expand("data/interim/{source}.parquet", source=PANEL_SOURCES),
        universe="results/checks/dyad_universe.json",  # gate: the universe equals cow_ddy
    output:
        "data/processed/dyad_year.parquet",
    params:
        panel=config["panel"],
        coverage=COVERAGE,
        sources=PANEL_SOURCES,
    log:
        "logs/build_dyad_year.log",
    benchmark:
        "benchmarks/build_dyad_year.tsv"
    resources:
        mem_mb=4000,
    script:
        "../scripts/build_dyad_year.py"


rule build_state_year_panel:
    input:
        state_year="data/interim/state_year.parquet",
        affinity="data/processed/un_affinity.parquet",
        majors="data/interim/cow_majors.parquet",
    output:
        "data/processed/state_year.parquet",
    params:
        last_year=config["panel"]["last_year"],
    log:
        "logs/build_state_year_panel.log",
    benchmark:
        "benchmarks/build_state_year_panel.tsv"
    script:
        "../scripts/build_state_year_panel.py"


rule check_dyad_universe:
    input:
        state_year="data/interim/state_year.parquet",
        ddy="data/interim/cow_ddy.parquet",
    output:
        "results/checks/dyad_universe.json",
    params:
        first_year=config["panel"]["first_year"],
        last_year=config["panel"]["last_year"],
    log:
        "logs/check_dyad_universe.log",
    script:
        "../scripts/check_dyad_universe.py"


rule build_codebooks:
    input:
        dyad_year="data/processed/dyad_year.parquet",
        state_year="data/processed/state_year.parquet",
    output:
        dyad_year="results/codebook/dyad_year.md",
        state_year="results/codebook/state_year.md",
    params:
        panel=config["panel"],
    log:
        "logs/build_codebooks.log",
    script:
        "../scripts/build_codebooks.py"


rule panel:
    input:
        "data/processed/dyad_year.parquet",
        "data/processed/state_year.parquet",
        "results/checks/dyad_universe.json",
        "results/codebook/dyad_year.md",
        "results/codebook/state_year.md",
