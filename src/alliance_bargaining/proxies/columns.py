"""Definitions, sources and types of the analysis datasets' columns, for the generated codebooks.

``DATASET_COLUMNS[name][column] = (definition, source)`` and ``DATASET_DTYPES[name][column]``, in the
datasets' column order (primary MID data COW; ``dataset_columns("gml")`` for GML as primary).
Definitions say "(USES THE FUTURE)" where a column reads years after t; ``future_columns`` lists them.
Windows and thresholds are quoted at the resolved ``proxies`` parameters (``dataset_columns(mid_source,
params)``; the module constants use the schema's defaults). Controls a hypothesis names that a dataset
does not build are read from the dyad-year panel for the dataset's ``DATASET_UNITS`` (``control_columns``).
"""

from alliance_bargaining.panel.build import other_mid_source
from alliance_bargaining.panel.columns import ATOP, IDEAL, MID_NAMES, NMC, UN
from alliance_bargaining.settings import proxy_params

FUTURE = "(USES THE FUTURE)"
STATES = "COW State System Membership v2016"
PATRONS = "COW major powers v2016 (Maoz 2010 global powers if patron = maoz_global)"
RIVALS = "Thompson and Dreyer 2012 strategic rivalries (TSS 2022, or MIDs in t-{w}..t-1, per `rival`)"
SIPRI = "SIPRI Arms Transfers Database (360info table)"
CONTIGUITY = "COW Direct Contiguity 3.2 (Stinnett et al. 2002)"
COMPUTED = "computed here"
LAG_RULE = (
    "UN values of a year s < t are read from roll calls dated before 1 January of s+1: agreement by "
    "calendar year s, the ideal-point distance in session year s-1"
)


def _keys(*roles: tuple[str, str]) -> list:
    return [(name, f"COW code of {what}", STATES, "int16") for name, what in roles] + [
        ("year", "calendar year t", STATES, "int16")
    ]


# The units of each dataset's rows: a control named by a hypothesis is read from the panel for them.
DATASET_UNITS = {
    "h1_h2_ally_rival": ("ccode_a", "ccode_r"),
    "h3_patron_prospect": ("ccode_p", "ccode_a"),
    "h4_ally_client": ("ccode_a", "ccode_c"),
    "h4_placebo_rival_client": ("ccode_a", "ccode_c"),
    "h5_patron_client": ("ccode_p", "ccode_k"),
    "h6_hegemon_state": ("ccode",),
    "h7_client_voice": ("ccode_p", "ccode_k"),
    "event_alliance_onset": ("ccode",),
    "event_alliance_onset_placebo": ("ccode",),
}


def _lag(k: int) -> str:
    return f"t-{k}"


def _prospects(target: str, p: dict) -> list:
    return [
        (
            "n_patrons",
            f"number of patrons P in t with {target} and with which A is not allied in t-1 (triads collapsed)",
            f"{PATRONS}; {ATOP}",
            "Int32",
        ),
        (
            "prospect_ex_ante",
            f"A is a prospective ally of at least one such P: {p['affinity']}(A, P) in {_lag(p['prospect_lag'])} "
            f"above the median {p['affinity']} with P in {_lag(p['prospect_lag'])} of P's allies in that "
            f"year if at least {p['prospect_min_allies']} have UN data, else of P's ally-years in the "
            f"{p['prospect_benchmark_window']} years to {_lag(p['prospect_lag'])} (at least "
            f"{p['prospect_min_allies']} distinct allies, else unknown); for a distance (un_ideal_distance), "
            f"below the benchmark. {LAG_RULE} (missing if unknown for every such P)",
            f"{UN}; {ATOP}",
            "Int8",
        ),
        (
            "prospect_toward",
            "alternative: A moves toward at least one such P: the ideal-point distance A-P fell from t-3 to "
            "t-1 (sessions t-4 and t-2) by more than the median year-to-year change of un_ideal_distance "
            "(missing if unknown for every such P)",
            f"{IDEAL}; {ATOP}",
            "Int8",
        ),
        (
            "prospect_alignment",
            "alternative for states without UN votes: prospect_ex_ante where known for such a P, else A "
            "received arms from P (TIV > 0) or held an ATOP consultation or non-aggression obligation "
            "with P in t-3..t-1 (0 if none and the data cover the window; 1 if so for at least one such P)",
            f"{UN}; {SIPRI}; {ATOP}",
            "Int8",
        ),
        (
            "prospect_ex_post",
            f"{FUTURE} an alliance onset between A and at least one such P in t+1..t+{p['prospect_lead']}",
            ATOP,
            "Int8",
        ),
    ]


