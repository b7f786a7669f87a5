"""The ex ante prospect's benchmark with few allies, lagged UN reads that never see year t, and the
prospect validity table (RESEARCH_DESIGN.md section 7): hand-made panels and vote tables, and the
rules pinned on the real UN votes."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.panel.affinity import LAG_CONVENTION, cast_after_year, dyad_affinity, vote_year
from alliance_bargaining.panel.build import UN_COLUMNS, UN_LAG_COLUMNS
from alliance_bargaining.panel.keys import add_dyad_columns
from alliance_bargaining.panel.un_roll_calls import published_agreement, published_calls, select_roll_calls
from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.prospects import allies_benchmark, prospect_validity, prospective_allies
from alliance_bargaining.proxies.un_lags import lag_column, lagged
from alliance_bargaining.report.page import report_html
from alliance_bargaining.report.results import _validity_blocks
from alliance_bargaining.settings import proxy_params

ROOT = Path(__file__).resolve().parents[1]
INTERIM = ROOT / "data" / "interim"
PANEL = ROOT / "data" / "processed" / "dyad_year.parquet"
NAN = np.nan

# ---- the benchmark with few allies ----------------------------------------------------------------
#
# Years 2000-2010. UN agreement by calendar year (the lagged read) of each patron with its allies:
# - 2 (exactly k = 3 allies): 20 at 0.9, 200 at 0.7, 220 at 0.4 in every year -> median 0.7;
# - 710 (China, one ally): 731 at 0.6 in every year -> missing even over 5 years (1 distinct ally);
# - 740 (Japan, no ally) -> missing;
# - 365 (two allies in 2009, a third before): 41 at 0.8 and 42 at 0.2 in 2000-2010, 43 allied in
#   2000-2006 only at 0.5. Benchmark for s = 2009 (t = 2010): 2 allies < 3, so ally-years of
#   2005-2009: 41 x 5 at 0.8, 42 x 5 at 0.2, 43 in 2005-2006 at 0.5 -> 12 values, 3 distinct allies,
#   median of (0.2 x 5, 0.5 x 2, 0.8 x 5) = 0.5. For s = 2010 the window 2006-2010 holds 43 in 2006
#   only: still 3 allies, median of (0.2 x 5, 0.5, 0.8 x 5) = 0.5. For s = 2012 (2008-2012, 43 gone):
#   2 allies, missing.
# - 90, a prospect candidate for every patron: agreement 0.65 with each.
ALLIES = {2: [20, 200, 220], 710: [731], 740: [], 365: [41, 42, 43]}
AGREEMENT = {(2, 20): 0.9, (2, 200): 0.7, (2, 220): 0.4, (710, 731): 0.6, (365, 41): 0.8, (365, 42): 0.2}
YEARS = range(2000, 2011)


def few_allies_panel() -> pd.DataFrame:
    states = sorted({s for allies in ALLIES.values() for s in allies} | set(ALLIES) | {90})
    pairs = [(a, b, y) for a in states for b in states if a != b for y in YEARS]
    panel = pd.DataFrame(pairs, columns=["ccode1", "ccode2", "year"]).astype("int16")
    panel = panel.assign(
        ally_defense_offense=0.0,
        alliance_onset=0.0,
        un_agree_calendar=NAN,
        un_ideal_distance=NAN,
        arms_tiv=0.0,  # the non-UN alignment signal's inputs (proxies.alignment): no ties
        atop_consul=0.0,
        atop_nonagg=0.0,
    )
    for patron, allies in ALLIES.items():
        for ally in allies:
            years = range(2000, 2007) if ally == 43 else YEARS
            value = 0.5 if ally == 43 else AGREEMENT[patron, ally]
            for a, b in ((patron, ally), (ally, patron)):
                rows = (panel["ccode1"] == a) & (panel["ccode2"] == b) & panel["year"].isin(years)
                panel.loc[rows, ["ally_defense_offense", "un_agree_calendar"]] = [1.0, value]
        for a, b in ((patron, 90), (90, patron)):
            panel.loc[(panel["ccode1"] == a) & (panel["ccode2"] == b), "un_agree_calendar"] = 0.65
    return panel


@pytest.fixture(scope="module")
def few():
    return DyadYears(few_allies_panel())


def test_benchmark_with_few_allies_by_hand(few):
    patron = [2, 710, 740, 365, 365, 365]
    year = [2009, 2009, 2009, 2009, 2010, 2012]
    benchmark, pooled = allies_benchmark(few, "defense_offense", patron, year)
    assert np.allclose(benchmark, [0.7, NAN, NAN, 0.5, 0.5, NAN], equal_nan=True)
    assert np.allclose(pooled, [0, NAN, NAN, 1, 1, NAN], equal_nan=True)
    # k = 1 is the same-year median of any ally: China's one ally, 365's two (0.8, 0.2 -> 0.5); for
    # 2012 (no ally-year in the panel) the window 2008-2012 pools 41 and 42 in 2008-2010 -> 0.5
    benchmark, pooled = allies_benchmark(few, "defense_offense", patron, year, min_allies=1)
    assert np.allclose(benchmark, [0.7, 0.6, NAN, 0.5, 0.5, 0.5], equal_nan=True)
    # k = 2 for 365 in 2009 is met in the year itself; a 1-year window never pools other years
    benchmark, _ = allies_benchmark(few, "defense_offense", [365, 365], [2009, 2009], min_allies=2)
    assert np.allclose(benchmark, [0.5, 0.5])
    benchmark, _ = allies_benchmark(few, "defense_offense", [365], [2005], min_allies=3, window=1)
    assert np.allclose(benchmark, [0.5])  # 2005: 0.8, 0.2, 0.5 (43 still allied)
    benchmark, _ = allies_benchmark(few, "defense_offense", [365], [2009], min_allies=3, window=1)
    assert np.isnan(benchmark).all()
    # a 3-year window for 2009 (2007-2009) no longer reaches 43's last year (2006)
    benchmark, _ = allies_benchmark(few, "defense_offense", [365], [2009], min_allies=3, window=3)
    assert np.isnan(benchmark).all()


def test_prospects_with_few_allies_by_hand(few):
    # 90's agreement 0.65 in t-1 with each patron: below 2's 0.7 (no prospect), above 365's pooled
    # 0.5 (prospect); unknown for China (one ally) and Japan (none)
    partners = pd.DataFrame({"ccode_p": [2, 710, 740, 365], "ccode_x": 90, "year": 2010})
    got = prospective_allies(few, partners, "defense_offense")
    assert np.allclose(got["allies_affinity_lag"], [0.7, NAN, NAN, 0.5], equal_nan=True)
    assert np.allclose(got["prospect_ex_ante"], [0, NAN, NAN, 1], equal_nan=True)
    assert np.allclose(got["benchmark_pooled"], [0, NAN, NAN, 1], equal_nan=True)
    assert np.allclose(got["affinity_lag"], [0.65] * 4)


def test_benchmark_parameters_are_validated():
    params = proxy_params(None)
    assert (params["prospect_min_allies"], params["prospect_benchmark_window"]) == (3, 5)
    with pytest.raises(
        InputError, match="key 'proxies.prospect_min_allies': 0 is less than the minimum of 1"
    ):
        proxy_params({"prospect_min_allies": 0})
    with pytest.raises(InputError, match="key 'proxies.prospect_benchmark_window': 'five' is not of type"):
        proxy_params({"prospect_benchmark_window": "five"})


# ---- lags never see year t ------------------------------------------------------------------------
#
# Session 35 (session year 1980): roll calls 1 (Oct 1980), 2 (Nov 1980), 3 (Mar 1981), 4 (Dec 1980);
# session 36 (1981): roll call 5 (Oct 1981); session 37 (1982): roll call 6 (Feb 1983).
# Votes (1 yes, 2 abstain, 3 no) of the United States (2) and the United Kingdom (200):
#   rcid  1  2  3  4  5  6
#   US    Y  N  Y  Y  Y  Y
#   UK    Y  A  N  Y  N  Y
ROLL_CALLS = pd.DataFrame(
    {
        "rcid": np.arange(1, 7, dtype=np.int32),
        "session": np.array([35, 35, 35, 35, 36, 37], np.int16),
        "date": pd.to_datetime(
            ["1980-10-01", "1980-11-01", "1981-03-01", "1980-12-01", "1981-10-01", "1983-02-01"]
        ),
        "importantvote": pd.array([0, 1, 0, 1, 0, 0], dtype="Int8"),
    }
)
VOTES = pd.DataFrame(
    {
        "rcid": np.repeat(np.arange(1, 7, dtype=np.int32), 2),
        "ccode": np.tile(np.array([2, 200], np.int16), 6),
        "vote": np.array([1, 1, 3, 2, 1, 3, 1, 1, 1, 3, 1, 1], np.int8),
    }
)


def toy_panel(votes: pd.DataFrame) -> DyadYears:
    """US-UK dyad-years 1979-1984 with the session-year and the calendar-year measures."""
    dyads = pd.DataFrame(
        [(a, b, y) for a, b in ((2, 200), (200, 2)) for y in range(1979, 1985)],
        columns=["ccode1", "ccode2", "year"],
    ).astype("int16")
    panel = add_dyad_columns(dyads, dyad_affinity(votes, ROLL_CALLS), {n: (n, None) for n in UN_COLUMNS})
    calendar = dyad_affinity(votes, ROLL_CALLS, LAG_CONVENTION)
    return DyadYears(add_dyad_columns(panel, calendar, UN_LAG_COLUMNS))


def test_lagged_reads_by_hand():
    dyads = toy_panel(VOTES)
    years = [1980, 1981, 1982, 1983, 1984]
    # session year 1980 (rcids 1-4): YY NA YN YY -> 2/4, of which rcid 3 was cast in 1981;
    # calendar 1980 (rcids 1, 2, 4): 2/3; calendar 1981 (3, 5): 0/2; 1982: none; 1983 (6): 1/1
    assert dyads.values("un_agree", [2], [200], [1980]) == pytest.approx([0.5])
    got = lagged(dyads, "un_agree", [2] * 5, [200] * 5, years)
    assert np.allclose(got, [NAN, 2 / 3, 0, NAN, 1], equal_nan=True)
    # S by calendar 1980: distances 0, 0.5, 0 over 3 roll calls -> 1 - 2 * 0.5 / 3
    assert lagged(dyads, "un_s", [2], [200], [1981]) == pytest.approx([2 / 3])
    assert lagged(dyads, "un_agree_important", [2], [200], [1981]) == pytest.approx([0.5])  # rcids 2, 4
    # two years back with lag 2
    assert lagged(dyads, "un_agree", [2], [200], [1982], lag=2) == pytest.approx([2 / 3])
    assert lag_column("un_ideal_distance") == ("un_ideal_distance", 1)
    with pytest.raises(ValueError, match="no lagged read of UN measure 'un_n_important'"):
        lag_column("un_n_important")


@pytest.mark.parametrize("t", [1981, 1982, 1983, 1984])
def test_no_lagged_value_uses_a_vote_dated_in_t(t):
    """Changing every vote cast on or after 1 January of t (the US abstains, the UK votes no) changes
    no lagged read at t, but it changes the session-year measure of t-1 when that session voted in t
    (1980: rcid 3 of March 1981; 1982: rcid 6 of February 1983)."""
    dated = ROLL_CALLS["date"].dt.year.to_numpy()[VOTES["rcid"].to_numpy() - 1]
    changed = np.where(VOTES["ccode"] == 2, 2, 3)
    scrambled = VOTES.assign(vote=np.where(dated >= t, changed, VOTES["vote"]).astype(np.int8))
    before, after = toy_panel(VOTES), toy_panel(scrambled)
    for measure in ("un_agree", "un_s", "un_kappa", "un_agree_important"):
        old = lagged(before, measure, [2, 200], [200, 2], [t, t])
        new = lagged(after, measure, [2, 200], [200, 2], [t, t])
        assert np.allclose(old, new, equal_nan=True), measure
    old, new = (panel.values("un_s", [2], [200], [t - 1]) for panel in (before, after))
    assert np.allclose(old, new, equal_nan=True) == (t not in (1981, 1983))


@pytest.fixture(scope="module")
def published():
    names = ("un_votes", "un_roll_calls", "un_votes_published")
    if not all((INTERIM / f"{n}.parquet").is_file() for n in names):
        pytest.skip("UN interim tables not built")
    return [pd.read_parquet(INTERIM / f"{n}.parquet") for n in names]


def test_real_share_of_lagged_roll_calls_cast_in_t(published):
    """Issue 11: 4.2% of the roll calls of session year t-1 were cast in calendar year t; the lagged
    reads' convention holds none."""
    _, calls = select_roll_calls(*published)
    old = cast_after_year(calls, "session")
    assert (int(old.sum()), len(calls)) == (242, 5785)
    assert round(old.mean(), 3) == 0.042
    assert not cast_after_year(calls, LAG_CONVENTION).any()
    # session-based measures lagged two sessions: only the published file's rcid 4592 (May 2006,
    # session 59 there, 60 in unvotes) falls in session year + 2
    two_back = calls["date"].dt.year > vote_year(calls, "session") + 1
    assert calls.loc[two_back, "rcid"].tolist() == [4592]


