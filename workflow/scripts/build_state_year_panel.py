"""State-years with UN agreement with every major power and the published UN ideal points
(data/processed/state_year.parquet)."""

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.panel.build import state_year_panel
from alliance_bargaining.panel.dyads import extend_membership
from alliance_bargaining.panel.powers import major_power_years
from alliance_bargaining.script import run


def main(snakemake):
    state_year = pd.read_parquet(snakemake.input.state_year)
    members = extend_membership(state_year, snakemake.params.last_year)
    members = members.merge(state_year[["ccode", "stateabb"]].drop_duplicates("ccode"), on="ccode")
    majors = major_power_years(pd.read_parquet(snakemake.input.majors))
    panel = state_year_panel(
        members,
        pd.read_parquet(snakemake.input.affinity),
        majors,
        pd.read_parquet(snakemake.input.ideal_points),
    )
    write_parquet(panel, snakemake.output[0])


run(main, snakemake)  # noqa: F821
