"""Proxies and analysis datasets on a hand-made mini-world (RESEARCH_DESIGN.md, 2-3).

Six states, 1946-1957, every ordered pair, sample 1947-1956 (so lags and leads reach outside it):

- 2 (P, patron) and 365 (patron), strategic rivals (TD and TSS) in every year;
- 700, P's rival 1946-1949 (the rivalry ends: rapprochement of 2 in 1950-1954); UN agreement
  with 2 is 0.5 until 1950 and 0.7 from 1951;
- 200, client of 2: 2 and 200 allied 1946-1957 (upgrade 1955), UN agreement 0.8;
- 710 (A, courting state): UN agreement with 2 of 0.9 in 1949-1951, initiates MID 1001 against 365
  in 1950 (hostility 4, no deaths; ongoing 1951 in COW only), yields in MID 1002 begun by 200 in 1948
  (710 on side B, outcome 4 = yield by side B; GML: 6 = compromise), allied with 2 from 1952 (onset
  1952, upgrade 1955);
- 740, client of 365 (allied 1946-1955, terminated 1956), receives arms from 2 in 1951 (TIV 10; an
  outside option of 365's client), on side B of MID 1003 begun by 700 in 1953 (outcome 4, COW only).

Other UN agreements are 0.5, except 365-200 missing in 1948 and 2-740 at 0.3. SIPRI data start in
1950 (arms missing 1946-1949); 2 sends arms to 200 in 1954 (TIV 5). CINC: 2 0.30, 365 0.20, 200
0.05, 700 0.005, 710 0.05, 740 0.04. An alliance in 1946 (the panel's first year) has a censored onset.
UN ideal-point distances are 1.0, except 2-200 at 0.5 and 2-710 at 1.0 in 1946-1947, 0.8 in 1948 and
0.4 from 1949 (710 moves toward 2). Every alliance is a defense pledge only (ATOP defense 1, the other
four obligations 0: each can deepen). Territorial threat (lterrthreat) of a state is its ccode / 1000.
"""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.proxies import DATASET_COLUMNS, build_dataset, building_blocks, conflict
from alliance_bargaining.proxies.alliance import can_deepen
from alliance_bargaining.proxies.columns import future_columns
from alliance_bargaining.proxies.datasets import DATASETS
from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.option_onset import EVENT_COLUMNS as OPTION_EVENT_COLUMNS
from alliance_bargaining.proxies.patrons import patron_years
from alliance_bargaining.proxies.prospects import moving_toward, typical_change
from alliance_bargaining.proxies.rivals import rivals
from alliance_bargaining.settings import proxy_params

CINC = {2: 0.30, 365: 0.20, 200: 0.05, 700: 0.005, 710: 0.05, 740: 0.04}
MAJORS = {2, 365}
YEARS = np.arange(1946, 1958)
# k = 1: the median of P's allies in t-1 whenever P has one (the mini-world's patrons have one or two
# allies; the few-allies benchmark is tested in test_prospects.py)
PARAMS = {"first_year": 1947, "last_year": 1956, "prospect_min_allies": 1}
# Controls read from the panel (as the hypothesis registry asks): dyad columns for the row's units,
# and for the one-unit H6 dataset the state's own monadic column.
CONTROLS = {"h1_h2_ally_rival": ["contiguous", "mindist", "log_cinc_ratio"], "h6_hegemon_state": ["cinc1"]}
NAN = np.nan
EVENT_COLUMNS = [
    "alliance_onset",
    "alliance_upgrade",
    "alliance_termination",
    "alliance_gain",
    "mid_onset",
    "mid_ongoing",
    "mid_initiator",
    "mid_hostlev",
    "mid_fatal",
]


def _set(world, a, b, years, both=True, **values):
    """Set columns in dyad-years (a, b, years) and, if ``both``, (b, a, years)."""
    for x, y in ((a, b), (b, a)) if both else ((a, b),):
        rows = (world["ccode1"] == x) & (world["ccode2"] == y) & world["year"].isin(np.atleast_1d(years))
        for column, value in values.items():
            world.loc[rows, column] = value


def _dispute(world, dispnum, side_a, side_b, years, onset, outcome, hostlev, suffixes):
    for suffix in suffixes:
        _set(world, side_a, side_b, years, **{f"mid_ongoing{suffix}": 1, f"mid_hostlev{suffix}": hostlev})
        _set(
            world, side_a, side_b, years, **{f"mid_dispnum{suffix}": dispnum, f"mid_outcome{suffix}": outcome}
        )
        _set(world, side_a, side_b, years, **{f"mid_fatal{suffix}": 0})
        _set(world, side_a, side_b, onset, **{f"mid_onset{suffix}": 1})
        _set(world, side_a, side_b, onset, both=False, **{f"mid_initiator{suffix}": 1})


