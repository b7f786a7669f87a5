"""SIPRI arms transfers (TIV) on directed dyad-years, supplier = ccode1."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.arms import add_arms

INTERIM = Path(__file__).resolve().parents[1] / "data" / "interim"


def dyad_frame(rows):
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def test_zero_from_1950_missing_before_and_after():
    sipri = pd.DataFrame(
        {"supplier_ccode": [2, 200], "recipient_ccode": [200, 2], "year": [1950, 1951], "tiv": [105.0, 3.0]}
    ).astype({"supplier_ccode": "int16", "recipient_ccode": "int16", "year": "int16"})
    dyads = dyad_frame(
        [(2, 200, 1949), (2, 200, 1950), (2, 200, 1951), (2, 200, 2022), (200, 2, 1950), (200, 2, 1951)]
    )
    out = add_arms(dyads, sipri, first_year=1950, last_year=2021)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    np.testing.assert_array_equal(out["arms_tiv"], [np.nan, 105.0, 0.0, np.nan, 0.0, 3.0])


@pytest.mark.skipif(
    not all((INTERIM / f"{name}.parquet").exists() for name in ("cow_ddy", "sipri_arms")),
    reason="interim tables not built",
)
def test_real_us_to_uk():
    ddy = pd.read_parquet(INTERIM / "cow_ddy.parquet")
    out = add_arms(
        ddy[ddy["year"].between(1816, 2018)].reset_index(drop=True),
        pd.read_parquet(INTERIM / "sipri_arms.parquet"),
    )
    row = out.set_index(["ccode1", "ccode2", "year"])["arms_tiv"]
    assert np.isnan(row.loc[(2, 200, 1949)])
    assert row.loc[(2, 200, 1950)] == 105.0  # SIPRI: United States -> United Kingdom, 1950
    assert row.loc[(2, 200, 1953)] == 1604.0
    assert out.loc[out["year"] >= 1950, "arms_tiv"].notna().all()
