"""Dynamic ordinal ideal points (alliance_bargaining.panel.ideal_points) on votes simulated by the model."""

import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.errors import InputError
from alliance_bargaining.panel.ideal_points import (
    estimate_ideal_points,
    read_published_ideal_points,
    select_votes,
    validate_against_published,
)


def simulate(n_states: int, n_sessions: int, calls: int, seed: int = 0):
    """Votes from the model: random-walk ideal points (the United States starting far right), ordinal
    probit items; in every session after the first, the first 5 roll calls repeat the previous
    session's first 5 (chains of matched items); 5% of votes missing.

    Returns votes, roll_calls, matches and the true ideal points (ccode, session, truth).
    """
    rng = np.random.default_rng(seed)
    ccode = 2 + 5 * np.arange(n_states)  # ccode 2, the United States, is state 0
    entry = np.where(rng.random(n_states) < 0.7, 1, rng.integers(2, n_sessions // 2 + 1, n_states))
    entry[0] = 1
    start = rng.normal(size=n_states)
    start[0] = 3.0
    path = start[:, None] + np.cumsum(rng.normal(scale=0.15, size=(n_states, n_sessions)), axis=1)

    session = np.repeat(np.arange(1, n_sessions + 1), calls)
    rcid = np.arange(1, session.size + 1)
    alpha, beta, tau = (
        rng.normal(0.8, 1.0, rcid.size),
        rng.normal(0.0, 1.2, rcid.size),
        rng.uniform(0.3, 1.2, rcid.size),
    )
    repeat = (np.arange(rcid.size) % calls < 5) & (session > 1)
    for params in (alpha, beta, tau):  # sessions in order, so chains carry the first session's items
        for i in np.flatnonzero(repeat):
            params[i] = params[i - calls]
    matches = pd.DataFrame({"rcid1": rcid[repeat] - calls, "rcid2": rcid[repeat]})

    state, call = np.meshgrid(np.arange(n_states), np.arange(rcid.size), indexing="ij")
    state, call = state.ravel(), call.ravel()
    present = (session[call] >= entry[state]) & (rng.random(state.size) > 0.05)
    state, call = state[present], call[present]
    latent = alpha[call] + beta[call] * path[state, session[call] - 1] + rng.normal(size=state.size)
    vote = np.where(latent < 0, 3, np.where(latent < tau[call], 2, 1))
    votes = pd.DataFrame({"rcid": rcid[call], "ccode": ccode[state], "vote": vote})
    roll_calls = pd.DataFrame({"rcid": rcid, "session": session})
    cells = votes[["ccode"]].assign(session=session[call]).drop_duplicates()
    truth = cells.assign(truth=path[np.searchsorted(ccode, cells["ccode"]), cells["session"] - 1])
    return votes, roll_calls, matches, truth


@pytest.fixture(scope="module")
def small():
    return simulate(n_states=30, n_sessions=8, calls=15, seed=1)[:3]


def test_recovers_simulated_ideal_points():
    votes, roll_calls, matches, truth = simulate(n_states=150, n_sessions=50, calls=25)
    est = estimate_ideal_points(votes, roll_calls, matches, walk_sd=0.15)  # the true walk, pooled sd ~1.3
    assert est.attrs["converged"]
    assert list(est.columns) == ["ccode", "session", "year", "ideal", "se"]
    assert est[["ideal", "se"]].dtypes.eq("float64").all() and (est["se"] > 0).all()
    assert est.equals(est.sort_values(["ccode", "session"], ignore_index=True))
    assert (est["year"] == est["session"] + 1945).all()
    both = est.merge(truth, on=["ccode", "session"], validate="1:1")
    assert len(both) == len(truth) == len(est)
    assert both["ideal"].corr(both["truth"]) >= 0.98  # the sign must come out right too
    assert abs(est["ideal"].mean()) < 1e-9 and abs(est["ideal"].std(ddof=0) - 1) < 1e-9


def test_invariant_to_row_order(small):
    votes, roll_calls, matches = small
    rng = np.random.default_rng(7)
    shuffled = [
        frame.sample(frac=1, random_state=rng).iloc[:, ::-1] for frame in (votes, roll_calls, matches)
    ]
    est, again = estimate_ideal_points(votes, roll_calls, matches), estimate_ideal_points(*shuffled)
    pd.testing.assert_frame_equal(est, again, check_exact=True)
    assert est.attrs == again.attrs


def test_opposed_blocs_get_opposite_signs_us_positive():
    """Three sessions of four roll calls: a western bloc (US, Canada, UK) and an eastern one (Russia,
    Poland, Hungary) always vote opposite ways; Sweden always abstains; the first roll call of session 1
    returns in sessions 2 and 3 (matched)."""
    west, east, middle = [2, 20, 200], [365, 290, 310], 380
    rows = []
    for session in (1, 2, 3):
        for j in range(4):
            rcid = 10 * session + j
            western_yes = j % 2 == 0
            rows += [(rcid, c, 1 if western_yes else 3) for c in west]
            rows += [(rcid, c, 3 if western_yes else 1) for c in east]
            rows.append((rcid, middle, 2))
    votes = pd.DataFrame(rows, columns=["rcid", "ccode", "vote"])
    roll_calls = pd.DataFrame({"rcid": votes["rcid"].unique()}).assign(session=lambda f: f["rcid"] // 10)
    matches = pd.DataFrame({"rcid1": [10, 20], "rcid2": [20, 30]})
    est = estimate_ideal_points(votes, roll_calls, matches).set_index(["ccode", "session"])["ideal"]
    assert (est.loc[west] > 0.5).all() and (est.loc[east] < -0.5).all()
    assert (est.loc[middle].abs() < est.loc[west].groupby("session").min()).all()


def _vote_code(votes, roll_calls, matches):
    return votes.assign(vote=votes["vote"].where(votes.index != 3, 8)), roll_calls, matches


def _silent_state(votes, roll_calls, matches):
    """State 999 votes only on a unanimous roll call, which says nothing about ideal points."""
    unanimous = 10_000
    extra = pd.DataFrame({"rcid": unanimous, "ccode": [*votes["ccode"].unique(), 999], "vote": 1})
    calls = pd.concat([roll_calls, pd.DataFrame({"rcid": [unanimous], "session": [1]})], ignore_index=True)
    return pd.concat([votes, extra], ignore_index=True), calls, matches


def _unknown_match(votes, roll_calls, matches):
    return votes, roll_calls, pd.concat([matches, pd.DataFrame({"rcid1": [1], "rcid2": [99_999]})])


@pytest.mark.parametrize(
    ("corrupt", "column"),
    [(_vote_code, "votes.vote"), (_silent_state, "votes.ccode"), (_unknown_match, "matches.rcid2")],
)
def test_bad_input_raises_one_line_naming_the_column(small, corrupt, column):
    with pytest.raises(InputError) as error:
        estimate_ideal_points(*corrupt(*small))
    message = str(error.value)
    assert message.startswith(column) and "\n" not in message


def test_select_votes(small):
    votes, roll_calls, matches = small
    roll_calls = roll_calls.assign(
        importantvote=pd.array([1, 0, None] * (len(roll_calls) // 3), dtype="Int8")
    )
    issues = pd.DataFrame({"rcid": [1, 2, 20, 21], "short_name": ["hr", "me", "hr", "hr"]})
    v, rc, m = select_votes(votes, roll_calls, matches, subset="important", sessions=(2, 3))
    assert set(rc["rcid"]) == set(
        roll_calls.loc[roll_calls["importantvote"].eq(1) & roll_calls["session"].between(2, 3), "rcid"]
    )
    assert v["rcid"].isin(rc["rcid"]).all() and m[["rcid1", "rcid2"]].isin(rc["rcid"].tolist()).all(axis=None)
    v, rc, m = select_votes(votes, roll_calls, matches, subset="hr", issues=issues)
    assert set(rc["rcid"]) == {1, 20, 21} and m.empty
    with pytest.raises(InputError, match="^subset"):
        select_votes(votes, roll_calls, matches, subset="nukes")


def test_published_reader_and_validation(tmp_path):
    path = tmp_path / "ideal.csv"
    pd.DataFrame(
        {
            "ccode": [2, 2, 365, 365, 140, 140],
            "session": [1, 2, 1, 2, 1, 2],
            "IdealPoint": [1.5, 1.7, -1.2, -1.0, 0.1, -0.3],
            "Q5%": [1.2, 1.4, -1.5, -1.3, -0.2, -0.6],
            "Q95%": [1.8, 2.0, -0.9, -0.7, 0.4, 0.0],
            "Countryname": ["United States", "United States", "Russia", "Russia", "Brasil", "Brasil"],
        }
    ).assign(Countryname=lambda f: f["Countryname"].str.replace("Brasil", "Brésil")).to_csv(
        path, index=False, encoding="latin-1"
    )
    published = read_published_ideal_points(path)
    assert list(published.columns) == ["ccode", "session", "year", "ideal", "width90"]
    assert np.allclose(published["width90"], 0.6)
    roll_calls = pd.DataFrame({"rcid": range(70), "session": [1] * 35 + [2] * 35})
    check = validate_against_published(published, published, roll_calls, min_sessions=2)
    assert check["pooled_r"] == pytest.approx(1) and check["sessions_below_floor"] == []
    assert all(check["passed"].values())