def mini_world() -> tuple[pd.DataFrame, dict]:
    """The mini-world panel (both directions of every pair) and its directed dispute-dyad-years."""
    pairs = [(a, b) for a in CINC for b in CINC if a != b]
    world = pd.DataFrame(
        [(a, b, y) for a, b in sorted(pairs) for y in YEARS], columns=["ccode1", "ccode2", "year"]
    ).astype("int16")
    cinc1, cinc2 = world["ccode1"].map(CINC), world["ccode2"].map(CINC)
    world = world.assign(
        major1=world["ccode1"].isin(MAJORS).astype(float),
        major2=world["ccode2"].isin(MAJORS).astype(float),
        cinc1=cinc1,
        cinc2=cinc2,
        power_share1=cinc1 / (cinc1 + cinc2),
        log_cinc_ratio=np.abs(np.log(cinc1 / cinc2)),
        contiguous=0.0,
        mindist=1000.0,
        joint_igos=10.0,
        rivalry_td=0.0,
        un_agree=0.5,
        un_agree_important=0.4,
        un_n_important=5.0,
        un_ideal_distance=1.0,
        arms_tiv=np.where(world["year"] < 1950, NAN, 0.0),
        ally_defense_offense=0.0,
        atop_consul=0.0,
        atop_nonagg=0.0,
        mid_dispnum=NAN,
        mid_outcome=NAN,
        mid_dispnum_alt=NAN,
        mid_outcome_alt=NAN,
    )
    world["global_power1"] = world["major1"]
    for column in EVENT_COLUMNS:
        world[column] = 0.0
        if column.startswith("mid_"):
            world[f"{column}_alt"] = 0.0
    for suffix in ("", "_alt"):
        world[f"peace_years{suffix}"] = (world["year"] - 1946).astype(float)
        for name in ("peace_years2", "peace_years3", "peace_spline1", "peace_spline2", "peace_spline3"):
            world[f"{name}{suffix}"] = 0.0

    _set(world, 2, 365, YEARS, rivalry_td=1)
    _set(world, 2, 700, range(1946, 1950), rivalry_td=1)
    _set(world, 2, 700, range(1951, 1958), un_agree=0.7)
    _set(world, 2, 200, YEARS, ally_defense_offense=1, un_agree=0.8, un_ideal_distance=0.5)
    _set(world, 2, 710, 1948, un_ideal_distance=0.8)
    _set(world, 2, 710, range(1949, 1958), un_ideal_distance=0.4)
    _set(world, 2, 200, 1955, alliance_upgrade=1, alliance_gain=1)
    _set(world, 2, 710, range(1949, 1952), un_agree=0.9)
    _set(world, 2, 710, range(1952, 1958), ally_defense_offense=1)
    _set(world, 2, 710, 1952, alliance_onset=1, alliance_gain=1)
    _set(world, 2, 710, 1955, alliance_upgrade=1, alliance_gain=1)
    _set(world, 365, 740, range(1946, 1956), ally_defense_offense=1)
    _set(world, 365, 740, 1956, alliance_termination=1)
    for a, b in ((2, 200), (365, 740)):  # allied in the panel's first year: onset unknown
        _set(world, a, b, 1946, alliance_onset=NAN, alliance_upgrade=NAN, alliance_gain=NAN)
    _set(world, 365, 200, 1948, un_agree=NAN)
    _set(world, 2, 740, YEARS, un_agree=0.3)
    _set(world, 710, 200, range(1950, 1958), un_agree=0.6)
    _set(world, 2, 740, 1951, both=False, arms_tiv=10.0)
    _set(world, 2, 200, 1954, both=False, arms_tiv=5.0)
    _set(world, 710, 365, YEARS, contiguous=1)

    _dispute(world, 1001, 710, 365, [1950, 1951], 1950, 5, 4, [""])
    _dispute(world, 1001, 710, 365, [1950], 1950, 5, 4, ["_alt"])
    _dispute(world, 1002, 200, 710, [1948], 1948, 4, 3, [""])
    _dispute(world, 1002, 200, 710, [1948], 1948, 6, 3, ["_alt"])
    _dispute(world, 1003, 700, 740, [1953], 1953, 4, 2, [""])
    for name in ("un_agree", "un_agree_important"):  # calendar-year columns (lagged reads): as by session
        world[f"{name}_calendar"] = world[name]
    world["rivalry_tss"] = world["rivalry_td"]
    world["ally_any"] = world["ally_defense_offense"]
    world["atop_defense"] = world["ally_defense_offense"]
    for obligation in ("atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"):
        world[obligation] = 0.0
    world["lterrthreat1"] = world["ccode1"] / 1000
    for event in ("onset", "upgrade", "termination", "gain"):
        world[f"alliance_{event}_any"] = world[f"alliance_{event}"]

    sides = [(1001, 710, 365, 1950), (1001, 710, 365, 1951), (1002, 200, 710, 1948), (1003, 700, 740, 1953)]
    dirdisps = pd.DataFrame(
        [(n, a, b, y, 1) for n, a, b, y in sides] + [(n, b, a, y, 0) for n, a, b, y in sides],
        columns=["dispnum", "ccode1", "ccode2", "year", "sidea1"],
    )
    alt = dirdisps[
        ~((dirdisps["dispnum"] == 1001) & (dirdisps["year"] == 1951)) & (dirdisps["dispnum"] != 1003)
    ]
    return world, {"": dirdisps, "_alt": alt}


@pytest.fixture(scope="module")
def world():
    return mini_world()


@pytest.fixture(scope="module")
def blocks(world):
    return building_blocks(world[0], PARAMS, world[1])


@pytest.fixture(scope="module")
def data(blocks):
    return {name: build_dataset(blocks, name, CONTROLS.get(name, [])) for name in DATASETS}


def cell(frame, keys: dict, column: str):
    rows = frame
    for name, value in keys.items():
        rows = rows[rows[name] == value]
    assert len(rows) == 1, f"{keys}: {len(rows)} rows"
    value = rows[column].iloc[0]
    return NAN if pd.isna(value) else float(value)


def series(frame, keys: dict, column: str, years) -> list:
    return [cell(frame, keys | {"year": y}, column) for y in years]


def same(actual: list, expected: list) -> bool:
    return np.allclose(np.asarray(actual, float), np.asarray(expected, float), equal_nan=True)


SAMPLE = range(1947, 1957)


# ---- building blocks ----------------------------------------------------------------------------


