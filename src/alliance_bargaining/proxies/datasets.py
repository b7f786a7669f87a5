"""Analysis datasets for H1-H7 and the event study (RESEARCH_DESIGN.md, 2-3).

Every proxy is read on the full panel (lags and leads reach outside the sample), then rows are cut to
the sample years ``first_year``..``last_year``. Each dataset carries the primary and alternative
measures that change only a column (prospect ex ante / ex post, both MID data sets, both rapprochement
and outside-option measures); choices that change the sample (patron measure, alliance definition,
rival definition, years) are parameters (config block ``proxies``, defaults in its schema). Rows are
sorted by the key columns; column order is fixed (``columns.DATASET_COLUMNS``), followed by the
controls the hypothesis registry names that the dataset does not build, read from the dyad-year panel
for the dataset's units (``build_dataset``). Missing values mean "unknown".

Triad collapse (H1, H4): the theory's unit is a triad (P, A, R) or (P, A, C); a row is the dyad-year
(A, R, t) or (A, C, t) over every patron P for which the triad is eligible: ``n_patrons`` counts them,
and ``prospect_*`` is 1 if A is a prospective ally of at least one of them, 0 if of none whose
measure is known, missing only if the measure is unknown for all of them.
"""

from functools import cached_property

import numpy as np
import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.proxies import concession, conflict
from alliance_bargaining.proxies.alliance import can_deepen, commitment, commitment_years
from alliance_bargaining.proxies.clients import existing_clients
from alliance_bargaining.proxies.columns import DATASET_DTYPES, DATASET_UNITS
from alliance_bargaining.proxies.events import build_event_panel, onset_events, placebo_events, stack_events
from alliance_bargaining.proxies.lookup import DyadYears, any_of, flag
from alliance_bargaining.proxies.option_onset import event_columns
from alliance_bargaining.proxies.outside_options import outside_option_lead, outside_options
from alliance_bargaining.proxies.pairs import once_per_pair
from alliance_bargaining.proxies.patrons import patron_partners, patron_years
from alliance_bargaining.proxies.prospects import allied_lag, prospective_allies
from alliance_bargaining.proxies.rapprochement import rapprochement, rapprochement_un
from alliance_bargaining.proxies.risk_set import allied_any_lag, allied_with_rival
from alliance_bargaining.proxies.rival_clients import rival_clients
from alliance_bargaining.proxies.rivals import rivals
from alliance_bargaining.proxies.un_lags import lagged
from alliance_bargaining.proxies.value import alliance_value
from alliance_bargaining.settings import proxy_params

VOICE_ACT_RISE = 0.10  # H7's voice act: disagreement with P up by >= 0.10 (the rapprochement_un_rise convention)


