"""Does the ex ante prospect foretell alliances? Per patron, alliance onsets in t+1..t+lead of prospects
and of other eligible states, and the AUC of the lagged affinity (results/prospect_validity.csv)."""

import pandas as pd

from alliance_bargaining.io import atomic_write
from alliance_bargaining.proxies.datasets import building_blocks
from alliance_bargaining.proxies.prospects import DISTANCES, prospect_validity
from alliance_bargaining.script import run


def main(snakemake):
    panel = pd.read_parquet(snakemake.input.panel)
    dirdisps = {
        "": pd.read_parquet(snakemake.input.dirdisps),
        "_alt": pd.read_parquet(snakemake.input.dirdisps_alt),
    }
    blocks = building_blocks(panel, snakemake.params.proxies, dirdisps)
    table = prospect_validity(blocks.sample(blocks.prospects), blocks.params["affinity"] in DISTANCES)
    states = pd.read_parquet(snakemake.input.states, columns=["ccode", "stateabb"])
    names = states.drop_duplicates("ccode", keep="last").set_index("ccode")["stateabb"]
    table.insert(1, "patron", table["ccode_p"].map(names).fillna("all patrons"))
    atomic_write(snakemake.output[0], lambda path: table.to_csv(path, index=False))


run(main, snakemake)  # noqa: F821