def test_patrons_are_the_major_powers(world):
    dyads = DyadYears(world[0])
    patrons = patron_years(dyads)
    assert set(patrons["ccode"]) == {2, 365} and len(patrons) == 2 * len(YEARS)


def test_rivals_by_measure(world):
    dyads = DyadYears(world[0])
    td = rivals(dyads, "td")
    # 2-365 every year, 2-700 1946-1949: 700 is no rival of 2 in 1950
    assert td.holds([2, 2, 2], [365, 700, 700], [1950, 1949, 1950]).tolist() == [1, 1, 0]
    mid = rivals(dyads, "mid", mid_window=3)
    # a MID under way between 710 and 365 in 1950-1951 makes them rivals in 1951-1954 (window 3);
    # 1946-1948 are unknown (the window reaches before the MID data), 1949 is the first known year
    assert same(mid.holds([710] * 5, [365] * 5, [1948, 1950, 1951, 1954, 1955]), [NAN, 0, 1, 1, 0])


def test_prospects_by_hand(blocks):
    prospects = blocks.prospects
    keys = {"ccode_p": 2, "ccode_x": 710}
    years = range(1947, 1953)  # eligible while not allied in t-1 (allied from 1952)
    # ex ante: un_agree(2, 710) in t-1 > median of 2's allies in t-1 ({200}: 0.8); 0.9 in 1949-1951
    assert series(prospects, keys, "prospect_ex_ante", years) == [0, 0, 0, 1, 1, 1]
    # ex post: onset 1952 lies in t+1..t+5 for t <= 1951
    assert series(prospects, keys, "prospect_ex_post", years) == [1, 1, 1, 1, 1, 0]
    assert prospects.query("ccode_p == 2 and ccode_x == 710 and year == 1953").empty
    # 700: 0.5 < 0.8 until 1952; from 1953 2's allies in t-1 are {200: 0.8, 710: 0.5}, median 0.65,
    # and un_agree(2, 700) = 0.7 > 0.65. Ex post: no onset; from 1953 the window passes 1957 (unknown)
    keys = {"ccode_p": 2, "ccode_x": 700}
    assert series(prospects, keys, "prospect_ex_ante", SAMPLE) == [0] * 6 + [1] * 4
    assert same(series(prospects, keys, "prospect_ex_post", SAMPLE), [0] * 6 + [NAN] * 4)
    # 365-200: no UN data in 1948, so the 1949 comparison is undefined
    assert same(
        series(prospects, {"ccode_p": 365, "ccode_x": 200}, "prospect_ex_ante", [1948, 1949]), [0, NAN]
    )
    # 1946 has no t-1 in the panel: alliance status unknown, nobody eligible
    assert not (prospects["year"] == 1946).any()


def test_prospects_by_ideal_distance_by_hand(world, blocks):
    keys = {"ccode_p": 2, "ccode_x": 710}
    years = range(1947, 1953)
    # the distance "in t-1" is read in session year t-2 (its votes end before 1 January of t):
    # distance(2, 710) in t-2 below the median distance of 2's allies ({200}: 0.5): 0.4 from 1949, so
    # from t = 1951; t = 1947 reads 1945, before the panel: unknown
    distance = building_blocks(world[0], PARAMS | {"affinity": "un_ideal_distance"}, world[1]).prospects
    assert same(series(distance, keys, "prospect_ex_ante", years), [NAN, 0, 0, 0, 1, 1])
    assert series(distance, keys, "affinity_lag", [1950, 1951]) == pytest.approx([0.8, 0.4])
    # toward: distance(t-4) - distance(t-2) above the typical change, here 0 (most distances are
    # constant): t = 1950: 1.0 - 0.8; 1951: 1.0 - 0.4; 1952: 0.8 - 0.4. t-4 before 1946 (the panel's
    # first year) is unknown.
    assert same(series(blocks.prospects, keys, "prospect_toward", years), [NAN, NAN, NAN, 1, 1, 1])
    assert same(
        series(blocks.prospects, {"ccode_p": 2, "ccode_x": 700}, "prospect_toward", years),
        [NAN, NAN, NAN] + [0] * 3,
    )


def test_typical_change_and_moving_toward_by_hand():
    # (2, 20) and (20, 2): 1.0, 0.8, 0.5, 0.5 in 2000-2003; (2, 200): -, 0.3, 0.4, 0.4.
    panel = pd.DataFrame(
        {
            "ccode1": np.repeat([2, 2, 20], 4),
            "ccode2": np.repeat([20, 200, 2], 4),
            "year": np.tile(np.arange(2000, 2004), 3),
            "un_ideal_distance": [1.0, 0.8, 0.5, 0.5, NAN, 0.3, 0.4, 0.4, 1.0, 0.8, 0.5, 0.5],
        }
    )
    dyads = DyadYears(panel)
    # changes: 0.2, 0.3, 0 twice; 0.1, 0 -> sorted 0 0 0 0.1 0.2 0.2 0.3 0.3: median 0.15
    assert typical_change(dyads) == pytest.approx(0.15)
    # distances "in t-3" and "in t-1" are read in sessions t-4 and t-2. 2004: (2, 20) 1.0 - 0.5 = 0.5
    # > 0.15; (2, 200) unknown in 2000; 2003: (2, 20) t-4 = 1999 is before the panel: unknown
    got = moving_toward(dyads, [2, 2, 2], [20, 200, 20], [2004, 2004, 2003], 0.15)
    assert same(got, [1, NAN, NAN])
    assert same(moving_toward(dyads, [2], [20], [2004], 0.5), [0])  # a fall of 0.5 is not above 0.5


