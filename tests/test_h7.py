"""H7 (issue 12): event time around the first outside-option onset, the commitment's age, and the
voice-vs-exit rates, on hand-made frames whose answers are computed by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.voice_exit import voice_exit_rates
from alliance_bargaining.proxies.alliance import commitment_years
from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.option_onset import EVENT_COLUMNS, event_columns

NAN = np.nan


def _rows(dyads: dict) -> tuple[pd.DataFrame, np.ndarray]:
    """(keys, option) from {ccode_k: {year: option}} for patron 2."""
    records = [(2, k, year, value) for k, years in dyads.items() for year, value in years.items()]
    frame = pd.DataFrame(records, columns=["ccode_p", "ccode_k", "year", "option"])
    return frame[["ccode_p", "ccode_k", "year"]], frame["option"].to_numpy(dtype=float)


def test_event_time_around_the_first_onset_by_hand():
    keys, option = _rows(
        {
            100: dict(zip(range(1950, 1961), [0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0], strict=True)),  # t0 = 1955
            200: {1950: 1, 1951: 1, 1952: 0, 1953: 0},  # an option from the first row: unknown onset
            300: {1950: 0, 1951: NAN, 1952: 0},  # never an option: control
            400: {1950: 0, 1951: NAN, 1952: 1},  # the year before the first 1 unknown
            500: {1950: 0, 1953: 1},  # the year before the first 1 has no client row
        }
    )
    out = pd.DataFrame(event_columns(keys, option))
    assert list(out.columns) == list(EVENT_COLUMNS)
    a = out[keys["ccode_k"].to_numpy() == 100].to_numpy()
    #                m4 m3 m2 post p1 p2 p3 p4
    expected = [
        [1, 0, 0, 0, 0, 0, 0, 0],  # 1950, k = -5 (binned)
        [1, 0, 0, 0, 0, 0, 0, 0],  # 1951, k = -4
        [0, 1, 0, 0, 0, 0, 0, 0],
        [0, 0, 1, 0, 0, 0, 0, 0],
        [0, 0, 0, 0, 0, 0, 0, 0],  # 1954, t0-1: the reference
        [0, 0, 0, 1, -1, -1, -1, 0],  # t0
        [0, 0, 0, 1, 1, 0, 0, 0],
        [0, 0, 0, 1, 0, 1, 0, 0],
        [0, 0, 0, 1, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 0, 1],  # k = 4
        [0, 0, 0, 0, 0, 0, 0, 1],  # k = 5 (binned)
    ]
    np.testing.assert_array_equal(a, expected)
    for k in (200, 400, 500):
        assert out[keys["ccode_k"].to_numpy() == k].isna().all().all()
    assert (out[keys["ccode_k"].to_numpy() == 300] == 0).all().all()


def test_event_post_is_the_mean_of_the_effects_at_t0_to_t0_plus_3():
    """The reparametrisation: OLS on (post, contrasts) gives the mean of the coefficients on the
    event-time indicators D0..D3 as post's coefficient, the rest of the model unchanged."""
    rng = np.random.default_rng(7)
    k = rng.integers(-6, 7, 400)
    d = np.column_stack([(k == j) for j in range(4)]).astype(float)
    other = np.column_stack([np.ones(400), k <= -4, k == -3, k == -2, k >= 4, rng.normal(size=400)])
    y = d @ [0.1, 0.5, -0.2, 0.4] + other @ [1, 0.3, 0.2, 0.1, 0.6, 0.5] + rng.normal(size=400)
    direct = np.linalg.lstsq(np.column_stack([d, other]), y, rcond=None)[0]
    contrasts = d[:, 1:] - d[:, [0]]
    reparam = np.linalg.lstsq(np.column_stack([d.sum(axis=1), contrasts, other]), y, rcond=None)[0]
    assert reparam[0] == pytest.approx(direct[:4].mean())
    assert reparam[1:4] == pytest.approx(direct[1:4] - direct[:4].mean())


def test_commitment_years_by_hand():
    # P 2 committed to 100 in 1950-1953 and 1955-1956 (a break in 1954), to 200 with 1952 unknown
    years = np.arange(1950, 1958)
    panel = pd.DataFrame(
        [(2, k, y) for k in (100, 200) for y in years], columns=["ccode1", "ccode2", "year"]
    ).assign(ally_defense_offense=[1, 1, 1, 1, 0, 1, 1, 0] + [1, 1, NAN, 1, 1, 1, 0, 0])
    dyads = DyadYears(panel)
    t = np.arange(1951, 1958)
    assert commitment_years(dyads, "defense_offense", [2] * 7, [100] * 7, t) == pytest.approx(
        [1, 2, 3, 4, NAN, 1, 2], nan_ok=True
    )
    assert commitment_years(dyads, "defense_offense", [2] * 7, [200] * 7, t) == pytest.approx(
        [1, 2, NAN, 1, 2, 3, NAN], nan_ok=True
    )


def _voice_exit_frame():
    return pd.DataFrame(
        {
            "ccode_p": [2, 2, 2, 2, 2, 2],
            "ccode_k": [100, 100, 100, 200, 200, 200],
            "year": [1950, 1951, 1952, 1950, 1951, 1952],
            "voice_act": pd.array([1, 0, 0, 1, 1, None], dtype="Int8"),
            "exit": pd.array([0, 0, 1, 0, 0, 0], dtype="Int8"),
            "outside_option": pd.array([0, 0, 1, 1, None, 1], dtype="Int8"),
        }
    )


def test_voice_exit_rates_by_hand():
    rates = voice_exit_rates(_voice_exit_frame(), (1946, 2014)).set_index("group")
    # all: d = 1, 0, -1, 1, 1 (the row without voice_act dropped): mean 0.4; dyad sums of d - 0.4
    # are -1.2 and 1.2: V = 2/1 * 2.88 / 25, se 0.48; t with 1 degree of freedom
    row = rates.loc["all"]
    assert (row["n_obs"], row["n_dyads"]) == (5, 2)
    assert (row["voice_rate"], row["exit_rate"], row["difference"]) == pytest.approx((0.6, 0.2, 0.4))
    assert row["std_error"] == pytest.approx(0.48)
    assert row["ci_high"] - row["difference"] == pytest.approx(stats.t.ppf(0.975, 1) * 0.48)
    # outside_option = 1: d = -1 (dyad 100), 1 (dyad 200): mean 0, se sqrt(2 * 2) / 2 = 1
    one = rates.loc["outside_option=1"]
    assert (one["n_obs"], one["difference"], one["std_error"]) == pytest.approx((2, 0.0, 1.0))
    # outside_option = 0: one dyad, no clustered interval
    zero = rates.loc["outside_option=0"]
    assert zero["difference"] == pytest.approx(0.5) and np.isnan(zero["std_error"])
    # the sample years cut rows
    assert voice_exit_rates(_voice_exit_frame(), (1951, 1952)).set_index("group").loc["all", "n_obs"] == 3


def test_voice_exit_needs_its_columns():
    with pytest.raises(InputError, match="h7_client_voice: expected columns voice_act, not found"):
        voice_exit_rates(_voice_exit_frame().drop(columns="voice_act"), (1946, 2014))
