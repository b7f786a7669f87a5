"""Analysis datasets and the section 6 cases on the real panel (RESEARCH_DESIGN.md, 6).

Skipped when data/processed/dyad_year.parquet has not been built.
"""

import copy
import time

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.models.analysis import estimate
from alliance_bargaining.models.specs import project_grid
from alliance_bargaining.proxies import DATASET_COLUMNS, DATASETS, build_dataset, building_blocks, case_table
from alliance_bargaining.proxies.columns import DATASET_UNITS
from alliance_bargaining.proxies.datasets import _triads
from alliance_bargaining.proxies.events import onset_events

from .conftest import ROOT

CONTROLS = ["contiguous", "democracy_min", "joint_democracy", "log_gdp_ratio"]


def _controls(name):
    """The worked example's controls for the two-unit datasets."""
    return CONTROLS if len(DATASET_UNITS[name]) == 2 else []


@pytest.fixture(scope="module")
def real(real_inputs):
    panel, dirdisps = real_inputs
    clock = time.perf_counter()
    blocks = building_blocks(panel, None, dirdisps)
    data = {name: build_dataset(blocks, name, _controls(name)) for name in DATASETS}
    return panel, blocks, data, time.perf_counter() - clock


def _row(panel, a, b, year):
    return panel[(panel["ccode1"] == a) & (panel["ccode2"] == b) & (panel["year"] == year)]


def test_datasets_build_within_budget(real):
    _, _, data, seconds = real
    assert seconds < 30
    for name, frame in data.items():
        assert list(frame.columns) == list(DATASET_COLUMNS[name]) + _controls(name)
        assert len(frame) > 0, name
        assert frame["year"].between(1941 if name.startswith("event_alliance_onset") else 1946, 2019).all()


def test_china_1950(real):
    panel, _, data, _ = real
    assert _row(panel, 710, 2, 1950)["mid_onset"].item() == 1
    assert _row(panel, 365, 710, 1950)["alliance_upgrade"].item() == 1
    assert _row(panel, 365, 2, 1950)["rivalry_td"].item() == 1
    # China is a COW major power from 1950, so it is no candidate A in the H1 and H3 samples
    h1, h3 = data["h1_h2_ally_rival"], data["h3_patron_prospect"]
    assert h1.query("ccode_a == 710 and year == 1950").empty
    assert h3.query("ccode_a == 710 and year == 1950").empty


def test_australia_japan_1951(real):
    panel, blocks, data, _ = real
    assert _row(panel, 2, 900, 1951)["alliance_onset"].item() == 1
    allied = panel.query("ccode1 == 2 and ccode2 == 900 and 1945 <= year <= 1950")["ally_defense_offense"]
    assert allied.tolist() == [1, 0, 0, 0, 0, 0]
    pair = panel.query("ccode1 == 900 and ccode2 == 740 and 1946 <= year <= 1955")
    assert pair["year"].tolist() == [1952, 1953, 1954, 1955]  # Japan absent 1946-1951
    assert (pair["mid_onset"] == 0).all() and (pair["mid_ongoing"] == 0).all()
    assert not panel.query("ccode1 == 740 and 1946 <= year <= 1951").shape[0]
    assert data["h4_ally_client"].query("ccode_c == 740 and year <= 1951").empty
    clients = blocks.clients
    assert clients.query("ccode_p == 2 and ccode_x == 740")["year"].min() == 1953


def test_case_table_matches(real):
    _, blocks, _, _ = real
    table = case_table(blocks)
    required = table[table["kind"] != "info"]
    assert len(required) == 7
    assert required["match"].all(), required[~required["match"]].to_string()
    assert table.loc[table["kind"] == "info", "match"].isna().all()


def test_event_study_stacks(real):
    _, blocks, data, _ = real
    panel = blocks.event_panel
    onsets, events, mask = onset_events(panel, 1946, 2014)
    # the counts: 180 P-A onsets of 82 A's; in 2003, 7 states x 4 patrons, one event per A
    assert (len(onsets), onsets["ccode_a"].nunique(), len(events)) == (180, 82, 100)
    assert ((onsets["onset_year"] == 2003).sum(), (events["onset_year"] == 2003).sum()) == (28, 7)
    stacks = data["event_alliance_onset"]
    units = stacks.groupby("stack").agg(units=("ccode", "nunique"), treated=("treated", "sum"))
    assert (units["units"] == 11).all() and (units["treated"] == 11).all()  # A in 11 years, 10 controls
    # no control is allied with a patron of its event in t0-6..t0+5
    keyed = events.assign(event=range(len(events))).merge(
        stacks[["ccode_a", "onset_year", "stack"]].drop_duplicates()
    )
    controls = stacks[stacks["treated"] == 0][["stack", "ccode", "onset_year"]].drop_duplicates()
    controls = controls.merge(keyed[["stack", "event"]])
    for k in range(-6, 6):
        for j, patron in enumerate(panel.patrons):
            rows = controls[mask[controls["event"].to_numpy(), j]]
            allied = blocks.dyads.values(
                "ally_defense_offense", patron, rows["ccode"], rows["onset_year"] + k, absent=0.0
            )
            assert (allied == 0).all()