def test_clients_by_hand(blocks):
    clients = blocks.sample(blocks.clients)
    got = clients.groupby(["ccode_p", "ccode_x"])["year"].agg(["min", "max", "size"])
    # 200 of 2 (allied from 1946), 710 of 2 from 1953 (allied 1952), 740 of 365 to 1956 (allied to 1955)
    assert got.to_dict("index") == {
        (2, 200): {"min": 1947, "max": 1956, "size": 10},
        (2, 710): {"min": 1953, "max": 1956, "size": 4},
        (365, 740): {"min": 1947, "max": 1956, "size": 10},
    }


# ---- datasets -----------------------------------------------------------------------------------


def test_datasets_columns_sorted_unique(data):
    for name, frame in data.items():
        assert list(frame.columns) == list(DATASET_COLUMNS[name]) + CONTROLS.get(name, []), name
        keys = [c for c in frame.columns if str(frame[c].dtype) == "int16"]
        assert not frame.duplicated(keys).any(), name
        assert frame[keys].equals(frame[keys].sort_values(keys).reset_index(drop=True)), name


def test_h1_rows_and_values_by_hand(data):
    h1 = data["h1_h2_ally_rival"]
    # prospect triads: P=2, R=365: A in {700, 740} and 710 until 1952; P=2, R=700 (to 1949): A in
    # {710, 740}; P=365, R=2: A in {200, 700, 710}. Upgrade-at-stake triads (P committed to A in t-1
    # with a defense pledge only): P=2: A=200 (R=365; R=700 to 1949), A=710 from 1953 (R=365); P=365:
    # A=740 (R=2). Risk set: 200-2 (allied every year), 740-365 (allied to 1955) and 710-2 from 1953
    # (allied from 1952) are out.
    counts = h1.groupby(["ccode_a", "ccode_r"]).size().to_dict()
    assert counts == {
        (200, 365): 10,
        (200, 700): 3,
        (700, 2): 10,
        (700, 365): 10,
        (710, 2): 6,
        (710, 365): 10,
        (710, 700): 3,
        (740, 2): 10,
        (740, 700): 3,
    }
    assert not ((h1["ccode_a"] == 740) & (h1["ccode_r"] == 365)).any()
    stake = {(200, 365): [1] * 10, (740, 2): [1] * 10, (710, 365): [0] * 6 + [1] * 4, (700, 365): [0] * 10}
    for (a, r), expected in stake.items():
        assert series(h1, {"ccode_a": a, "ccode_r": r}, "upgrade_at_stake", SAMPLE) == expected, (a, r)
    assert series(h1, {"ccode_a": 200, "ccode_r": 700}, "upgrade_at_stake", [1947, 1948, 1949]) == [1] * 3
    # only upgrade triads: no prospect triad, prospect measures 0
    only_stake = {"ccode_a": 740, "ccode_r": 2, "year": 1950}
    assert [cell(h1, only_stake, c) for c in ("n_patrons", "n_upgrade_patrons", "prospect_ex_ante")] == [
        0,
        1,
        0,
    ]
    assert series(h1, {"ccode_a": 710, "ccode_r": 365}, "n_patrons", SAMPLE) == [1] * 6 + [0] * 4
    # allied (any obligation, t-1) with a rival of R in t: 200 with 2 (rival of 365 and of 700 to
    # 1949), 740 with 365 (rival of 2), 710 with 2 from 1952 (so against 365 from 1953)
    flagged = {
        (200, 365): [1] * 10,
        (740, 2): [1] * 10,
        (710, 365): [0] * 6 + [1] * 4,
        (700, 365): [0] * 10,
        (700, 2): [0] * 10,
        (710, 2): [0] * 6,
    }
    for (a, r), expected in flagged.items():
        years = SAMPLE if len(expected) == 10 else range(1947, 1953)
        assert series(h1, {"ccode_a": a, "ccode_r": r}, "allied_with_rival_lag", years) == expected, (a, r)
    assert (
        series(h1, {"ccode_a": 740, "ccode_r": 700}, "allied_with_rival_lag", [1947, 1948, 1949]) == [0] * 3
    )
    row = {"ccode_a": 710, "ccode_r": 365, "year": 1950}
    # 710 initiates MID 1001 (hostility 4, no deaths) in 1950; w = 0.05 / (0.05 + 0.20) = 0.2
    expected = {
        "prospect_ex_ante": 1,
        "prospect_toward": 1,
        "prospect_ex_post": 1,
        "w": 0.2,
        "prospect_x_w": 0.2,
        "mid_onset_initiated": 1,
        "mid_onset": 1,
        "mid_onset_force": 1,
        "mid_onset_fatal": 0,
        "mid_onset_initiated_alt": 1,
        "mid_onset_alt": 1,
        "contiguous": 1,
        "log_cinc_ratio": np.log(4),
        "peace_years": 4,
    }
    assert {c: cell(h1, row, c) for c in expected} == pytest.approx(expected)
    # the MID is still under way in 1951 but begins in 1950 only
    assert cell(h1, row | {"year": 1951}, "mid_onset") == 0
    # 710 as a prospective ally of 2, against 2's rival 700: w = 0.05 / 0.055
    assert cell(h1, {"ccode_a": 710, "ccode_r": 700, "year": 1948}, "w") == pytest.approx(0.05 / 0.055)
    assert cell(h1, {"ccode_a": 710, "ccode_r": 700, "year": 1948}, "prospect_ex_ante") == 0
    # A = 700 against R = 365 through P = 2 (ex ante 1 from 1953; ex post unknown from 1953)
    assert same(series(h1, {"ccode_a": 700, "ccode_r": 365}, "prospect_ex_post", [1952, 1953]), [0, NAN])


