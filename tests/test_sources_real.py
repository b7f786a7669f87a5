"""Registered sources joined into the panel on real data: the worked example of README "Adding a
dataset" (V-Dem/Polity democracy and Anders-Fariss-Markowitz GDP).

TEMPLATE for a new source: copy one test, read its interim table and the panel, and assert a few
values you looked up by hand in the raw file (a state-year on both sides of a dyad, a derived
column, a year outside the source's coverage). Skipped when the data have not been built
(`snakemake panel`).
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
PANEL = ROOT / "data" / "processed" / "dyad_year.parquet"
INTERIM = ROOT / "data" / "interim"
COLUMNS = [
    "v2x_polyarchy1",
    "v2x_polyarchy2",
    "polity21",
    "polity22",
    "democracy_min",
    "joint_democracy",
    "wbgdp2011est1",
    "wbgdp2011est2",
    "log_gdp_ratio",
    "lterrthreat1",
    "lterrthreat2",
]


@pytest.fixture(scope="module")
def panel():
    if not PANEL.exists():
        pytest.skip(f"{PANEL} not built")
    frame = pd.read_parquet(PANEL, columns=["ccode1", "ccode2", "year", *COLUMNS])
    return frame.set_index(["ccode1", "ccode2", "year"])


def test_democracy_us_uk_2000(panel):
    # ccode_democracy.rda: US (2) 2000 polyarchy 0.863, polity2 10; UK (200) 0.859, 10
    us_uk = panel.loc[(2, 200, 2000)]
    assert us_uk["v2x_polyarchy1"] == pytest.approx(0.863) and us_uk["v2x_polyarchy2"] == pytest.approx(0.859)
    assert us_uk["democracy_min"] == pytest.approx(0.859)  # the weak link: the UK
    assert us_uk["joint_democracy"] == 1
    assert panel.loc[(200, 2, 2000), "democracy_min"] == pytest.approx(0.859)  # both directions


def test_joint_democracy_zero_and_missing(panel):
    # US-China 2000: China's polity2 is -7, so not a joint democracy
    assert panel.loc[(2, 710, 2000), "joint_democracy"] == 0
    # missing exactly where either state's polity2 is (no row, or a missing score)
    unknown = panel["polity21"].isna() | panel["polity22"].isna()
    assert panel.loc[unknown, "joint_democracy"].isna().all()
    assert panel.loc[~unknown, "joint_democracy"].notna().all()


def test_log_gdp_ratio_us_uk_2000(panel):
    # cow_sdp_gdp.rda: log GDP (2011 USD) US 30.311, UK 28.410 in 2000
    assert panel.loc[(2, 200, 2000), "log_gdp_ratio"] == pytest.approx(30.311 - 28.410)
    assert panel.loc[(200, 2, 2000), "log_gdp_ratio"] == pytest.approx(30.311 - 28.410)
    # the GDP estimates end in 2016
    assert panel.xs(2017, level="year")["log_gdp_ratio"].isna().all()


def test_panel_matches_the_interim_table(panel):
    democracy = pd.read_parquet(INTERIM / "ccode_democracy.parquet").set_index(["ccode", "year"])
    sample = panel.xs(1990, level="year").reset_index()
    expected = democracy["v2x_polyarchy"].reindex(
        pd.MultiIndex.from_arrays([sample["ccode1"], [1990] * len(sample)])
    )
    assert np.allclose(sample["v2x_polyarchy1"], expected.to_numpy(), equal_nan=True)


def test_territorial_threat_us_japan(panel):
    # terrthreat.rda: lterrthreat US (2) 2000 0.015195, Japan (740) 2000 -1.006352; the data end in 2010
    us_japan = panel.loc[(2, 740, 2000)]
    assert us_japan["lterrthreat1"] == pytest.approx(0.015195, abs=1e-6) and us_japan[
        "lterrthreat2"
    ] == pytest.approx(-1.006352)
    assert panel.loc[(740, 2, 2000), "lterrthreat1"] == pytest.approx(-1.006352, abs=1e-6)
    assert np.isnan(panel.loc[(2, 740, 2011), "lterrthreat1"])
