"""Tables, figures, summary and report.html from the estimates (rule build_report)."""

import json
from pathlib import Path

import pandas as pd

from alliance_bargaining.report.results import build_report
from alliance_bargaining.script import run


def main(snakemake):
    marginal = {
        hypothesis: pd.read_parquet(path)
        for hypothesis, path in zip(snakemake.params.moderated, snakemake.input.marginal, strict=True)
    }
    codebooks = {Path(p).stem: Path(p).read_text(encoding="utf-8") for p in snakemake.input.codebooks}
    build_report(
        pd.read_parquet(snakemake.input.estimates),
        pd.read_csv(snakemake.input.choices),
        snakemake.params.registry,
        marginal,
        pd.read_csv(snakemake.input.cases, dtype=str).fillna(""),
        codebooks,
        Path(snakemake.output.report).parent,
        ideal={
            "estimates": pd.read_parquet(snakemake.input.ideal_points),
            "published": pd.read_parquet(snakemake.input.published_ideal),
            "check": json.loads(Path(snakemake.input.ideal_check).read_text(encoding="utf-8")),
        },
        event_window=snakemake.params.event_window,
        prospect_validity=pd.read_csv(snakemake.input.prospect_validity),
        placebo=pd.read_parquet(snakemake.input.placebo),
        few_clusters={
            "H5": {
                "tests": pd.read_parquet(snakemake.input.h5_few_clusters),
                "dyads": pd.read_parquet(snakemake.input.h5_identifying_dyads),
            }
        },
        voice_exit=pd.read_csv(snakemake.input.voice_exit),
        power=pd.read_parquet(snakemake.input.power),
        curves=pd.read_csv(snakemake.input.curves),
    )


run(main, snakemake)  # noqa: F821
