"""Definitions, sources and types of the analysis datasets' columns, for the generated codebooks.

``DATASET_COLUMNS[name][column] = (definition, source)`` and ``DATASET_DTYPES[name][column]``, in the
datasets' column order (primary MID data COW; ``dataset_columns("gml")`` for GML as primary).
Definitions say "(USES THE FUTURE)" where a column reads years after t; ``future_columns`` lists them.
Windows and thresholds are quoted at their defaults (``params.DEFAULT_PARAMS``).
"""

from alliance_bargaining.panel.columns import ATOP, IDEAL, MID_NAMES, NMC, UN

FUTURE = "(USES THE FUTURE)"
STATES = "COW State System Membership v2016"
PATRONS = "COW major powers v2016 (Maoz 2010 global powers if patron = maoz_global)"
RIVALS = "Thompson and Dreyer 2012 strategic rivalries (TSS 2022, or MIDs in t-10..t-1, per `rival`)"
SIPRI = "SIPRI Arms Transfers Database (360info table)"
CONTIGUITY = "COW Direct Contiguity 3.2 (Stinnett et al. 2002)"
COMPUTED = "computed here"


def _keys(*roles: tuple[str, str]) -> list:
    return [(name, f"COW code of {what}", STATES, "int16") for name, what in roles] + [
        ("year", "calendar year t", STATES, "int16")
    ]


def _prospects(target: str) -> list:
    return [
        (
            "n_patrons",
            f"number of patrons P in t with {target} and with which A is not allied in t-1 (triads collapsed)",
            f"{PATRONS}; {ATOP}",
            "Int32",
        ),
        (
            "prospect_ex_ante",
            "A is a prospective ally of at least one such P: un_agree(A, P) in t-1 above the median "
            "un_agree with P in t-1 of P's allies in t-1 (per `affinity`: un_s, un_kappa, or "
            "un_ideal_distance below the allies' median; missing if unknown for every such P)",
            f"{UN}; {ATOP}",
            "Int8",
        ),
        (
            "prospect_toward",
            "alternative: A moves toward at least one such P: the ideal-point distance A-P fell from t-3 to "
            "t-1 by more than the median year-to-year change of un_ideal_distance (missing if unknown for every such P)",
            f"{IDEAL}; {ATOP}",
            "Int8",
        ),
        (
            "prospect_ex_post",
            f"{FUTURE} an alliance onset between A and at least one such P in t+1..t+5",
            ATOP,
            "Int8",
        ),
    ]


def _conflict(mids: dict, other: str) -> list:
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
                f"a MID beginning in t reaches hostility level >= 4{data}",
                source,
                "Int8",
            ),
            (f"mid_onset_fatal{suffix}", f"a MID beginning in t has fatalities{data}", source, "Int8"),
        ]
    return rows


def _controls(other: str) -> list:
    return [
        ("contiguous", "land or up to 400 miles of water contiguity in t", CONTIGUITY, "Int8"),
        ("mindist", "minimum distance (km) in t", "CShapes 2.0 (Schvitz et al. 2022)", "float64"),
        ("log_cinc_ratio", f"log(stronger / weaker CINC) of A and {other} in t", NMC, "float64"),
        ("joint_igos", "number of IGOs both belong to in t", "COW IGO 3.0 (Pevehouse et al. 2020)", "Int32"),
    ]


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


def _outside_options() -> list:
    return [
        (
            "outside_option",
            "in t-3..t-1 K received arms (TIV > 0) from, or held a commitment of, a patron Q' != P that "
            "was P's rival that year",
            f"{SIPRI}; {ATOP}; {RIVALS}",
            "Int8",
        ),
        (
            "outside_option_un",
            "highest un_agree of K in t-1 with a patron that was P's rival in t-1 (0 if P had none)",
            f"{UN}; {RIVALS}",
            "float64",
        ),
    ]