def test_h4_undirected_pairs_once_per_year(real):
    """Before the rule, 46,630 H4 pair-years were eligible both ways, their 48 onsets each counted
    twice (issue 11); the row with the larger code as A goes, every other eligible row stays (H4 and
    its placebo alike)."""
    _, blocks, data, _ = real
    keys = ["ccode_a", "ccode_c", "year"]
    for name in ("h4_ally_client", "h4_placebo_rival_client"):
        frame = data[name][keys]
        reverse = frame.rename(columns={"ccode_a": "ccode_c", "ccode_c": "ccode_a"})
        assert frame.merge(reverse, on=keys).empty, name
    clients = blocks.sample(blocks.clients)[["ccode_p", "ccode_x", "year"]]
    eligible = _triads(blocks, clients.rename(columns={"ccode_x": "ccode_c"}), "ccode_c")[keys]
    reverse = eligible.rename(columns={"ccode_a": "ccode_c", "ccode_c": "ccode_a"})
    both = eligible.merge(reverse, on=keys)
    dropped = both[both["ccode_a"] > both["ccode_c"]]
    assert len(both) == 2 * len(dropped) == 93_260
    h4 = data["h4_ally_client"]
    kept = h4.merge(both, on=keys)
    assert len(h4) == len(eligible) - len(dropped) and len(kept) == len(dropped)
    assert (kept["ccode_a"] < kept["ccode_c"]).all() and kept["mid_onset"].sum() == 48


def test_h4_placebo_targets_clients_of_a_rival(real):
    _, _, data, _ = real
    placebo, h4 = data["h4_placebo_rival_client"], data["h4_ally_client"]
    # 1970: Poland is the USSR's client, the USSR a rival of the US and China, with neither of which
    # India is allied; Poland is not their client
    row = placebo.query("ccode_a == 750 and ccode_c == 290 and year == 1970")
    assert row["n_patrons"].tolist() == [2]
    # Japan is a US client: an H4 target through the US, a placebo target through the USSR and China
    assert {750} <= set(h4.query("ccode_c == 740 and year == 1970")["ccode_a"])
    assert placebo.query("ccode_a == 750 and ccode_c == 740 and year == 1970")["n_patrons"].tolist() == [2]


def test_h1_risk_set_has_no_allied_pairs(real):
    # RESEARCH_DESIGN.md 7: no H1 row with A and R bound by any ATOP obligation in t-1 (either direction)
    panel, blocks, data, _ = real
    h1 = data["h1_h2_ally_rival"]
    a, r, t = h1["ccode_a"], h1["ccode_r"], h1["year"].to_numpy() - 1
    assert (blocks.dyads.values("ally_any", a, r, t, absent=0.0) == 0).all()
    assert (blocks.dyads.values("ally_any", r, a, t, absent=0.0) == 0).all()
    # the fights between allies (fishing disputes with the United States, Chile-Argentina)
    for pair in ((130, 2), (135, 2), (93, 2), (155, 160)):
        assert h1.query("ccode_a == @pair[0] and ccode_r == @pair[1]").empty, pair
    # Canada-US only before the North Atlantic Treaty (ATOP from 1949): 1947-1949
    assert h1.query("ccode_a == 20 and ccode_r == 2")["year"].tolist() == [1947, 1948, 1949]
    # an upgrade at stake is an alliance with a rival of R: the flag holds by construction
    stake = h1["upgrade_at_stake"] == 1
    assert stake.any() and (h1.loc[stake, "allied_with_rival_lag"] == 1).all()
    assert (h1.loc[h1["n_patrons"] == 0, "upgrade_at_stake"] == 1).all()


def test_h1_risk_set_including_allied_adds_the_allied_rows(real):
    """The risk_set alternative (including_allied) keeps every row of the primary risk set unchanged
    and adds the allied A-R rows (allied_any_lag 1), among them the fishing disputes with the US."""
    _, blocks, data, _ = real
    primary = data["h1_h2_ally_rival"]
    wider_blocks = copy.copy(blocks)  # the cached blocks do not depend on the risk set
    wider_blocks.params = blocks.params | {"risk_set": "including_allied"}
    wider = build_dataset(wider_blocks, "h1_h2_ally_rival", _controls("h1_h2_ally_rival"))
    assert (primary["allied_any_lag"] == 0).all()
    pd.testing.assert_frame_equal(wider[wider["allied_any_lag"] == 0].reset_index(drop=True), primary)
    added = wider[wider["allied_any_lag"] != 0]
    assert len(added) > 0 and (added["allied_any_lag"] == 1).all()
    assert len(wider) == len(primary) + len(added)
    for pair in ((130, 2), (135, 2)):  # Ecuador, Peru v the United States (Rio Pact from 1947)
        rows = added.query("ccode_a == @pair[0] and ccode_r == @pair[1]")
        assert len(rows) > 0 and rows["mid_onset"].sum() > 0, pair
    # Canada-US: the primary's 1947-1949 (between the obligations of 1945 and the North Atlantic
    # Treaty) are the only unallied years; the others come back
    canada = wider.query("ccode_a == 20 and ccode_r == 2").set_index("year")["allied_any_lag"]
    assert canada[canada == 0].index.tolist() == [1947, 1948, 1949] and canada.loc[[1946, 1950]].eq(1).all()