def _conflict(mids: dict, other: str, p: dict) -> list:
    rows = []
    for suffix, source in (("", mids["primary"]), ("_alt", mids["alternative"])):
        data = "" if not suffix else " (alternative MID data)"
        rows += [
            (
                f"mid_onset_initiated{suffix}",
                f"a MID begins in t with A on side A as an originator{data}",
                source,
                "Int8",
            ),
            (f"mid_onset{suffix}", f"a MID between A and {other} begins in t{data}", source, "Int8"),
            (
                f"mid_onset_force{suffix}",
                f"a MID beginning in t reaches hostility level >= {p['hostility_min']}{data}",
                source,
                "Int8",
            ),
            (f"mid_onset_fatal{suffix}", f"a MID beginning in t has fatalities{data}", source, "Int8"),
        ]
    return rows


def _peace(mids: dict) -> list:
    rows = []
    for suffix, source in (("", mids["primary"]), ("_alt", mids["alternative"])):
        rows += [
            (f"peace_years{suffix}", "years since the dyad's last MID onset", source, "Int32"),
            (f"peace_years2{suffix}", "peace_years squared", source, "float64"),
            (f"peace_years3{suffix}", "peace_years cubed", source, "float64"),
            (
                f"peace_spline1{suffix}",
                "peace-years natural cubic spline term 1 (knots 1, 4, 7)",
                source,
                "float64",
            ),
            (f"peace_spline2{suffix}", "peace-years spline term 2", source, "float64"),
            (f"peace_spline3{suffix}", "peace-years spline term 3", source, "float64"),
        ]
    return rows


RISK_SETS = {
    "not_allied": "Risk set (risk_set not_allied): only rows with allied_any_lag = 0",
    "including_allied": "Risk set (risk_set including_allied): the allied A-R rows are kept (allied_any_lag = 1)",
}

FIGHT_TEXT = {
    "solo_initiated": "solo (P not in a MID with the same R that year), A on side A (the initiating side)",
    "solo_targeted": "solo (P not in a MID with the same R that year), A on side B (targeted)",
    "joint_initiated": "joint (P itself in a MID with the same R that year), A on side A (the initiating side)",
    "joint_targeted": "joint (P itself in a MID with the same R that year), A on side B (targeted)",
}


def _rival_fights(mids: dict, rivals: str, p: dict) -> list:
    """H3's split of A's MIDs against P's rivals and its placebo, for both MID data."""
    lag, first = p["mid_lag"], p["gain_lead"] + 1
    rows = []
    for suffix, source in (("", mids["primary"]), ("_alt", mids["alternative"])):
        data = "" if not suffix else " (alternative MID data)"
        rows += [
            (
                f"mid_vs_rival_{kind}_lag{suffix}",
                f"A in a MID (beginning or under way) in some year s of t-{lag}..t-1 against a state R that "
                f"was P's rival in s, {text}{data}",
                f"{source}; {rivals}",
                "Int8",
            )
            for kind, text in FIGHT_TEXT.items()
        ]
        rows += [
            (
                f"mid_vs_rival_{side}_lag{suffix}",
                f"mid_vs_rival_solo_{side}_lag{suffix} or mid_vs_rival_joint_{side}_lag{suffix} (solo and joint "
                f"pooled: H3's fight dimension, choice any){data}",
                f"{source}; {rivals}",
                "Int8",
            )
            for side in ("initiated", "targeted")
        ]
        rows += [
            (
                f"mid_vs_rival_lag{suffix}",
                f"any of the four mid_vs_rival_*_lag{suffix} (A in a MID against P's rival in t-{lag}..t-1: "
                f"the undivided measure){data}",
                f"{source}; {rivals}",
                "Int8",
            ),
            (
                f"mid_vs_rival_lead{suffix}",
                f"{FUTURE} placebo: as mid_vs_rival_solo_initiated_lag{suffix}, in t+{first}..t+{first + lag - 1}"
                f"{data}",
                f"{source}; {rivals}",
                "Int8",
            ),
        ]
    return rows


