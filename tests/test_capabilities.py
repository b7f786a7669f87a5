"""CINC scores and the power share (alliance value w) from COW NMC."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.capabilities import add_nmc

INTERIM = Path(__file__).resolve().parents[1] / "data" / "interim"


def dyad_frame(rows):
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def test_power_share_by_hand():
    dyads = dyad_frame([(2, 20, 1950), (2, 365, 1950), (20, 2, 1950), (900, 901, 1950)])
    nmc = pd.DataFrame({"ccode": [901, 900, 20, 2], "year": [1950] * 4, "cinc": [0.0, 0.0, 0.1, 0.3]}).astype(
        {"ccode": "int16", "year": "int16"}
    )
    out = add_nmc(dyads, nmc)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    np.testing.assert_allclose(out["cinc1"], [0.3, 0.3, 0.1, 0.0])
    np.testing.assert_allclose(out["cinc2"], [0.1, np.nan, 0.3, 0.0])
    # 0.3 / 0.4; 365 has no NMC row; 0.1 / 0.4; denominator 0
    np.testing.assert_allclose(out["power_share1"], [0.75, np.nan, 0.25, np.nan])
    assert out["power_share1"].dtype == np.float64
    # log(stronger / weaker): log 3 both ways; unknown or zero CINC: missing
    np.testing.assert_allclose(out["log_cinc_ratio"], [np.log(3), np.nan, np.log(3), np.nan])


@pytest.mark.skipif(not (INTERIM / "cow_nmc.parquet").exists(), reason="interim NMC table not built")
def test_us_cinc_1950_matches_nmc():
    nmc = pd.read_parquet(INTERIM / "cow_nmc.parquet")
    out = add_nmc(dyad_frame([(2, 365, 1950), (365, 2, 1950)]), nmc)
    us_1950 = nmc.loc[(nmc["ccode"] == 2) & (nmc["year"] == 1950), "cinc"].item()
    assert us_1950 == pytest.approx(0.284443, abs=1e-6)
    assert out["cinc1"].iloc[0] == us_1950 == out["cinc2"].iloc[1]
    assert out["power_share1"].sum() == pytest.approx(1.0)