class Blocks:
    """The building blocks shared by the datasets, computed once from the panel.

    ``dirdisps`` maps a MID column suffix ("" primary, "_alt" alternative) to that MID data's directed
    dispute-dyad-years (for the side of A in a dispute; ``concession.mid_sides``).
    """

    def __init__(self, panel: pd.DataFrame, params: dict | None, dirdisps: dict[str, pd.DataFrame]):
        self.params = proxy_params(params)
        self.dyads = DyadYears(panel)
        self.patrons = patron_years(self.dyads, self.params["patron"])
        self.rivals = rivals(self.dyads, self.params["rival"], self.params["rival_mid_window"])
        self.rivalries = rivals(self.dyads, self.params["rapprochement_rivalry"])
        if set(dirdisps) != set(conflict.MID_SUFFIXES):
            raise ValueError(f"dirdisps must map {conflict.MID_SUFFIXES} to directed dispute-dyad-years")
        self.sides = {suffix: concession.mid_sides(dirdisps[suffix]) for suffix in conflict.MID_SUFFIXES}
        margin = self.params["event_window"]
        # P-X dyad-years of every patron state; the event study reaches event_window years around the sample
        self.partners = patron_partners(
            self.dyads,
            self.patrons,
            self.params["first_year"] - margin,
            self.params["last_year"] + margin,
            self.params["role"],
        )

    def sample(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Rows in the sample years in which P is a patron (if the frame says)."""
        keep = frame["year"].between(self.params["first_year"], self.params["last_year"])
        if "patron" in frame:
            keep &= frame["patron"]
        return frame[keep].drop(columns="patron", errors="ignore").reset_index(drop=True)

    @cached_property
    def prospects(self) -> pd.DataFrame:
        return self._prospective_allies(self.params["prospect_lag"])

    def _prospective_allies(self, lag: int) -> pd.DataFrame:
        """``prospective_allies`` with the configured parameters, affinity read in t-``lag``."""
        p = self.params
        return prospective_allies(
            self.dyads,
            self.partners,
            p["alliance"],
            p["prospect_lead"],
            p["affinity"],
            lag,
            p["prospect_min_allies"],
            p["prospect_benchmark_window"],
        )

    @cached_property
    def event_panel(self):
        """The event study's dense patron x state x year arrays (``proxies.events``), over the years
        its windows, clean-control checks and baseline affinities reach."""
        p = self.params
        margin = max(p["event_window"] + 1, p["event_baseline_lag"])
        years = (p["first_year"] - margin, p["last_year"] + p["event_window"])
        span = np.arange(years[0], years[1] + 1)
        rival_pairs = self.rivals.pairs.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_x"})
        targets = {
            "rival": (rival_pairs, self.rivals.observed(span)),
            "client": (self.clients[["ccode_p", "ccode_x", "year"]], np.ones(len(span), bool)),
        }
        return build_event_panel(self.dyads, self.patrons, targets, p["alliance"], p["affinity"], years)

    @cached_property
    def prior_prospects(self) -> pd.DataFrame:
        """``prospects`` with ``prospect_ex_ante_prior``: the ex ante prospect measured one year
        earlier (lag prospect_lag + 1), so that it never shares a year with A's t-1 measures (H4's
        ANCOVA controls for the A-C agreement of t-1)."""
        prior = self._prospective_allies(self.params["prospect_lag"] + 1)
        prior = prior[["ccode_p", "ccode_x", "year", "prospect_ex_ante"]]
        prior = prior.rename(columns={"prospect_ex_ante": "prospect_ex_ante_prior"})
        return self.prospects.merge(prior, on=["ccode_p", "ccode_x", "year"], how="left", validate="1:1")

    @cached_property
    def upgrade_stakes(self) -> pd.DataFrame:
        """(ccode_p, ccode_x, year, patron) partner rows whose commitment can deepen: P committed to A
        in t-1 (configured ``alliance``) and P's row lacks one of the five ATOP obligations in t-1."""
        partners, dyads = self.partners, self.dyads
        pa, x, t = partners["ccode_p"], partners["ccode_x"], partners["year"].to_numpy(dtype=np.int64)
        allied = allied_lag(dyads, self.params["alliance"], pa, x, t)
        return partners[(allied == 1) & (can_deepen(dyads, pa, x, t - 1) == 1)].reset_index(drop=True)

    @cached_property
    def fights(self) -> dict[str, pd.DataFrame]:
        """MID suffix -> A's fights with P's rivals (``conflict.rival_fights``)."""
        patrons = self.patrons["ccode"]
        return {
            suffix: conflict.rival_fights(self.dyads, self.rivals, self.sides[suffix], patrons, suffix)
            for suffix in conflict.MID_SUFFIXES
        }

    @cached_property
    def clients(self) -> pd.DataFrame:
        minor = self.partners[self.partners["minor"]].reset_index(drop=True)  # clients stay minor powers
        return existing_clients(self.dyads, minor, self.params["alliance"])

    @cached_property
    def patron_clients(self) -> pd.DataFrame:
        """Sample (P, K, t) patron-client rows with both outside-option measures."""
        rows = self.sample(self.clients)
        options = outside_options(
            self.dyads,
            rows,
            self.rivals,
            self.patrons,
            self.params["alliance"],
            self.params["outside_option_window"],
        )
        return rows.rename(columns={"ccode_x": "ccode_k"}).assign(**options)


def building_blocks(panel: pd.DataFrame, params: dict | None, dirdisps: dict[str, pd.DataFrame]) -> Blocks:
    """Shared blocks; ``dirdisps`` as in :class:`Blocks`."""
    return Blocks(panel, params, dirdisps)