def _outside_options(p: dict) -> list:
    rivals = RIVALS.format(w=p["rival_mid_window"])
    return [
        (
            "outside_option",
            f"in t-{p['outside_option_window']}..t-1 K received arms (TIV > 0) from, or held a commitment "
            "of, a patron Q' != P that was P's rival that year",
            f"{SIPRI}; {ATOP}; {rivals}",
            "Int8",
        ),
        (
            "outside_option_un",
            f"highest un_agree of K in t-1 with a patron that was P's rival in t-1 (0 if P had none). {LAG_RULE}",
            f"{UN}; {rivals}",
            "float64",
        ),
    ]


def _option_event_rows() -> list:
    """H7's event time around the dyad's first outside-option onset t0 (``proxies.option_onset``)."""
    onset = (
        "t0 = the dyad's first client year with outside_option = 1 after a client year with 0 "
        "(missing for the dyad if unknown; 0 if never an option)"
    )
    rows = [
        ("event_m4", f"t - t0 <= -4; {onset}"),
        ("event_m3", "t - t0 = -3 (reference: t - t0 = -1)"),
        ("event_m2", "t - t0 = -2"),
        ("event_post", "0 <= t - t0 <= 3: its coefficient is the mean effect over t0..t0+3 (H7_event's key term)"),
        ("event_p1_vs_p0", "(t - t0 = 1) - (t - t0 = 0): contrast, so that event_post's coefficient is the mean"),
        ("event_p2_vs_p0", "(t - t0 = 2) - (t - t0 = 0)"),
        ("event_p3_vs_p0", "(t - t0 = 3) - (t - t0 = 0)"),
        ("event_p4", "t - t0 >= 4"),
    ]
    # t0 may lie after t (leads; a dyad with 0 in every column is one never seen with an option)
    return [(name, f"{FUTURE} {definition}", COMPUTED, "float64") for name, definition in rows]


def _event_keys(p: dict) -> list:
    window = p["event_window"]
    return [
        ("stack", "stack: one per event (A, onset year), numbered by onset year and A", COMPUTED, "int16"),
        ("ccode_a", "COW code of A, the stack's treated state", STATES, "int16"),
        ("ccode", "COW code of the row's state: A or one of the stack's controls", STATES, "int16"),
        ("year", "calendar year t", STATES, "int16"),
        ("onset_year", "year t0 of the stack's alliance onset(s) with A", ATOP, "int16"),
        ("event_time", f"t - t0, from -{window} to {window}", COMPUTED, "int16"),
    ]


def _event_rows(mids: dict, rivals: str, p: dict) -> list:
    lag = p["event_baseline_lag"]
    outcomes = []
    for stem, who, source in (("rival", "rival", rivals), ("client", "client", ATOP)):
        for suffix, data in (("", "primary"), ("_alt", "alternative")):
            outcomes.append(
                (
                    f"{stem}_mid_onset{suffix}",
                    f"the state has a MID onset in t with at least one {who} in t of the stack's patrons "
                    f"(itself excluded; {data} MID data)",
                    f"{mids[data]}; {source}",
                    "Int8",
                )
            )
    return [
        ("treated", "the row's state is A (1) or a control (0)", COMPUTED, "Int8"),
        (
            "n_patrons",
            "number of patrons with an onset with A in t0 (several: a multilateral accession, one event)",
            f"{PATRONS}; {ATOP}",
            "int8",
        ),
        (
            "affinity_baseline",
            f"mean over the stack's patrons of {p['affinity']} with the state in t0-{lag} (the matching variable)",
            UN,
            "float64",
        ),
        *outcomes,
    ]


