"""Stacked event study around P-A alliance onsets (Cengiz, Dube, Lindner and Zipperer 2019).

Events. An onset P-A: P a patron in t0, A a minor power in t0 (eligible as in the other datasets),
P committed to A in t0 and not in t0-1 (ATOP, P's row, alliance definition in use), t0 in the sample
years. The design asks for one event per A and treaty; the panel has no ATOP treaty id
(peacesciencer's ATOP dyad-years aggregate the treaties), so a treaty is approximated by its onset
year: the onsets of several patrons with A in the same year (multilateral accessions such as NATO's
in 2004) are one event whose patrons are all of them (``onset_events``).

Stacks (``stack_events``). For each event (A, t0, patrons S) the treated A and, as controls, the
``n_controls`` states closest to A in UN affinity with S at t0-``baseline_lag`` (the mean over S of
the configured affinity measure; a state with it missing for a patron of S is not matched), ties
broken by the smaller COW code, from any region, among the states that are

- a minor power in the system in every year of t0-w..t0+w in which A is one;
- committed to no patron of S in any year of t0-w-1..t0+w (known 0: never treated, or not yet);
- not A.

An event whose A has no affinity at the baseline, or without a candidate, has no stack. A stack's
rows are its units in the years of t0-w..t0+w in which they are minor powers in the system; stacks
are numbered 1, 2, ... by onset year and A.

Outcomes (``EventPanel.outcomes``), for a unit X in year t and patron P: X has a MID onset in t with
at least one rival (clients: one client) of P in t, X excluded; unknown (NaN) where X or P is
outside the system, the rival sets or the MID data are not observed in t. A stack row's outcome is
the Kleene OR over the event's patrons.

Placebo (``placebo_events``): the same events (A, S) at onset years drawn at random, uniformly
among the sample years in which A is a minor power, committed to no patron of S in t-w-1..t+w and
has a known baseline affinity with S; draws from a fixed seed.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from alliance_bargaining.proxies.alliance import ALLIANCE_COLUMNS
from alliance_bargaining.proxies.conflict import MID_SUFFIXES
from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.patrons import is_patron, minor_power


@dataclass(frozen=True)
class EventPanel:
    """Dense (patron, state, year) arrays of the states that are patrons in some year and of all states.

    ``patrons`` and ``states`` are sorted COW codes; year index = year - ``first_year``. Arrays:
    ``is_patron`` (patron, year) and ``eligible`` (state, year: a minor power in the system) are
    bool; ``allied``, ``onset``, ``affinity`` and each of ``outcomes`` (patron, state, year) are
    float64 with NaN for unknown.
    """

    patrons: np.ndarray
    states: np.ndarray
    first_year: int
    is_patron: np.ndarray
    eligible: np.ndarray
    allied: np.ndarray
    onset: np.ndarray
    affinity: np.ndarray
    outcomes: dict

    @property
    def last_year(self) -> int:
        return self.first_year + self.eligible.shape[1] - 1

    def year_index(self, year) -> np.ndarray:
        """Index of each year; years outside the arrays raise (the builder covers every window)."""
        index = np.asarray(year, dtype=np.int64) - self.first_year
        if index.size and (index.min() < 0 or index.max() >= self.eligible.shape[1]):
            raise ValueError(f"years outside the event panel's {self.first_year}-{self.last_year}")
        return index


def onset_events(
    panel: EventPanel, first_year: int, last_year: int
) -> tuple[pd.DataFrame, pd.DataFrame, np.ndarray]:
    """(onsets, events, patron mask) of the onsets in first_year..last_year (module doc).

    ``onsets``: (ccode_p, ccode_a, onset_year), one row per P-A onset; ``events``: (ccode_a,
    onset_year), one row per A and onset year, sorted; mask (event, patron): the event's patrons.
    """
    years = np.arange(first_year, last_year + 1)
    t = panel.year_index(years)
    hit = (panel.onset[:, :, t] == 1) & panel.is_patron[:, None, t] & panel.eligible[None, :, t]
    p, s, y = np.nonzero(hit)
    onsets = pd.DataFrame(
        {"ccode_p": panel.patrons[p], "ccode_a": panel.states[s], "onset_year": years[y]}
    ).sort_values(["onset_year", "ccode_a", "ccode_p"], kind="mergesort", ignore_index=True)
    keys = onsets["onset_year"].to_numpy() * 1000 + onsets["ccode_a"].to_numpy()
    ids, event = np.unique(keys, return_inverse=True)
    events = pd.DataFrame({"ccode_a": ids % 1000, "onset_year": ids // 1000})
    mask = np.zeros((len(events), len(panel.patrons)), bool)
    mask[event, np.searchsorted(panel.patrons, onsets["ccode_p"].to_numpy())] = True
    return onsets, events, mask


def _baseline(panel: EventPanel, mask: np.ndarray, year: np.ndarray) -> np.ndarray:
    """(event, state): mean affinity with the event's patrons in ``year``, NaN if one is missing."""
    values = panel.affinity[:, :, panel.year_index(year)].transpose(2, 1, 0)  # (event, state, patron)
    chosen = np.where(mask[:, None, :], values, 0.0)
    return chosen.sum(axis=2) / mask.sum(axis=1)[:, None]