def test_h1_risk_set_including_allied_keeps_the_allied_rows_by_hand(world, data):
    """risk_set including_allied: the rows test_h1_rows_and_values_by_hand leaves out (200-2 allied
    every year, 740-365 allied to 1955, so in t-1 through 1956; 710-2 allied from 1952, so from 1953)
    come back with allied_any_lag 1; every other row is the primary risk set's, unchanged."""
    primary = data["h1_h2_ally_rival"]
    wider = build_dataset(
        building_blocks(world[0], PARAMS | {"risk_set": "including_allied"}, world[1]),
        "h1_h2_ally_rival",
        CONTROLS["h1_h2_ally_rival"],
    )
    assert (primary["allied_any_lag"] == 0).all()
    keys = ["ccode_a", "ccode_r", "year"]
    added = wider.merge(primary[keys], on=keys, how="left", indicator=True)
    added = added[added["_merge"] == "left_only"]
    expected = [(200, 2, y) for y in SAMPLE] + [(710, 2, y) for y in range(1953, 1957)]
    expected += [(740, 365, y) for y in SAMPLE]
    assert sorted(added[keys].itertuples(index=False, name=None)) == sorted(expected)
    assert (added["allied_any_lag"] == 1).all()
    kept = wider[wider["allied_any_lag"] == 0].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept, primary)
    # the added rows carry their triads' measures: 740 a prospect of 2 against 2's rival 365
    assert cell(wider, {"ccode_a": 740, "ccode_r": 365, "year": 1950}, "n_patrons") == 1


def test_h3_by_hand(data):
    h3 = data["h3_patron_prospect"]
    assert len(h3) == 2 * 4 * 10  # 2 patrons x 4 minor powers x 10 years
    keys = {"ccode_p": 2, "ccode_a": 710}
    assert series(h3, keys, "allied_lag", SAMPLE) == [0] * 6 + [1] * 4
    # not allied: onset 1952 in t..t+2 for t = 1950-1952; allied: upgrade 1955 in t..t+2 for t = 1953-1955;
    # t = 1956 reaches 1958, beyond the panel
    assert same(series(h3, keys, "alliance_gain_lead", SAMPLE), [0, 0, 0, 1, 1, 1, 1, 1, 1, NAN])
    assert same(series(h3, keys, "alliance_onset_lead", SAMPLE), [0, 0, 0, 1, 1, 1] + [NAN] * 4)
    # MID 1001 against 2's rival 365 under way 1950-1951 (GML: 1950 only), begun by 710 and without 2:
    # solo, A-initiated; windows t-3..t-1 before 1946 are unknown
    solo = [NAN, NAN, 0, 0, 1, 1, 1, 1, 0, 0]
    assert same(series(h3, keys, "mid_vs_rival_solo_initiated_lag", SAMPLE), solo)
    assert same(series(h3, keys, "mid_vs_rival_lag", SAMPLE), solo)
    assert same(
        series(h3, keys, "mid_vs_rival_solo_initiated_lag_alt", SAMPLE), [NAN, NAN, 0, 0, 1, 1, 1, 0, 0, 0]
    )
    for kind in ("solo_targeted", "joint_initiated", "joint_targeted"):
        assert same(series(h3, keys, f"mid_vs_rival_{kind}_lag", SAMPLE), [NAN, NAN] + [0] * 8)
    # pooled (the fight dimension's choice any): solo or joint, by side
    assert same(series(h3, keys, "mid_vs_rival_initiated_lag", SAMPLE), solo)
    assert same(series(h3, keys, "mid_vs_rival_targeted_lag", SAMPLE), [NAN, NAN] + [0] * 8)
    # placebo: the same fight in t+3..t+5 (1950-1951: t = 1947-1948); from t = 1953 the window passes
    # 1957, the panel's last year
    assert same(series(h3, keys, "mid_vs_rival_lead", SAMPLE), [1, 1, 0, 0, 0, 0] + [NAN] * 4)
    assert cell(h3, keys | {"year": 1950}, "terrthreat_a_lag") == pytest.approx(0.71)
    # 365's rival is 2: 710 never fights 2
    assert same(
        series(h3, {"ccode_p": 365, "ccode_a": 710}, "mid_vs_rival_lag", SAMPLE), [NAN, NAN] + [0] * 8
    )
    assert cell(h3, keys | {"year": 1950}, "affinity_lag") == pytest.approx(0.9)


def test_h4_by_hand(data):
    h4 = data["h4_ally_client"]
    # clients 200 (of 2), 710 (of 2, from 1953), 740 (of 365); eligible A of 2: 700, 740, 710 (to 1952);
    # of 365: 200, 700, 710. (740, 200) and (740, 710) are eligible too, but their reverses are rows in
    # the same years: the pair appears once, with the smaller code as A (tests/test_h4.py)
    counts = h4.groupby(["ccode_a", "ccode_c"]).size().to_dict()
    assert counts == {
        (200, 740): 10,
        (700, 200): 10,
        (700, 710): 4,
        (700, 740): 10,
        (710, 200): 6,
        (710, 740): 10,
    }
    row = {"ccode_a": 710, "ccode_c": 200, "year": 1948}
    # MID 1002: begun by 200; 710 on side B yields (COW outcome 4) or compromises (GML outcome 6)
    expected = {
        "mid_onset": 1,
        "mid_onset_initiated": 0,
        "yield_or_compromise": 1,
        "yield_or_compromise_alt": 1,
        "prospect_ex_ante": 0,
        "prospect_toward": NAN,
        "prospect_ex_post": 1,
    }
    assert {c: cell(h4, row, c) for c in expected} == pytest.approx(expected, nan_ok=True)
    # 710 moves toward 2 (1950-1952: see test_prospects_by_ideal_distance_by_hand)
    assert same(series(h4, {"ccode_a": 710, "ccode_c": 200}, "prospect_toward", [1949, 1952]), [NAN, 1])
    # MID 1003: 700 on side A, side B (740) yields: no concession by 700; absent from GML
    row = {"ccode_a": 700, "ccode_c": 740, "year": 1953}
    assert cell(h4, row, "mid_onset_initiated") == 1 and cell(h4, row, "mid_onset_force") == 0
    assert cell(h4, row, "yield_or_compromise") == 0
    assert np.isnan(cell(h4, row, "yield_or_compromise_alt"))
    assert np.isnan(cell(h4, row | {"year": 1952}, "yield_or_compromise"))  # no dispute
    # UN agreement 710-200 rises from 0.5 to 0.6 in 1950
    assert cell(h4, {"ccode_a": 710, "ccode_c": 200, "year": 1950}, "un_agree_gain") == pytest.approx(0.1)