def _ally_client(mids: dict, p: dict, client: str, target: str) -> list:
    """H4 and its placebo (one undirected A-C pair per year: the smaller COW code as A when both
    directions are eligible)."""
    prior = _lag(p["prospect_lag"] + 1)
    return (
        _keys(
            ("ccode_a", "A, a minor power (the smaller code of a pair eligible both ways)"),
            ("ccode_c", client),
        )
        + _prospects(target, p)
        + [
            (
                "prospect_ex_ante_prior",
                f"prospect_ex_ante measured one year earlier: {p['affinity']}(A, P) in {prior} against the "
                f"allies' median in {prior}; never shares a year with un_agree_lag (H4's ANCOVA key term)",
                f"{UN}; {ATOP}",
                "Int8",
            )
        ]
        + _conflict(mids, "C", p)
        + [
            ("un_agree", "un_agree of A and C in t (H4's ANCOVA outcome)", UN, "float64"),
            ("un_agree_lag", "un_agree of A and C in t-1 (H4's ANCOVA control)", UN, "float64"),
            (
                "un_agree_gain",
                "un_agree of A and C in t minus in t-1. Not an H4 outcome: a prospect is selected on a high "
                "A-P agreement in t-1, which regresses to the mean in t, and so does A's agreement with P's "
                "clients (issue 11: A-P change -0.045 for prospects, +0.007 for others); H4 uses un_agree "
                "on un_agree_lag with prospect_ex_ante_prior instead (ANCOVA)",
                UN,
                "float64",
            ),
            (
                "yield_or_compromise",
                "the A-C MID beginning in t ends with A's side yielding or in compromise (missing without "
                "an onset or with an unclear outcome)",
                mids["primary"],
                "Int8",
            ),
            (
                "yield_or_compromise_alt",
                "as yield_or_compromise, alternative MID data",
                mids["alternative"],
                "Int8",
            ),
        ]
        + [("affinity_lag", f"{p['affinity']} (UN affinity) of A and C in t-1. {LAG_RULE}", UN, "float64")]
        + _peace(mids)
    )