def _triads(
    blocks: Blocks, targets: pd.DataFrame, role: str, prospects: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Collapse eligible triads (P, A, target) to dyad-years (A, target, t) (module doc); every
    ``prospect_*`` column of ``prospects`` (default ``blocks.prospects``) is collapsed."""
    prospects = blocks.sample(blocks.prospects if prospects is None else prospects)
    triads = prospects.merge(targets, on=["ccode_p", "year"])
    triads = triads[triads["ccode_x"] != triads[role]]
    triads = triads[blocks.dyads.exists(triads["ccode_x"], triads[role], triads["year"])]
    measures = {c: (c, "max") for c in prospects if c.startswith("prospect_")}
    rows = triads.groupby(["ccode_x", role, "year"], sort=True).agg(n_patrons=("ccode_p", "size"), **measures)
    return rows.reset_index().rename(columns={"ccode_x": "ccode_a"})


def _frame(name: str, columns: dict) -> pd.DataFrame:
    """The dataset in its documented column order and types, sorted by its keys."""
    spec = DATASET_DTYPES[name]
    if set(spec) != set(columns):
        raise AssertionError(
            f"{name}: columns {sorted(set(spec) ^ set(columns))} not both built and documented"
        )
    out = {}
    for column, dtype in spec.items():
        values = np.asarray(columns[column], dtype=np.float64)
        out[column] = flag(values) if dtype == "Int8" else pd.array(values, dtype=dtype)
    frame = pd.DataFrame(out)
    keys = [column for column, dtype in spec.items() if dtype == "int16"]
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)


def _upgrade_triads(blocks: Blocks, rival_pairs: pd.DataFrame) -> pd.DataFrame:
    """(ccode_a, ccode_r, year, n_upgrade_patrons): triads (P, A, R) with A's commitment with P at
    stake (``Blocks.upgrade_stakes``) and R a rival of P in t, collapsed to dyad-years."""
    stakes = blocks.sample(blocks.upgrade_stakes).merge(rival_pairs, on=["ccode_p", "year"])
    stakes = stakes[stakes["ccode_x"] != stakes["ccode_r"]]
    stakes = stakes[blocks.dyads.exists(stakes["ccode_x"], stakes["ccode_r"], stakes["year"])]
    rows = stakes.groupby(["ccode_x", "ccode_r", "year"], sort=True).agg(
        n_upgrade_patrons=("ccode_p", "size")
    )
    return rows.reset_index().rename(columns={"ccode_x": "ccode_a"})


def h1_h2_ally_rival(blocks: Blocks) -> pd.DataFrame:
    """H1/H2: directed (A, R, t), R a rival of at least one patron P with which the minor power A is
    not allied in t-1 (a prospect triad) or whose commitment to A can deepen (an upgrade-at-stake
    triad), A and R without any ATOP obligation in t-1 (the risk set, ``risk_set`` not_allied; with
    including_allied the allied A-R rows stay, flagged by ``allied_any_lag``); A's MID onsets
    against R by A's prospect of an alliance with such a P, the upgrade at stake, and w.

    A row with only upgrade-at-stake triads has ``n_patrons`` 0 and the prospect measures 0 (A is a
    prospective ally of no P)."""
    p, dyads = blocks.params, blocks.dyads
    rival_pairs = blocks.rivals.from_states(blocks.patrons)
    rival_pairs = rival_pairs.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_r"})
    keys = ["ccode_a", "ccode_r", "year"]
    rows = _triads(blocks, rival_pairs, "ccode_r").merge(
        _upgrade_triads(blocks, rival_pairs), on=keys, how="outer", sort=True
    )
    rows[["n_patrons", "n_upgrade_patrons"]] = rows[["n_patrons", "n_upgrade_patrons"]].fillna(0)
    prospects = ["prospect_ex_ante", "prospect_toward", "prospect_ex_post"]
    rows.loc[rows["n_patrons"] == 0, prospects] = 0.0
    allied = allied_any_lag(dyads, rows["ccode_a"], rows["ccode_r"], rows["year"])
    if p["risk_set"] == "not_allied":
        rows, allied = rows[allied == 0], allied[allied == 0]
    a, r, t = rows["ccode_a"], rows["ccode_r"], rows["year"].to_numpy(dtype=np.int64)
    value = alliance_value(dyads, a, r, t)
    return _frame(
        "h1_h2_ally_rival",
        {
            "ccode_a": a,
            "ccode_r": r,
            "year": t,
            "n_patrons": rows["n_patrons"],
            "prospect_ex_ante": rows["prospect_ex_ante"],
            "prospect_toward": rows["prospect_toward"],
            "prospect_alignment": rows["prospect_alignment"],
            "prospect_ex_post": rows["prospect_ex_post"],
            "n_upgrade_patrons": rows["n_upgrade_patrons"],
            "upgrade_at_stake": (rows["n_upgrade_patrons"] > 0).astype(np.float64),
            "allied_any_lag": allied,
            "allied_with_rival_lag": allied_with_rival(dyads, blocks.rivals, a, r, t),
            **value,
            "prospect_x_w": rows["prospect_ex_ante"] * value["w"],
            "prospect_ex_post_x_w": rows["prospect_ex_post"] * value["w"],
            **conflict.conflict(dyads, a, r, t, p["hostility_min"]),
            **conflict.peace_controls(dyads, a, r, t),
        },
    )


def h3_patron_prospect(blocks: Blocks) -> pd.DataFrame:
    """H3: directed (P, A, t), P a patron, A a minor power; alliance gain P-A in t..t+2 by A's MIDs
    against P's rivals in t-3..t-1, split solo/joint x A-initiated/targeted (``conflict.rival_fights``).

    Placebo (``mid_vs_rival_lead``): the key term's fights (solo, A-initiated) in the years right after
    the outcome window, t+gain_lead+1..t+gain_lead+mid_lag (t+3..t+5 by default: as long as the lag
    window)."""
    p, dyads = blocks.params, blocks.dyads
    rows = blocks.sample(blocks.partners)
    pa, a, t = rows["ccode_p"], rows["ccode_x"], rows["year"].to_numpy(dtype=np.int64)
    allied = allied_lag(dyads, p["alliance"], pa, a, t)
    window = range(p["gain_lead"] + 1)
    onset = any_of([commitment(dyads, p["alliance"], "onset", pa, a, t + k) for k in window])
    upgrade = any_of([commitment(dyads, p["alliance"], "upgrade", pa, a, t + k) for k in window])
    lags = range(-p["mid_lag"], 0)
    leads = range(p["gain_lead"] + 1, p["gain_lead"] + p["mid_lag"] + 1)
    fights = {}
    for suffix in conflict.MID_SUFFIXES:
        found = blocks.fights[suffix]
        before = conflict.mid_against_rivals(dyads, blocks.rivals, found, pa, a, t, lags, suffix)
        fights |= {f"mid_vs_rival_{kind}_lag{suffix}": before[kind] for kind in conflict.FIGHTS}
        fights |= {f"mid_vs_rival_{kind}_lag{suffix}": before[kind] for kind in conflict.POOLED}
        fights[f"mid_vs_rival_lag{suffix}"] = before["any"]
        lead = conflict.mid_against_rivals(dyads, blocks.rivals, found, pa, a, t, leads, suffix)
        fights[f"mid_vs_rival_lead{suffix}"] = lead[conflict.FIGHTS[0]]
    return _frame(
        "h3_patron_prospect",
        {
            "ccode_p": pa,
            "ccode_a": a,
            "year": t,
            "allied_lag": allied,
            "alliance_gain_lead": np.where(allied == 0, onset, np.where(allied == 1, upgrade, np.nan)),
            "alliance_onset_lead": np.where(allied == 0, onset, np.nan),
            **fights,
            "terrthreat_a_lag": dyads.state_values("lterrthreat1", a, t - 1),
            "affinity_lag": lagged(dyads, p["affinity"], pa, a, t),
        },
    )


def _ally_client(blocks: Blocks, name: str, targets: pd.DataFrame) -> pd.DataFrame:
    """H4 and its placebo: directed (A, C, t) from the eligible triads (P, A, C), C in ``targets``
    (ccode_p, ccode_c, year), collapsed over P; an undirected A-C pair once per year (``pairs``)."""
    p, dyads = blocks.params, blocks.dyads
    rows = _triads(blocks, targets, "ccode_c", blocks.prior_prospects)
    rows = rows[once_per_pair(rows, "ccode_a", "ccode_c")].reset_index(drop=True)
    a, c, t = rows["ccode_a"], rows["ccode_c"], rows["year"].to_numpy(dtype=np.int64)
    outcomes = {
        f"yield_or_compromise{suffix}": concession.yield_or_compromise(dyads, sides, a, c, t, suffix)
        for suffix, sides in blocks.sides.items()
    }
    return _frame(
        name,
        {
            "ccode_a": a,
            "ccode_c": c,
            "year": t,
            "n_patrons": rows["n_patrons"],
            "prospect_ex_ante": rows["prospect_ex_ante"],
            "prospect_toward": rows["prospect_toward"],
            "prospect_alignment": rows["prospect_alignment"],
            "prospect_ex_post": rows["prospect_ex_post"],
            "prospect_ex_ante_prior": rows["prospect_ex_ante_prior"],
            **conflict.conflict(dyads, a, c, t, p["hostility_min"]),
            "un_agree": dyads.values("un_agree", a, c, t),
            "un_agree_lag": dyads.values("un_agree", a, c, t - 1),
            "un_agree_gain": concession.un_agree_gain(dyads, a, c, t),
            **outcomes,
            "affinity_lag": lagged(dyads, p["affinity"], a, c, t),
            **conflict.peace_controls(dyads, a, c, t),
        },
    )


def h4_ally_client(blocks: Blocks) -> pd.DataFrame:
    """H4: directed (A, C, t), C an existing client of at least one patron P with which the minor power
    A is not allied in t-1; A's conflict and concessions toward C by A's prospect with such a P."""
    clients = blocks.sample(blocks.clients)[["ccode_p", "ccode_x", "year"]]
    return _ally_client(blocks, "h4_ally_client", clients.rename(columns={"ccode_x": "ccode_c"}))


def h4_placebo_rival_client(blocks: Blocks) -> pd.DataFrame:
    """H4's placebo: directed (A, C', t), C' a client of a rival of at least one patron P with which the
    minor power A is not allied in t-1, and not a client of P (``rival_clients``); as H4 otherwise."""
    rival_pairs = blocks.rivals.from_states(blocks.patrons)
    rival_pairs = rival_pairs.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_r"})
    targets = rival_clients(blocks.sample(blocks.clients), rival_pairs)
    return _ally_client(blocks, "h4_placebo_rival_client", targets)


def h5_patron_client(blocks: Blocks) -> pd.DataFrame:
    """H5: patron-client (P, K, t), K a client of the patron P; P's compensation of K by P's
    rapprochement with a rival and K's outside option."""
    p, dyads = blocks.params, blocks.dyads
    rows = blocks.patron_clients
    pa, k, t = rows["ccode_p"], rows["ccode_k"], rows["year"].to_numpy(dtype=np.int64)
    closer = rapprochement(dyads, blocks.rivalries, pa, t, p["rapprochement_window"])
    return _frame(
        "h5_patron_client",
        {
            "ccode_p": pa,
            "ccode_k": k,
            "year": t,
            "rapprochement": closer,
            "rapprochement_un": rapprochement_un(
                dyads, blocks.rivalries, pa, t, p["rapprochement_un_rise"], p["rapprochement_un_years"]
            ),
            "outside_option": rows["outside_option"],
            "outside_option_un": rows["outside_option_un"],
            "rapprochement_x_outside_option": closer * rows["outside_option"],
            "log_arms_tiv": concession.log_arms(dyads, pa, k, t),
            "alliance_gain": commitment(dyads, p["alliance"], "gain", pa, k, t),
            "un_agree_gain": concession.un_agree_gain(dyads, pa, k, t),
        },
    )