def test_h5_h7_by_hand(data):
    h5, h7 = data["h5_patron_client"], data["h7_client_voice"]
    assert len(h5) == len(h7) == 24
    us, soviet = {"ccode_p": 2, "ccode_k": 200}, {"ccode_p": 365, "ccode_k": 740}
    # 2-700 rivalry active to 1949: ended within t-5..t-1 for 1950-1954; windows before 1946 unknown
    assert same(series(h5, us, "rapprochement", SAMPLE), [NAN] * 3 + [1] * 5 + [0] * 2)
    # 2-365 rivalry never ends
    assert same(series(h5, soviet, "rapprochement", SAMPLE), [NAN] * 4 + [0] * 6)
    # 700 (2's rival in t-3 up to 1949) goes from 0.5 (1948-1950) to 0.7 (1951-): +0.2 in 1951, 1952
    assert same(series(h5, us, "rapprochement_un", SAMPLE), [NAN, NAN, 0, 0, 1, 1, 0, 0, 0, 0])
    # 740's alternative patron is 2 (rival of 365): arms 1951 (TIV 10) -> 1 in 1952-1954; SIPRI
    # unknown before 1950 -> unknown while the window t-3..t-1 reaches 1949 without a tie
    assert same(series(h5, soviet, "outside_option", SAMPLE), [NAN] * 5 + [1] * 3 + [0] * 2)
    assert same(series(h5, us, "outside_option", SAMPLE), [NAN] * 6 + [0] * 4)
    assert series(h5, soviet, "outside_option_un", SAMPLE) == pytest.approx([0.3] * 10)
    assert same(series(h5, us, "outside_option_un", [1948, 1949, 1950]), [0.5, NAN, 0.5])
    assert same(series(h5, soviet, "rapprochement_x_outside_option", [1952, 1953]), [0, 0])
    # compensation: arms 2->200 in 1954 (TIV 5), upgrade 1955
    assert same(series(h5, us, "log_arms_tiv", [1949, 1950, 1954]), [NAN, 0, np.log(6)])
    assert series(h5, us, "alliance_gain", [1954, 1955]) == [0, 1]
    assert series(h5, us, "un_agree_gain", [1950]) == [0]
    # H7: voice = 1 - 0.8; 365's commitment to 740 ends in 1956
    assert series(h7, us, "voice", [1950]) == pytest.approx([0.2])
    assert series(h7, soviet, "exit", SAMPLE) == [0] * 9 + [1]



def test_h7_issue_12_columns_by_hand(data):
    h7 = data["h7_client_voice"]
    us, soviet, a710 = {"ccode_p": 2, "ccode_k": 200}, {"ccode_p": 365, "ccode_k": 740}, {"ccode_p": 2, "ccode_k": 710}
    assert series(h7, us, "voice_lag", [1950]) == pytest.approx([0.2])
    assert series(h7, us, "voice_important", [1950]) == pytest.approx([0.6])  # 1 - 0.4
    # distance 2-200 is 0.5 every session; 2-710 falls from 0.8 (1948) to 0.4 (1949) before 710 is a client
    assert series(h7, us, "voice_ideal", SAMPLE) == pytest.approx([0.0] * 10)
    assert series(h7, a710, "voice_ideal", range(1953, 1957)) == pytest.approx([0.0] * 4)
    assert series(h7, us, "voice_act", SAMPLE) == [0] * 10  # no rise of disagreement
    # commitment age: 2-200 and 365-740 allied from the panel's first year 1946, 2-710 from 1952
    assert series(h7, us, "alliance_years", SAMPLE) == list(range(1, 11))
    assert series(h7, soviet, "alliance_years", SAMPLE) == list(range(1, 11))
    assert series(h7, a710, "alliance_years3", range(1953, 1957)) == [1, 8, 27, 64]
    # the lead: 740's arms from 2 in 1951 lie in t+1..t+4 for 1947-1950; none in 1952-1957; the
    # years after the panel's last (1957) are unknown; 200's arms are unknown before 1950
    assert same(series(h7, soviet, "outside_option_lead", SAMPLE), [1] * 4 + [0] * 3 + [NAN] * 3)
    assert same(series(h7, us, "outside_option_lead", SAMPLE), [NAN] * 2 + [0] * 5 + [NAN] * 3)
    assert future_columns("h7_client_voice") == ["outside_option_lead", *OPTION_EVENT_COLUMNS]
    # event time: 740's first option (1952) follows an unknown year: dropped; 200 never has one: 0
    assert same(series(h7, soviet, "event_post", SAMPLE), [NAN] * 10)
    assert series(h7, us, "event_m4", SAMPLE) == [0] * 10


