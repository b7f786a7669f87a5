"""Stacked event study: stacking, control selection, the collapse of multilateral accessions and the
placebo on a hand-made event panel; the estimator against dummy-variable OLS (RESEARCH_DESIGN.md, 7)."""

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from alliance_bargaining.models.analysis import estimate
from alliance_bargaining.models.estimators import EstimationError
from alliance_bargaining.models.event_study import LEAD_MEAN, placebo_distribution, stacked_event_study
from alliance_bargaining.proxies.events import EventPanel, onset_events, placebo_events, stack_events

PATRONS = np.array([2, 3])
STATES = np.array([10, 20, 30, 40, 50, 60, 70])
FIRST, LAST = 2000, 2012
NAN = np.nan


def _at(state, year):
    return np.searchsorted(STATES, state), year - FIRST


def hand_panel() -> EventPanel:
    """Patrons 2 and 3; states 10-70, 2000-2012.

    - 10 allied with 2 and with 3 from 2006 (a multilateral accession: one event, two patrons);
    - 20 allied with 2 from 2008; not a minor power in the system in 2010;
    - 50 allied with 3 in 2004 only; 60 outside the system in 2005;
    - UN affinity with both patrons 0.5 everywhere, except 30 (0.25), 40 (0.75) and 70 (0.5 with 2,
      missing with 3).
    """
    shape = (len(PATRONS), len(STATES), LAST - FIRST + 1)
    allied, onset = np.zeros(shape), np.zeros(shape)
    affinity = np.full(shape, 0.5)
    eligible = np.ones(shape[1:], bool)
    for p, state, start in ((0, 10, 2006), (1, 10, 2006), (0, 20, 2008)):
        s, t = _at(state, start)
        allied[p, s, t:] = 1
        onset[p, s, t] = 1
    allied[(1, *_at(50, 2004))] = 1
    eligible[_at(20, 2010)] = False
    eligible[_at(60, 2005)] = False
    affinity[:, np.searchsorted(STATES, 30)] = 0.25
    affinity[:, np.searchsorted(STATES, 40)] = 0.75
    affinity[1, np.searchsorted(STATES, 70)] = NAN
    rival = np.zeros(shape)
    rival[(0, *_at(10, 2005))] = 1
    rival[(1, *_at(10, 2004))] = NAN  # unknown for patron 3 only: the OR over the event's patrons is unknown
    rival[(1, *_at(30, 2007))] = 1
    rival[(1, *_at(50, 2008))] = 1  # a rival of 3, not of 2: outside the second event
    return EventPanel(
        patrons=PATRONS,
        states=STATES,
        first_year=FIRST,
        is_patron=np.ones((2, shape[2]), bool),
        eligible=eligible,
        allied=allied,
        onset=onset,
        affinity=affinity,
        outcomes={"rival_mid_onset": rival},
    )


def test_multilateral_accession_is_one_event():
    onsets, events, mask = onset_events(hand_panel(), 2001, 2011)
    assert onsets.values.tolist() == [[2, 10, 2006], [3, 10, 2006], [2, 20, 2008]]
    assert events.values.tolist() == [[10, 2006], [20, 2008]]
    assert mask.tolist() == [[True, True], [True, False]]


