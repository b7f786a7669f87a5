"""COW direct contiguity spells expanded to dyad-years, and CShapes minimum distance."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.geography import add_contiguity, add_mindist, contiguity_years

INTERIM = Path(__file__).resolve().parents[1] / "data" / "interim"


def dyad_frame(rows):
    return pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")


def spells(rows):
    frame = pd.DataFrame(rows, columns=["ccode1", "ccode2", "conttype", "stdate", "enddate"])
    return frame.astype({"ccode1": "int16", "ccode2": "int16", "conttype": "int8"}).assign(
        stdate=lambda d: pd.to_datetime(d["stdate"]), enddate=lambda d: pd.to_datetime(d["enddate"])
    )


CONTDIR = spells(
    [
        (2, 20, 4, "1948-03-01", "1950-06-01"),
        (2, 20, 1, "1950-06-01", "1952-12-01"),
        (2, 365, 0, "1816-01-01", "1958-12-01"),
        (2, 365, 2, "1959-01-01", "2016-12-01"),
        (200, 220, 0, "1940-07-01", "1942-11-01"),
        (200, 220, 5, "1942-11-01", "1943-12-01"),
    ]
)


def test_spells_expand_to_closest_type_per_year():
    years = contiguity_years(CONTDIR)
    assert years.dtypes.to_dict() == {
        "ccode1": "int16",
        "ccode2": "int16",
        "year": "int16",
        "conttype": "int8",
    }
    by_year = years.set_index(["ccode1", "ccode2", "year"])["conttype"]
    # type 4 until June 1950, land from June 1950: 1950 is land
    assert by_year.loc[2, 20].to_dict() == {1948: 4, 1949: 4, 1950: 1, 1951: 1, 1952: 1}
    assert by_year.loc[(2, 365, 1958)] == 0 and by_year.loc[(2, 365, 1959)] == 2
    assert by_year.loc[200, 220].to_dict() == {1940: 0, 1941: 0, 1942: 5, 1943: 5}
    assert len(years) == 5 + (2016 - 1816 + 1) + 4
    assert years.equals(years.sort_values(["ccode1", "ccode2", "year"], ignore_index=True))


def test_add_contiguity_zero_inside_and_missing_outside_coverage():
    dyads = dyad_frame(
        [(2, 20, 1947), (2, 20, 1950), (2, 20, 1953), (2, 20, 2017), (2, 365, 1815), (2, 365, 1990)]
    )
    out = add_contiguity(dyads, CONTDIR, first_year=1816, last_year=2016)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], dyads)
    assert out["conttype"].dtype == "Int8" and out["contiguous"].dtype == "Int8"
    assert out["conttype"].tolist() == [0, 1, 0, pd.NA, pd.NA, 2]
    assert out["contiguous"].tolist() == [0, 1, 0, pd.NA, pd.NA, 1]


def test_mindist_fills_both_directions():
    mindist = pd.DataFrame(
        {"ccode1": [2, 2], "ccode2": [20, 200], "year": [1950, 1950], "mindist": [0.0, 5000.0]}
    ).astype({"ccode1": "int16", "ccode2": "int16", "year": "int16"})
    dyads = dyad_frame(
        [(2, 20, 1950), (2, 200, 1885), (2, 200, 1950), (20, 2, 1950), (20, 200, 1950), (200, 2, 1950)]
    )
    out = add_mindist(dyads, mindist)
    np.testing.assert_array_equal(out["mindist"], [0.0, np.nan, 5000.0, 0.0, np.nan, 5000.0])
    with pytest.raises(ValueError, match="ccode1 < ccode2"):
        add_mindist(dyads, mindist.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"}))


@pytest.fixture(scope="module")
def real_universe():
    needed = ["cow_ddy", "cow_contdir", "cow_mindist"]
    if not all((INTERIM / f"{name}.parquet").exists() for name in needed):
        pytest.skip("interim tables not built")
    ddy = pd.read_parquet(INTERIM / "cow_ddy.parquet")
    return ddy[ddy["year"].between(1816, 2018)].reset_index(drop=True)


def test_real_contiguity(real_universe):
    out = add_contiguity(real_universe, pd.read_parquet(INTERIM / "cow_contdir.parquet"))
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], real_universe)
    row = out.set_index(["ccode1", "ccode2", "year"])
    assert row.loc[(2, 20, 1950), "conttype"] == 1 and row.loc[(20, 2, 1950), "contiguous"] == 1
    assert row.loc[(2, 200, 1950), "conttype"] == 0
    assert row.loc[(2, 20, 2017), "conttype"] is pd.NA
    # the directed spells agree in both directions
    reverse = out.rename(columns={"ccode1": "ccode2", "ccode2": "ccode1"}).set_index(
        ["ccode1", "ccode2", "year"]
    )
    both = row["conttype"].to_frame().join(reverse["conttype"], rsuffix="_reverse")
    assert (both["conttype"].fillna(-1) == both["conttype_reverse"].fillna(-1)).all()


def test_real_mindist(real_universe):
    out = add_mindist(real_universe, pd.read_parquet(INTERIM / "cow_mindist.parquet"))
    row = out.set_index(["ccode1", "ccode2", "year"])["mindist"]
    assert row.loc[(2, 20, 1950)] == row.loc[(20, 2, 1950)] == 0.0
    assert row.loc[(2, 200, 1950)] == row.loc[(200, 2, 1950)] > 3000
    assert out.loc[out["year"] < 1886, "mindist"].isna().all()