def h6_hegemon_state(blocks: Blocks) -> pd.DataFrame:
    """H6: state-years A != H (hegemon, default the United States): A's agreement with H on important
    UN votes, and its excess over A's agreement with H on all votes (Istomin and Baikov 2019: the
    extra support on the votes H cares about), by alliance with H, smallness and the post-Cold War
    years; A's distance to H for the between-state design (H6_between)."""
    p, dyads = blocks.params, blocks.dyads
    panel, h = dyads.panel, p["hegemon"]
    keep = (panel["ccode2"] == h) & (panel["ccode1"] != h)
    keep &= panel["year"].between(p["first_year"], p["last_year"])
    a, t = panel.loc[keep, "ccode1"].to_numpy(), panel.loc[keep, "year"].to_numpy()
    ally = commitment(dyads, p["alliance"], "allied", h, a, t)
    cinc = dyads.state_values("cinc1", a, t)
    small = np.where(np.isnan(cinc), np.nan, cinc < p["small_cinc_max"])
    post = (t >= p["post_cold_war_first_year"]).astype(np.float64)
    important, agree = dyads.values("un_agree_important", a, h, t), dyads.values("un_agree", a, h, t)
    return _frame(
        "h6_hegemon_state",
        {
            "ccode": a,
            "year": t,
            "un_agree_important_hegemon": important,
            "un_agree_hegemon": agree,
            "un_agree_important_extra": important - agree,
            "un_n_important_hegemon": dyads.values("un_n_important", a, h, t),
            "ally_hegemon": ally,
            "cinc": cinc,
            "small": small,
            "post_1991": post,
            "ally_hegemon_x_small": ally * small,
            "ally_hegemon_x_post_1991": ally * post,
            "major": dyads.state_values("major1", a, t),
            "log_mindist_hegemon": np.log1p(dyads.values("mindist", a, h, t)),
        },
    )


