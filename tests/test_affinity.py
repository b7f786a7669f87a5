"""UN affinity per directed dyad-year: hand-computed toy votes and checks on the real vote data."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.panel.affinity import dyad_affinity, majors_agreement, vote_year

ROOT = Path(__file__).resolve().parents[1]
VOTES = ROOT / "data" / "interim" / "un_votes.parquet"
ROLL_CALLS = ROOT / "data" / "interim" / "un_roll_calls.parquet"

# Session 35 (year 1980 by session) holds roll calls 1-4; roll call 3 was voted in March 1981.
# Session 36 (1981) holds roll call 5. Roll calls 2 and 4 are important; 5 has a missing flag.
TOY_ROLL_CALLS = pd.DataFrame(
    {
        "rcid": np.array([1, 2, 3, 4, 5], np.int32),
        "session": np.array([35, 35, 35, 35, 36], np.int16),
        "date": pd.to_datetime(["1980-10-01", "1980-11-01", "1981-03-01", "1980-12-01", "1981-10-01"]),
        "importantvote": pd.array([0, 1, 0, 1, None], dtype="Int8"),
    }
)
# 1 yes, 2 abstain, 3 no. US (2), UK (200), USSR (365), Canada (20).
#   rcid:   1  2  3  4  5
#   US      Y  N  Y  Y  Y
#   UK      Y  A  Y  Y  N
#   USSR    N  Y  -  Y  N     (absent on 3)
#   Canada  -  -  Y  -  -
TOY_VOTES = pd.DataFrame(
    {
        "rcid": np.array([1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 5], np.int32),
        "ccode": np.array([2, 200, 365, 2, 200, 365, 2, 200, 20, 2, 200, 365, 2, 200, 365], np.int16),
        "vote": np.array([1, 1, 3, 3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3], np.int8),
    }
)


def _row(affinity: pd.DataFrame, ccode1: int, ccode2: int, year: int) -> pd.Series:
    rows = affinity[
        (affinity["ccode1"] == ccode1) & (affinity["ccode2"] == ccode2) & (affinity["year"] == year)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_vote_year_conventions():
    assert vote_year(TOY_ROLL_CALLS).tolist() == [1980, 1980, 1980, 1980, 1981]
    assert vote_year(TOY_ROLL_CALLS, "calendar").tolist() == [1980, 1980, 1981, 1980, 1981]
    assert vote_year(TOY_ROLL_CALLS).dtype == "int16"
    with pytest.raises(ValueError, match="convention"):
        vote_year(TOY_ROLL_CALLS, "fiscal")


@pytest.mark.parametrize(
    ("ccode1", "ccode2", "year", "expected"),
    [
        # US-UK 1980, roll calls 1-4: YY NA YY YY. agree 3/4; d = 0.5, S = 1 - 2 * 0.5 / 4 = 0.75;
        # US marginals (Y, A, N) = (3/4, 0, 1/4), UK (3/4, 1/4, 0): p_e = 9/16,
        # kappa = (3/4 - 9/16) / (7/16) = 3/7. Important 2, 4: NA YY -> 1/2. Roll calls 3 (all three
        # voters Y) and 4 (all Y) are unanimous; non-unanimous 1, 2: YY NA -> 1/2.
        (
            2,
            200,
            1980,
            {
                "un_agree": 3 / 4,
                "un_s": 0.75,
                "un_kappa": 3 / 7,
                "un_agree_important": 0.5,
                "un_agree_nonunanimous": 0.5,
            },
        ),
        # US-USSR 1980, roll calls 1, 2, 4 (USSR absent on 3): YN NY YY. agree 1/3; d = 2, S = 1 - 4/3;
        # both marginals (2/3, 0, 1/3): p_e = 5/9, kappa = (1/3 - 5/9) / (4/9) = -1/2. Important: 1/2.
        # Non-unanimous 1, 2: YN NY -> 0.
        (
            2,
            365,
            1980,
            {
                "un_agree": 1 / 3,
                "un_s": -1 / 3,
                "un_kappa": -0.5,
                "un_agree_important": 0.5,
                "un_agree_nonunanimous": 0.0,
            },
        ),
        # UK-USSR 1980: YN AY YY. agree 1/3; d = 1 + 0.5 = 1.5, S = 1 - 3/3 = 0;
        # UK (2/3, 1/3, 0), USSR (2/3, 0, 1/3): p_e = 4/9, kappa = (1/3 - 4/9) / (5/9) = -1/5.
        # Non-unanimous 1, 2: YN AY -> 0.
        (
            200,
            365,
            1980,
            {
                "un_agree": 1 / 3,
                "un_s": 0.0,
                "un_kappa": -0.2,
                "un_agree_important": 0.5,
                "un_agree_nonunanimous": 0.0,
            },
        ),
        # US-Canada 1980: roll call 3 only, YY. p_e = 1: kappa undefined; no important roll call; roll
        # call 3 is unanimous, so no non-unanimous one.
        (
            2,
            20,
            1980,
            {
                "un_agree": 1.0,
                "un_s": 1.0,
                "un_kappa": np.nan,
                "un_agree_important": np.nan,
                "un_agree_nonunanimous": np.nan,
            },
        ),
        # US-UK 1981: roll call 5, YN. agree 0, S = -1; p_e = 1 * 0 = 0, kappa = 0. Non-unanimous: 0.
        (
            2,
            200,
            1981,
            {
                "un_agree": 0.0,
                "un_s": -1.0,
                "un_kappa": 0.0,
                "un_agree_important": np.nan,
                "un_agree_nonunanimous": 0.0,
            },
        ),
        # UK-USSR 1981: NN. agree 1, S = 1, p_e = 1: kappa undefined. Roll call 5 is not unanimous (US
        # voted Y), so it counts: 1.
        (
            200,
            365,
            1981,
            {
                "un_agree": 1.0,
                "un_s": 1.0,
                "un_kappa": np.nan,
                "un_agree_important": np.nan,
                "un_agree_nonunanimous": 1.0,
            },
        ),
    ],
)
def test_toy_measures_by_hand(ccode1, ccode2, year, expected):
    affinity = dyad_affinity(TOY_VOTES, TOY_ROLL_CALLS)
    for forward in (True, False):  # both directions carry the same values
        row = _row(affinity, ccode1, ccode2, year) if forward else _row(affinity, ccode2, ccode1, year)
        for column, value in expected.items():
            assert row[column] == pytest.approx(value, nan_ok=True), column


def test_toy_counts_rows_and_order():
    affinity = dyad_affinity(TOY_VOTES, TOY_ROLL_CALLS)
    # 1980: every pair except Canada-USSR (no shared roll call): 5 dyads x 2 directions; 1981: 3 x 2.
    assert len(affinity) == 16
    assert not ((affinity["ccode1"] == 20) & (affinity["ccode2"] == 365)).any()
    assert (affinity["ccode1"] != affinity["ccode2"]).all()
    assert affinity.equals(affinity.sort_values(["ccode1", "ccode2", "year"], ignore_index=True))
    counts = ["un_n", "un_n_important", "un_n_nonunanimous"]
    assert _row(affinity, 2, 200, 1980)[counts].tolist() == [4, 2, 2]
    assert _row(affinity, 2, 365, 1980)[counts].tolist() == [3, 2, 2]
    assert _row(affinity, 2, 20, 1980)[counts].tolist() == [1, 0, 0]
    assert _row(affinity, 2, 200, 1981)[counts].tolist() == [1, 0, 1]
    assert {str(affinity[c].dtype) for c in ("ccode1", "ccode2", "year", *counts)} == {"int16"}


def test_calendar_convention_moves_votes_to_the_vote_year():
    affinity = dyad_affinity(TOY_VOTES, TOY_ROLL_CALLS, convention="calendar")
    # 1980 holds roll calls 1, 2, 4: US-UK YY NA YY -> 2/3; 1981 holds 3 and 5: YY YN -> 1/2.
    assert _row(affinity, 2, 200, 1980)["un_agree"] == pytest.approx(2 / 3)
    assert _row(affinity, 2, 200, 1981)[["un_agree", "un_n"]].tolist() == pytest.approx([0.5, 2])
    # US-USSR 1981: only roll call 5 is shared (USSR absent on 3): YN.
    assert _row(affinity, 2, 365, 1981)[["un_agree", "un_n"]].tolist() == pytest.approx([0.0, 1])
    # Canada's only vote (March 1981) now falls in 1981, where it shares roll call 3 with US and UK.
    assert set(affinity.loc[affinity["ccode1"] == 20, "year"]) == {1981}


def test_invalid_votes_are_rejected():
    with pytest.raises(ValueError, match="more than one vote"):
        dyad_affinity(pd.concat([TOY_VOTES, TOY_VOTES.iloc[[0]].assign(vote=np.int8(3))]), TOY_ROLL_CALLS)
    with pytest.raises(ValueError, match="missing from roll_calls"):
        dyad_affinity(TOY_VOTES, TOY_ROLL_CALLS[TOY_ROLL_CALLS["rcid"] != 5])
    with pytest.raises(ValueError, match="coded"):
        dyad_affinity(TOY_VOTES.assign(vote=np.int8(8)), TOY_ROLL_CALLS)


def test_majors_agreement_long_form():
    affinity = dyad_affinity(TOY_VOTES, TOY_ROLL_CALLS)
    majors = pd.DataFrame({"ccode": [2, 365, 2], "year": [1980, 1980, 1981]})
    out = majors_agreement(affinity, majors)
    assert out.columns.tolist() == ["ccode", "year", "major", "un_agree", "un_n"]
    # Canada shares no 1980 roll call with the USSR and casts no 1981 vote: only its row with the US.
    assert list(zip(out["ccode"], out["year"], out["major"], strict=True)) == [
        (2, 1980, 365),
        (20, 1980, 2),
        (200, 1980, 2),
        (200, 1980, 365),
        (200, 1981, 2),
        (365, 1980, 2),
        (365, 1981, 2),
    ]
    assert out["un_agree"].tolist() == pytest.approx([1 / 3, 1.0, 0.75, 1 / 3, 0.0, 1 / 3, 0.0])
    assert out["un_n"].tolist() == [3, 1, 4, 3, 1, 3, 1]


# ---- real data -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def un_data() -> tuple[pd.DataFrame, pd.DataFrame]:
    if not (VOTES.is_file() and ROLL_CALLS.is_file()):
        pytest.skip(f"{VOTES} not built")
    return pd.read_parquet(VOTES, columns=["rcid", "ccode", "vote"]), pd.read_parquet(ROLL_CALLS)


@pytest.fixture(scope="module")
def real_affinity(un_data) -> pd.DataFrame:
    return dyad_affinity(*un_data)


def _brute_force(votes: pd.DataFrame, roll_calls: pd.DataFrame, ccode1: int, ccode2: int, year: int) -> dict:
    """The measures of one dyad-year from a plain merge of the two states' votes."""
    calls = roll_calls.loc[roll_calls["session"] + 1945 == year, ["rcid", "importantvote"]]
    shared = (
        votes[votes["ccode"] == ccode1]
        .merge(votes[votes["ccode"] == ccode2], on="rcid", suffixes=("_i", "_j"))
        .merge(calls, on="rcid")
    )
    position = {1: 1.0, 2: 0.5, 3: 0.0}
    agree = (shared["vote_i"] == shared["vote_j"]).mean()
    marginals_i = shared["vote_i"].value_counts(normalize=True)
    marginals_j = shared["vote_j"].value_counts(normalize=True)
    chance = marginals_i.mul(marginals_j, fill_value=0).sum()
    important = shared[shared["importantvote"] == 1]
    contested = shared[
        shared["rcid"].isin(votes.groupby("rcid")["vote"].nunique().loc[lambda n: n > 1].index)
    ]
    return {
        "un_agree": agree,
        "un_s": 1 - 2 * (shared["vote_i"].map(position) - shared["vote_j"].map(position)).abs().mean(),
        "un_kappa": (agree - chance) / (1 - chance),
        "un_agree_important": (important["vote_i"] == important["vote_j"]).mean(),
        "un_n": len(shared),
        "un_n_important": len(important),
        "un_agree_nonunanimous": (contested["vote_i"] == contested["vote_j"]).mean(),
        "un_n_nonunanimous": len(contested),
    }