def test_real_lagged_agreement_is_the_agreement_of_votes_cast_in_t_minus_1(published):
    """The panel's lagged read at t = 1991 equals agreement recomputed directly from the published
    votes dated in 1990, for every dyad-year of the panel (UN members outside the COW system, e.g.
    Ukraine and Belarus in 1990, have no panel row)."""
    if not PANEL.is_file():
        pytest.skip(f"{PANEL} not built")
    votes, roll_calls, file = published
    calls = published_calls(file, roll_calls)
    direct = published_agreement(file, calls, "calendar")
    direct = direct[direct["year"] == 1990]
    panel = pd.read_parquet(PANEL, columns=["ccode1", "ccode2", "year", "un_agree", "un_agree_calendar"])
    dyads = DyadYears(panel[panel["year"].between(1989, 1991)].reset_index(drop=True))
    got = lagged(dyads, "un_agree", direct["ccode1"], direct["ccode2"], np.full(len(direct), 1991))
    present = dyads.exists(direct["ccode1"], direct["ccode2"], direct["year"])
    assert present.sum() > 20000 and np.isnan(got[~present]).all()
    assert np.abs(got[present] - direct["un_agree"].to_numpy()[present]).max() < 1e-9


# ---- validity table -------------------------------------------------------------------------------


def test_prospect_validity_by_hand():
    # Patron 2: 4 rows with both measures known. Scores (affinity - benchmark) and onsets:
    #   prospect 1: 0.3 onset, 0.1 no onset; prospect 0: -0.1 onset, -0.2 no onset;
    # plus one row with ex post unknown (dropped). Shares: 1/2 and 1/2. AUC: onsets {0.3, -0.1} vs
    # none {0.1, -0.2}: pairs (0.3 > 0.1, 0.3 > -0.2, -0.1 < 0.1, -0.1 > -0.2) -> 3/4.
    # Patron 365 (a distance: smaller is closer): 2 rows, one onset at distance 0.2 (benchmark 0.5)
    # and none at 0.6: score -(0.2 - 0.5) = 0.3 > -0.1 -> AUC 1; one tie row added at the same
    # score as the onset, no onset: AUC (1 + 1/2) / 2 = 0.75.
    us = pd.DataFrame(
        {
            "ccode_p": 2,
            "prospect_ex_ante": [1, 1, 0, 0, 1],
            "prospect_ex_post": [1, 0, 1, 0, NAN],
            "affinity_lag": [0.8, 0.6, 0.4, 0.3, 0.9],
            "allies_affinity_lag": 0.5,
        }
    )
    got = prospect_validity(us)
    us_row = {
        "ccode_p": 2,
        "n_rows": 4,
        "n_onsets": 2,
        "n_prospects": 2,
        "onsets_prospects": 1,
        "share_prospects": 0.5,
        "n_others": 2,
        "onsets_others": 1,
        "share_others": 0.5,
        "auc": pytest.approx(0.75),
    }
    # one patron: the row over all patrons (ccode_p None) repeats its figures
    assert got.to_dict("records") == [us_row, us_row | {"ccode_p": None}]
    soviet = pd.DataFrame(
        {
            "ccode_p": 365,
            "prospect_ex_ante": [1, 0, 1],
            "prospect_ex_post": [1, 0, 0],
            "affinity_lag": [0.2, 0.6, 0.2],
            "allies_affinity_lag": 0.5,
        }
    )
    got = prospect_validity(soviet.iloc[:2], distance=True)
    assert got["auc"].tolist() == [1.0, 1.0]
    got = prospect_validity(soviet, distance=True)
    assert got["auc"].tolist() == pytest.approx([0.75, 0.75])
    assert got[["share_prospects", "share_others"]].iloc[0].tolist() == [0.5, 0.0]
    # no row with an onset: AUC undefined
    assert prospect_validity(us.assign(prospect_ex_post=0.0))["auc"].isna().all()


def test_validity_section_of_the_report():
    table = prospect_validity(
        pd.DataFrame(
            {
                "ccode_p": 2,
                "prospect_ex_ante": [1, 0],
                "prospect_ex_post": [1, 0],
                "affinity_lag": [0.9, 0.4],
                "allies_affinity_lag": 0.5,
            }
        )
    )
    table.insert(1, "patron", ["USA", "all patrons"])
    page = report_html([{"title": "Prospect validity", "blocks": _validity_blocks(table)}])
    assert "Prospect validity</h2>" in page and "<td>USA</td>" in page and "share_prospects" in page