def test_stacks_by_hand():
    panel = hand_panel()
    _, events, mask = onset_events(panel, 2001, 2011)
    rows = stack_events(panel, events, mask, window=2, n_controls=2, baseline_lag=3)
    # Event 1 (10, 2006, patrons 2 and 3), baseline 2003, clean years 2003-2008: 20 (allied with 2 in
    # 2008), 50 (allied with 3 in 2004), 60 (out in 2005 while 10 is in), 70 (affinity with 3 missing)
    # are out; 30 and 40 are both 0.25 from 10's 0.5: both kept (with one control, 30: smaller code).
    # Event 2 (20, 2008, patron 2), baseline 2005, clean 2005-2010: 10 is allied with 2; 50, 60 and 70
    # are at distance 0 (50's alliance is with 3; 60 is out in 2005, outside the window 2006-2010):
    # 50 and 60. 20 is not a minor power in the system in 2010: no row (its controls keep theirs).
    first = [(1, 10, u, y) for u in (10, 30, 40) for y in range(2004, 2009)]
    second = [(2, 20, 20, y) for y in range(2006, 2010)] + [
        (2, 20, u, y) for u in (50, 60) for y in range(2006, 2011)
    ]
    assert (
        list(rows[["stack", "ccode_a", "ccode", "year"]].itertuples(index=False, name=None)) == first + second
    )
    assert rows["treated"].tolist() == [1] * 5 + [0] * 10 + [1] * 4 + [0] * 10
    assert rows["event_time"].tolist() == list(range(-2, 3)) * 3 + list(range(-2, 2)) + list(range(-2, 3)) * 2
    assert rows["n_patrons"].tolist() == [2] * 15 + [1] * 14
    assert rows["affinity_baseline"].tolist() == [0.5] * 5 + [0.25] * 5 + [0.75] * 5 + [0.5] * 14
    # outcomes: OR over the event's patrons; unknown for one of them -> unknown
    outcome = rows.set_index(["stack", "ccode", "year"])["rival_mid_onset"]
    assert outcome[(1, 10, 2005)] == 1 and np.isnan(outcome[(1, 10, 2004)]) and outcome[(1, 30, 2007)] == 1
    assert outcome[(2, 50, 2008)] == 0
    assert outcome.drop([(1, 10, 2005), (1, 10, 2004), (1, 30, 2007)]).eq(0).all()
    one = stack_events(panel, events, mask, window=2, n_controls=1, baseline_lag=3)
    assert one.groupby("stack")["ccode"].unique().map(list).tolist() == [[10, 30], [20, 50]]


def test_event_without_baseline_or_controls_has_no_stack():
    panel = hand_panel()
    _, events, mask = onset_events(panel, 2001, 2011)
    panel.affinity[:, 0, 2003 - FIRST] = NAN  # 10 has no baseline affinity: event 1 cannot be matched
    rows = stack_events(panel, events, mask, window=2, n_controls=2, baseline_lag=3)
    assert set(rows["stack"]) == {1} and set(rows["ccode_a"]) == {20}


def test_placebo_years_are_admissible_and_seeded():
    panel = hand_panel()
    _, events, mask = onset_events(panel, 2001, 2011)
    drawn = placebo_events(panel, events, mask, (2003, 2006), 2, 3, draws=200, seed=7)
    # 10 (patrons 2, 3): clean t-3..t+2 and baseline t-3 >= 2000 -> 2003 only; 20 (patron 2, allied
    # from 2008, not eligible 2010): t+2 < 2008 -> 2003-2005
    years = pd.concat([e.assign(draw=i) for i, (e, _) in enumerate(drawn)])
    assert set(years.loc[years["ccode_a"] == 10, "onset_year"]) == {2003}
    assert set(years.loc[years["ccode_a"] == 20, "onset_year"]) == {2003, 2004, 2005}
    assert all(m.tolist() == [[True, True], [True, False]] for e, m in drawn if len(e) == 2)
    again = placebo_events(panel, events, mask, (2003, 2006), 2, 3, draws=200, seed=7)
    assert all(a[0].equals(b[0]) for a, b in zip(drawn, again, strict=True))


def small_stacks(seed=0) -> pd.DataFrame:
    """Three stacks of 4 units over event times -3..3, units in two stacks, unbalanced."""
    rng = np.random.default_rng(seed)
    rows = []
    for stack, (t0, units) in enumerate(
        [(1990, [1, 2, 3, 4]), (1994, [2, 5, 6, 7]), (1993, [8, 1, 5, 9])], 1
    ):
        for j, unit in enumerate(units):
            for k in range(-3, 4):
                rows.append((stack, unit, t0 + k, int(j == 0), k))
    frame = pd.DataFrame(rows, columns=["stack", "ccode", "year", "treated", "event_time"])
    frame = frame.drop(index=[5, 30]).reset_index(drop=True)  # unbalanced
    return frame.assign(y=rng.normal(size=len(frame)) + 0.5 * frame["treated"] * (frame["event_time"] >= 0))