@pytest.mark.parametrize(
    ("ccode1", "ccode2", "year"),
    [(2, 200, 1980), (2, 365, 1975), (710, 2, 1985), (255, 220, 2000), (2, 666, 2015)],
)
def test_real_dyad_years_match_brute_force(un_data, real_affinity, ccode1, ccode2, year):
    expected = _brute_force(*un_data, ccode1, ccode2, year)
    row = _row(real_affinity, ccode1, ccode2, year)
    for column, value in expected.items():  # important votes are flagged from 1983 on: NaN before
        assert row[column] == pytest.approx(value, nan_ok=True), column


def test_real_us_closer_to_uk_than_to_ussr_in_the_cold_war(real_affinity):
    agree = real_affinity.set_index(["ccode1", "ccode2", "year"])["un_agree"]
    years = range(1960, 1991)
    us_uk = agree.loc[[(2, 200, year) for year in years]].to_numpy()
    us_ussr = agree.loc[[(2, 365, year) for year in years]].to_numpy()
    # Session 19 (1964, the Article 19 crisis) held a single roll call, Albania's appeal, which all
    # three states voted against.
    session_19 = np.array(years) == 1964
    assert (us_uk[~session_19] > us_ussr[~session_19]).all()
    assert us_uk[session_19] == us_ussr[session_19] == 1.0


def test_real_symmetry_and_range(real_affinity):
    assert real_affinity["year"].min() == 1946 and real_affinity["year"].max() == 2019
    forward = real_affinity.set_index(["ccode1", "ccode2", "year"]).sort_index()
    backward = real_affinity.set_index(["ccode2", "ccode1", "year"]).sort_index()
    backward.index.names = forward.index.names
    pd.testing.assert_frame_equal(forward, backward)
    assert real_affinity["un_agree"].between(0, 1).all() and real_affinity["un_s"].between(-1, 1).all()
    assert (real_affinity["un_kappa"].dropna() <= 1).all()
