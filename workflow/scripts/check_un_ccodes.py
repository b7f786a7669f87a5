"""Cross-check UN votes mapped to COW codes against Voeten's published file."""

import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.un_codes import crosscheck
from alliance_bargaining.io import write_json
from alliance_bargaining.script import run


def main(snakemake):
    summary, mismatches = crosscheck(
        pd.read_parquet(snakemake.input.votes), pd.read_parquet(snakemake.input.published)
    )
    summary["min_share_required"] = snakemake.params.min_share
    summary["mismatch_rows"] = mismatches.astype(object).where(mismatches.notna(), None).to_dict("records")
    if summary["share_agreeing"] < snakemake.params.min_share:
        raise InputError(
            f"un_votes: column 'ccode': expected at least {snakemake.params.min_share} agreement with "
            f"UNVotesPublished.RData, found {summary['share_agreeing']:.5f} ({summary['mismatches']} mismatches)"
        )
    write_json(summary, snakemake.output[0])


run(main, snakemake)  # noqa: F821