def test_estimator_matches_dummy_variable_ols():
    frame = small_stacks()
    table = stacked_event_study(frame, "y", window=3, reference=-1).set_index("term")
    times = [-3, -2, 0, 1, 2, 3]
    names = ["event_m3", "event_m2", "event_p0", "event_p1", "event_p2", "event_p3"]
    dummies = pd.DataFrame(
        {
            n: ((frame["treated"] == 1) & (frame["event_time"] == k)).astype(float)
            for n, k in zip(names, times, strict=True)
        }
    )
    unit = pd.get_dummies(frame["stack"].astype(str) + "_" + frame["ccode"].astype(str), dtype=float)
    year = pd.get_dummies(frame["stack"].astype(str) + "_" + frame["year"].astype(str), dtype=float)
    first_years = frame.groupby("stack")["year"].min()
    year = year.drop(columns=[f"{s}_{y}" for s, y in first_years.items()])  # one per stack is collinear
    design = pd.concat([dummies, unit, year], axis=1)
    assert np.linalg.matrix_rank(design.to_numpy()) == design.shape[1]
    fitted = sm.OLS(frame["y"], design).fit(cov_type="cluster", cov_kwds={"groups": frame["ccode"]})
    coef, _, _, _ = np.linalg.lstsq(design.to_numpy(), frame["y"].to_numpy(), rcond=None)
    assert table.loc[names, "estimate"].to_numpy() == pytest.approx(coef[:6], abs=1e-8)
    assert table.loc[names, "estimate"].to_numpy() == pytest.approx(fitted.params[names].to_numpy(), abs=1e-8)
    # statsmodels' CR1 counts every dummy in K; ours counts the event-time terms only (module doc)
    n, g, k_all = len(frame), frame["ccode"].nunique(), design.shape[1]
    scale = (n - k_all) / (n - len(names))
    cov = fitted.cov_params().loc[names, names].to_numpy() * scale
    assert table.loc[names, "std_error"].to_numpy() == pytest.approx(np.sqrt(np.diag(cov)), abs=1e-8)
    weights = np.array([0.5, 0.5, 0, 0, 0, 0])  # leads before the reference t0-1: t0-3, t0-2
    assert table.loc[LEAD_MEAN, "estimate"] == pytest.approx(weights @ coef[:6], abs=1e-8)
    assert table.loc[LEAD_MEAN, "std_error"] == pytest.approx(np.sqrt(weights @ cov @ weights), abs=1e-8)
    assert (table["n_obs"] == n).all() and (table["n_clusters"] == g).all()
    assert table.loc[names, "p_value"].to_numpy() == pytest.approx(
        2 * stats.t(g - 1).sf(np.abs(fitted.params[names] / np.sqrt(np.diag(cov)))), abs=1e-8
    )


def test_estimator_rejects_bad_input():
    frame = small_stacks()
    with pytest.raises(EstimationError, match="outside the window"):
        stacked_event_study(frame, "y", window=3, reference=-4)
    with pytest.raises(EstimationError, match="beyond the window"):
        stacked_event_study(frame, "y", window=2)
    with pytest.raises(EstimationError, match="no treated row at event time -4"):
        stacked_event_study(frame, "y", window=4)
    with pytest.raises(EstimationError, match="not unique"):
        stacked_event_study(pd.concat([frame, frame.head(1)]), "y", window=3)
    with pytest.raises(EstimationError, match="column 'z'"):
        stacked_event_study(frame, "z", window=3)
    with pytest.raises(EstimationError, match="does not vary"):
        stacked_event_study(frame.assign(y=1.0), "y", window=3)


def test_placebo_distribution_fits_each_draw():
    frames = [small_stacks(seed).assign(draw=seed) for seed in (1, 2)]
    out = placebo_distribution(pd.concat(frames, ignore_index=True), "y", window=3)
    assert out["draw"].unique().tolist() == [1, 2]
    for seed, frame in zip((1, 2), frames, strict=True):
        alone = stacked_event_study(frame, "y", window=3).set_index("term")["estimate"]
        assert out[out["draw"] == seed].set_index("term")["estimate"].equals(alone)


