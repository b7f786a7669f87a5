"""The minimum detectable effect of every summary row's key term (results/estimates/power.parquet).

Analytic for linear models and clogit (``models.inference.power_table``); by a pairs cluster
bootstrap of the actual data for the logit rows (``models.inference.mde_simulated``), each dataset
read once. A logit MDE beyond the largest delta simulated is missing, its method saying "> grid".
"""

import logging
import time

import pandas as pd

from alliance_bargaining.io import write_parquet
from alliance_bargaining.models.analysis import fit_inputs
from alliance_bargaining.models.inference import mde_simulated, power_table
from alliance_bargaining.script import run


def main(snakemake):
    table = power_table(pd.read_parquet(snakemake.input.estimates), pd.DataFrame(snakemake.params.rows))
    draws, seed = snakemake.params.draws, snakemake.params.seed
    for params in snakemake.params.logit:
        start = time.perf_counter()
        frame, spec = fit_inputs(pd.read_parquet(snakemake.input[params["dataset"]]), params)
        key = params["model"]["key_term"]
        result = mde_simulated(frame, spec, key, params["expected_sign"], draws, seed)
        row = (table["hypothesis"] == spec["hypothesis"]) & (table["spec"] == spec["spec"])
        table.loc[row, ["mde", "draws"]] = result["mde"], draws
        if result["beyond_grid"]:
            table.loc[row, "method"] += (
                f"; MDE > grid (power {result['power'][-1]:.2f} at {result['deltas'][-1]:.4g})"
            )
        logging.info(
            "%s: power %s at deltas %s (%d refits failed), MDE %.4g; standard error %.4g, refits' median %.4g; %.1f s",
            params["id"],
            result["power"].round(3).tolist(),
            result["deltas"].round(4).tolist(),
            result["failed"],
            result["mde"],
            result["se"],
            result["se_refits"],
            time.perf_counter() - start,
        )
    write_parquet(table.sort_values(["hypothesis", "spec"]).reset_index(drop=True), snakemake.output.power)


run(main, snakemake)  # noqa: F821
