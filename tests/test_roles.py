"""The role of A (``proxies.role``) and the non-UN alignment prospect, on hand-made panels
(RESEARCH_DESIGN.md, 7 "Roles")."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.proxies import build_dataset, building_blocks
from alliance_bargaining.proxies.alignment import alignment_signal, prospect_alignment
from alliance_bargaining.proxies.cases import COLUMNS, role_samples, sample_rows
from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.patrons import ROLES, patron_partners, patron_years

from .test_proxies import PARAMS, mini_world, same

NAN = np.nan


def _panel(states: dict, years, **columns) -> pd.DataFrame:
    """Every ordered pair of ``states`` (ccode: (major by year, cinc by year)) in ``years``."""
    rows = [(a, b, y) for a in states for b in states if a != b for y in years]
    panel = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"])
    panel["major1"] = [states[a][0][y] for a, _, y in rows]
    panel["cinc1"] = [states[a][1][y] for a, _, y in rows]
    return panel.assign(**columns)


def test_weaker_than_patron_by_hand():
    years = [1949, 1950, 1951]
    states = {
        2: ({1949: 1, 1950: 1, 1951: 1}, {1949: 0.40, 1950: 0.40, 1951: 0.40}),
        365: ({1949: 1, 1950: 1, 1951: 1}, {1949: 0.20, 1950: 0.25, 1951: 0.25}),
        710: ({1949: 0, 1950: 1, 1951: 1}, {1949: 0.10, 1950: 0.15, 1951: 0.15}),
        900: ({1949: 0, 1950: 0, 1951: 0}, {1949: 0.01, 1950: NAN, 1951: 0.01}),
    }
    dyads = DyadYears(_panel(states, years))
    patrons = patron_years(dyads)
    minor = patron_partners(dyads, patrons, 1949, 1951)
    weaker = patron_partners(dyads, patrons, 1949, 1951, "weaker_than_patron")

    def pairs(frame):
        return set(frame[["ccode_p", "ccode_x", "year"]].itertuples(index=False, name=None))

    # cow_minor: 900 always, 710 in 1949 (a major power from 1950), with every state that is ever a patron
    assert pairs(minor) == {(p, 900, y) for p in (2, 365, 710) for y in years} | {
        (2, 710, 1949),
        (365, 710, 1949),
    }
    assert minor["minor"].all()
    # weaker_than_patron adds a major power A when CINC(P, t-1) >= 2 CINC(A, t-1); 1949's t-1 is
    # outside the panel (unknown: not eligible):
    # 2-365: 1950: 0.40 >= 2 x 0.20 (equal counts); 1951: 0.40 < 2 x 0.25
    # 2-710: 1950: 0.40 >= 2 x 0.10; 1951: 0.40 >= 2 x 0.15
    # 365-710: 1950: 0.20 >= 2 x 0.10; 1951: 0.25 < 2 x 0.15; 710-365, 365-2, 710-2: never
    added = {(2, 365, 1950), (2, 710, 1950), (2, 710, 1951), (365, 710, 1950)}
    assert pairs(weaker) == pairs(minor) | added
    flagged = weaker[~weaker["minor"]]
    assert pairs(flagged) == added
    # the patron flag is untouched: 710 is a patron from 1950
    assert weaker.query("ccode_p == 710")["patron"].tolist() == [False, True, True]
    with pytest.raises(ValueError, match="role must be one of"):
        patron_partners(dyads, patrons, 1949, 1951, "strongest")


@pytest.fixture(scope="module")
def stronger_us():
    """The mini-world with the United States' CINC at 0.5 (2.5 times the USSR's 0.2) and a US
    commitment to the USSR from 1950 (onset 1950)."""
    panel, dirdisps = mini_world()
    panel = panel.copy()
    panel.loc[panel["ccode1"] == 2, "cinc1"] = 0.5
    panel.loc[panel["ccode2"] == 2, "cinc2"] = 0.5
    us_ussr = (panel["ccode1"] == 2) & (panel["ccode2"] == 365)
    panel.loc[us_ussr & (panel["year"] >= 1950), ["ally_defense_offense", "ally_any"]] = 1.0
    panel.loc[us_ussr & (panel["year"] == 1950), ["alliance_onset", "alliance_onset_any"]] = 1.0
    return panel, dirdisps


def test_role_changes_the_a_rows_not_the_clients(stronger_us):
    panel, dirdisps = stronger_us
    minor = building_blocks(panel, PARAMS, dirdisps)
    weaker = building_blocks(panel, PARAMS | {"role": "weaker_than_patron"}, dirdisps)
    # 365 is a prospective ally of 2 while 2 is not committed to it in t-1 (1947-1950), only under the
    # new role; 2 (CINC 0.5) is never an A of 365 (0.2)
    keys = ["ccode_p", "ccode_x", "year"]
    new = weaker.prospects.merge(minor.prospects[keys], on=keys, how="left", indicator=True)
    new = new[new["_merge"] == "left_only"]
    assert new[keys].values.tolist() == [[2, 365, y] for y in range(1947, 1951)]
    # clients stay minor powers: 2's commitment to 365 (1950-) makes no client
    assert weaker.clients.equals(minor.clients)
    h3 = build_dataset(weaker, "h3_patron_prospect")
    assert h3.query("ccode_p == 2 and ccode_a == 365")["year"].tolist() == list(range(1947, 1957))
    assert build_dataset(minor, "h3_patron_prospect").query("ccode_a == 365").empty
    # H1: A = 365 against 2's other rival 700 (to 1949); 365 is also R, never its own target
    h1 = build_dataset(weaker, "h1_h2_ally_rival").query("ccode_a == 365")
    assert h1[["ccode_r", "year"]].values.tolist() == [[700, 1947], [700, 1948], [700, 1949]]
    # the stacked event study keeps COW minor powers as A under either role (proxies.events: its
    # eligibility is one state-year grid, not per patron); role is not in its multiverse
    events = build_dataset(weaker, "event_alliance_onset")
    assert events.query("ccode_a == 365").empty
    assert events.equals(build_dataset(minor, "event_alliance_onset"))


def test_alignment_signal_by_hand():
    # SIPRI from 1950 (arms missing 1948-1949); 50 enters the system in 1953
    years = np.arange(1948, 1956)
    states = (2, 20, 31, 40)
    rows = [(a, b, y) for a in states for b in states if a != b for y in years]
    rows += [(a, b, y) for a, b in ((2, 50), (50, 2)) for y in range(1953, 1956)]
    panel = pd.DataFrame(rows, columns=["ccode1", "ccode2", "year"])
    panel["arms_tiv"] = np.where(panel["year"] < 1950, NAN, 0.0)
    panel["atop_consul"] = 0.0
    panel["atop_nonagg"] = 0.0

    def cells(a, b, years):
        return (panel["ccode1"] == a) & (panel["ccode2"] == b) & panel["year"].isin(years)

    panel.loc[cells(2, 20, [1952]), "arms_tiv"] = 5.0  # arms 2 -> 20 in 1952
    panel.loc[cells(20, 2, [1950]), "arms_tiv"] = 7.0  # 20 -> 2: not arms *from* P
    panel.loc[cells(31, 2, [1949]), "atop_consul"] = 1.0  # a consultation pact in 31's row only
    panel.loc[cells(2, 40, range(1948, 1956)), "atop_nonagg"] = 1.0
    dyads = DyadYears(panel)
    t = [1951, 1952, 1953, 1955]
    # 20: 1951/1952 windows reach 1949 (arms unknown, no tie): missing; 1953, 1955 see the 1952 arms
    assert same(alignment_signal(dyads, [2] * 4, [20] * 4, t), [NAN, NAN, 1, 1])
    # 31: the 1949 consultation counts in either direction for t = 1950..1952; 1953: window 1950-1952 clean
    assert same(alignment_signal(dyads, [2] * 4, [31] * 4, [1950, 1952, 1953, 1955]), [1, 1, 0, 0])
    # 40: non-aggression in every year; t = 1949 reaches before the panel (1946-1947 unknown) but sees 1948
    assert same(alignment_signal(dyads, [2] * 2, [40] * 2, [1949, 1955]), [1, 1])
    # 50 outside the system 1950-1952: no tie in those years
    assert same(alignment_signal(dyads, [2] * 2, [50] * 2, [1953, 1955]), [0, 0])
    # the UN prospect wins where known
    assert same(prospect_alignment([1, 0, NAN, NAN], [0, 1, 1, NAN]), [1, 0, 1, NAN])


def test_datasets_carry_prospect_alignment(stronger_us):
    panel, dirdisps = stronger_us
    panel = panel.copy()
    # 365-200 have no UN data in 1948 (mini-world): give 365 a 1947 consultation pact with 200
    panel.loc[
        (panel["ccode1"] == 365) & (panel["ccode2"] == 200) & (panel["year"] == 1947), "atop_consul"
    ] = 1.0
    blocks = building_blocks(panel, PARAMS, dirdisps)
    prospects = blocks.prospects.set_index(["ccode_p", "ccode_x", "year"])
    known = prospects["prospect_ex_ante"].notna()
    assert (prospects.loc[known, "prospect_alignment"] == prospects.loc[known, "prospect_ex_ante"]).all()
    assert np.isnan(prospects.loc[(365, 200, 1949), "prospect_ex_ante"])
    assert prospects.loc[(365, 200, 1949), "prospect_alignment"] == 1
    # H1 (A 200, R 2, 1949), whose one patron would be 365, is outside the risk set: 200 is allied
    # with R = 2 in 1948 (design section 7)
    h1 = build_dataset(blocks, "h1_h2_ally_rival").set_index(["ccode_a", "ccode_r", "year"])
    assert (200, 2, 1949) not in h1.index and "prospect_alignment" in h1


def test_case_sample_rows_by_hand():
    panel, dirdisps = mini_world()
    blocks = building_blocks(panel, PARAMS, dirdisps)
    samples = role_samples(panel, PARAMS, dirdisps)
    assert list(samples) == list(ROLES)
    seeds = (
        (
            "courting",
            "H1/H2",
            "h1_h2_ally_rival",
            2,
            {"ccode_a": 710, "ccode_r": 365, "year": 1950},
            "ccode_r",
        ),
        ("major", "H3", "h3_patron_prospect", 2, {"ccode_p": 2, "ccode_a": 365, "year": 1950}, None),
        ("allied", "H4", "h4_ally_client", 2, {"ccode_a": 710, "ccode_c": 200, "year": 1953}, "ccode_c"),
    )
    rows = pd.DataFrame(sample_rows(blocks, samples, seeds), columns=COLUMNS)
    assert rows["kind"].eq("sample").all() and rows["match"].isna().all()
    got = rows.set_index(["case", rows["check"].str.rsplit(" = ", n=1).str[1]])[["computed", "note"]]
    # 710 against 365 in 1950, P = 2 only: UN agreement 0.9 > 0.8 (2's ally 200) in 1949, onset with 2
    # in 1952, and 710 initiates MID 1001 (hostility 4) against 365 in 1950
    coded = (
        "n_patrons = 1; upgrade_at_stake = 0; allied_with_rival_lag = 0; prospect_ex_ante = 1; "
        "prospect_alignment = 1; prospect_ex_post = 1; mid_onset_initiated = 1; mid_onset = 1; "
        "mid_onset_force = 1"
    )
    for role in ROLES:
        assert got.loc[("courting", role)].tolist() == ["in sample", coded]
    # 365 is a major power; under weaker_than_patron 2's CINC (0.3) is less than twice 365's (0.2)
    assert got.loc[("major", "cow_minor")].tolist() == [
        "not in sample",
        "365 a COW major power or patron in 1950",
    ]
    assert got.loc[("major", "weaker_than_patron")].tolist() == [
        "not in sample",
        "365 a COW major power or patron in 1950 and CINC 1949 of 2 = 0.300 < 2 x CINC of 365 = 0.200",
    ]
    # 710 is allied with 2 from 1952
    for role in ROLES:
        assert got.loc[("allied", role)].tolist() == [
            "not in sample",
            "2 committed to 710 in 1952 (defense_offense: 1)",
        ]

    # a pair kept the other way round (H4's undirected pairs), and a dataset that keeps allied triads
    # as upgrade at stake (the alliance with P then excludes nothing)
    h4 = pd.DataFrame({"ccode_a": [200], "ccode_c": [710], "year": [1953], "mid_onset": [0]})
    h1 = pd.DataFrame({"ccode_a": [700], "ccode_r": [365], "year": [1953], "upgrade_at_stake": [0]})
    seeds = (
        seeds[2],
        (
            "upgrade",
            "H1/H2",
            "h1_h2_ally_rival",
            2,
            {"ccode_a": 710, "ccode_r": 365, "year": 1953},
            "ccode_r",
        ),
    )
    rows = sample_rows(blocks, {"cow_minor": {"h4_ally_client": h4, "h1_h2_ally_rival": h1}}, seeds)
    assert [row[4:] for row in rows] == [
        ("in sample as ccode_a 200, ccode_c 710", pd.NA, "mid_onset = 0"),
        ("not in sample", pd.NA, "no listed rule excludes it"),
    ]
