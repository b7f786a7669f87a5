"""Generated codebooks of the processed panels (results/codebook/*.md)."""

from pathlib import Path

import pandas as pd

from alliance_bargaining.panel.columns import dyad_year_columns, state_year_columns
from alliance_bargaining.report.codebook import codebook
from alliance_bargaining.script import run

DYAD_YEAR_INTRO = (
    "Directed dyad-years: one row per ordered pair of COW system members that share at least one "
    "day of membership in the year, {first}-{last}. Built by rule `build_dyad_year` "
    "(`alliance_bargaining.panel.build`). Primary MID data: {mid}. UN year convention: {un_year}. "
    "Missing values mark years outside a source's coverage, not zeros."
)
STATE_YEAR_INTRO = (
    "State-years of COW system membership with each state's UN agreement with every major power "
    "of the year. Built by rule `build_state_year_panel`."
)


def main(snakemake):
    settings = snakemake.params.panel
    dyad_year = pd.read_parquet(snakemake.input.dyad_year)
    intro = DYAD_YEAR_INTRO.format(
        first=settings["first_year"],
        last=settings["last_year"],
        mid=settings["mid_source"],
        un_year=settings["un_year"],
    )
    text = codebook(
        dyad_year,
        "Codebook: dyad_year.parquet",
        intro,
        dyad_year_columns(settings["mid_source"], snakemake.params.joined, settings["alliance_max_gap"]),
    )
    Path(snakemake.output.dyad_year).write_text(text, encoding="utf-8")
    state_year = pd.read_parquet(snakemake.input.state_year)
    text = codebook(
        state_year, "Codebook: state_year.parquet", STATE_YEAR_INTRO, state_year_columns(state_year.columns)
    )
    Path(snakemake.output.state_year).write_text(text, encoding="utf-8")


run(main, snakemake)  # noqa: F821
