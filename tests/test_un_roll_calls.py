"""UN roll-call sets (published | all) and the check against Voeten's published file."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.panel.affinity import dyad_affinity
from alliance_bargaining.panel.un_roll_calls import (
    check_published,
    published_agreement,
    published_calls,
    roll_call_counts,
    select_roll_calls,
)

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"

# unvotes roll calls: session 51 holds 1 and 2; session 52 holds 3 (in the published file) and 4 (a
# paragraph vote the published file leaves out); session 53 (after the published file) holds 5, 6
# (a paragraph vote) and 7 (an amendment vote).
TOY_ROLL_CALLS = pd.DataFrame(
    {
        "rcid": np.array([1, 2, 3, 4, 5, 6, 7], np.int32),
        "session": np.array([51, 51, 52, 52, 53, 53, 53], np.int16),
        "date": pd.to_datetime(
            ["1996-10-01", "1997-03-01", "1997-11-01", "1997-11-01", "1998-10-01", "1998-10-02", "1998-10-03"]
        ),
        "importantvote": pd.array([0, 0, 1, 0, 0, 0, 0], dtype="Int8"),
        "amend": pd.array([None, None, None, None, None, None, 1], dtype="Int8"),
        "para": pd.array([None, None, None, 1, 0, 1, None], dtype="Int8"),
    }
)
# unvotes' votes of the US (2), UK (200) and Canada (20); on roll call 2 unvotes has Canada voting no.
TOY_VOTES = pd.DataFrame(
    {
        "rcid": np.repeat(np.arange(1, 8, dtype=np.int32), 3),
        "ccode": np.tile(np.array([2, 200, 20], np.int16), 7),
        "vote": np.array([1, 1, 3, 1, 3, 3, 1, 1, 1, 3, 1, 1, 1, 3, 1, 3, 3, 1, 2, 1, 1], np.int8),
    }
)
# The published file (sessions 51-52): roll calls 1-3, all members listed; 8 absent, 9 non-member.
# Canada is absent (8) on roll call 2 and the UK is not a member on 3 (toy codes).
#   rcid:   1  2  3
#   US      Y  Y  Y
#   UK      Y  N  -(9)
#   Canada  N  -(8) Y
TOY_PUBLISHED = pd.DataFrame(
    {
        "rcid": np.repeat(np.array([1, 2, 3], np.int32), 3),
        "ccode": np.tile(np.array([2, 20, 200], np.int16), 3),
        "session": np.repeat(np.array([51, 51, 52], np.int16), 3),
        "vote": np.array([1, 3, 1, 1, 8, 3, 1, 1, 9], np.int8),
        "importantvote": pd.array([0] * 6 + [1] * 3, dtype="Int8"),
    }
)


def test_published_set_takes_published_votes_then_unvotes_without_paragraph_votes():
    votes, calls = select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "published")
    # Published roll calls 1-3 (codes 8 and 9 dropped) and roll call 5 of session 53: 6 and 7 are a
    # paragraph and an amendment vote; 4 (session 52) is not in the published file.
    assert calls["rcid"].tolist() == [1, 2, 3, 5]
    assert calls["session"].tolist() == [51, 51, 52, 53]
    assert calls["importantvote"].tolist() == [0, 0, 1, 0]
    assert (
        calls["date"].tolist()
        == pd.to_datetime(["1996-10-01", "1997-03-01", "1997-11-01", "1998-10-01"]).tolist()
    )
    assert list(zip(votes["rcid"], votes["ccode"], votes["vote"], strict=True)) == [
        (1, 2, 1),
        (1, 20, 3),
        (1, 200, 1),
        (2, 2, 1),
        (2, 200, 3),
        (3, 2, 1),
        (3, 20, 1),
        (5, 2, 1),
        (5, 20, 1),
        (5, 200, 3),
    ]


def test_all_set_is_unvotes_unchanged():
    votes, calls = select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "all")
    assert calls["rcid"].tolist() == list(range(1, 8)) and len(votes) == len(TOY_VOTES)
    with pytest.raises(
        InputError, match=r"^key 'panel.un_roll_calls': expected one of \('published', 'all'\), found 'some'$"
    ):
        select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "some")


def test_published_roll_call_without_a_date_is_an_error():
    with pytest.raises(InputError, match=r"un_votes_published.parquet: column 'rcid': .* found 3 missing$"):
        published_calls(TOY_PUBLISHED, TOY_ROLL_CALLS[TOY_ROLL_CALLS["rcid"] != 3])


def test_roll_call_counts_side_by_side():
    _, calls = select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "published")
    counts = roll_call_counts(TOY_ROLL_CALLS, TOY_PUBLISHED, calls)
    assert counts.to_dict("list") == {
        "session": [51, 52, 53],
        "unvotes": [2, 2, 3],
        "unvotes_amend_or_para": [0, 1, 2],
        "published": [2, 1, 0],
        "used": [2, 1, 1],
    }


def test_published_agreement_by_hand():
    direct = published_agreement(TOY_PUBLISHED, published_calls(TOY_PUBLISHED, TOY_ROLL_CALLS))
    rows = {(a, b, y): (agree, n) for a, b, y, agree, n in direct.itertuples(index=False)}
    # 1996 (session 51): US-UK on 1, 2: YY YN -> 1/2; US-Canada on 1: YN -> 0; UK-Canada on 1: YN -> 0.
    # 1997 (session 52): US-Canada on 3: YY -> 1; the UK is not a member.
    assert rows == {
        (2, 20, 1996): (0.0, 1),
        (2, 20, 1997): (1.0, 1),
        (2, 200, 1996): (0.5, 2),
        (20, 2, 1996): (0.0, 1),
        (20, 2, 1997): (1.0, 1),
        (20, 200, 1996): (0.0, 1),
        (200, 2, 1996): (0.5, 2),
        (200, 20, 1996): (0.0, 1),
    }


def test_check_passes_for_published_and_sees_the_difference_of_all():
    for roll_call_set, passes in (("published", True), ("all", False)):
        votes, calls = select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, roll_call_set)
        check = check_published(
            dyad_affinity(votes, calls), TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, roll_call_set
        )
        assert check["passed"] is passes, roll_call_set
    # Under "all", 1996 holds unvotes' roll calls 1, 2 (Canada voting no on 2) and 1997 roll calls 3
    # and 4 (4 is not published): only 1996 is compared. US-Canada: YN YN -> 0 (published 0, on 1 only);
    # UK-Canada: YN NN -> 1/2 against 0; US-UK 1/2 both.
    assert check["years_compared"] == [1996]
    assert check["dyad_years_un_n_differs"] == 4 and check["dyad_years_un_agree_differs"] == 2
    assert check["max_abs_difference_un_agree"] == pytest.approx(0.5)


def test_check_follows_the_calendar_year_convention():
    votes, calls = select_roll_calls(TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "published")
    affinity = dyad_affinity(votes, calls, "calendar")
    check = check_published(affinity, TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, "published", "calendar")
    # Roll call 2 (March 1997) moves to 1997 with 3; 1998 holds roll call 5 of unvotes, not compared.
    assert check["passed"] and check["years_compared"] == [1996, 1997]
    # 1996: the three pairs on roll call 1; 1997: US-UK on 2, US-Canada on 3; both directions each
    assert check["dyad_years_published"] == 2 * (3 + 2)


# ---- real data -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real():
    paths = [INTERIM / f"{name}.parquet" for name in ("un_votes", "un_roll_calls", "un_votes_published")]
    if not all(path.is_file() for path in paths):
        pytest.skip("UN interim tables not built")
    return tuple(pd.read_parquet(path) for path in paths)


def test_real_published_set_equals_published_agreement(real):
    votes, roll_calls, published = real
    selected_votes, calls = select_roll_calls(votes, roll_calls, published, "published")
    check = check_published(dyad_affinity(selected_votes, calls), votes, roll_calls, published, "published")
    assert check["passed"] and check["years_compared"] == list(range(1946, 2016))
    assert check["dyad_years_published"] == check["dyad_years_panel"] > 1_000_000
    counts = pd.DataFrame(check["roll_calls_by_session"]).set_index("session")
    # Sessions 52-67 differ (paragraph and amendment votes in unvotes); 1-51 and 68-70 are equal.
    assert counts.loc[52, ["published", "unvotes"]].tolist() == [69, 88]
    assert counts.loc[66, ["published", "unvotes"]].tolist() == [65, 98]
    same = counts.loc[[s for s in counts.index if s <= 51 or 68 <= s <= 70]]
    assert (same["published"] == same["unvotes"]).all() and (same["used"] == same["published"]).all()
    # After session 70: unvotes without its paragraph and amendment votes (sessions 71-72).
    assert counts.loc[71:74, "used"].tolist() == [79, 91, 95, 91]
