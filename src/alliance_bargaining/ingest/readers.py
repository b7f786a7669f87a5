"""One reader per registered source: raw frame in, validated interim table out.

Each reader is registered under the name used in ``data/sources.yaml`` (its ``reader`` field)
together with its ``Table``. A reader gets the raw object read from the file plus any interim
tables it declares in ``needs``, and returns the tidy frame, or ``(frame, report)`` where
``report`` is a dict written to ``results/checks/ingest/<source>.json`` (rows set aside, say).
Adding a dataset = one registry entry + one function here.

Codes: values such as -9 (missing) in MID and war data are kept as in the source and
documented; ``ccode*`` are COW state codes; years are calendar years.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from alliance_bargaining.ingest import un_codes
from alliance_bargaining.ingest.tables import Col, Table

READERS: dict = {}


@dataclass(frozen=True)
class Reader:
    table: Table
    func: Callable
    needs: tuple = ()


def reader(table: Table, needs: tuple = ()):
    """Register ``func`` as the reader of ``table.name``."""

    def register(func):
        READERS[table.name] = Reader(table, func, needs)
        return func

    return register


def _identity(raw: pd.DataFrame) -> pd.DataFrame:
    return raw


# Shared column definitions.
CC1 = Col("int16", "COW code of state 1 (the row's first state)", check="ccode")
CC2 = Col("int16", "COW code of state 2", check="ccode")
CC = Col("int16", "COW state code", check="ccode")
YEAR = Col("int16", "calendar year", check="year")
DISPNUM = Col("int32", "MID dispute number", check=(1, 99999))


def _flag(doc: str, nullable: bool = False) -> Col:
    return Col("Int8" if nullable else "int8", doc, check=[0, 1], nullable=nullable)


def _code(doc: str, src: str | None = None, nullable: bool = False) -> Col:
    return Col("Int16" if nullable else "int16", doc, src=src, nullable=nullable)


def _spell_dates(prefix: str, what: str) -> dict:
    return {
        f"{prefix}year": Col("int16", f"{what} year", check="year"),
        f"{prefix}month": Col("int8", f"{what} month", check=(1, 12)),
        f"{prefix}day": Col("int8", f"{what} day", check=(1, 31)),
    }


# --- Alliances ---------------------------------------------------------------------------------
ATOP_ALLIANCE = Table(
    "atop_alliance",
    "ATOP 5.0 directed dyad-years with at least one alliance obligation (Leeds et al. 2002).",
    ("ccode1", "ccode2", "year"),
    {
        "ccode1": CC1,
        "ccode2": CC2,
        "year": YEAR,
        "atop_defense": _flag("1 if an ATOP alliance with a defense obligation links the dyad"),
        "atop_offense": _flag("1 if an offense obligation links the dyad"),
        "atop_neutral": _flag("1 if a neutrality obligation links the dyad"),
        "atop_nonagg": _flag("1 if a non-aggression obligation links the dyad"),
        "atop_consul": _flag("1 if a consultation obligation links the dyad"),
    },
)
reader(ATOP_ALLIANCE)(_identity)

# --- Militarized disputes ----------------------------------------------------------------------
_DIRDISP_COLS = {
    "dispnum": DISPNUM,
    "ccode1": CC1,
    "ccode2": CC2,
    "year": YEAR,
    "dispongoing": _flag("1 if the dispute is ongoing in the year"),
    "disponset": _flag("1 if the dispute starts in the year"),
    "sidea1": _flag("1 if state 1 is on side A (the side that took the first militarized action)"),
    "sidea2": _flag("1 if state 2 is on side A"),
    "fatality1": _code("fatality level of state 1 (0 none .. 6 >999; -9 missing)"),
    "fatality2": _code("fatality level of state 2 (0 none .. 6 >999; -9 missing)"),
    "fatalpre1": Col("Int32", "precise battle deaths of state 1 (-9 missing)", nullable=True),
    "fatalpre2": Col("Int32", "precise battle deaths of state 2 (-9 missing)", nullable=True),
    "hiact1": _code("highest action of state 1 (0 none .. 23)"),
    "hiact2": _code("highest action of state 2 (0 none .. 23)"),
    "hostlev1": Col("int8", "hostility level of state 1 (1 none .. 5 war)", check=(1, 5)),
    "hostlev2": Col("int8", "hostility level of state 2 (1 none .. 5 war)", check=(1, 5)),
    "orig1": _flag("1 if state 1 is an originator of the dispute"),
    "orig2": _flag("1 if state 2 is an originator of the dispute"),
}
_MID_KEY = ("dispnum", "ccode1", "ccode2", "year")

COW_MID_DIRDISPS = Table(
    "cow_mid_dirdisps",
    "COW MID 5.0 directed dispute-dyad-years (Palmer et al. 2022).",
    _MID_KEY,
    _DIRDISP_COLS,
)
reader(COW_MID_DIRDISPS)(_identity)

GML_DIRDISP = Table(
    "gml_dirdisp",
    "GML MID 2.2.1 directed dispute-dyad-years (Gibler, Miller and Little 2016); "
    "midongoing/midonset are renamed dispongoing/disponset to match COW MID.",
    _MID_KEY,
    {
        **{k: v for k, v in _DIRDISP_COLS.items() if k not in ("dispongoing", "disponset")},
        "dispongoing": Col("int8", "1 if the dispute is ongoing in the year", src="midongoing", check=[0, 1]),
        "disponset": Col("int8", "1 if the dispute starts in the year", src="midonset", check=[0, 1]),
        "revstate1": _code("1 if state 1 is a revisionist state (-9 missing)"),
        "revstate2": _code("1 if state 2 is a revisionist state (-9 missing)"),
        "outcome": _code(
            "dispute outcome (1 victory A, 2 victory B, 3 yield by A, 4 yield by B, 5 stalemate, 6 compromise, 7 released, 8 unclear, 9 joins ongoing war; -9 missing)"
        ),
        "settle": _code("settlement (1 negotiated, 2 imposed, 3 none, 4 unclear; -9 missing)"),
        "fatality": _code("dispute fatality level (-9 missing)"),
        "hostlev": Col("int8", "dispute hostility level (1..5)", check=(1, 5)),
        "recip": _flag("1 if the dispute is reciprocated"),
    },
)
reader(GML_DIRDISP)(_identity)

_DISPS_COLS = {
    "dispnum": DISPNUM,
    "styear": YEAR,
    "stmon": Col("int8", "start month (-9 missing; one GML record has 13, kept as published)"),
    "outcome": _code(
        "outcome (1 victory A, 2 victory B, 3 yield by A, 4 yield by B, 5 stalemate, 6 compromise, 7 released, 8 unclear, 9 joins ongoing war; -9 missing)"
    ),
    "settle": _code("settlement (1 negotiated, 2 imposed, 3 none, 4 unclear; -9 missing)"),
    "fatality": _code("fatality level (0 none .. 6 >999; -9 missing)"),
    "mindur": Col("int16", "minimum duration in days", check=(0, 40000)),
    "maxdur": Col("int16", "maximum duration in days", check=(0, 40000)),
    "hiact": _code("highest action in the dispute (0..23)"),
    "hostlev": Col("int8", "highest hostility level (1..5)", check=(1, 5)),
    "recip": _flag("1 if the dispute is reciprocated"),
}
COW_MID_DISPS = Table("cow_mid_disps", "COW MID 5.0 dispute-level records.", ("dispnum",), _DISPS_COLS)
reader(COW_MID_DISPS)(_identity)
GML_MID_DISPS = Table("gml_mid_disps", "GML MID 2.2.1 dispute-level records.", ("dispnum",), _DISPS_COLS)
reader(GML_MID_DISPS)(_identity)

COW_WAR_INTER = Table(
    "cow_war_inter",
    "COW inter-state wars 4.0, directed dyad-years; a dyad that re-enters a war in the same year has a second row with resume = 1.",
    ("warnum", "ccode1", "ccode2", "year", "resume"),
    {
        "warnum": Col("int16", "COW war number", check=(1, 999)),
        "ccode1": CC1,
        "ccode2": CC2,
        "year": YEAR,
        "cowinterongoing": _flag("1 if the war is ongoing in the year"),
        "cowinteronset": _flag("1 if the war starts in the year"),
        "sidea1": _code("side of state 1 (1 or 2)"),
        "sidea2": _code("side of state 2 (1 or 2)"),
        "initiator1": _flag("1 if state 1 initiated the war"),
        "initiator2": _flag("1 if state 2 initiated the war"),
        "outcome1": _code("war outcome for state 1 (COW codes)", nullable=True),
        "outcome2": _code("war outcome for state 2 (COW codes)", nullable=True),
        "batdeath1": Col("int32", "battle deaths of state 1 (-9 missing)"),
        "batdeath2": Col("int32", "battle deaths of state 2 (-9 missing)"),
        "resume": _flag("1 if the row is a resumption of the war by the dyad"),
    },
)
reader(COW_WAR_INTER)(_identity)

# --- States, powers, capabilities ----------------------------------------------------------------
COW_STATES = Table(
    "cow_states",
    "COW state-system membership spells, v2016.",
    ("ccode", "styear"),
    {
        "ccode": CC,
        "stateabb": Col("string", "COW state abbreviation"),
        "statenme": Col("string", "COW state name"),
        **_spell_dates("st", "spell start"),
        **_spell_dates("end", "spell end"),
    },
)
reader(COW_STATES)(_identity)

COW_MAJORS = Table(
    "cow_majors",
    "COW major-power spells, v2016.",
    ("ccode", "styear"),
    {"ccode": CC, **_spell_dates("st", "spell start"), **_spell_dates("end", "spell end")},
)
reader(COW_MAJORS)(_identity)

MAOZ_POWERS = Table(
    "maoz_powers",
    "Maoz (2010) regional and global power spells; a row holds a regional spell, a global spell or both.",
    ("ccode", "regstdate", "globstdate"),
    {
        "ccode": CC,
        "regstdate": Col("date", "start of the regional-power spell", nullable=True),
        "regenddate": Col("date", "end of the regional-power spell", nullable=True),
        "globstdate": Col("date", "start of the global-power spell", nullable=True),
        "globenddate": Col("date", "end of the global-power spell", nullable=True),
    },
)
reader(MAOZ_POWERS)(_identity)

COW_NMC = Table(
    "cow_nmc",
    "COW National Material Capabilities 6.0, state-years (Singer 1987).",
    ("ccode", "year"),
    {
        "ccode": CC,
        "year": YEAR,
        "milex": Col("float64", "military expenditure (thousands of current USD/GBP)"),
        "milper": Col("float64", "military personnel (thousands)"),
        "irst": Col("float64", "iron and steel production (thousands of tons)"),
        "pec": Col("float64", "primary energy consumption (thousands of coal-ton equivalents)"),
        "tpop": Col("float64", "total population (thousands)"),
        "upop": Col("float64", "urban population (thousands)"),
        "cinc": Col("float64", "composite index of national capability (share of system total)"),
    },
)
reader(COW_NMC)(_identity)

COW_TRADE_SY = Table(
    "cow_trade_sy",
    "COW trade 4.0, state-year totals (Barbieri and Keshk 2016).",
    ("ccode", "year"),
    {
        "ccode": CC,
        "year": YEAR,
        "imports": Col("float64", "imports (millions of current USD)"),
        "exports": Col("float64", "exports (millions of current USD)"),
    },
)
reader(COW_TRADE_SY)(_identity)

CCODE_DEMOCRACY = Table(
    "ccode_democracy",
    "Democracy scores, state-years 1816-2020, as bundled in peacesciencer (V-Dem; Polity; Marquez 2016).",
    ("ccode", "year"),
    {
        "ccode": CC,
        "year": YEAR,
        "v2x_polyarchy": Col("float64", "V-Dem electoral democracy index (polyarchy), 0-1", check=(0, 1)),
        "polity2": Col("float64", "Polity2 score, -10 (autocracy) to 10 (democracy)", check=(-10, 10)),
        "xm_qudsest": Col("float64", "Marquez's extension of the Unified Democracy Scores (latent, mean 0)"),
    },
)
reader(CCODE_DEMOCRACY)(_identity)

COW_SDP_GDP = Table(
    "cow_sdp_gdp",
    "Simulated GDP, population and surplus domestic product, state-years 1800-2016 (Anders, Fariss and "
    "Markowitz 2020), as bundled in peacesciencer.",
    ("ccode", "year"),
    {
        "ccode": CC,
        "year": YEAR,
        "wbgdp2011est": Col("float64", "log GDP (2011 USD), simulated estimate"),
        "wbpopest": Col("float64", "log population, simulated estimate"),
        "sdpest": Col("float64", "log surplus domestic product, simulated estimate"),
        "wbgdppc2011est": Col("float64", "log GDP per capita (2011 USD), simulated estimate"),
    },
)
reader(COW_SDP_GDP)(_identity)

TERRTHREAT = Table(
    "terrthreat",
    "Latent external territorial threat, state-years (Miller 2022).",
    ("ccode", "year"),
    {
        "ccode": CC,
        "year": YEAR,
        "lterrthreat": Col("float64", "posterior mean of latent territorial threat"),
        "sd": Col("float64", "posterior standard deviation"),
        "lwr": Col("float64", "lower bound of the 90% interval"),
        "upr": Col("float64", "upper bound of the 90% interval"),
        "m_lterrthreat": Col("float64", "posterior mean, model with major-power adjustment"),
        "m_sd": Col("float64", "posterior standard deviation, adjusted model"),
        "m_lwr": Col("float64", "lower bound, adjusted model"),
        "m_upr": Col("float64", "upper bound, adjusted model"),
    },
)
reader(TERRTHREAT)(_identity)

# --- Dyadic geography and institutions ------------------------------------------------------------
COW_CONTDIR = Table(
    "cow_contdir",
    "COW direct contiguity 3.2 spells (Stinnett et al. 2002), one row per dyad and spell.",
    ("ccode1", "ccode2", "stdate"),
    {
        "ccode1": CC1,
        "ccode2": CC2,
        "conttype": Col(
            "int8",
            "0 not contiguous in this spell, 1 land, 2 water <=12 mi, 3 <=24 mi, 4 <=150 mi, 5 <=400 mi",
            check=(0, 5),
        ),
        "stdate": Col("date", "spell start"),
        "enddate": Col("date", "spell end"),
    },
)
reader(COW_CONTDIR)(_identity)

COW_MINDIST = Table(
    "cow_mindist",
    "Minimum distance between states in km, CShapes 2.0 (Schvitz et al. 2022).",
    ("ccode1", "ccode2", "year"),
    {
        "ccode1": CC1,
        "ccode2": CC2,
        "year": YEAR,
        "mindist": Col("float64", "minimum distance (km)", check=(0, 25000)),
    },
)
reader(COW_MINDIST)(_identity)

COW_DDY = Table(
    "cow_ddy",
    "Directed dyad-years built from COW state-system membership (peacesciencer).",
    ("ccode1", "ccode2", "year"),
    {"ccode1": CC1, "ccode2": CC2, "year": YEAR},
)
reader(COW_DDY)(_identity)

COW_IGO_NDY = Table(
    "cow_igo_ndy",
    "COW IGO 3.0, non-directed dyad-years (ccode1 < ccode2): joint IGO memberships.",
    ("ccode1", "ccode2", "year"),
    {
        "ccode1": CC1,
        "ccode2": CC2,
        "year": YEAR,
        "dyadigos": Col("int16", "number of IGOs both states belong to", check=(0, 999)),
    },
)
reader(COW_IGO_NDY)(_identity)

# --- Rivalries ------------------------------------------------------------------------------------
TD_RIVALRIES = Table(
    "td_rivalries",
    "Thompson and Dreyer (2012) strategic rivalries, one row per rivalry.",
    ("rivalryno",),
    {
        "rivalryno": Col("int16", "rivalry number", check=(1, 999)),
        "rivalryname": Col("string", "rivalry name"),
        "ccode1": CC1,
        "ccode2": CC2,
        "styear": YEAR,
        "endyear": YEAR,
        "region": Col("string", "region"),
        "type1": Col("string", "primary rivalry type", nullable=True),
        "type2": Col("string", "second rivalry type", nullable=True),
        "type3": Col("string", "third rivalry type", nullable=True),
    },
)
reader(TD_RIVALRIES)(_identity)

TSS_RIVALRIES = Table(
    "tss_rivalries",
    "Thompson, Sakuwa and Suresh (2022) strategic rivalries; start/end renamed styear/endyear.",
    ("tssr_id",),
    {
        "tssr_id": Col("int16", "rivalry id", check=(1, 9999)),
        "rivalry": Col("string", "rivalry name"),
        "ccode1": CC1,
        "ccode2": CC2,
        "styear": Col("int16", "start year", src="start", check="year"),
        "endyear": Col("int16", "end year", src="end", check="year"),
        "positional": _flag("1 if positional", nullable=True),
        "spatial": _flag("1 if spatial", nullable=True),
        "ideological": _flag("1 if ideological", nullable=True),
        "interventionary": _flag("1 if interventionary", nullable=True),
        "principal": _flag("1 if a principal rivalry", nullable=True),
        "aprin": _flag("1 if an aspiring-principal rivalry", nullable=True),
    },
)
reader(TSS_RIVALRIES)(_identity)

PS_DATA_VERSION = Table(
    "ps_data_version",
    "Versions of the upstream datasets bundled in peacesciencer.",
    ("category", "data"),
    {
        "category": Col("string", "kind of data"),
        "data": Col("string", "dataset"),
        "version": Col("string", "version"),
        "bibtexkey": Col("string", "BibTeX key in ps_bib"),
    },
)
reader(PS_DATA_VERSION)(_identity)


# --- Arms transfers -------------------------------------------------------------------------------
SIPRI_ARMS = Table(
    "sipri_arms",
    "SIPRI arms transfers between states, supplier-recipient-years with a non-zero TIV, 1950-2021. "
    "Rows whose supplier or recipient is a non-state actor (SIPRI marks them * or **) or has no COW "
    "code are set aside and counted in results/checks/ingest/sipri_arms.json.",
    ("supplier_ccode", "recipient_ccode", "year"),
    {
        "supplier_ccode": Col("int16", "COW code of the supplier", src="supplier_cown", check="ccode"),
        "recipient_ccode": Col("int16", "COW code of the recipient", src="recipient_cown", check="ccode"),
        "year": YEAR,
        "tiv": Col("float64", "trend-indicator value of deliveries (millions)", src="value", check=(0, 1e6)),
        "supplier": Col("string", "SIPRI supplier name"),
        "recipient": Col("string", "SIPRI recipient name"),
    },
)

# States that the 360info table left without a COW code.
SIPRI_CCODE_FILL = {"Serbia": 345}


@reader(SIPRI_ARMS)
def sipri_arms(raw: pd.DataFrame):
    """Keep state-to-state transfers; fill Serbia's missing code (345); set the rest aside.

    Works on the file's own column names (``supplier_cown``, ``recipient_cown``, ``value``), so
    that messages name the columns as the user sees them.
    """
    missing = [
        c for c in ("supplier", "recipient", "supplier_cown", "recipient_cown", "value") if c not in raw
    ]
    if missing:
        return raw  # Table.tidy names the missing column
    raw = raw.assign(
        **{
            f"{side}_cown": raw[f"{side}_cown"].fillna(raw[side].map(SIPRI_CCODE_FILL))
            for side in ("supplier", "recipient")
        }
    )
    non_state = raw["supplier"].str.endswith("*") | raw["recipient"].str.endswith("*")
    no_code = raw["supplier_cown"].isna() | raw["recipient_cown"].isna()
    aside = raw[non_state | no_code]
    tiv = pd.to_numeric(aside["value"], errors="coerce")  # text in kept rows is refused by the cast
    report = {
        "rows_raw": int(len(raw)),
        "rows_kept": int(len(raw) - len(aside)),
        "rows_set_aside": int(len(aside)),
        "rows_set_aside_non_state_actor": int(non_state.sum()),
        "rows_set_aside_no_ccode_only": int((no_code & ~non_state).sum()),
        "tiv_set_aside": float(tiv.sum()),
        "set_aside_by_party": {
            name: int(n)
            for name, n in pd.concat([aside["supplier"], aside["recipient"]])
            .loc[lambda s: s.str.endswith("*") | s.isin(_uncoded_names(aside))]
            .value_counts()
            .sort_index()
            .items()
        },
    }
    return raw[~(non_state | no_code)], report


def _uncoded_names(aside: pd.DataFrame) -> set:
    return set(aside.loc[aside["supplier_cown"].isna(), "supplier"]) | set(
        aside.loc[aside["recipient_cown"].isna(), "recipient"]
    )


# --- UN General Assembly votes ----------------------------------------------------------------------
UN_VOTES = Table(
    "un_votes",
    "UN General Assembly roll-call votes (Voeten et al.), one row per roll call and voting state; "
    "absent and non-member rows are not in the source. Countries are mapped to COW codes in "
    "alliance_bargaining.ingest.un_codes.",
    ("rcid", "ccode"),
    {
        "rcid": Col("int32", "roll-call id", check=(1, 99999)),
        "ccode": CC,
        "vote": Col("int8", "1 yes, 2 abstain, 3 no", check=[1, 2, 3]),
        "country": Col("string", "country name in the unvotes package"),
        "country_code": Col("string", "ISO 3166 alpha-2 code in the unvotes package", nullable=True),
    },
)

VOTE_CODES = {"yes": 1, "abstain": 2, "no": 3}


@reader(UN_VOTES, needs=("un_roll_calls",))
def un_votes(raw: pd.DataFrame, un_roll_calls: pd.DataFrame) -> pd.DataFrame:
    """Code votes 1 yes / 2 abstain / 3 no (Voeten's coding); map countries to COW codes."""
    if "vote" in raw:
        raw = raw.assign(vote=raw["vote"].astype("string").map(VOTE_CODES))
    if {"rcid", "country", "country_code"} <= set(raw.columns):
        date = pd.to_numeric(raw["rcid"]).map(un_roll_calls.set_index("rcid")["date"])
        raw = raw.assign(ccode=un_codes.to_ccode(raw["country"], raw["country_code"], date))
    return raw


UN_ROLL_CALL_ISSUES = Table(
    "un_roll_call_issues",
    "Issue codes of UN roll calls (me Palestinian conflict, nu nuclear, di arms control, "
    "hr human rights, co colonialism, ec economic development).",
    ("rcid", "short_name"),
    {
        "rcid": Col("int32", "roll-call id", check=(1, 99999)),
        "short_name": Col("string", "issue code", check=["me", "nu", "di", "hr", "co", "ec"]),
        "issue": Col("string", "issue name"),
    },
)
reader(UN_ROLL_CALL_ISSUES)(_identity)

ISSUES = ("me", "nu", "di", "hr", "co", "ec")
UN_ROLL_CALLS = Table(
    "un_roll_calls",
    "UN General Assembly roll calls with year, session, the State Department's important-vote flag "
    "and the six issue flags.",
    ("rcid",),
    {
        "rcid": Col("int32", "roll-call id", check=(1, 99999)),
        "session": Col("int16", "UNGA session (session + 1945 = the session's year)", check=(1, 200)),
        "year": Col("int16", "calendar year of the vote date", check="year"),
        "date": Col("date", "date of the vote"),
        "importantvote": _flag(
            "1 if the US State Department lists it as an important vote (missing before 1983)", nullable=True
        ),
        "amend": _flag("1 if the vote is on an amendment", nullable=True),
        "para": _flag("1 if the vote is on a paragraph", nullable=True),
        "unres": Col("string", "resolution number", nullable=True),
        "short": Col("string", "short description", nullable=True),
        "descr": Col("string", "description", nullable=True),
        **{issue: _flag(f"1 if the roll call is coded issue '{issue}'") for issue in ISSUES},
    },
)


@reader(UN_ROLL_CALLS, needs=("un_roll_call_issues",))
def un_roll_calls(raw: pd.DataFrame, un_roll_call_issues: pd.DataFrame) -> pd.DataFrame:
    """Add ``year`` from the vote date and one 0/1 column per issue code."""
    if "date" in raw:
        raw = raw.assign(year=pd.to_datetime(raw["date"]).dt.year)
    flags = (
        pd.crosstab(un_roll_call_issues["rcid"], un_roll_call_issues["short_name"].astype(str))
        .clip(upper=1)
        .reindex(columns=list(ISSUES), fill_value=0)
    )
    if "rcid" in raw:
        flags = flags.reindex(pd.to_numeric(raw["rcid"]).astype("int64").to_numpy(), fill_value=0)
        raw = raw.assign(**{issue: flags[issue].to_numpy() for issue in ISSUES})
    return raw


UN_VOTES_PUBLISHED = Table(
    "un_votes_published",
    "Voeten's published UN votes file 1946-2015 (with COW ccode), used to cross-check the mapping of "
    "un_votes to COW codes.",
    ("rcid", "ccode"),
    {
        "rcid": Col("int32", "roll-call id", check=(1, 99999)),
        "ccode": CC,
        "session": Col("int16", "UNGA session", check=(1, 200)),
        "year": YEAR,
        "vote": Col("int8", "1 yes, 2 abstain, 3 no, 8 absent, 9 not a member", check=[1, 2, 3, 8, 9]),
        "member": _flag("1 if a UN member at the vote", nullable=True),
        "importantvote": _flag("1 if a State Department important vote", nullable=True),
    },
)
reader(UN_VOTES_PUBLISHED)(_identity)


_QUANTILES = {
    "q0": "QO%",
    "q5": "Q5%",
    "q10": "Q10%",
    "q50": "Q50%",
    "q90": "Q90%",
    "q95": "Q95%",
    "q100": "Q100%",
}
UN_IDEAL_POINTS = Table(
    "un_ideal_points",
    "Dynamic UN ideal points per state-session (Bailey, Strezhnev and Voeten 2017): posterior mean and "
    "quantiles of an ordinal IRT model of all roll calls, the scale held over time by matched "
    "resolutions. Session s is the year s + 1945; there is no session 19.",
    ("ccode", "session"),
    {
        "ccode": CC,
        "session": Col("int16", "UNGA session (session + 1945 = the session's year)", check=(1, 200)),
        "nvotes": Col(
            "int16", "number of votes the state cast in the session", src="NVotes", check=(0, 9999)
        ),
        "ideal": Col("float64", "ideal point, posterior mean", src="IdealPoint"),
        **{
            name: Col("float64", f"ideal point, posterior {name[1:]}% quantile", src=column)
            for name, column in _QUANTILES.items()
        },
        "iso3c": Col("string", "ISO 3166 alpha-3 code"),
        "country": Col("string", "country name", src="Countryname"),
    },
)
reader(UN_IDEAL_POINTS)(_identity)

UN_ROLL_CALL_MATCHES = Table(
    "un_roll_call_matches",
    "Pairs of UN roll calls on identical resolutions in different sessions (Bailey, Strezhnev and "
    "Voeten 2017): their item parameters are held equal to fix the ideal-point scale over time.",
    ("rcid1", "rcid2"),
    {
        "rcid1": Col("int32", "roll-call id of the earlier vote", check=(1, 99999)),
        "rcid2": Col("int32", "roll-call id of the matching later vote", check=(1, 99999)),
    },
)
reader(UN_ROLL_CALL_MATCHES)(_identity)