def _specs(mids: dict) -> dict[str, list]:
    return {
        "h1_h2_ally_rival": _keys(("ccode_a", "A, a minor power"), ("ccode_r", "R, a rival of a patron"))
        + _prospects("R as a rival in t")
        + [
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
        + _conflict(mids, "R")
        + _controls("R")
        + _peace(mids),
        "h3_patron_prospect": _keys(("ccode_p", "P, a patron in t"), ("ccode_a", "A, a minor power"))
        + [
            ("allied_lag", "P committed to A in t-1", ATOP, "Int8"),
            (
                "alliance_gain_lead",
                f"{FUTURE} alliance gain P-A in t..t+2: onset if allied_lag = 0, upgrade if allied_lag = 1",
                ATOP,
                "Int8",
            ),
            (
                "alliance_onset_lead",
                f"{FUTURE} alliance onset P-A in t..t+2; missing if allied_lag = 1",
                ATOP,
                "Int8",
            ),
            (
                "mid_vs_rival_lag",
                "A in a MID (beginning or under way) in some year s of t-3..t-1 against a state that was "
                "P's rival in s",
                f"{mids['primary']}; {RIVALS}",
                "Int8",
            ),
            (
                "mid_vs_rival_lag_alt",
                "as mid_vs_rival_lag, alternative MID data",
                f"{mids['alternative']}; {RIVALS}",
                "Int8",
            ),
        ]
        + _controls("P")
        + [("un_agree_lag", "un_agree of P and A in t-1", UN, "float64")],
        "h4_ally_client": _keys(
            ("ccode_a", "A, a minor power"), ("ccode_c", "C, an existing client of a patron")
        )
        + _prospects("C as a client in t")
        + _conflict(mids, "C")
        + [
            ("un_agree_gain", "un_agree of A and C in t minus in t-1", UN, "float64"),
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
        + _controls("C")
        + [("un_agree_lag", "un_agree of A and C in t-1", UN, "float64")]
        + _peace(mids),
        "h5_patron_client": _keys(("ccode_p", "P, a patron in t"), ("ccode_k", "K, a client of P in t"))
        + [
            (
                "rapprochement",
                "a strategic rivalry of P with some state ended within 5 years: active in some year of "
                "t-5..t-1, not in t",
                "Thompson and Dreyer 2012 (TSS per `rapprochement_rivalry`)",
                "Int8",
            ),
            (
                "rapprochement_un",
                "un_agree of P with a state that was its rival in t-3 rose by >= 0.10 from t-3 to t",
                f"{UN}; Thompson and Dreyer 2012",
                "Int8",
            ),
        ]
        + _outside_options()
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
        ]
        + _controls("K"),
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
            ("un_n_important_hegemon", "number of important roll calls both voted on in t", UN, "float64"),
            ("ally_hegemon", "the hegemon is committed to A in t", ATOP, "Int8"),
            ("cinc", "A's CINC (share of world capabilities) in t", NMC, "float64"),
            ("small", "cinc below 0.01", NMC, "Int8"),
            ("post_1991", "year >= 1992", COMPUTED, "Int8"),
            ("ally_hegemon_x_small", "ally_hegemon x small", COMPUTED, "float64"),
            ("ally_hegemon_x_post_1991", "ally_hegemon x post_1991", COMPUTED, "float64"),
            ("major", "A is a COW major power in t", "COW major powers v2016", "Int8"),
        ],
        "h7_client_voice": _keys(("ccode_p", "P, a patron in t"), ("ccode_k", "K, a client of P in t"))
        + [
            ("voice", "1 - un_agree of K and P in t: K's disagreement with P", UN, "float64"),
            ("exit", "P's commitment to K ends in t (allied in t-1, not in t)", ATOP, "Int8"),
        ]
        + _outside_options(),
        "event_alliance_onset": [
            ("ccode_p", "COW code of P, a patron in the onset year", STATES, "int16"),
            ("ccode_a", "COW code of A, a minor power allied with P from the onset year", STATES, "int16"),
            ("onset_year", "year t0 of the alliance onset P-A", ATOP, "int16"),
            ("event_time", "t - t0, from -5 to 5", COMPUTED, "int16"),
            ("year", "calendar year t", STATES, "int16"),
            ("n_rivals", "number of P's rivals in t (A excluded)", RIVALS, "Int32"),
            (
                "rival_mid_onsets",
                "number of P's rivals in t with which A has a MID onset in t",
                f"{mids['primary']}; {RIVALS}",
                "Int32",
            ),
            (
                "rival_mid_onset",
                "A has a MID onset in t with at least one of P's rivals in t",
                f"{mids['primary']}; {RIVALS}",
                "Int8",
            ),
            (
                "rival_mid_onsets_alt",
                "as rival_mid_onsets, alternative MID data",
                f"{mids['alternative']}; {RIVALS}",
                "Int32",
            ),
            (
                "rival_mid_onset_alt",
                "as rival_mid_onset, alternative MID data",
                f"{mids['alternative']}; {RIVALS}",
                "Int8",
            ),
            ("n_clients", "number of P's clients in t (A excluded)", ATOP, "Int32"),
            (
                "client_mid_onsets",
                "number of P's clients in t with which A has a MID onset in t",
                f"{mids['primary']}; {ATOP}",
                "Int32",
            ),
            (
                "client_mid_onset",
                "A has a MID onset in t with at least one of P's clients in t",
                f"{mids['primary']}; {ATOP}",
                "Int8",
            ),
            (
                "client_mid_onsets_alt",
                "as client_mid_onsets, alternative MID data",
                f"{mids['alternative']}; {ATOP}",
                "Int32",
            ),
            (
                "client_mid_onset_alt",
                "as client_mid_onset, alternative MID data",
                f"{mids['alternative']}; {ATOP}",
                "Int8",
            ),
            (
                "client_un_agree_gain",
                "mean over P's clients in t of A's un_agree gain t-1 to t with them",
                f"{UN}; {ATOP}",
                "float64",
            ),
        ],
    }


def dataset_columns(mid_source: str = "cow") -> dict[str, dict[str, tuple[str, str]]]:
    """name -> column -> (definition, source), for ``mid_source`` as the primary MID data."""
    other = "gml" if mid_source == "cow" else "cow"
    mids = {"primary": MID_NAMES[mid_source], "alternative": MID_NAMES[other]}
    return {name: {c: (d, s) for c, d, s, _ in spec} for name, spec in _specs(mids).items()}


def future_columns(name: str) -> list[str]:
    """Columns of dataset ``name`` that read years after t."""
    return [c for c, (definition, _) in DATASET_COLUMNS[name].items() if definition.startswith(FUTURE)]


DATASET_COLUMNS = dataset_columns("cow")
DATASET_DTYPES = {
    name: {c: dtype for c, _, _, dtype in spec}
    for name, spec in _specs({"primary": "", "alternative": ""}).items()
}
