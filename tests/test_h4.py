"""H4's risk set, ANCOVA key term and placebo on hand-made frames and the mini-world of test_proxies
(RESEARCH_DESIGN.md, 7; issue 11).

In the mini-world, 2 and 365 are rival patrons; 200 is 2's client, 710 2's client from 1953 (allied
1952), 740 365's client; 700 is nobody's. 2's allies' median UN agreement with 2 is 0.8 (200) to 1951
and 0.65 (200 at 0.8, 710 at 0.5) from 1952; 365's is 0.5 (740) to 1955.
"""

import pandas as pd
import pytest

from alliance_bargaining.proxies import DATASET_COLUMNS, build_dataset, building_blocks
from alliance_bargaining.proxies.pairs import once_per_pair
from alliance_bargaining.proxies.rival_clients import rival_clients
from alliance_bargaining.report.figures import spec_curve_frame, specification_curve
from tests.test_proxies import NAN, PARAMS, cell, mini_world, same, series
from tests.test_report import spec_grid

PLACEBO = "h4_placebo_rival_client"


@pytest.fixture(scope="module")
def data():
    panel, dirdisps = mini_world()
    blocks = building_blocks(panel, PARAMS, dirdisps)
    return {name: build_dataset(blocks, name) for name in ("h4_ally_client", PLACEBO)}


def test_once_per_pair_by_hand():
    rows = pd.DataFrame(
        [(2, 5, 2000), (5, 2, 2000), (5, 2, 2001), (3, 7, 2000), (7, 3, 2000), (8, 1, 2000)],
        columns=["ccode_a", "ccode_c", "year"],
    )
    # (5, 2) and (7, 3) have their reverse in 2000: the smaller code stays A; (5, 2) in 2001 and (8, 1)
    # have no reverse and stay
    assert once_per_pair(rows, "ccode_a", "ccode_c").tolist() == [True, False, True, True, False, True]


def test_rival_clients_by_hand():
    clients = pd.DataFrame(
        [
            (2, 200, 1950),
            (2, 740, 1950),
            (365, 740, 1950),
            (365, 300, 1950),
            (710, 300, 1950),
            (365, 300, 1951),
        ],
        columns=["ccode_p", "ccode_x", "year"],
    )
    rival_pairs = pd.DataFrame(
        [(2, 365, 1950), (2, 710, 1950), (365, 2, 1950), (2, 365, 1951)],
        columns=["ccode_p", "ccode_r", "year"],
    )
    # 2's rivals 365 and 710 in 1950 have 740 (also 2's own client: out) and 300 (client of both: once);
    # 365's rival 2 has 200 and 740 (365's own client: out); in 1951 only 2-365 and 365's client 300
    assert rival_clients(clients, rival_pairs).values.tolist() == [
        [2, 300, 1950],
        [2, 300, 1951],
        [365, 200, 1950],
    ]


@pytest.mark.parametrize("name", ["h4_ally_client", PLACEBO])
def test_no_pair_appears_twice_in_a_year(data, name):
    frame = data[name]
    reverse = frame.rename(columns={"ccode_a": "ccode_c", "ccode_c": "ccode_a"})
    assert frame.merge(reverse, on=["ccode_a", "ccode_c", "year"]).empty


def test_prior_prospect_by_hand(data):
    h4 = data["h4_ally_client"]
    # 710 -> 2: agreement 0.9 in 1949-1951 above 200's 0.8; lag 1 sees it in 1950-1952, lag 2 in
    # 1951-1952 (1953 is no row: 710 is allied with 2 from 1952); t-2 = 1945 lies before the panel
    pair = {"ccode_a": 710, "ccode_c": 200}
    years = range(1947, 1953)
    assert same(series(h4, pair, "prospect_ex_ante", years), [0, 0, 0, 1, 1, 1])
    assert same(series(h4, pair, "prospect_ex_ante_prior", years), [NAN, 0, 0, 0, 1, 1])
    # 200 -> 365: no 365-200 UN data in 1948, so unknown in 1949 (lag 1) and 1950 (lag 2)
    pair = {"ccode_a": 200, "ccode_c": 740}
    years = range(1947, 1952)
    assert same(series(h4, pair, "prospect_ex_ante", years), [0, 0, NAN, 0, 0])
    assert same(series(h4, pair, "prospect_ex_ante_prior", years), [NAN, 0, 0, NAN, 0])
    # the ANCOVA's outcome and control: 710-200 agreement 0.5 to 1949, 0.6 from 1950
    row = {"ccode_a": 710, "ccode_c": 200, "year": 1950}
    assert [cell(h4, row, c) for c in ("un_agree", "un_agree_lag", "un_agree_gain")] == pytest.approx(
        [0.6, 0.5, 0.1]
    )


