"""Parameters of the proxies and analysis datasets, with the design's defaults (RESEARCH_DESIGN.md, 3).

Choices that change a sample (patron, alliance and rival definitions, sample years) are parameters;
alternatives that change only a column are carried as extra columns in every dataset.
"""

DEFAULT_PARAMS = {
    "first_year": 1946,  # sample years, cut after lags and leads are read on the full panel
    "last_year": 2014,
    "patron": "cow_major",  # patrons: cow_major (COW major powers) or maoz_global (Maoz global powers)
    "alliance": "defense_offense",  # ATOP defense/offense pledge, or any: any ATOP obligation
    "rival": "td",  # rival of P: td (Thompson-Dreyer), tss (Thompson-Sakuwa-Suresh), mid (MID in window)
    "rival_mid_window": 10,  # rival = mid: a MID under way between P and R in t-10..t-1
    "affinity": "un_agree",  # prospect_ex_ante's UN affinity: un_agree, un_s, un_kappa or un_ideal_distance
    "prospect_lag": 1,  # prospect_ex_ante compares affinity in t-1 (t-2, ... with a longer lag)
    "prospect_lead": 5,  # prospect_ex_post: alliance onset P-A in t+1..t+5
    "gain_lead": 2,  # H3 outcome: alliance gain in t..t+2
    "mid_lag": 3,  # H3 regressor: A in a MID against a rival of P in t-3..t-1
    "rapprochement_rivalry": "td",  # rivalry whose end is a rapprochement: td or tss
    "rapprochement_window": 5,  # rivalry active in some year of t-5..t-1, not in t
    "rapprochement_un_rise": 0.10,  # alternative: UN agreement with a former rival up by >= 0.10...
    "rapprochement_un_years": 3,  # ...from t-3 to t
    "outside_option_window": 3,  # arms or commitment from a rival major power in t-3..t-1
    "hostility_min": 4,  # use-of-force variant: MID onset with hostility level >= 4
    "hegemon": 2,  # H6 hegemon (United States)
    "small_cinc_max": 0.01,  # H6: small = CINC (share of world capabilities) below 1%
    "post_cold_war_first_year": 1992,  # H6: post_1991 = year >= 1992
    "event_window": 5,  # event study: t0-5..t0+5 around each alliance onset
}

CHOICES = {
    "patron": ("cow_major", "maoz_global"),
    "alliance": ("defense_offense", "any"),
    "rival": ("td", "tss", "mid"),
    "affinity": ("un_agree", "un_s", "un_kappa", "un_ideal_distance"),
    "rapprochement_rivalry": ("td", "tss"),
}


def resolve(params: dict | None) -> dict:
    """``DEFAULT_PARAMS`` updated with ``params``; unknown keys and choices are errors."""
    params = dict(params or {})
    unknown = set(params) - set(DEFAULT_PARAMS)
    if unknown:
        raise ValueError(f"unknown proxy parameter(s): {sorted(unknown)}")
    out = DEFAULT_PARAMS | params
    for name, allowed in CHOICES.items():
        if out[name] not in allowed:
            raise ValueError(f"parameter {name}={out[name]!r}: expected one of {allowed}")
    if out["first_year"] > out["last_year"]:
        raise ValueError("first_year is after last_year")
    return out
