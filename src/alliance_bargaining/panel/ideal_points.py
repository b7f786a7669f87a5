"""Dynamic ordinal ideal points of states from UN General Assembly votes, by EM.

Model (Bailey, Strezhnev and Voeten 2017, "Estimating Dynamic State Preferences from United Nations
Voting Data", JCR 61(2): 430-456). State i's vote on roll call j of session t is ordinal, no < abstain
< yes, from the latent utility y* = alpha_k + beta_k x_it + e, e ~ N(0, 1): no if y* < 0, abstain if
0 <= y* < tau_k, yes if y* >= tau_k. Roll calls on the same resolution in different sessions (Voeten's
Matches.csv; chains joined as connected components) share one item k = (alpha_k, beta_k, tau_k): the
bridge that holds the scale fixed over time. Ideal points follow a random walk over sessions,
x_it ~ N(x_i,t-1, walk_sd^2), from x ~ N(0, 1) in a state's first session; a session a state misses is
a step of the walk all the same. Priors alpha_k ~ N(0, 25), beta_k ~ N(0, 1) (the authors' prior on
beta). As in the authors' code, items whose (linked) votes all fall in one category are dropped; an
item with votes in two categories is a binary probit (lower category no, upper yes, tau_k = 0), the
limit the ordinal model reaches on such data.

Estimation (Imai, Lo and Olmsted 2016, "Fast Estimation of Ideal Points with Massive Data", APSR
110(4): 631-656, ordinal and dynamic models): EM with a factorised E-step. Each step (1) replaces y*
by its truncated-normal mean; (2) updates every state's path with a Kalman filter and Rauch-Tung-
Striebel smoother vectorised across states (a loop over sessions only); (3) sets (alpha_k, beta_k) to
their posterior mode (Bayesian least squares of E[y*] on (1, x), with E[x^2] from the smoother) and
moves tau_k by one Newton step on the ordinal likelihood. Sums over votes are ``np.bincount`` and
``np.add.reduceat``. Start: x = 0, beta_k = the reference state's vote on k (+1 yes, -1 no, 0
otherwise), alpha_k and tau_k from k's category shares; steps are extrapolated by Anderson
acceleration; stop when one EM step moves no ideal point by more than ``tol``. Rows are sorted
internally, so the result does not depend on input row order. ``walk_sd`` = 0.3 was chosen on the
grid 0.15-0.5 against the published estimates (agreement is flat from 0.3 up).

Identification follows the published estimates (IdealpointestimatesAll_Apr2020.csv: pooled mean 0 and
sd 0.985 over state-sessions, the United States positive in every session; the authors' sampler
standardises ideal points over all state-sessions at each draw): after every step, ideal points are
standardised to mean 0 and standard deviation 1 over all state-sessions with votes, the sign making
the reference state's (COW 2, the United States) mean positive. ``se`` is the smoother's posterior
standard deviation on that scale given the item parameters: it omits their uncertainty (and the
factorised E-step understates the rest); its median is 0.45 of the published posterior sd.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from scipy.special import log_ndtr, ndtri

from alliance_bargaining.errors import InputError

FIRST_SESSION_YEAR = 1945  # year = session + 1945, the Bailey-Strezhnev-Voeten convention
VOTE_CODES = (1, 2, 3)  # yes, abstain, no (Voeten's coding)
ISSUE_CODES = ("me", "nu", "di", "hr", "co", "ec")
SUBSETS = ("all", "important", *ISSUE_CODES)
UNITED_STATES = 2
WALK_SD = 0.3  # sd of one session's step of the random walk, in units of the pooled sd of ideal points
ENTRY_VAR = 1.0  # prior variance of an ideal point in the state's first session
ALPHA_PRIOR_VAR = 25.0  # alpha_k ~ N(0, 25)
BETA_PRIOR_VAR = 1.0  # beta_k ~ N(0, 1), the authors' prior
CUT_RANGE = (0.05, 20.0)  # bounds of tau_k, the width of the abstain interval, for a three-category item
CUT_STEP = 1.0  # largest Newton step on tau_k per iteration
ANDERSON_MEMORY = 5  # EM steps remembered by the Anderson acceleration
TARGETS = {"pooled_r": 0.95, "median_session_r": 0.95, "session_r_floor": 0.85, "within_state_r": 0.8}
SCALE_SLOPE = (0.8, 1.25)  # slope of published on our estimates that counts as the same scale
_LOG_SQRT_2PI = 0.5 * np.log(2.0 * np.pi)


def select_votes(
    votes: pd.DataFrame,
    roll_calls: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    subset: str = "all",
    issues: pd.DataFrame | None = None,
    sessions: tuple[int, int] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Votes, roll calls and matched pairs restricted to one set of roll calls.

    ``subset``: ``"all"``; ``"important"`` (``roll_calls.importantvote == 1``, a missing flag counts
    as not important); or an issue code (me, nu, di, hr, co, ec) looked up in ``issues`` (columns
    ``rcid, short_name``, as in data/interim/un_roll_call_issues.parquet). ``sessions``: first and last
    session, inclusive. A matched pair is kept when both its roll calls are kept, so pairs naming a
    roll call missing from ``roll_calls`` drop out here (8 of Matches.csv's 955 pairs name rcids that
    the unvotes roll calls lack).
    """
    if subset not in SUBSETS:
        raise InputError(f"subset: expected one of {', '.join(SUBSETS)}; found {subset!r}")
    _require(
        roll_calls, "roll_calls", ["rcid", "session"] + (["importantvote"] if subset == "important" else [])
    )
    _require(matches, "matches", ["rcid1", "rcid2"])
    keep = pd.Series(True, index=roll_calls.index)
    if subset == "important":
        keep &= roll_calls["importantvote"].eq(1).fillna(False).astype(bool)
    elif subset != "all":
        if issues is None:
            raise InputError(
                f"issues: expected the issue table (rcid, short_name) to select {subset!r}; found none"
            )
        _require(issues, "issues", ["rcid", "short_name"])
        keep &= roll_calls["rcid"].isin(issues.loc[issues["short_name"] == subset, "rcid"])
    if sessions is not None:
        keep &= roll_calls["session"].between(*sessions)
    chosen = roll_calls[keep]
    kept_pairs = matches["rcid1"].isin(chosen["rcid"]) & matches["rcid2"].isin(chosen["rcid"])
    return votes[votes["rcid"].isin(chosen["rcid"])], chosen, matches[kept_pairs]


