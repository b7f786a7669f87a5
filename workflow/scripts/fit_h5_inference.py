"""H5's key term with few-cluster inference (results/estimates/H5__few_clusters.parquet): the analytic
test beside the analytic, wild cluster bootstrap and randomization tests by patron
(``models.few_clusters``), and the client dyads that identify it
(results/estimates/H5__identifying_dyads.parquet, with the states' abbreviations)."""

import logging
import time

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.few_clusters import primary_few_clusters
from alliance_bargaining.script import run


def main(snakemake):
    start = time.perf_counter()
    params = snakemake.params.spec
    data = pd.read_parquet(snakemake.input.data)
    tests, dyads = primary_few_clusters(data, params, snakemake.params.design, snakemake.params.settings)
    states = pd.read_parquet(snakemake.input.states, columns=["ccode", "stateabb"])
    names = states.drop_duplicates("ccode", keep="last").set_index("ccode")["stateabb"]
    units = list(params["units"])
    for position, unit in enumerate(units):
        dyads.insert(len(units) + position, f"{unit}_name", dyads[unit].map(names).fillna(""))
    for row in tests.itertuples():
        logging.info(
            "%s (%s clusters %s): %.3f [%.3f, %.3f] p %.4f draws %s",
            row.method,
            row.cluster,
            row.n_clusters,
            row.estimate,
            row.ci_low,
            row.ci_high,
            row.p_value,
            row.draws,
        )
    logging.info(
        "%d identifying dyads; %.1f s", (dyads["n_identifying"] > 0).sum(), time.perf_counter() - start
    )
    write_parquet(tests, snakemake.output.inference)
    write_parquet(dyads, snakemake.output.dyads)


run(main, snakemake)  # noqa: F821
