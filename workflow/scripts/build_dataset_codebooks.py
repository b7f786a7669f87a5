"""Codebooks of the analysis datasets and the case table (results/codebook/)."""

from pathlib import Path

import pandas as pd

from alliance_bargaining.proxies.columns import dataset_columns
from alliance_bargaining.proxies.datasets import DATASETS
from alliance_bargaining.report.codebook import codebook
from alliance_bargaining.script import run

INTRO = (
    "Analysis dataset `{name}` built by rule `build_analysis_datasets` "
    "(`alliance_bargaining.proxies.datasets.{name}`) from `data/processed/dyad_year.parquet`, with "
    "config `proxies`: {params}. Columns marked USES THE FUTURE read years after t."
)


def main(snakemake):
    columns = dataset_columns(snakemake.params.mid_source, snakemake.params.proxies)
    controls = snakemake.params.control_docs
    params = ", ".join(f"{k} = {v}" for k, v in snakemake.params.proxies.items())
    for name, source, target in zip(
        DATASETS, snakemake.input.datasets, snakemake.output.codebooks, strict=True
    ):
        text = codebook(
            pd.read_parquet(source),
            f"Codebook: {name}.parquet",
            INTRO.format(name=name, params=params),
            columns[name] | {c: tuple(doc) for c, doc in controls.get(name, {}).items()},
        )
        Path(target).write_text(text, encoding="utf-8")
    cases = pd.read_csv(snakemake.input.cases, dtype=str).fillna("")
    lines = [
        "# Case table",
        "",
        "The historical cases of RESEARCH_DESIGN.md section 6, computed from the data (`results/cases.csv`): "
        "each check's required value next to the computed one. Rows of kind `info` give context; rows of "
        "kind `sample` say whether the case's row is in the H1/H2, H3 or H4 sample under each role "
        "definition (`proxies.role`), with its coded values or the rules that exclude it.",
        "",
        "| " + " | ".join(cases.columns) + " |",
        "|" + "---|" * len(cases.columns),
        *(
            "| " + " | ".join(v.replace("|", "\\|") for v in row) + " |"
            for row in cases.itertuples(index=False)
        ),
    ]
    Path(snakemake.output.cases).write_text("\n".join(lines) + "\n", encoding="utf-8")


run(main, snakemake)  # noqa: F821