def test_h6_by_hand(data):
    h6 = data["h6_hegemon_state"]
    assert len(h6) == 5 * 10 and 2 not in set(h6["ccode"])
    assert series(h6, {"ccode": 710}, "ally_hegemon", [1951, 1952]) == [0, 1]
    assert cell(h6, {"ccode": 700, "year": 1950}, "small") == 1  # CINC 0.005 < 0.01
    assert cell(h6, {"ccode": 200, "year": 1950}, "ally_hegemon_x_small") == 0  # CINC 0.05
    assert cell(h6, {"ccode": 365, "year": 1950}, "major") == 1
    assert cell(h6, {"ccode": 200, "year": 1950}, "un_agree_important_hegemon") == pytest.approx(0.4)
    assert (h6["post_1991"] == 0).all()


def test_event_study_by_hand(data):
    event = data["event_alliance_onset"]
    # one onset: 2-710 in 1952; baseline UN agreement with 2 in 1946: 710 0.5, 700 0.5, 740 0.3; 200 is
    # allied with 2 and 365 a major power, so the controls are 700 (distance 0) and 740 (0.2)
    years = list(range(1947, 1958))
    assert event[["stack", "ccode_a", "onset_year", "n_patrons"]].drop_duplicates().values.tolist() == [
        [1, 710, 1952, 1]
    ]
    assert event["ccode"].tolist() == [700] * 11 + [710] * 11 + [740] * 11
    assert event["year"].tolist() == years * 3 and event["event_time"].tolist() == list(range(-5, 6)) * 3
    assert event["treated"].tolist() == [0] * 11 + [1] * 11 + [0] * 11
    assert event["affinity_baseline"].tolist() == pytest.approx([0.5] * 22 + [0.3] * 11)
    # 2's rivals: 365 and 700 to 1949; 710 fights 365 in 1950 (t = -2); the controls fight no rival
    assert series(event, {"ccode": 710}, "rival_mid_onset", years) == [0, 0, 0, 1] + [0] * 7
    assert series(event, {"ccode": 710}, "rival_mid_onset_alt", years) == [0, 0, 0, 1] + [0] * 7
    assert event.loc[event["treated"] == 0, "rival_mid_onset"].eq(0).all()
    # 2's clients other than the state itself: 200 (710 from 1953); 710's MID with 200 in 1948 (t = -4);
    # 700's MID with 740 in 1953 is with no client of 2
    assert series(event, {"ccode": 710}, "client_mid_onset", years) == [0, 1] + [0] * 9
    assert event.loc[event["treated"] == 0, "client_mid_onset"].eq(0).all()
    # the placebo: 710 is allied with 2 from 1952, so no year in 1947-1956 has a clean window t-6..t+5
    assert data["event_alliance_onset_placebo"].empty


def test_parameters_change_the_sample(world):
    panel, dirdisps = world
    mid = building_blocks(panel, PARAMS | {"rival": "mid"}, dirdisps)
    h1 = DATASETS["h1_h2_ally_rival"](mid)
    # MID 1001 (710-365, under way 1950-1951) makes 710 a rival of the patron 365 from 1951 (window 10;
    # a MID seen settles it even where the window reaches before 1946). The other MIDs involve no
    # patron. A eligible for 365: 200 and 700 (740 is allied with 365 until 1955)
    # (upgrade at stake: 740, committed to by 365 in t-1, 1951-1956)
    expected = [[a, 710, y] for a in (200, 700, 740) for y in range(1951, 1957)]
    assert h1[["ccode_a", "ccode_r", "year"]].values.tolist() == expected
    assert (h1["prospect_ex_ante"] == 0).all()  # un_agree with 365 = 0.5, not above 740's 0.5
    assert h1["upgrade_at_stake"].tolist() == [0] * 12 + [1] * 6
    with pytest.raises(InputError, match="key 'proxies.rival': 'cow' is not one of"):
        proxy_params({"rival": "cow"})
    with pytest.raises(InputError, match="'no_such_parameter' was unexpected"):
        proxy_params({"no_such_parameter": 1})
    with pytest.raises(InputError, match="key 'proxies.first_year': expected at most proxies.last_year"):
        proxy_params({"first_year": 1990, "last_year": 1980})


def test_controls_are_read_from_the_panel_for_the_units(data, blocks):
    h1, h6 = data["h1_h2_ally_rival"], data["h6_hegemon_state"]
    # 710-365 contiguous in every year; CINC 0.05 vs 0.20
    assert cell(h1, {"ccode_a": 710, "ccode_r": 365, "year": 1950}, "contiguous") == 1
    assert str(h1["contiguous"].dtype) == "Float64" or str(h1["contiguous"].dtype) == "float64"
    assert cell(h6, {"ccode": 710, "year": 1950}, "cinc1") == pytest.approx(0.05)
    with pytest.raises(InputError, match="control 'democracy_min' is not a dyad-year panel column"):
        build_dataset(blocks, "h1_h2_ally_rival", ["democracy_min"])


# ---- no look-ahead ------------------------------------------------------------------------------

CUTOFF = 1951