def test_placebo_block_summarises_the_draws(tmp_path):
    from alliance_bargaining.report.results import _placebo_blocks

    draws = pd.DataFrame(
        {
            "draw": [1, 2, 3, 4],
            "term": LEAD_MEAN,
            "estimate": [-0.02, 0.0, 0.01, 0.03],
            "std_error": [0.005, 0.01, 0.01, 0.01],
            "n_obs": 100,
        }
    )
    fit = pd.DataFrame({"term": ["event_m2", LEAD_MEAN], "estimate": [0.5, 0.015]})
    text, table, figure = _placebo_blocks(draws, fit, LEAD_MEAN, 5, tmp_path)
    row = table["table"].iloc[0]
    assert row["draws"] == 4 and row["estimate"] == 0.015
    assert row["placebo_mean"] == pytest.approx(0.005)
    # |placebo| >= 0.015: -0.02 and 0.03; intervals excluding 0 (1.96 se): -0.02 +- 0.0098 and 0.03 +- 0.0196
    assert row["share_abs_at_least_estimate"] == 0.5 and row["share_ci_excludes_0"] == 0.5
    assert figure["figure"].stat().st_size > 0 and "t-6..t+5" in text["markdown"]


def one_stack(gap) -> pd.DataFrame:
    """One stack over event times -3..3: treated unit 1 (effect 2) and controls 2 and 3, the
    treated-control gap y_1 - mean(y_2, y_3) at event time k being ``gap[k + 3]``."""
    controls = {2: [0.0, 0.2, 0.1, 0.4, 0.3, 0.6, 0.2], 3: [1.0, 0.8, 1.1, 0.9, 1.2, 1.0, 1.3]}
    treated = [2.0 + (a + b) / 2 + g for a, b, g in zip(controls[2], controls[3], gap, strict=True)]
    rows = [(1, unit, 2000 + k, int(unit == 1), k) for unit in (1, 2, 3) for k in range(-3, 4)]
    frame = pd.DataFrame(rows, columns=["stack", "ccode", "year", "treated", "event_time"])
    return frame.assign(y=treated + controls[2] + controls[3])


@pytest.mark.parametrize(
    "reference, expected",
    [
        # gaps 0.1, 0.3, 0.2 in t0-3..t0-1: against t0-1, leads t0-3, t0-2 = -0.1, 0.1, mean 0
        (-1, {"event_m3": -0.1, "event_m2": 0.1, "event_p0": 0.3, "event_p3": 0.7, LEAD_MEAN: 0.0}),
        # against t0-3 (the first lead, as t0-5 in the registry's window 5): leads t0-2, t0-1 = 0.2, 0.1
        (-3, {"event_m2": 0.2, "event_m1": 0.1, "event_p0": 0.4, "event_p3": 0.8, LEAD_MEAN: 0.15}),
    ],
)
def test_reference_period_and_lead_mean_by_hand(reference, expected):
    """Each coefficient is the gap at k minus the gap at the reference; the key term is the mean of
    the leads other than the reference; the spec's ``event_reference`` reaches the estimator."""
    frame = one_stack([0.1, 0.3, 0.2, 0.5, 0.7, 0.4, 0.9])
    table = stacked_event_study(frame, "y", window=3, reference=reference).set_index("term")
    assert f"event_m{-reference}" not in table.index and len(table) == 7
    assert table.loc[list(expected), "estimate"].to_dict() == pytest.approx(expected, abs=1e-10)
    model = {
        "hypothesis": "event_study",
        "spec": "ref",
        "estimator": "event_study",
        "outcome": "y",
        "regressors": ["event_time"],
        "controls": [],
        "fixed_effects": ["dyad", "year"],
        "cluster": "ccode",
        "key_term": LEAD_MEAN,
        "event_window": 3,
        "event_reference": reference,
    }
    params = {
        "id": "event_study__ref",
        "model": model,
        "units": ["stack", "ccode"],
        "sample_years": [1990, 2010],
    }
    lead = estimate(frame, params).set_index("term").loc[LEAD_MEAN, "estimate"]
    assert lead == pytest.approx(expected[LEAD_MEAN], abs=1e-10)
