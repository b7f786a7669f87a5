"""Published UN ideal points: state-year un_ideal (year = session + 1945) and dyad-year distance."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.build import read_raw
from alliance_bargaining.panel.un_ideal import (
    add_ideal_distance,
    estimation_votes,
    state_ideal_points,
    validate,
)

from .test_un_roll_calls import TOY_PUBLISHED, TOY_ROLL_CALLS, TOY_VOTES

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw" / "voeten" / "IdealpointestimatesAll_Apr2020.csv"
INTERIM = ROOT / "data" / "interim" / "un_ideal_points.parquet"
PANEL = ROOT / "data" / "processed" / "dyad_year.parquet"
OURS = ROOT / "data" / "processed" / "un_ideal_points.parquet"
CHECK = ROOT / "results" / "checks" / "ideal_points.json"

# Sessions 40 (1985) and 41 (1986); the USSR (365) has no estimate in session 41.
TOY = pd.DataFrame(
    {
        "ccode": np.array([2, 2, 365, 200], np.int16),
        "session": np.array([40, 41, 40, 41], np.int16),
        "ideal": [1.5, 1.25, -1.0, 0.75],
        "q5": [1.25, 1.0, -1.5, 0.5],
        "q95": [1.75, 1.5, -0.25, 1.5],
    }
)


def test_state_ideal_points_by_hand():
    states = state_ideal_points(TOY)
    assert states.to_dict("list") == {
        "ccode": [2, 2, 200, 365],
        "year": [1985, 1986, 1986, 1985],
        "un_ideal": [1.5, 1.25, 0.75, -1.0],
        "un_ideal_width": [0.5, 0.5, 1.0, 1.25],
    }
    assert states["ccode"].dtype == "int16" and states["year"].dtype == "int16"


def test_ideal_distance_by_hand():
    dyads = pd.DataFrame(
        {
            "ccode1": [2, 365, 2, 2, 200],
            "ccode2": [365, 2, 365, 200, 365],
            "year": [1985, 1985, 1986, 1986, 1986],
        }
    )
    out = add_ideal_distance(dyads, TOY)
    # |1.5 - (-1.0)| both ways in 1985; the USSR has no 1986 estimate; |1.25 - 0.75| = 0.5
    assert out["un_ideal_distance"].tolist() == pytest.approx([2.5, 2.5, np.nan, 0.5, np.nan], nan_ok=True)
    assert out[["ccode1", "ccode2", "year"]].equals(dyads)


def test_estimation_votes_follow_the_roll_call_set_subset_and_sessions():
    matches = pd.DataFrame({"rcid1": [1, 2], "rcid2": [3, 6]})
    issues = pd.DataFrame({"rcid": [1, 3], "short_name": ["hr", "hr"]})
    frames = (TOY_VOTES, TOY_ROLL_CALLS, TOY_PUBLISHED, matches, issues)
    # published set: roll calls 1, 2, 3, 5 (6 is a paragraph vote), so the pair (2, 6) drops out
    votes, calls, pairs = estimation_votes(*frames)
    assert calls["rcid"].tolist() == [1, 2, 3, 5] and pairs.to_dict("list") == {"rcid1": [1], "rcid2": [3]}
    assert set(votes["rcid"]) == {1, 2, 3, 5}
    _, calls, pairs = estimation_votes(*frames, "all")
    assert calls["rcid"].tolist() == list(range(1, 8)) and len(pairs) == 2
    _, calls, pairs = estimation_votes(*frames, subset="important")  # the published flag: roll call 3
    assert calls["rcid"].tolist() == [3] and pairs.empty
    _, calls, pairs = estimation_votes(*frames, subset="hr")
    assert calls["rcid"].tolist() == [1, 3] and len(pairs) == 1
    _, calls, _ = estimation_votes(*frames, sessions=[51, 51])
    assert calls["rcid"].tolist() == [1, 2]


def test_validate_refuses_a_sign_or_scale_flip():
    published = pd.DataFrame(
        {"ccode": [2, 20, 200, 365, 710], "session": 51, "ideal": [1.5, 0.5, 0.0, -0.5, -1.5]}
    )
    roll_calls = pd.DataFrame({"rcid": np.arange(30), "session": 51})  # 30 roll calls: the session is checked
    ours = published.assign(year=published["session"] + 1945, se=0.1)[["ccode", "year", "ideal", "se"]]
    check = validate(ours, published, roll_calls)
    assert check["pooled_r"] == pytest.approx(1.0) and check["passed"]["sign"] and check["passed"]["scale"]
    with pytest.raises(
        InputError,
        match=r"^ours.parquet: column 'ideal': .* found a sign and scale flip \(United States mean -1.500",
    ):
        validate(ours.assign(ideal=-ours["ideal"]), published, roll_calls, "ours.parquet")
    with pytest.raises(InputError, match=r"found a scale flip \(United States mean 4.500, slope 0.333\)"):
        validate(ours.assign(ideal=3 * ours["ideal"]), published, roll_calls, "ours.parquet")


def test_latin1_csv_needs_its_registered_encoding(tmp_path):
    path = tmp_path / "ideal.csv"
    path.write_bytes("ccode,Countryname\n437,C\u00f4te d'Ivoire\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"ideal.csv: cannot parse as CSV \('utf-8' codec"):
        read_raw(path, None)
    assert read_raw(path, None, encoding="latin-1")["Countryname"].tolist() == ["C\u00f4te d'Ivoire"]


# ---- real data -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    if not RAW.is_file():
        pytest.skip(f"{RAW} not acquired")
    return pd.read_csv(RAW, encoding="latin-1")


def test_real_table_keeps_every_state_session(raw):
    if not INTERIM.is_file():
        pytest.skip(f"{INTERIM} not built")
    table = pd.read_parquet(INTERIM)
    assert len(table) == len(raw) == 10_469
    assert sorted(set(range(1, 75)) - set(table["session"])) == [19]  # no session 19 (1964)
    # Latin-1 names survive: Côte d'Ivoire (437)
    assert table.loc[table["ccode"] == 437, "country"].iloc[0].startswith("C\u00f4te")
    assert (table.loc[table["ccode"] == 2, "ideal"] > 0).all()


def test_real_panel_distance_is_the_published_difference(raw):
    if not PANEL.is_file():
        pytest.skip(f"{PANEL} not built")
    panel = pd.read_parquet(PANEL, columns=["ccode1", "ccode2", "year", "un_ideal_distance"])
    ideal = raw.set_index(["ccode", "session"])["IdealPoint"]
    for ccode1, ccode2, year in ((2, 365, 1985), (2, 710, 2000), (200, 220, 2015), (2, 365, 2018)):
        row = panel[(panel["ccode1"] == ccode1) & (panel["ccode2"] == ccode2) & (panel["year"] == year)]
        session = year - 1945
        assert row["un_ideal_distance"].iloc[0] == pytest.approx(
            abs(ideal[ccode1, session] - ideal[ccode2, session])
        )
    assert panel.loc[panel["year"] < 1946, "un_ideal_distance"].isna().all()


def test_real_estimates_meet_the_validation_targets():
    if not (OURS.is_file() and CHECK.is_file()):
        pytest.skip(f"{OURS} not built")
    ours = pd.read_parquet(OURS)
    assert ours.columns.tolist() == ["ccode", "year", "ideal", "se"]
    assert not ours.duplicated(["ccode", "year"]).any() and (ours["se"] > 0).all()
    assert (ours.loc[ours["ccode"] == 2, "ideal"] > 0).all()
    check = json.loads(CHECK.read_text())
    if check["subset"] == "all" and check["sessions_estimated"] is None:
        assert all(check["passed"].values()) and check["pooled_r"] >= 0.95