def perturb_future(panel: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """Scramble every event, alliance, rivalry, UN and arms value after CUTOFF."""
    rng = np.random.default_rng(seed)
    out = panel.copy()
    future = out["year"] > CUTOFF
    columns = [c for c in out.columns if c.startswith(("ally_", "alliance_", "mid_", "rivalry_", "peace_"))]
    for column in columns:
        out.loc[future, column] = rng.integers(0, 2, future.sum()).astype(float)
    for column in ("un_agree", "un_agree_important", "un_agree_calendar", "arms_tiv", "cinc1", "power_share1"):
        out.loc[future, column] = rng.uniform(0.01, 0.99, future.sum())
    # and remove the 2-710 alliance of 1952 (so prospect_ex_post must change)
    _set(out, 2, 710, range(1952, 1958), ally_defense_offense=0, alliance_onset=0, alliance_gain=0)
    return out


@pytest.mark.parametrize("seed", [0, 1])
def test_no_proxy_reads_the_future_unless_defined_so(world, data, seed):
    panel, dirdisps = world
    blocks = building_blocks(perturb_future(panel, seed), PARAMS, dirdisps)
    changed_future = False
    for name in DATASETS:
        if name.startswith("event_alliance_onset"):  # rows are defined around onsets, before and after
            continue
        before, after = data[name], build_dataset(blocks, name, CONTROLS.get(name, []))
        before, after = (f[f["year"] <= CUTOFF].reset_index(drop=True) for f in (before, after))
        future = future_columns(name)
        pd.testing.assert_frame_equal(before.drop(columns=future), after.drop(columns=future))
        changed_future |= any(not before[c].equals(after[c]) for c in future)
    assert changed_future


def test_rival_fights_solo_joint_by_initiator_by_hand():
    # P = 2 and its rival R = 365 (every year), A in {700, 710}, 2000-2008. Disputes (side A first):
    # 1: 700 v 365 in 2001 (P not fighting 365: solo, A-initiated); 2: 365 v 710 in 2002 while
    # 3: 2 v 365 in 2002 (joint, A targeted); 4: 710 v 365 in 2004-2005 while 5: 365 v 2 in 2005
    # (2004 solo A-initiated, 2005 joint A-initiated); 6: 365 v 700 in 2006 (solo, A targeted).
    states, years = (2, 365, 700, 710), np.arange(2000, 2009)
    panel = pd.DataFrame(
        [(a, b, y) for a in states for b in states if a != b for y in years],
        columns=["ccode1", "ccode2", "year"],
    )
    panel["rivalry_td"] = (panel[["ccode1", "ccode2"]].isin([2, 365]).all(axis=1)).astype(float)
    disputes = [(1, 700, 365, [2001]), (2, 365, 710, [2002]), (3, 2, 365, [2002])]
    disputes += [(4, 710, 365, [2004, 2005]), (5, 365, 2, [2005]), (6, 365, 700, [2006])]
    sides = pd.DataFrame(
        [(n, a, b, y, 1) for n, a, b, ys in disputes for y in ys]
        + [(n, b, a, y, 0) for n, a, b, ys in disputes for y in ys],
        columns=["dispnum", "ccode1", "ccode2", "year", "sidea1"],
    )
    fighting = sides.set_index(["ccode1", "ccode2", "year"]).index
    panel["mid_ongoing"] = panel.set_index(["ccode1", "ccode2", "year"]).index.isin(fighting).astype(float)
    dyads = DyadYears(panel)
    td = rivals(dyads, "td")
    fights = conflict.rival_fights(dyads, td, sides, [2, 365])
    got = sorted(map(tuple, fights[fights["ccode_p"] == 2][["ccode_a", "year", "kind"]].values.tolist()))
    assert got == [
        (700, 2001, "solo_initiated"),
        (700, 2006, "solo_targeted"),
        (710, 2002, "joint_targeted"),
        (710, 2004, "solo_initiated"),
        (710, 2005, "joint_initiated"),
    ]
    # 365's rival is 2: no minor power fights 2, and 2's own fights are no A's (A != P)
    assert (fights["ccode_p"] == 2).all()
    a = np.array([700, 710, 700, 710, 710])
    t = np.array([2003, 2003, 2007, 2007, 2001])
    lags = conflict.mid_against_rivals(dyads, td, fights, np.full(5, 2), a, t, range(-3, 0))
    # windows 2000-2002 (t = 2003), 2004-2006 (t = 2007), 1998-2000 (t = 2001: before the data, and
    # no fight seen: unknown)
    assert same(lags["solo_initiated"], [1, 0, 0, 1, NAN])
    assert same(lags["solo_targeted"], [0, 0, 1, 0, NAN])
    assert same(lags["joint_initiated"], [0, 0, 0, 1, NAN])
    assert same(lags["joint_targeted"], [0, 1, 0, 0, NAN])
    assert same(lags["any"], [1, 1, 1, 1, NAN])
    # pooled over solo and joint (H3's fight choice any): 710's joint, targeted 2002 fight counts as
    # targeted; its solo 2004 and joint 2005 initiated fights as one initiated
    assert same(lags["initiated"], [1, 0, 0, 1, NAN])
    assert same(lags["targeted"], [0, 1, 1, 0, NAN])
    # placebo window t+3..t+5: t = 2000 sees 2003-2005 (710's solo initiated fight of 2004; 700 none);
    # t = 2004 reaches 2009, beyond the data
    leads = conflict.mid_against_rivals(
        dyads, td, fights, [2, 2, 2], [710, 700, 710], [2000, 2000, 2004], range(3, 6)
    )
    assert same(leads["solo_initiated"], [1, 0, NAN])


def test_can_deepen_by_hand():
    # P's row: 2000 defense only (can deepen), 2001 all five obligations (cannot), 2002 no row
    names = ["atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"]
    panel = pd.DataFrame(
        {"ccode1": [2, 2], "ccode2": [20, 20], "year": [2000, 2001]}
        | {n: [float(n == "atop_defense"), 1.0] for n in names}
    )
    panel = pd.concat(
        [panel, pd.DataFrame({"ccode1": [20], "ccode2": [2], "year": [2002]} | {n: [0.0] for n in names})]
    )
    assert same(
        can_deepen(DyadYears(panel), [2, 2, 2, 2], [20, 20, 20, 20], [2000, 2001, 2002, 2003]), [1, 0, 1, NAN]
    )
