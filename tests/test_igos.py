"""Joint IGO memberships (COW IGO 3.0) on directed dyad-years."""

from pathlib import Path

import pandas as pd
import pytest

from alliance_bargaining.panel.igos import add_igos

INTERIM = Path(__file__).resolve().parents[1] / "data" / "interim"


def dyad_frame(rows):
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def test_joint_igos_both_directions_zero_kept_absence_missing():
    igo = pd.DataFrame(
        {"ccode1": [2, 2, 20], "ccode2": [20, 200, 200], "year": [1950, 1950, 1830], "dyadigos": [30, 25, 0]}
    ).astype("int16")
    dyads = dyad_frame(
        [(2, 20, 1950), (2, 20, 2015), (20, 2, 1950), (20, 200, 1830), (200, 2, 1950), (200, 20, 1950)]
    )
    out = add_igos(dyads, igo)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    assert out["joint_igos"].dtype == "Int16"
    assert out["joint_igos"].tolist() == [30, pd.NA, 30, 0, 25, pd.NA]


@pytest.mark.skipif(
    not all((INTERIM / f"{name}.parquet").exists() for name in ("cow_ddy", "cow_igo_ndy")),
    reason="interim tables not built",
)
def test_real_igos():
    igo = pd.read_parquet(INTERIM / "cow_igo_ndy.parquet")
    ddy = pd.read_parquet(INTERIM / "cow_ddy.parquet")
    out = add_igos(ddy[ddy["year"].between(1816, 2018)].reset_index(drop=True), igo)
    row = out.set_index(["ccode1", "ccode2", "year"])["joint_igos"]
    source = igo.set_index(["ccode1", "ccode2", "year"])["dyadigos"]
    assert row.loc[(2, 20, 1950)] == row.loc[(20, 2, 1950)] == source.loc[(2, 20, 1950)] > 0
    assert out.loc[out["year"] > 2014, "joint_igos"].isna().all()
    within = out[out["year"] <= 2014]
    assert within["joint_igos"].notna().mean() > 0.99 and (within["joint_igos"] == 0).any()
