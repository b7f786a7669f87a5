"""Stage 2, panel: directed dyad-years 1816-2018 with every source merged, and UN affinity."""

from alliance_bargaining.panel.build import PANEL_SOURCES, joined_sources

# Sources merged by the generic join (their registry entry declares `join`).
JOINS = joined_sources(SOURCES)
DYAD_YEAR_SOURCES = PANEL_SOURCES + [name for name in JOINS if name not in PANEL_SOURCES]
# Only the sources the panel reads, so that registering another source reruns nothing here.
COVERAGE = {name: SOURCES[name]["years"] for name in DYAD_YEAR_SOURCES if "years" in SOURCES[name]}
# The UN tables our ideal points are estimated from (panel.un_ideal).
UN_VOTE_TABLES = {
    "votes": "data/interim/un_votes.parquet",
    "roll_calls": "data/interim/un_roll_calls.parquet",
    "published": "data/interim/un_votes_published.parquet",
    "matches": "data/interim/un_roll_call_matches.parquet",
    "issues": "data/interim/un_roll_call_issues.parquet",
}


rule build_un_affinity:
    input:
        votes="data/interim/un_votes.parquet",
        roll_calls="data/interim/un_roll_calls.parquet",
        published="data/interim/un_votes_published.parquet",
        crosscheck="results/checks/un_ccode_crosscheck.json",  # gate: the COW mapping is checked
    output:
        affinity="data/processed/un_affinity.parquet",
        calendar="data/processed/un_affinity_calendar.parquet",  # lagged reads (panel.affinity)
    params:
        un_year=config["panel"]["un_year"],
        un_roll_calls=config["panel"]["un_roll_calls"],
    log:
        "logs/build_un_affinity.log",
    benchmark:
        "benchmarks/build_un_affinity.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_un_affinity.py"


rule check_un_roll_calls:
    input:
        affinity="data/processed/un_affinity.parquet",
        votes="data/interim/un_votes.parquet",
        roll_calls="data/interim/un_roll_calls.parquet",
        published="data/interim/un_votes_published.parquet",
    output:
        "results/checks/un_roll_calls.json",
    params:
        un_year=config["panel"]["un_year"],
        un_roll_calls=config["panel"]["un_roll_calls"],
    log:
        "logs/check_un_roll_calls.log",
    benchmark:
        "benchmarks/check_un_roll_calls.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/check_un_roll_calls.py"


# Our ideal points and their check against the published ones, from one selection of the votes; a
# sign or scale flip fails the job, so neither output exists and the panel stops.
rule estimate_ideal_points:
    input:
        **UN_VOTE_TABLES,
        published_ideal="data/interim/un_ideal_points.parquet",
    output:
        estimates="data/processed/un_ideal_points.parquet",
        check="results/checks/ideal_points.json",
    params:
        un_roll_calls=config["panel"]["un_roll_calls"],
        subset=config["panel"]["un_ideal_subset"],
        sessions=config["panel"]["un_ideal_sessions"],
    log:
        "logs/estimate_ideal_points.log",
    benchmark:
        "benchmarks/estimate_ideal_points.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/estimate_ideal_points.py"


rule build_dyad_year:
    input:
        state_year="data/interim/state_year.parquet",
        affinity="data/processed/un_affinity.parquet",
        affinity_calendar="data/processed/un_affinity_calendar.parquet",
        un_check="results/checks/un_roll_calls.json",
        tables=expand("data/interim/{source}.parquet", source=DYAD_YEAR_SOURCES),
        universe="results/checks/dyad_universe.json",  # gate: the universe equals cow_ddy
    output:
        "data/processed/dyad_year.parquet",
    params:
        panel=config["panel"],
        coverage=COVERAGE,
        sources=DYAD_YEAR_SOURCES,
        joins=JOINS,
    log:
        "logs/build_dyad_year.log",
    benchmark:
        "benchmarks/build_dyad_year.tsv"
    resources:
        mem_mb=4000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_dyad_year.py"


rule build_state_year_panel:
    input:
        state_year="data/interim/state_year.parquet",
        affinity="data/processed/un_affinity.parquet",
        majors="data/interim/cow_majors.parquet",
        ideal_points="data/interim/un_ideal_points.parquet",
    output:
        "data/processed/state_year.parquet",
    params:
        last_year=config["panel"]["last_year"],
    log:
        "logs/build_state_year_panel.log",
    benchmark:
        "benchmarks/build_state_year_panel.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
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
    benchmark:
        "benchmarks/check_dyad_universe.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
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
        joined={name: SOURCES[name] for name in JOINS},
    log:
        "logs/build_codebooks.log",
    benchmark:
        "benchmarks/build_codebooks.tsv"
    resources:
        mem_mb=2000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_codebooks.py"


rule panel:
    input:
        dyad_year="data/processed/dyad_year.parquet",
        state_year="data/processed/state_year.parquet",
        universe="results/checks/dyad_universe.json",
        ideal_points="results/checks/ideal_points.json",
        codebooks=rules.build_codebooks.output,