def _specs(mids: dict, p: dict) -> dict[str, list]:
    rivals = RIVALS.format(w=p["rival_mid_window"])
    return {
        "h1_h2_ally_rival": _keys(("ccode_a", "A, a minor power"), ("ccode_r", "R, a rival of a patron"))
        + _prospects("R as a rival in t", p)
        + [
            (
                "n_upgrade_patrons",
                "number of patrons P in t with R as a rival in t whose commitment to A (in t-1) can deepen: "
                "P's row lacks one of the five ATOP obligations in t-1 (the panel's upgrade rule); a row with "
                "n_patrons = 0 has the prospect measures 0",
                f"{PATRONS}; {ATOP}",
                "Int32",
            ),
            (
                "upgrade_at_stake",
                "n_upgrade_patrons > 0: a deeper commitment of such a P is at stake",
                ATOP,
                "Int8",
            ),
            (
                "allied_any_lag",
                "A and R had an ATOP obligation of any kind (either direction) with each other in t-1. "
                + RISK_SETS[p["risk_set"]],
                ATOP,
                "Int8",
            ),
            (
                "allied_with_rival_lag",
                "A had an ATOP obligation of any kind (either direction) in t-1 with a state S != R that is a "
                "rival of R in t (S may be a patron of the row; a flag, not an exclusion)",
                f"{ATOP}; {rivals}",
                "Int8",
            ),
            ("w", "alliance value: cinc_A / (cinc_A + cinc_R) in t", NMC, "float64"),
            (
                "w_rivalry",
                "alternative alliance value: A-R strategic rivalry active in t",
                "Thompson and Dreyer 2012",
                "Int8",
            ),
            ("prospect_x_w", "prospect_ex_ante x w", COMPUTED, "float64"),
            ("prospect_ex_post_x_w", f"{FUTURE} prospect_ex_post x w", COMPUTED, "float64"),
        ]
        + _conflict(mids, "R", p)
        + _peace(mids),
        "h3_patron_prospect": _keys(("ccode_p", "P, a patron in t"), ("ccode_a", "A, a minor power"))
        + [
            ("allied_lag", "P committed to A in t-1", ATOP, "Int8"),
            (
                "alliance_gain_lead",
                f"{FUTURE} alliance gain P-A in t..t+{p['gain_lead']}: onset if allied_lag = 0, upgrade if "
                "allied_lag = 1",
                ATOP,
                "Int8",
            ),
            (
                "alliance_onset_lead",
                f"{FUTURE} alliance onset P-A in t..t+{p['gain_lead']}; missing if allied_lag = 1",
                ATOP,
                "Int8",
            ),
        ]
        + _rival_fights(mids, rivals, p)
        + [
            (
                "terrthreat_a_lag",
                "A's latent external territorial threat in t-1 (posterior mean, lterrthreat; to 2010)",
                "Miller 2022 territorial threat (peacesciencer terrthreat)",
                "float64",
            ),
        ]
        + [("affinity_lag", f"{p['affinity']} (UN affinity) of P and A in t-1. {LAG_RULE}", UN, "float64")],
        "h4_ally_client": _ally_client(mids, p, "C, an existing client of a patron", "C as a client in t"),
        "h4_placebo_rival_client": _ally_client(
            mids,
            p,
            "C', a client of a patron's rival and not of the patron (H4's placebo: reassurance predicts no "
            "effect of A's prospect toward C', or a harder line; plain alignment the negative sign it has "
            "toward P's clients)",
            "C' as a client of P's rival in t and not of P",
        ),
        "h5_patron_client": _keys(("ccode_p", "P, a patron in t"), ("ccode_k", "K, a client of P in t"))
        + [
            (
                "rapprochement",
                f"a strategic rivalry of P with some state ended within {p['rapprochement_window']} years: "
                f"active in some year of t-{p['rapprochement_window']}..t-1, not in t",
                "Thompson and Dreyer 2012 (TSS per `rapprochement_rivalry`)",
                "Int8",
            ),
            (
                "rapprochement_un",
                f"un_agree of P with a state that was its rival in t-{p['rapprochement_un_years']} rose by >= "
                f"{p['rapprochement_un_rise']} from t-{p['rapprochement_un_years']} to t",
                f"{UN}; Thompson and Dreyer 2012",
                "Int8",
            ),
        ]
        + _outside_options(p)
        + [
            ("rapprochement_x_outside_option", "rapprochement x outside_option", COMPUTED, "float64"),
            (
                "log_arms_tiv",
                "log(1 + arms transfers P->K in t, TIV millions); missing before 1950",
                SIPRI,
                "float64",
            ),
            ("alliance_gain", "new or upgraded commitment of P to K in t", ATOP, "Int8"),
            ("un_agree_gain", "un_agree of P and K in t minus in t-1", UN, "float64"),
        ],
        "h6_hegemon_state": [
            ("ccode", "COW code of state A (not the hegemon)", STATES, "int16"),
            ("year", "calendar year t", STATES, "int16"),
            (
                "un_agree_important_hegemon",
                "un_agree of A and the hegemon on important votes in t (from 1983)",
                UN,
                "float64",
            ),
            ("un_agree_hegemon", "un_agree of A and the hegemon on all votes in t", UN, "float64"),
            (
                "un_agree_important_extra",
                "un_agree_important_hegemon - un_agree_hegemon: A's extra agreement with the hegemon on "
                "the votes it cares about (Istomin and Baikov 2019), -1 to 1",
                COMPUTED,
                "float64",
            ),
            ("un_n_important_hegemon", "number of important roll calls both voted on in t", UN, "float64"),
            ("ally_hegemon", "the hegemon is committed to A in t", ATOP, "Int8"),
            ("cinc", "A's CINC (share of world capabilities) in t", NMC, "float64"),
            ("small", f"cinc below {p['small_cinc_max']}", NMC, "Int8"),
            ("post_1991", f"year >= {p['post_cold_war_first_year']}", COMPUTED, "Int8"),
            ("ally_hegemon_x_small", "ally_hegemon x small", COMPUTED, "float64"),
            ("ally_hegemon_x_post_1991", "ally_hegemon x post_1991", COMPUTED, "float64"),
            ("major", "A is a COW major power in t", "COW major powers v2016", "Int8"),
            (
                "log_mindist_hegemon",
                "log(1 + minimum distance between A and the hegemon in km) in t (0 if contiguous)",
                "CShapes 2.0 (Schvitz et al. 2022), via peacesciencer",
                "float64",
            ),
        ],
        "h7_client_voice": _keys(("ccode_p", "P, a patron in t"), ("ccode_k", "K, a client of P in t"))
        + [
            ("voice", "1 - un_agree of K and P in t: K's disagreement with P", UN, "float64"),
            ("voice_lag", "voice in t-1 (H7's dynamic specification)", UN, "float64"),
            (
                "voice_ideal",
                "un_ideal_distance of K and P in t minus in t-1 (session years): K moving away from P",
                IDEAL,
                "float64",
            ),
            (
                "voice_important",
                "1 - un_agree_important of K and P in t: disagreement on US important votes (from 1983)",
                UN,
                "float64",
            ),
            (
                "voice_act",
                "voice act: voice - voice_lag >= 0.10 (K's disagreement with P rose by 10 points; "
                "the rapprochement_un_rise convention), for the voice-vs-exit rates",
                UN,
                "Int8",
            ),
            ("exit", "P's commitment to K ends in t (allied in t-1, not in t)", ATOP, "Int8"),
            (
                "alliance_years",
                "years since P's commitment to K began: t - s, s the first year of the run of allied years "
                "ending in t-1 (a year outside ATOP coverage ends a run); the exit hazard's duration",
                ATOP,
                "float64",
            ),
            ("alliance_years2", "alliance_years squared (Carter and Signorino 2010)", ATOP, "float64"),
            ("alliance_years3", "alliance_years cubed (Carter and Signorino 2010)", ATOP, "float64"),
        ]
        + _outside_options(p)
        + [
            (
                "outside_option_lead",
                f"{FUTURE} placebo: as outside_option, with the tie in t+1..t+4 instead of "
                f"t-{p['outside_option_window']}..t-1",
                f"{SIPRI}; {ATOP}; {RIVALS.format(w=p['rival_mid_window'])}",
                "Int8",
            ),
            *_option_event_rows(),
        ],
        "event_alliance_onset": _event_keys(p) + _event_rows(mids, rivals, p),
        "event_alliance_onset_placebo": [
            (
                "draw",
                "placebo draw (onset years drawn at random for the same A's and patrons)",
                COMPUTED,
                "int16",
            ),
            *_event_keys(p),
            *(row for row in _event_rows(mids, rivals, p) if row[0] != "affinity_baseline"),
        ],
    }