def test_h3_fights_split_on_the_korean_war(real):
    _, _, data, _ = real
    h3 = data["h3_patron_prospect"]
    kinds = ["solo_initiated", "solo_targeted", "joint_initiated", "joint_targeted"]
    split = h3[[f"mid_vs_rival_{kind}_lag" for kind in kinds]].astype("float64")
    known = split.notna().all(axis=1)
    assert (split[known].max(axis=1) == h3.loc[known, "mid_vs_rival_lag"]).all()
    # the fight dimension's pooled terms: solo or joint, by side
    for side in ("initiated", "targeted"):
        pooled = split[[f"mid_vs_rival_solo_{side}_lag", f"mid_vs_rival_joint_{side}_lag"]]
        assert (pooled[known].max(axis=1) == h3.loc[known, f"mid_vs_rival_{side}_lag"]).all(), side
    # the onset outcome is defined only among A not allied with P in t-1
    assert h3.loc[h3["allied_lag"] == 1, "alliance_onset_lead"].isna().all()
    # South Korea (732) and the US's rival China (710): side B of the Korean War (dispute 51,
    # 1950-1953) while the US fights China: joint, targeted; side A of dispute 50 in 1953, with the
    # US also fighting China: joint, A-initiated (t = 1954-1956); side B of dispute 3213 in 1955
    rows = h3.query("ccode_p == 2 and ccode_a == 732 and 1950 <= year <= 1958").set_index("year")
    assert rows["mid_vs_rival_joint_targeted_lag"].tolist() == [0] + [1] * 8
    assert rows["mid_vs_rival_joint_initiated_lag"].tolist() == [0] * 4 + [1] * 3 + [0] * 2
    assert (rows[["mid_vs_rival_solo_initiated_lag", "mid_vs_rival_solo_targeted_lag"]] == 0).all().all()


def test_h7_lead_and_first_onset(real):
    """H7's placebo lead covers t+1..t+4, so an option seen at t+4 (ties in t+1..t+3) implies the
    lead at t; event time starts at the dyad's first option, after an observed year without one."""
    _, _, data, _ = real
    h7 = data["h7_client_voice"]
    keys = ["ccode_p", "ccode_k", "year"]
    later = h7[keys + ["outside_option"]].assign(year=h7["year"] - 4)
    both = h7[keys + ["outside_option_lead"]].merge(later, on=keys)
    seen = both[both["outside_option"] == 1]
    assert len(seen) > 50 and (seen["outside_option_lead"] == 1).all()
    t0 = h7[(h7["event_post"] == 1) & (h7["event_p1_vs_p0"] == -1)]
    assert len(t0) >= 10 and (t0["outside_option"] == 1).all()
    before = t0[keys].assign(year=t0["year"] - 1).merge(h7[keys + ["outside_option"]], on=keys)
    assert len(before) == len(t0) and (before["outside_option"] == 0).all()
    earlier = h7.merge(t0[["ccode_p", "ccode_k", "year"]].rename(columns={"year": "t0"}), on=keys[:2])
    assert not ((earlier["year"] < earlier["t0"]) & (earlier["outside_option"] == 1)).any()
def test_h6_extra_agreement_distance_and_no_switchers_in_the_reference_cell(real):
    """H6 (issue 12): the extra agreement is important-vote minus all-vote agreement; distance to
    the United States is 0 for Canada and the Bering Strait for Russia; no non-small state changes
    its alliance with the United States in 1983-1991 (the key term's reference cell), so the
    state-effects design has no switching unit there."""
    _, _, data, _ = real
    h6 = data["h6_hegemon_state"]
    gap = h6["un_agree_important_hegemon"] - h6["un_agree_hegemon"]
    assert np.allclose(h6["un_agree_important_extra"], gap, equal_nan=True)
    assert h6.loc[h6["ccode"] == 20, "log_mindist_hegemon"].eq(0).all()
    assert h6.loc[h6["ccode"] == 365, "log_mindist_hegemon"].dropna().gt(np.log(50)).all()
    spec = next(s for s in project_grid(ROOT) if s.id == "H6__primary")
    params = {
        "id": spec.id,
        "model": spec.model,
        "units": list(spec.units),
        "sample_years": list(spec.sample_years),
    }
    table = estimate(h6, params)
    assert (table["n_switchers"] == 0).all()
    rows = table.set_index("term")
    assert rows.loc["ame:ally_hegemon|small=0,post_1991=0", "estimate"] == pytest.approx(
        rows.loc["ally_hegemon", "estimate"]
    )