def _clean(panel: EventPanel, mask: np.ndarray, onset_year: np.ndarray, window: int) -> np.ndarray:
    """(event, state): committed to no patron of the event in any year of t0-w-1..t0+w (known 0)."""
    years = panel.year_index(onset_year[:, None] + np.arange(-window - 1, window + 1))
    allied = panel.allied[:, :, years]  # (patron, state, event, year)
    free = (allied == 0).all(axis=3) | ~mask.T[:, None, :]
    return free.all(axis=0).T


def stack_events(
    panel: EventPanel,
    events: pd.DataFrame,
    mask: np.ndarray,
    window: int,
    n_controls: int,
    baseline_lag: int,
) -> pd.DataFrame:
    """The stacked rows of ``events`` (ccode_a, onset_year; sorted) with patron ``mask`` (module doc).

    Columns: stack, ccode_a, ccode, treated, onset_year, event_time, year, n_patrons,
    affinity_baseline and one per outcome.
    """
    onset_year = events["onset_year"].to_numpy(dtype=np.int64)
    treated = np.searchsorted(panel.states, events["ccode_a"].to_numpy())
    n_events = len(events)
    rows = np.arange(n_events)
    years = panel.year_index(onset_year[:, None] + np.arange(-window, window + 1))  # (event, k)
    eligible = panel.eligible[:, years].transpose(1, 0, 2)  # (event, state, k)
    same_years = ~(eligible[rows, treated][:, None, :] & ~eligible).any(axis=2)
    baseline = _baseline(panel, mask, onset_year - baseline_lag)
    candidate = same_years & _clean(panel, mask, onset_year, window) & ~np.isnan(baseline)
    candidate[rows, treated] = False
    distance = np.abs(baseline - baseline[rows, treated][:, None])
    distance = np.where(candidate, distance, np.inf)
    order = np.argsort(distance, axis=1, kind="stable")[:, :n_controls]  # states sorted: ties by ccode
    chosen = np.isfinite(np.take_along_axis(distance, order, axis=1))
    keep = chosen.any(axis=1)  # a stack needs a control (and A a baseline, else none is finite)
    units = np.column_stack([treated, order])[keep]
    is_unit = np.column_stack([np.ones(n_events, bool), chosen])[keep]
    stack_event = rows[keep]
    n_units = is_unit.sum(axis=1)
    event_of = np.repeat(stack_event, n_units)
    state = units[is_unit]
    is_treated = np.column_stack([np.ones(len(units), bool), np.zeros(order.shape, bool)[keep]])[is_unit]
    stack = np.repeat(np.arange(1, len(units) + 1), n_units)
    k = 2 * window + 1
    unit_rows = np.repeat(np.arange(len(state)), k)
    offset = np.tile(np.arange(-window, window + 1), len(state))
    present = eligible[event_of[unit_rows], state[unit_rows], offset + window]
    unit_rows, offset = unit_rows[present], offset[present]
    event, s = event_of[unit_rows], state[unit_rows]
    t = panel.year_index(onset_year[event] + offset)
    out = {
        "stack": stack[unit_rows],
        "ccode_a": panel.states[treated[event]],
        "ccode": panel.states[s],
        "treated": is_treated[unit_rows].astype(np.float64),
        "onset_year": onset_year[event],
        "event_time": offset,
        "year": onset_year[event] + offset,
        "n_patrons": mask.sum(axis=1)[event],
        "affinity_baseline": baseline[event, s],
    }
    patrons = mask[event]
    for name, values in panel.outcomes.items():
        cells = values[:, s, t].T  # (row, patron)
        hit = ((cells == 1) & patrons).any(axis=1)
        unknown = (np.isnan(cells) & patrons).any(axis=1)
        out[name] = np.where(hit, 1.0, np.where(unknown, np.nan, 0.0))
    return pd.DataFrame(out)