def dataset_columns(
    mid_source: str = "cow", params: dict | None = None
) -> dict[str, dict[str, tuple[str, str]]]:
    """name -> column -> (definition, source) of the built columns, for ``mid_source`` as the primary
    MID data and the ``proxies`` parameters ``params`` (schema defaults for missing keys)."""
    mids = {"primary": MID_NAMES[mid_source], "alternative": MID_NAMES[other_mid_source(mid_source)]}
    spec = _specs(mids, proxy_params(params))
    return {name: {c: (d, s) for c, d, s, _ in rows} for name, rows in spec.items()}


def control_columns(name: str, controls: list, panel_columns: dict) -> dict[str, tuple[str, str]]:
    """column -> (definition, source) of the controls dataset ``name`` reads from the dyad-year panel
    (``panel_columns``: the panel codebook's definitions)."""
    units = ", ".join(DATASET_UNITS[name])
    return {
        c: (f"{panel_columns[c][0]} (dyad-year panel column `{c}` at ({units}, t))", panel_columns[c][1])
        for c in controls
    }


def future_columns(name: str) -> list[str]:
    """Columns of dataset ``name`` that read years after t."""
    return [c for c, (definition, _) in DATASET_COLUMNS[name].items() if definition.startswith(FUTURE)]


DATASET_COLUMNS = dataset_columns("cow")
DATASET_DTYPES = {
    name: {c: dtype for c, _, _, dtype in spec}
    for name, spec in _specs({"primary": "", "alternative": ""}, proxy_params(None)).items()
}
