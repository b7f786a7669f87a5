"""Check that UN agreement under the published roll-call set equals agreement computed directly from
Voeten's published file, and list the roll calls per session (results/checks/un_roll_calls.json)."""

import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.io import write_json
from alliance_bargaining.panel.un_roll_calls import check_published
from alliance_bargaining.script import run


def main(snakemake):
    summary = check_published(
        pd.read_parquet(snakemake.input.affinity),
        pd.read_parquet(snakemake.input.votes),
        pd.read_parquet(snakemake.input.roll_calls),
        pd.read_parquet(snakemake.input.published),
        snakemake.params.un_roll_calls,
        snakemake.params.un_year,
    )
    if snakemake.params.un_roll_calls == "published" and not summary["passed"]:
        raise InputError(
            f"{snakemake.input.affinity}: column 'un_agree': expected agreement equal to the published "
            f"file's within {summary['tolerance']} on every dyad-year of {len(summary['years_compared'])} "
            f"years, found {summary['dyad_years_un_agree_differs']} differing (max "
            f"{summary['max_abs_difference_un_agree']:.3g}), {summary['dyad_years_only_in_published']} only "
            f"in the published file, {summary['dyad_years_only_in_panel']} only in the panel"
        )
    write_json(summary, snakemake.output[0])


run(main, snakemake)  # noqa: F821