def h7_client_voice(blocks: Blocks) -> pd.DataFrame:
    """H7: patron-client (P, K, t): K's voice (UN disagreement with P, its rise, the change in the
    ideal-point distance, disagreement on important votes) and exit (end of P's commitment, with
    the commitment's age for the hazard) by K's outside option, its lead (placebo) and event time
    around the dyad's first option onset (``option_onset``)."""
    p, dyads = blocks.params, blocks.dyads
    rows = blocks.patron_clients
    pa, k, t = rows["ccode_p"], rows["ccode_k"], rows["year"].to_numpy(dtype=np.int64)
    voice = 1 - dyads.values("un_agree", k, pa, t)
    voice_lag = 1 - dyads.values("un_agree", k, pa, t - 1)
    distance = dyads.values("un_ideal_distance", k, pa, t) - dyads.values("un_ideal_distance", k, pa, t - 1)
    rise = voice - voice_lag
    age = commitment_years(dyads, p["alliance"], pa, k, t)
    lead = outside_option_lead(
        dyads, rows.rename(columns={"ccode_k": "ccode_x"}), blocks.rivals, blocks.patrons, p["alliance"]
    )
    return _frame(
        "h7_client_voice",
        {
            "ccode_p": pa,
            "ccode_k": k,
            "year": t,
            "voice": voice,
            "voice_lag": voice_lag,
            "voice_ideal": distance,
            "voice_important": 1 - dyads.values("un_agree_important", k, pa, t),
            "voice_act": np.where(np.isnan(rise), np.nan, rise >= VOICE_ACT_RISE),
            "exit": commitment(dyads, p["alliance"], "termination", pa, k, t),
            "alliance_years": age,
            "alliance_years2": age**2,
            "alliance_years3": age**3,
            "outside_option": rows["outside_option"],
            "outside_option_un": rows["outside_option_un"],
            "outside_option_lead": lead,
            **event_columns(rows[["ccode_p", "ccode_k", "year"]], rows["outside_option"].to_numpy(dtype=float)),
        },
    )