def placebo_events(
    panel: EventPanel,
    events: pd.DataFrame,
    mask: np.ndarray,
    years: tuple[int, int],
    window: int,
    baseline_lag: int,
    draws: int,
    seed: int,
) -> list[tuple[pd.DataFrame, np.ndarray]]:
    """``draws`` placebo event sets: the same (A, patrons) at random onset years (module doc).

    Each is (events, mask) as ``onset_events`` gives, sorted; an event without an admissible year
    is left out, and of two events of one A drawn in the same year the first is kept.
    """
    candidates = np.arange(years[0], years[1] + 1)
    n_events = len(events)
    treated = np.searchsorted(panel.states, events["ccode_a"].to_numpy())
    admissible = np.zeros((n_events, len(candidates)), bool)
    for j, year in enumerate(candidates):  # one vectorised check per candidate year (~70)
        t0 = np.full(n_events, year)
        clean = _clean(panel, mask, t0, window)[np.arange(n_events), treated]
        base = _baseline(panel, mask, t0 - baseline_lag)[np.arange(n_events), treated]
        admissible[:, j] = panel.eligible[treated, panel.year_index(t0)] & clean & ~np.isnan(base)
    counts = admissible.sum(axis=1)
    rng = np.random.default_rng(seed)
    picks = np.floor(rng.random((draws, n_events)) * counts).astype(np.int64)  # the pick-th admissible year
    rank = np.cumsum(admissible, axis=1) - 1
    out = []
    for pick in picks:
        at = (admissible & (rank == pick[:, None])).argmax(axis=1)
        drawn = pd.DataFrame({"ccode_a": events["ccode_a"].to_numpy(), "onset_year": candidates[at]})
        drawn["event"] = np.arange(n_events)
        drawn = drawn[counts > 0].drop_duplicates(["ccode_a", "onset_year"])
        drawn = drawn.sort_values(["onset_year", "ccode_a"], kind="mergesort")
        out.append((drawn[["ccode_a", "onset_year"]].reset_index(drop=True), mask[drawn["event"].to_numpy()]))
    return out


def build_event_panel(
    dyads: DyadYears,
    patrons: pd.DataFrame,
    targets: dict,
    alliance: str,
    affinity: str,
    years: tuple[int, int],
) -> EventPanel:
    """The dense arrays from the panel for ``years`` (first, last).

    ``patrons``: patron state-years (ccode, year); ``targets``: outcome stem -> (pairs (ccode_p,
    ccode_x, year) linking P to its rivals or clients in t, bool array: the pairs are observed in
    each year of ``years``). Outcomes ``<stem>_mid_onset<suffix>`` for both MID data sets.
    """
    year = np.arange(years[0], years[1] + 1)
    codes = np.unique(patrons["ccode"].to_numpy()).astype(np.int64)
    states = np.unique(dyads.panel["ccode1"].to_numpy()).astype(np.int64)
    grid_s, grid_t = (a.ravel() for a in np.meshgrid(states, year, indexing="ij"))
    eligible = minor_power(dyads, patrons, grid_s, grid_t) & dyads.in_system(grid_s, grid_t)
    is_patron_ = np.stack([is_patron(patrons, np.full(len(year), p), year) for p in codes])
    shape = (len(codes), len(states), len(year))
    cell_p = np.repeat(codes, len(grid_s))
    cell_s, cell_t = np.tile(grid_s, len(codes)), np.tile(grid_t, len(codes))

    def dense(column, absent):
        return dyads.values(column, cell_p, cell_s, cell_t, absent=absent).reshape(shape)

    columns = ALLIANCE_COLUMNS[alliance]
    present = dyads.in_system(cell_s, cell_t) & dyads.in_system(cell_p, cell_t)
    outcomes = {}
    cells = pd.DataFrame(
        {"ccode_p": cell_p, "ccode_a": cell_s, "year": cell_t, "cell": np.arange(len(cell_p))}
    )
    for stem, (pairs, observed) in targets.items():
        linked = cells.merge(pairs.astype({"year": np.int64}), on=["ccode_p", "year"])
        linked = linked[linked["ccode_x"] != linked["ccode_a"]]
        known = present & observed[cell_t - years[0]]
        for suffix in MID_SUFFIXES:
            column = f"mid_onset{suffix}"
            onsets = dyads.values(column, linked["ccode_a"], linked["ccode_x"], linked["year"], absent=0.0)
            hits = np.bincount(linked["cell"], weights=np.nan_to_num(onsets), minlength=len(cells))
            unknown = ~known | ~np.isin(cell_t, dyads.observed_years(column))
            outcomes[f"{stem}_mid_onset{suffix}"] = np.where(unknown, np.nan, hits > 0).reshape(shape)
    return EventPanel(
        patrons=codes,
        states=states,
        first_year=int(years[0]),
        is_patron=is_patron_,
        eligible=eligible.reshape(len(states), len(year)),
        allied=dense(columns["allied"], 0.0),
        onset=dense(columns["onset"], 0.0),
        affinity=dense(affinity, np.nan),
        outcomes=outcomes,
    )
