"""Definitions and sources of the dyad-year panel's columns, for the generated codebook."""

from alliance_bargaining.ingest.readers import READERS

from .affinity import LAG_SUFFIX, LAGGED_MEASURES
from .joins import joined_columns

ATOP = "ATOP 5 (Leeds et al. 2002), via peacesciencer"
NMC = "COW National Material Capabilities (Singer 1987)"
MID_NAMES = {
    "cow": "COW MID 5.0 (Palmer et al. 2022)",
    "gml": "GML MID 2.2.1 (Gibler, Miller and Little 2016)",
}
IDEAL = "Bailey, Strezhnev and Voeten (2017), dynamic ideal points from all roll calls (April 2020)"
UN = "UNGA roll calls (Voeten, Strezhnev and Bailey; set: `panel.un_roll_calls`), computed here"

_OBLIGATIONS = {
    "atop_defense": "defense",
    "atop_offense": "offense",
    "atop_neutral": "neutrality",
    "atop_nonagg": "non-aggression",
    "atop_consul": "consultation",
}
_EVENTS = {
    "alliance_onset": "allied in t, not in t-1 (gaps of up to {gap} non-allied years bridged)",
    "alliance_upgrade": "allied in t-1 and t, and the set of the five ATOP obligations grows",
    "alliance_termination": "allied in t-1, not in t",
    "alliance_gain": "alliance_onset or alliance_upgrade",
}
_MIDS = {
    "mid_onset": "a MID between the two states begins in the year (at most one counted per dyad-year)",
    "mid_ongoing": "a MID between the two states is under way in the year (onsets included)",
    "mid_initiator": "ccode1 is on side A and an originator of a MID beginning in the year",
    "mid_hostlev": "hostility level (1-5) of the counted MID, the higher of the two states'; 0 without a MID",
    "mid_fatal": "the counted MID has fatalities for either state (missing if unknown)",
    "mid_dispnum": "dispute number of the counted MID: the onset MID if any (highest hostility, then lowest dispnum), else an ongoing one",
    "mid_outcome": "dispute-level outcome of the counted MID (1 victory A, 2 victory B, 3 yield by A, 4 yield by B, 5 stalemate, 6 compromise, 7 released, 8 unclear, 9 joins war)",
    "mid_settle": "dispute-level settlement of the counted MID (1 negotiated, 2 imposed, 3 none, 4 unclear)",
}
_PEACE = {
    "peace_years": "years since the dyad's last MID onset (0 in the year after an onset and in a spell's first year; restarts after a gap)",
    "peace_years2": "peace_years squared (Carter and Signorino 2010)",
    "peace_years3": "peace_years cubed (Carter and Signorino 2010)",
    "peace_spline1": "natural cubic spline term 1 in peace_years, knots 1, 4, 7 (Beck, Katz and Tucker 1998)",
    "peace_spline2": "natural cubic spline term 2 in peace_years",
    "peace_spline3": "natural cubic spline term 3 in peace_years",
}