def event_alliance_onset(blocks: Blocks) -> pd.DataFrame:
    """Event study: the stacked rows around each alliance onset P-A in the sample years, one event per
    A and onset year, with matched never- or not-yet-treated controls (``proxies.events``)."""
    p = blocks.params
    panel = blocks.event_panel
    _, events, mask = onset_events(panel, p["first_year"], p["last_year"])
    rows = stack_events(panel, events, mask, p["event_window"], p["event_controls"], p["event_baseline_lag"])
    return _frame("event_alliance_onset", rows)


def event_alliance_onset_placebo(blocks: Blocks) -> pd.DataFrame:
    """The event study's placebo: ``event_placebo_draws`` stackings of the events that have a stack
    (the same A's and patrons) at random onset years (``proxies.events.placebo_events``), numbered
    by ``draw``."""
    p = blocks.params
    panel = blocks.event_panel
    _, events, mask = onset_events(panel, p["first_year"], p["last_year"])
    real = stack_events(panel, events, mask, p["event_window"], p["event_controls"], p["event_baseline_lag"])
    stacked = events.merge(real[["ccode_a", "onset_year"]].drop_duplicates(), how="left", indicator=True)
    keep = (stacked["_merge"] == "both").to_numpy()
    events, mask = events[keep].reset_index(drop=True), mask[keep]
    drawn = placebo_events(
        panel,
        events,
        mask,
        (p["first_year"], p["last_year"]),
        p["event_window"],
        p["event_baseline_lag"],
        p["event_placebo_draws"],
        p["event_placebo_seed"],
    )
    stacks = [
        stack_events(panel, e, m, p["event_window"], p["event_controls"], p["event_baseline_lag"]).assign(
            draw=d
        )
        for d, (e, m) in enumerate(drawn, start=1)
    ]
    columns = DATASET_DTYPES["event_alliance_onset_placebo"]
    return _frame("event_alliance_onset_placebo", pd.concat(stacks, ignore_index=True)[list(columns)])