def test_placebo_rows_by_hand(data):
    placebo = data[PLACEBO]
    # clients of a patron's rival: 740 (365's) for P = 2, whose eligible A are 700 and 710 (to 1952);
    # 200 and 710 (2's, from 1953) for P = 365, whose eligible A are 200, 700 and 710. (710, 200) in
    # 1953-1956 gives way to its reverse (200, 710)
    counts = placebo.groupby(["ccode_a", "ccode_c"])["year"].agg(["min", "max", "size"])
    assert counts.to_dict("index") == {
        (200, 710): {"min": 1953, "max": 1956, "size": 4},
        (700, 200): {"min": 1947, "max": 1956, "size": 10},
        (700, 710): {"min": 1953, "max": 1956, "size": 4},
        (700, 740): {"min": 1947, "max": 1956, "size": 10},
        (710, 200): {"min": 1947, "max": 1952, "size": 6},
        (710, 740): {"min": 1947, "max": 1952, "size": 6},
    }
    assert (placebo["n_patrons"] == 1).all()
    # 700 -> 2: 0.7 from 1951 against the allies' 0.8 to 1951 and 0.65 from 1952
    pair = {"ccode_a": 700, "ccode_c": 740}
    years = range(1947, 1957)
    assert same(series(placebo, pair, "prospect_ex_ante", years), [0] * 6 + [1] * 4)
    assert same(series(placebo, pair, "prospect_ex_ante_prior", years), [NAN] + [0] * 6 + [1] * 3)
    # MID 1003 (700 against 740 in 1953) is the placebo pair's onset; 700 -> 365: 0.5 is not above 0.5
    assert series(placebo, pair, "mid_onset", [1952, 1953, 1954]) == [0, 1, 0]
    assert same(series(placebo, {"ccode_a": 700, "ccode_c": 200}, "prospect_ex_ante", years), [0] * 10)


def test_placebo_and_h4_share_their_columns():
    assert DATASET_COLUMNS[PLACEBO].keys() == DATASET_COLUMNS["h4_ally_client"].keys()
    assert {"un_agree", "un_agree_lag", "prospect_ex_ante_prior"} <= DATASET_COLUMNS[PLACEBO].keys()


def test_prior_prospect_follows_the_configured_lag():
    panel, dirdisps = mini_world()
    h4 = build_dataset(building_blocks(panel, PARAMS | {"prospect_lag": 2}, dirdisps), "h4_ally_client")
    # lag 2 sees 710's 0.9 with 2 (1949-1951) in 1951-1952, the prior prospect (lag 3) in 1952 only;
    # years before 1946 are unknown
    pair = {"ccode_a": 710, "ccode_c": 200}
    years = range(1947, 1953)
    assert same(series(h4, pair, "prospect_ex_ante", years), [NAN, 0, 0, 0, 1, 1])
    assert same(series(h4, pair, "prospect_ex_ante_prior", years), [NAN, NAN, 0, 0, 0, 1])


def test_placebo_specification_curve_draws(tmp_path):
    """A placebo (expected sign "0") is coloured passes / fails, not by an expected sign."""
    estimates, choices = spec_grid()
    frame = spec_curve_frame(estimates, choices, "0")
    assert set(frame["agrees"]) <= {"passes", "fails"} and len(set(frame["agrees"])) == 2
    paths = specification_curve(estimates, choices, tmp_path / "H4_placebo", "0", title="H4 placebo")
    assert paths.png.read_bytes().startswith(b"\x89PNG")
