"""Stage 5, report: publication tables, figures, the summary and the one-page HTML report."""


# The prospect validity table: per patron, alliance onsets after ex ante prospects and the AUC of
# the lagged affinity (proxies.prospects.prospect_validity); a section of the report.
rule prospect_validity:
    input:
        panel="data/processed/dyad_year.parquet",
        dirdisps=f"data/interim/{DIRDISPS['dirdisps']}.parquet",
        dirdisps_alt=f"data/interim/{DIRDISPS['dirdisps_alt']}.parquet",
        states="data/interim/state_year.parquet",
    output:
        "results/prospect_validity.csv",
    params:
        proxies=config["proxies"],
    log:
        "logs/prospect_validity.log",
    benchmark:
        "benchmarks/prospect_validity.tsv"
    resources:
        mem_mb=6000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_prospect_validity.py"


# H7: voice rate minus exit rate on the same client-years (models.voice_exit); a section of the report.
rule voice_exit:
    input:
        data="data/processed/h7_client_voice.parquet",
    output:
        "results/voice_exit.csv",
    params:
        sample_years=REGISTRY["H7"]["sample_years"],
    log:
        "logs/voice_exit.log",
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_voice_exit.py"


rule build_report:
    input:
        estimates="results/estimates/multiverse.parquet",
        choices="results/estimates/multiverse_choices.csv",
        marginal=expand("results/estimates/{hypothesis}__marginal_effects.parquet", hypothesis=MODERATED),
        cases="results/cases.csv",
        codebooks=[*rules.build_codebooks.output, *rules.build_dataset_codebooks.output.codebooks],
        ideal_points="data/processed/un_ideal_points.parquet",
        published_ideal="data/interim/un_ideal_points.parquet",
        ideal_check="results/checks/ideal_points.json",
        prospect_validity="results/prospect_validity.csv",
        placebo="results/estimates/event_study__placebo.parquet",
        h5_few_clusters="results/estimates/H5__few_clusters.parquet",
        h5_identifying_dyads="results/estimates/H5__identifying_dyads.parquet",
        voice_exit="results/voice_exit.csv",
        power="results/estimates/power.parquet",
        curves="results/curve_tests.csv",
    output:
        report="results/report.html",
        summary="results/summary.md",
        summary_csv="results/summary.csv",
        tables=directory("results/tables"),
        figures=directory("results/figures"),
    params:
        registry=REGISTRY,
        moderated=MODERATED,
        event_window=config["proxies"]["event_window"],
    log:
        "logs/build_report.log",
    benchmark:
        "benchmarks/build_report.tsv"
    resources:
        mem_mb=3000,
    conda:
        "../envs/pipeline.yaml"
    script:
        "../scripts/build_report.py"


rule report:
    input:
        report=rules.build_report.output,