DATASETS = {
    "h1_h2_ally_rival": h1_h2_ally_rival,
    "h3_patron_prospect": h3_patron_prospect,
    "h4_ally_client": h4_ally_client,
    "h4_placebo_rival_client": h4_placebo_rival_client,
    "h5_patron_client": h5_patron_client,
    "h6_hegemon_state": h6_hegemon_state,
    "h7_client_voice": h7_client_voice,
    "event_alliance_onset": event_alliance_onset,
    "event_alliance_onset_placebo": event_alliance_onset_placebo,
}


def _dtype(panel_dtype) -> str:
    """A control's dataset dtype: the panel's, integers nullable (a unit pair may lack a row)."""
    name = str(panel_dtype)
    return name[0].upper() + name[1:] if name.lower().startswith("int") else "float64"


def build_dataset(blocks: Blocks, name: str, controls: list | tuple = ()) -> pd.DataFrame:
    """Dataset ``name`` with the panel columns ``controls`` (those it does not build) appended, read
    at each row's units (``DATASET_UNITS``) and year: for a one-unit dataset, the state's own
    monadic column (``<column>1``, e.g. ``cinc1``)."""
    frame = DATASETS[name](blocks)
    units = DATASET_UNITS[name]
    dyads = blocks.dyads
    added = {}
    for column in controls:
        if column in frame or column in added:
            continue
        if column not in dyads.panel:
            raise InputError(f"dataset {name}: control '{column}' is not a dyad-year panel column")
        cells = [frame[u] for u in units] + [frame["year"]]
        values = dyads.values(column, *cells) if len(units) == 2 else dyads.state_values(column, *cells)
        dtype = _dtype(dyads.panel[column].dtype)
        added[column] = flag(values) if dtype == "Int8" else pd.array(values, dtype=dtype)
    return frame.assign(**added) if added else frame


def build_datasets(
    panel: pd.DataFrame,
    params: dict | None,
    dirdisps: dict[str, pd.DataFrame],
    controls: dict | None = None,
) -> dict[str, pd.DataFrame]:
    """Every analysis dataset from the dyad-year panel, by name (``DATASETS`` order).

    ``params`` is the config block ``proxies`` (schema defaults for missing keys). ``dirdisps`` maps
    "" (primary) and "_alt" (alternative MID data) to the directed dispute-dyad-year tables
    (``data/interim/cow_mid_dirdisps`` and ``gml_dirdisp`` when the primary is COW), for A's side in
    H4's dispute outcomes. ``controls`` maps a dataset to the panel columns it carries as controls.
    """
    blocks = building_blocks(panel, params, dirdisps)
    controls = controls or {}
    return {name: build_dataset(blocks, name, controls.get(name, ())) for name in DATASETS}
