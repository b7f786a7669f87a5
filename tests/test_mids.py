"""MID dyad-year variables: one counted dispute per dyad-year, coverage, initiators, dispute outcomes."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.panel.mids import add_mids

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"

DIRDISP_COLUMNS = [
    "dispnum", "ccode1", "ccode2", "year", "dispongoing", "disponset", "sidea1", "sidea2",
    "fatality1", "fatality2", "hostlev1", "hostlev2", "orig1", "orig2",
]  # fmt: skip


def dirdisp(dispnum, ccode1, ccode2, year, onset, sidea1, orig1, hostlev, fatality=(0, 0)):
    """One directed dispute-dyad-year; ``hostlev`` and ``fatality`` are (state 1, state 2)."""
    return (dispnum, ccode1, ccode2, year, 1, onset, sidea1, 1 - sidea1, *fatality, *hostlev, orig1, 1)


def frame(rows):
    out = pd.DataFrame(rows, columns=DIRDISP_COLUMNS)
    return out.astype({"dispnum": "int32", "ccode1": "int16", "ccode2": "int16", "year": "int16"}).astype(
        {c: "int8" for c in DIRDISP_COLUMNS[4:8] + DIRDISP_COLUMNS[10:]}
    )


def dyad_years(spans):
    """Directed dyad-years sorted by (ccode1, ccode2, year) from {(ccode1, ccode2): years}."""
    rows = [(a, b, y) for (a, b), years in spans.items() for y in years]
    out = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"]).astype("int16")
    return out.sort_values(["ccode1", "ccode2", "year"]).reset_index(drop=True)


DIRDISPS = frame(
    [
        # 2-20 in 2000: two onsets (101, 102) and an older ongoing dispute 100 of higher hostility.
        dirdisp(100, 2, 20, 2000, 0, 1, 1, (5, 4)),
        dirdisp(101, 2, 20, 2000, 1, 0, 1, (3, 4), fatality=(0, -9)),
        dirdisp(102, 2, 20, 2000, 1, 1, 1, (4, 2)),
        dirdisp(100, 20, 2, 2000, 0, 0, 1, (4, 5)),
        dirdisp(101, 20, 2, 2000, 1, 1, 1, (4, 3), fatality=(-9, 0)),
        dirdisp(102, 20, 2, 2000, 1, 0, 1, (2, 4)),
        # 2-40: dispute 200 begins in 2000 and goes on in 2001 and 2002.
        dirdisp(200, 2, 40, 2000, 1, 1, 1, (4, 1)),
        dirdisp(200, 2, 40, 2001, 0, 1, 1, (4, 4), fatality=(1, -9)),
        dirdisp(200, 2, 40, 2002, 0, 1, 1, (4, 4)),
        # 300 in 2001: 2 originates on side A against 41; 42 joins side A later (not an originator).
        dirdisp(300, 2, 41, 2001, 1, 1, 1, (4, 3)),
        dirdisp(300, 41, 2, 2001, 1, 0, 1, (3, 4)),
        dirdisp(300, 42, 41, 2001, 1, 1, 0, (2, 3)),
        # Outside the coverage passed below (2015 > 2014): ignored.
        dirdisp(400, 2, 40, 2015, 1, 1, 1, (5, 5)),
    ]
)

DISPS = pd.DataFrame(
    {
        "dispnum": np.array([100, 101, 102, 200, 300, 400], dtype="int32"),
        "outcome": np.array([5, 4, 1, -9, 2, 5], dtype="int16"),
        "settle": np.array([3, 1, 3, 1, -9, 3], dtype="int16"),
    }
)

DYADS = dyad_years(
    {
        (2, 20): [2000],
        (2, 40): [1999, 2000, 2001, 2002, 2003, 2015],
        (2, 41): [2001],
        (20, 2): [2000],
        (41, 2): [2001],
        (42, 41): [2001],
    }
)


@pytest.fixture(scope="module")
def mids():
    return add_mids(DYADS, DIRDISPS, DISPS, 1816, 2014).set_index(["ccode1", "ccode2", "year"])


def test_rows_and_order_unchanged():
    out = add_mids(DYADS, DIRDISPS, DISPS, 1816, 2014)
    pd.testing.assert_frame_equal(out[["ccode1", "ccode2", "year"]], DYADS)
    assert str(out["mid_onset"].dtype) == "Int8"
    assert str(out["mid_dispnum"].dtype) == "Int32"
    assert str(out["mid_outcome"].dtype) == "Int16"


def test_two_onsets_in_one_year_count_once(mids):
    # Onsets 101 (hostility max(3, 4) = 4) and 102 (max(4, 2) = 4) beat the ongoing 100 (hostility
    # 5); the tie at 4 goes to the lower dispnum, 101. One row, onset counted once.
    row = mids.loc[(2, 20, 2000)]
    assert row["mid_onset"] == 1 and row["mid_ongoing"] == 1
    assert row["mid_dispnum"] == 101 and row["mid_hostlev"] == 4
    # 101: fatality (0, -9): nothing above 0 and one level unknown -> missing.
    assert pd.isna(row["mid_fatal"])
    # outcome and settle of 101 from the dispute-level file.
    assert (row["mid_outcome"], row["mid_settle"]) == (4, 1)
    # Initiator: 2 is on side B of 101 but side A and originator of 102 -> 1 (any onset dispute).
    assert row["mid_initiator"] == 1
    # Reverse direction: 20 is side A and originator of 101 -> 1; same counted dispute.
    back = mids.loc[(20, 2, 2000)]
    assert (back["mid_onset"], back["mid_dispnum"], back["mid_initiator"]) == (1, 101, 1)


def test_ongoing_dispute_counts_onset_only_in_first_year(mids):
    dyad = mids.loc[(2, 40)].loc[1999:2003]
    assert dyad["mid_onset"].tolist() == [0, 1, 0, 0, 0]
    assert dyad["mid_ongoing"].tolist() == [0, 1, 1, 1, 0]
    assert dyad["mid_hostlev"].tolist() == [0, 4, 4, 4, 0]
    assert dyad["mid_dispnum"].tolist() == [pd.NA, 200, 200, 200, pd.NA]
    # Fatality levels (0, 0), (1, -9), (0, 0): one above 0 makes 2001 fatal despite the -9.
    assert dyad["mid_fatal"].tolist() == [0, 0, 1, 0, 0]
    # Dispute 200 has outcome -9 (missing) and settle 1; no dispute -> missing.
    assert dyad["mid_outcome"].isna().all()
    assert dyad["mid_settle"].tolist() == [pd.NA, 1, 1, 1, pd.NA]


def test_initiator_is_side_a_originator(mids):
    # 2 originates on side A; 41 is on side B; 42 joins side A without originating.
    assert mids.loc[(2, 41, 2001), "mid_initiator"] == 1
    assert mids.loc[(41, 2, 2001), "mid_initiator"] == 0
    assert mids.loc[(42, 41, 2001), "mid_initiator"] == 0
    assert mids.loc[(42, 41, 2001), "mid_onset"] == 1
    # 300 has settle -9 -> missing; outcome 2.
    assert pd.isna(mids.loc[(2, 41, 2001), "mid_settle"]) and mids.loc[(2, 41, 2001), "mid_outcome"] == 2


def test_outside_coverage_is_missing(mids):
    row = mids.loc[(2, 40, 2015)]
    assert row.isna().all()  # every MID column, although dispute 400 is in the file


def test_dispute_missing_from_dispute_file_is_an_error():
    with pytest.raises(InputError, match="200"):
        add_mids(DYADS, DIRDISPS, DISPS[DISPS["dispnum"] != 200], 1816, 2014)


@pytest.mark.parametrize(
    ("dirdisps", "disps", "last_year"),
    [("cow_mid_dirdisps", "cow_mid_disps", 2014), ("gml_dirdisp", "gml_mid_disps", 2010)],
)
def test_china_united_states_1950(dirdisps, disps, last_year):
    if not (INTERIM / f"{dirdisps}.parquet").exists():
        pytest.skip(f"{dirdisps}.parquet not built")
    dyads = dyad_years({(2, 710): range(1949, 1952), (710, 2): range(1949, 1952)})
    out = add_mids(
        dyads,
        pd.read_parquet(INTERIM / f"{dirdisps}.parquet"),
        pd.read_parquet(INTERIM / f"{disps}.parquet"),
        1816,
        last_year,
    )
    assert len(out) == 6
    onset_1950 = out.loc[out["year"] == 1950, "mid_onset"]
    assert onset_1950.tolist() == [1, 1]
    assert out["mid_ongoing"].tolist() == [1, 1, 1, 1, 1, 1]