def estimate_ideal_points(
    votes: pd.DataFrame,
    roll_calls: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    walk_sd: float = WALK_SD,
    tol: float = 1e-4,
    max_iter: int = 500,
    reference: int = UNITED_STATES,
) -> pd.DataFrame:
    """Dynamic ordinal ideal point of every state-session with votes (model in the module docstring).

    ``votes``: ``rcid, ccode, vote`` (1 yes, 2 abstain, 3 no; one row per roll call and state);
    ``roll_calls``: ``rcid, session``; ``matches``: ``rcid1, rcid2``, roll calls sharing one item.
    Returns ``ccode, session, year, ideal, se`` sorted by ``ccode, session``; ``attrs`` holds
    ``iterations``, ``converged``, ``n_votes`` and ``n_items`` (votes and items used).
    """
    design = _prepare(votes, roll_calls, matches, reference)
    ideal, var, iterations, converged = _fit(design, walk_sd**2, tol, max_iter)
    cells = design.out
    out = pd.DataFrame(
        {
            "ccode": design.states[cells // design.n_sessions],
            "session": design.sessions[cells % design.n_sessions],
            "ideal": ideal,
            "se": np.sqrt(var),
        }
    )
    out.insert(2, "year", out["session"] + FIRST_SESSION_YEAR)
    out.attrs = {
        "iterations": iterations,
        "converged": converged,
        "n_votes": int(design.cell.size),
        "n_items": int(design.n_items),
    }
    return out


@dataclass(frozen=True)
class _Design:
    """Votes as index arrays, rows sorted by (category, item, cell, rcid); cell = state * T + session.

    Rows of one category and item are contiguous (a run), so sums by item are ``np.add.reduceat``.
    """

    runs: np.ndarray  # first row of each run
    run_item: np.ndarray  # item of each run
    run_length: np.ndarray  # rows in each run
    cell: np.ndarray  # state-session cell of each row
    row: np.ndarray  # position of each row's cell in ``out``
    n_no: int  # rows [0, n_no) are no votes, the next n_abstain abstentions, the rest yes votes
    n_abstain: int
    n_items: int
    item_votes: np.ndarray  # rows per item
    states: np.ndarray  # ccode of each state index, ascending
    sessions: np.ndarray  # session of each session index: first to last, consecutive
    first: np.ndarray  # session index of each state's first vote
    out: np.ndarray  # cells with votes (the output rows), ascending
    reference: np.ndarray  # positions in ``out`` of the reference state's cells
    cut_bounds: tuple  # lower and upper bounds of each tau_k (both 0 for a binary item)
    start: tuple  # alpha, beta, tau

    @property
    def n_sessions(self) -> int:
        return self.sessions.size


def _prepare(votes: pd.DataFrame, roll_calls: pd.DataFrame, matches: pd.DataFrame, reference: int) -> _Design:
    """Check the inputs (``InputError`` naming the column) and index the votes."""
    _require(votes, "votes", ["rcid", "ccode", "vote"])
    _require(roll_calls, "roll_calls", ["rcid", "session"])
    _require(matches, "matches", ["rcid1", "rcid2"])
    for frame, name, columns in (
        (votes, "votes", ["rcid", "ccode"]),
        (roll_calls, "roll_calls", ["rcid", "session"]),
        (matches, "matches", ["rcid1", "rcid2"]),
    ):
        for column in columns:
            if frame[column].isna().any():
                raise InputError(
                    f"{name}.{column}: expected no missing values; found {frame[column].isna().sum()}"
                )
    bad = ~votes["vote"].isin(VOTE_CODES)
    if bad.any():
        raise InputError(
            f"votes.vote: expected codes 1 (yes), 2 (abstain), 3 (no); found {_examples(votes['vote'][bad])}"
        )
    rcids = roll_calls["rcid"].to_numpy(np.int64)
    order = np.argsort(rcids, kind="stable")
    rcids, call_session = rcids[order], roll_calls["session"].to_numpy(np.int64)[order]
    if (np.diff(rcids) == 0).any():
        raise InputError(
            f"roll_calls.rcid: expected one row per roll call; found repeats of {_examples(rcids[1:][np.diff(rcids) == 0])}"
        )
    for frame, name, column in (
        (votes, "votes", "rcid"),
        (matches, "matches", "rcid1"),
        (matches, "matches", "rcid2"),
    ):
        unknown = ~frame[column].isin(rcids)
        if unknown.any():
            raise InputError(
                f"{name}.{column}: expected roll-call ids present in roll_calls.rcid; "
                f"found {unknown.sum()} that are not, such as {_examples(frame[column][unknown])}"
            )

    # Matched roll calls form one item: connected components of the graph of matched pairs.
    ends = [np.searchsorted(rcids, matches[c].to_numpy(np.int64)) for c in ("rcid1", "rcid2")]
    graph = sparse.coo_matrix((np.ones(ends[0].size), tuple(ends)), shape=(rcids.size, rcids.size))
    call_item = connected_components(graph, directed=False)[1]

    call = np.searchsorted(rcids, votes["rcid"].to_numpy(np.int64))
    ccode = votes["ccode"].to_numpy(np.int64)
    category = 3 - votes["vote"].to_numpy(np.int64)  # 0 no, 1 abstain, 2 yes
    states, state = np.unique(ccode, return_inverse=True)
    sessions = np.arange(call_session[call].min(), call_session[call].max() + 1)
    cell = state * sessions.size + call_session[call] - sessions[0]
    pairs = np.unique(cell * rcids.size + call)
    if pairs.size < cell.size:
        raise InputError(
            "votes.rcid, votes.ccode: expected one row per roll call and state; found repeated pairs"
        )
    out = np.unique(cell)
    first = (out % sessions.size)[np.unique(out // sessions.size, return_index=True)[1]]
    if reference not in states:
        raise InputError(
            f"votes.ccode: expected the reference state {reference} (it sets the sign); found no votes of it"
        )

    # Keep contested items (two or more vote categories), then index them 0..K-1. An item with two
    # categories is a binary probit, the limit of the ordinal model for such data: its lower category
    # is coded no, its upper one yes, and tau_k = 0.
    item = call_item[call]
    present = np.zeros((call_item.max() + 1, 3), bool)
    present[item, category] = True
    n_categories = present.sum(axis=1)[item]
    keep = n_categories >= 2
    silent = np.setdiff1d(states, states[state[keep]])
    if silent.size:
        raise InputError(
            f"votes.ccode: expected every state to vote on a contested roll call (two or more vote "
            f"categories); found none for {_examples(silent)}"
        )
    category = np.where(n_categories == 2, np.where(category == present.argmax(axis=1)[item], 0, 2), category)
    order = np.lexsort((rcids[call][keep], cell[keep], item[keep], category[keep]))
    category, cell, state = category[keep][order], cell[keep][order], state[keep][order]
    item = np.unique(item[keep][order], return_inverse=True)[1]
    n_items = item.max() + 1
    runs = np.flatnonzero(np.diff(category * n_items + item, prepend=-1))

    counts = np.bincount(item * 3 + category, minlength=3 * n_items).reshape(n_items, 3)
    binary = counts[:, 1] == 0
    cut_bounds = (np.where(binary, 0.0, CUT_RANGE[0]), np.where(binary, 0.0, CUT_RANGE[1]))
    shares = (counts + 0.5) / (counts.sum(axis=1, keepdims=True) + 1.5)
    alpha = ndtri(1.0 - shares[:, 0])  # P(no) = Phi(-alpha) at x = 0
    tau = np.clip(alpha - ndtri(shares[:, 2]), *cut_bounds)  # P(yes) = Phi(alpha - tau)
    is_ref = state == np.searchsorted(states, reference)
    ref_votes = np.bincount(item[is_ref], minlength=n_items)
    beta = np.bincount(item[is_ref], category[is_ref] - 1.0, minlength=n_items) / np.maximum(ref_votes, 1)
    return _Design(
        runs=runs,
        run_item=item[runs],
        run_length=np.diff(runs, append=item.size),
        cell=cell,
        row=np.searchsorted(out, cell),
        n_no=int(counts[:, 0].sum()),
        n_abstain=int(counts[:, 1].sum()),
        n_items=int(n_items),
        item_votes=counts.sum(axis=1),
        states=states,
        sessions=sessions,
        first=first,
        out=out,
        reference=np.flatnonzero(states[out // sessions.size] == reference),
        cut_bounds=cut_bounds,
        start=(alpha, beta, tau),
    )


def _fit(d: _Design, walk_var: float, tol: float, max_iter: int) -> tuple[np.ndarray, np.ndarray, int, bool]:
    """EM steps with Anderson acceleration (Walker and Ni 2011, SIAM J. Numer. Anal. 49(4): 1715-1735)
    until one EM step moves no ideal point by more than ``tol``. Returns the ideal points and posterior
    variances of the cells with votes, the number of EM steps and whether they converged."""
    n_out = d.out.size
    theta = np.concatenate([np.zeros(n_out), *d.start])
    images, residuals = [], []
    for step in range(1, max_iter + 1):
        image, var = _em_step(theta, d, walk_var)
        residual = image - theta
        if np.abs(residual[:n_out]).max() < tol:
            return image[:n_out], var, step, True
        images, residuals = images[-ANDERSON_MEMORY:] + [image], residuals[-ANDERSON_MEMORY:] + [residual]
        theta = image
        if step > 1:
            weights = np.linalg.lstsq(np.diff(residuals, axis=0).T, residual, rcond=None)[0]
            theta = image - np.diff(images, axis=0).T @ weights
            theta[-d.n_items :] = np.clip(theta[-d.n_items :], *d.cut_bounds)
    return image[:n_out], var, max_iter, False


def _em_step(theta: np.ndarray, d: _Design, walk_var: float) -> tuple[np.ndarray, np.ndarray]:
    """One EM step on theta = (ideal points of the cells with votes, alpha, beta, tau); also returns
    the posterior variances of those cells."""
    n_out, k = d.out.size, d.n_items
    ideal, alpha, beta, tau = theta[:n_out], theta[n_out : n_out + k], theta[n_out + k : -k], theta[-k:]
    slope, intercept = _to_rows(beta, d), _to_rows(alpha, d)
    latent, grad, hess = _truncated_means(
        intercept + slope * ideal[d.row], _to_rows(tau, d), d.n_no, d.n_abstain
    )
    step = _per_item(grad, d) / -np.minimum(_per_item(hess, d), -1e-12)
    tau = np.clip(tau + np.clip(step, -CUT_STEP, CUT_STEP), *d.cut_bounds)

    cells = d.states.size * d.n_sessions
    info = np.bincount(d.cell, slope * slope, cells)
    lin = np.bincount(d.cell, slope * (latent - intercept), cells)
    mean, var = _smooth(info, lin, d.first, walk_var)
    ideal, var = _standardize(mean[d.out], var[d.out], d.reference)
    alpha, beta = _items(latent, ideal, var, d)
    return np.concatenate([ideal, alpha, beta, tau]), var


def _truncated_means(mean: np.ndarray, tau: np.ndarray, n_no: int, n_abstain: int):
    """E[y*] under N(mean, 1) truncated to each row's vote interval (rows sorted no, abstain, yes), and
    the first and second derivatives in tau of each row's log-likelihood (0 for no votes)."""
    no, abstain, yes = slice(0, n_no), slice(n_no, n_no + n_abstain), slice(n_no + n_abstain, None)
    out, grad, hess = np.empty_like(mean), np.zeros_like(mean), np.zeros_like(mean)
    out[no] = mean[no] - _mills(-mean[no])
    low, high = -mean[abstain], tau[abstain] - mean[abstain]
    log_mass = _log_interval(low, high)
    at_low, at_high = np.exp(_log_pdf(low) - log_mass), np.exp(_log_pdf(high) - log_mass)
    out[abstain] = mean[abstain] + at_low - at_high
    grad[abstain], hess[abstain] = at_high, -at_high * (high + at_high)
    margin = mean[yes] - tau[yes]
    ratio = _mills(margin)
    out[yes] = mean[yes] + ratio
    grad[yes], hess[yes] = -ratio, -ratio * (margin + ratio)
    return out, grad, hess


def _log_pdf(z: np.ndarray) -> np.ndarray:
    return -0.5 * z * z - _LOG_SQRT_2PI


def _mills(z: np.ndarray) -> np.ndarray:
    """phi(z) / Phi(z), stable in both tails."""
    return np.exp(_log_pdf(z) - log_ndtr(z))


def _log_interval(low: np.ndarray, high: np.ndarray) -> np.ndarray:
    """log(Phi(high) - Phi(low)) for low < high, computed in the lower tail (mirrored if need be)."""
    mirror = low + high > 0
    a, b = np.where(mirror, -high, low), np.where(mirror, -low, high)
    log_b = log_ndtr(b)
    return log_b + np.log(-np.expm1(log_ndtr(a) - log_b))


def _smooth(info: np.ndarray, lin: np.ndarray, first: np.ndarray, walk_var: float):
    """Kalman filter and RTS smoother of every state's random walk, one session at a time.

    Each cell observes x through the Gaussian factor exp(lin x - info x^2 / 2); a state's walk starts
    from N(0, ENTRY_VAR) in its first session (cells before it keep that prior and no link forward).
    """
    n_sessions = info.size // first.size
    info, lin = info.reshape(-1, n_sessions).T, lin.reshape(-1, n_sessions).T
    pred_mean, pred_var = np.empty_like(info), np.empty_like(info)
    filt_mean, filt_var = np.empty_like(info), np.empty_like(info)
    mean, var = np.zeros(first.size), np.full(first.size, ENTRY_VAR)
    for t in range(n_sessions):
        entering = first >= t
        pred_mean[t] = np.where(entering, 0.0, mean)
        pred_var[t] = np.where(entering, ENTRY_VAR, var + walk_var)
        var = 1.0 / (1.0 / pred_var[t] + info[t])
        mean = var * (pred_mean[t] / pred_var[t] + lin[t])
        filt_mean[t], filt_var[t] = mean, var
    for t in range(n_sessions - 2, -1, -1):
        gain = np.where(first > t, 0.0, filt_var[t] / pred_var[t + 1])
        filt_mean[t] += gain * (filt_mean[t + 1] - pred_mean[t + 1])
        filt_var[t] += gain**2 * (filt_var[t + 1] - pred_var[t + 1])
    return filt_mean.T.ravel(), filt_var.T.ravel()


def _standardize(ideal: np.ndarray, var: np.ndarray, reference: np.ndarray):
    """Mean 0 and sd 1 over the cells with votes; the reference state's mean positive."""
    centre, scale = ideal.mean(), ideal.std()
    if ideal[reference].mean() < centre:
        scale = -scale
    return (ideal - centre) / scale, var / scale**2


def _items(latent: np.ndarray, ideal: np.ndarray, var: np.ndarray, d: _Design):
    """Posterior mode of (alpha_k, beta_k) given E[y*] and q(x): Bayesian least squares of y* on (1, x)
    with E[x^2] = mean^2 + var, priors N(0, ALPHA_PRIOR_VAR) and N(0, BETA_PRIOR_VAR)."""
    x = ideal[d.row]
    sum_x = _per_item(x, d)
    sum_xx = _per_item(x * x + var[d.row], d) + 1.0 / BETA_PRIOR_VAR
    sum_y = _per_item(latent, d)
    sum_xy = _per_item(x * latent, d)
    n = d.item_votes + 1.0 / ALPHA_PRIOR_VAR
    det = n * sum_xx - sum_x**2
    return (sum_xx * sum_y - sum_x * sum_xy) / det, (n * sum_xy - sum_x * sum_y) / det


def _per_item(values: np.ndarray, d: _Design) -> np.ndarray:
    """Sum of row values by item."""
    return np.bincount(d.run_item, np.add.reduceat(values, d.runs), d.n_items)


def _to_rows(values: np.ndarray, d: _Design) -> np.ndarray:
    """Item values repeated to the item's rows."""
    return np.repeat(values[d.run_item], d.run_length)


def read_published_ideal_points(path: str | Path) -> pd.DataFrame:
    """Bailey-Strezhnev-Voeten published estimates (Latin-1 CSV): ``ccode, session, year, ideal,
    width90`` (posterior 90% interval, Q95% - Q5%), sorted by ``ccode, session``."""
    raw = pd.read_csv(path, encoding="latin-1")
    _require(raw, "published ideal points", ["ccode", "session", "IdealPoint", "Q5%", "Q95%"])
    out = pd.DataFrame(
        {
            "ccode": raw["ccode"].astype("int64"),
            "session": raw["session"].astype("int64"),
            "year": raw["session"].astype("int64") + FIRST_SESSION_YEAR,
            "ideal": raw["IdealPoint"].astype("float64"),
            "width90": (raw["Q95%"] - raw["Q5%"]).astype("float64"),
        }
    )
    return out.sort_values(["ccode", "session"], ignore_index=True)


def validate_against_published(
    estimates: pd.DataFrame,
    published: pd.DataFrame,
    roll_calls: pd.DataFrame,
    *,
    min_roll_calls: int = 30,
    min_sessions: int = 40,
) -> dict:
    """Correlations of ``estimates`` with the published ideal points over shared state-sessions.

    Pooled; per session (median, and every session with ``min_roll_calls`` or more roll calls in
    ``roll_calls``, the roll calls estimated on); within state over time for states in
    ``min_sessions`` or more shared sessions (median); a scale check (slope of published on ours and
    the ratio of sds, both near 1 on a common scale; the United States' mean sign in both); and
    whether each target in ``TARGETS``, the sign and the scale (``SCALE_SLOPE``) check out.
    """
    both = estimates[["ccode", "session", "ideal"]].merge(
        published[["ccode", "session", "ideal"]].rename(columns={"ideal": "published"}),
        on=["ccode", "session"],
    )
    pooled = float(both["ideal"].corr(both["published"]))
    by_session = _group_corr(both, "session")
    by_session["n_roll_calls"] = roll_calls.groupby("session").size().reindex(by_session.index, fill_value=0)
    large = by_session[by_session["n_roll_calls"] >= min_roll_calls]
    below = large[large["r"] < TARGETS["session_r_floor"]]
    by_state = _group_corr(both, "ccode")
    by_state = by_state[by_state["n"] >= min_sessions]
    slope = float(np.cov(both["ideal"], both["published"])[0, 1] / both["ideal"].var())
    ours_us = both.loc[both["ccode"] == UNITED_STATES, "ideal"].mean()
    theirs_us = both.loc[both["ccode"] == UNITED_STATES, "published"].mean()
    figures = {
        "pooled_r": pooled,
        "median_session_r": float(by_session["r"].median()),
        "min_session_r": float(large["r"].min()),
        "within_state_r": float(by_state["r"].median()),
    }
    return {
        "n_state_sessions": len(both),
        "n_estimates": len(estimates),
        "n_published": len(published),
        **figures,
        "min_session_r_session": int(large["r"].idxmin()),
        "min_roll_calls": min_roll_calls,
        "n_sessions_checked": len(large),
        "sessions_below_floor": [
            {"session": int(s), "r": float(row.r), "n_roll_calls": int(row.n_roll_calls)}
            for s, row in below.iterrows()
        ],
        "min_sessions": min_sessions,
        "n_states_within": len(by_state),
        "min_within_state_r": float(by_state["r"].min()),
        "within_state_r_quartile1": float(by_state["r"].quantile(0.25)),
        "slope_published_on_ours": slope,
        "sd_ratio_published_to_ours": float(both["published"].std() / both["ideal"].std()),
        "united_states_mean": {"ours": float(ours_us), "published": float(theirs_us)},
        "targets": TARGETS,
        "passed": {
            "pooled_r": figures["pooled_r"] >= TARGETS["pooled_r"],
            "median_session_r": figures["median_session_r"] >= TARGETS["median_session_r"],
            "session_r_floor": below.empty,
            "within_state_r": figures["within_state_r"] >= TARGETS["within_state_r"],
            "sign": bool(ours_us > 0 and theirs_us > 0),
            "scale": bool(SCALE_SLOPE[0] <= slope <= SCALE_SLOPE[1]),
        },
        "sessions": [
            {
                "session": int(s),
                "r": float(row.r),
                "n_states": int(row.n),
                "n_roll_calls": int(row.n_roll_calls),
            }
            for s, row in by_session.iterrows()
        ],
    }


def _group_corr(both: pd.DataFrame, key: str) -> pd.DataFrame:
    """Correlation ``r`` of ``ideal`` and ``published`` within each ``key`` group, and its size ``n``."""
    groups = both.groupby(key)
    dx = both["ideal"] - groups["ideal"].transform("mean")
    dy = both["published"] - groups["published"].transform("mean")
    sums = pd.DataFrame({"xy": dx * dy, "xx": dx * dx, "yy": dy * dy, key: both[key]}).groupby(key).sum()
    return pd.DataFrame({"r": sums["xy"] / np.sqrt(sums["xx"] * sums["yy"]), "n": groups.size()})


def _require(frame: pd.DataFrame, name: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(
            f"{name}.{missing[0]}: expected columns {', '.join(columns)}; found no column {missing[0]}"
        )


def _examples(values, k: int = 5) -> str:
    """Up to ``k`` distinct values, ascending, for an error message."""
    unique = pd.Series(values).drop_duplicates().sort_values(key=lambda s: pd.to_numeric(s, errors="coerce"))
    shown = ", ".join(map(str, unique.iloc[:k]))
    return shown + (f" (and {unique.size - k} more)" if unique.size > k else "")