def dyad_year_columns(mid_source: str, sources: dict | None = None, alliance_max_gap: int = 0) -> dict:
    """column -> (definition, source) for data/processed/dyad_year.parquet.

    ``sources`` are registry entries; those with a ``join`` add the columns they declare, with
    the reader's definitions. ``alliance_max_gap`` is the configured bridge of alliance events.
    """
    primary = MID_NAMES[mid_source]
    alternative = MID_NAMES["gml" if mid_source == "cow" else "cow"]
    columns = {
        "ccode1": ("COW code of state 1 (directed: the acting state)", "COW State System Membership v2016"),
        "ccode2": ("COW code of state 2", "COW State System Membership v2016"),
        "year": (
            "calendar year; both states are system members on a common day of the year",
            "COW State System Membership v2016",
        ),
    }
    columns |= {
        name: (f"1 if ATOP records a {what} obligation between the two states in the year", ATOP)
        for name, what in _OBLIGATIONS.items()
    }
    columns |= {
        "ally_defense_offense": (
            "1 if allied by a defense or offense pledge (the design's primary alliance)",
            ATOP,
        ),
        "ally_any": ("1 if allied by any ATOP obligation (alternative alliance)", ATOP),
    }
    columns |= {
        name: (f"{text.format(gap=alliance_max_gap)}; alliance = defense or offense pledge", ATOP)
        for name, text in _EVENTS.items()
    }
    columns |= {
        f"{name}_any": (f"{text.format(gap=alliance_max_gap)}; alliance = any ATOP obligation", ATOP)
        for name, text in _EVENTS.items()
    }
    columns |= {name: (text, primary) for name, text in {**_MIDS, **_PEACE}.items()}
    columns |= {
        f"{name}_alt": (f"as {name}, from the alternative MID data", alternative)
        for name in {**_MIDS, **_PEACE}
    }
    columns |= {
        "cinc1": ("composite index of national capability of state 1", NMC),
        "cinc2": ("composite index of national capability of state 2", NMC),
        "power_share1": (
            "cinc1 / (cinc1 + cinc2): state 1's share of the dyad's capabilities (alliance value w)",
            NMC,
        ),
        "log_cinc_ratio": ("log(stronger / weaker CINC) of the two states: capability preponderance", NMC),
        "conttype": (
            "direct contiguity: 0 none, 1 land, 2-5 water up to 12/24/150/400 miles (closest type in the year)",
            "COW Direct Contiguity 3.2 (Stinnett et al. 2002)",
        ),
        "contiguous": (
            "1 if contiguous by land or up to 400 miles of water (conttype 1-5)",
            "COW Direct Contiguity 3.2 (Stinnett et al. 2002)",
        ),
        "mindist": (
            "minimum distance between the two states (km)",
            "CShapes 2.0 (Schvitz et al. 2022), via peacesciencer",
        ),
        "major1": (
            "1 if state 1 is a COW major power in the year (any part of it)",
            "COW major powers v2016",
        ),
        "major2": ("1 if state 2 is a COW major power in the year", "COW major powers v2016"),
        "global_power1": ("1 if state 1 is a global power in the year", "Maoz (2010)"),
        "global_power2": ("1 if state 2 is a global power in the year", "Maoz (2010)"),
        "rivalry_td": (
            "1 if a strategic rivalry between the states is active in the year",
            "Thompson and Dreyer (2012)",
        ),
        "rivalry_tss": (
            "1 if a strategic rivalry between the states is active in the year",
            "Thompson, Sakuwa and Suresh (2022)",
        ),
        "joint_igos": ("number of IGOs both states belong to", "COW IGO 3.0 (Pevehouse et al. 2020)"),
        "arms_tiv": (
            "arms transfers from ccode1 to ccode2, SIPRI trend-indicator value (millions); 0 when none recorded from 1950",
            "SIPRI Arms Transfers Database (360info table)",
        ),
        "un_agree": ("share of roll calls both voted on with identical votes (yes/abstain/no)", UN),
        "un_s": ("Signorino-Ritter S, yes 1 / abstain 0.5 / no 0: 1 - 2 x mean absolute vote distance", UN),
        "un_kappa": (
            "Cohen's kappa of the two states' votes (Häge 2011); missing when chance agreement is 1",
            UN,
        ),
        "un_agree_important": ("un_agree on US State Department important votes only (from 1983)", UN),
        "un_agree_nonunanimous": (
            "un_agree on the roll calls on which not every voting state cast the same vote",
            UN,
        ),
        "un_n": ("number of roll calls both states voted on", UN),
        "un_n_important": ("number of important roll calls both states voted on", UN),
        "un_n_nonunanimous": ("number of non-unanimous roll calls both states voted on", UN),
        "un_ideal_distance": (
            "|un_ideal1 - un_ideal2|, distance between the states' UN ideal points in the session (year = session + 1945)",
            IDEAL,
        ),
    }
    columns |= {
        f"{name}{LAG_SUFFIX}": (
            f"{columns[name][0]}, by calendar year: roll calls dated in the year (lagged reads use these, "
            "so a lag never sees year t)",
            UN,
        )
        for name in LAGGED_MEASURES
    }
    for name, entry in (sources or {}).items():
        if "join" in entry:
            docs = {column: col.doc for column, col in READERS[name].table.columns.items()}
            columns |= joined_columns(name, entry, docs)
    return columns


def state_year_columns(frame_columns) -> dict:
    """column -> (definition, source) for data/processed/state_year.parquet."""
    columns = {
        "ccode": ("COW state code", "COW State System Membership v2016"),
        "year": ("calendar year of system membership", "COW State System Membership v2016"),
        "stateabb": ("COW state abbreviation", "COW State System Membership v2016"),
        "major": (
            "1 if the state is a COW major power in the year (missing after 2016)",
            "COW major powers v2016",
        ),
        "un_ideal": ("UN ideal point in the session (year = session + 1945), posterior mean", IDEAL),
        "un_ideal_width": ("width of the 90% posterior interval of un_ideal (95% minus 5% quantile)", IDEAL),
    }
    for name in frame_columns:
        if name.startswith("un_agree_"):
            columns[name] = (
                f"UN agreement with major power {name.rsplit('_', 1)[1]} (missing when it is not a major that year)",
                UN,
            )
        elif name.startswith("un_n_"):
            columns[name] = (f"roll calls shared with major power {name.rsplit('_', 1)[1]}", UN)
    return columns
