"""Outside options of a client K of patron P: an alternative patron (RESEARCH_DESIGN.md, 3; Wong 2018).

The alternative patrons of K are the patrons Q' != P, Q' != K (major powers under the patron measure
in use) that are P's rivals (under the rival measure in use).

- ``outside_option`` (primary): in some year s of t-3..t-1, K received arms from an alternative
  patron of that year (SIPRI TIV ``arms_tiv`` Q'->K > 0) or Q' was committed to K (ATOP, Q''s row).
  This covers states outside the UN (North Korea before 1991). Kleene logic over the window: 1 if any
  such tie is seen; else missing if P's rival set in some year is unknown (TD after 2010) or a tie's
  data are (SIPRI before 1950); else 0, including when P has no rival patron at all.
- ``outside_option_un`` (alternative): the highest UN agreement of K in t-1 (roll calls dated in t-1,
  :mod:`.un_lags`) with an alternative patron of t-1; 0 when P has no rival patron in t-1 (no
  alternative patron to align with); missing when P's rivals in t-1 are unknown or K has no UN data
  with any of them.
- ``outside_option_lead`` (placebo of H7; uses the future): the primary's tie in some year of
  t+1..t+4, same Kleene logic. With the current option in the model it must not predict K's voice
  in t; if it does, voice precedes the option (disagreeing clients attract rival patrons).
"""

import numpy as np
import pandas as pd

from alliance_bargaining.proxies.alliance import commitment
from alliance_bargaining.proxies.lookup import DyadYears, Relation, any_of, group_any
from alliance_bargaining.proxies.patrons import is_patron
from alliance_bargaining.proxies.un_lags import lagged

LEAD_YEARS = 4  # outside_option_lead: t+1..t+4, the horizon at which issue 12 found the lead


def rival_patrons(rivals: Relation, patrons: pd.DataFrame) -> pd.DataFrame:
    """(ccode_p, ccode_q, year): Q a patron in the year and a rival of P (P any state)."""
    pairs = rivals.pairs[is_patron(patrons, rivals.pairs["ccode2"], rivals.pairs["year"])]
    return pairs.rename(columns={"ccode1": "ccode_p", "ccode2": "ccode_q"}).reset_index(drop=True)


def outside_options(
    dyads: DyadYears,
    clients: pd.DataFrame,
    rivals: Relation,
    patrons: pd.DataFrame,
    alliance: str,
    window: int = 3,
) -> dict[str, np.ndarray]:
    """``outside_option`` and ``outside_option_un`` for each (ccode_p, ccode_x, year) of ``clients``."""
    keys = clients[["ccode_p", "ccode_x", "year"]].reset_index(drop=True)
    year = keys["year"].to_numpy(dtype=np.int64)
    others = rival_patrons(rivals, patrons)
    primary = _ties_seen(dyads, keys, others, rivals, alliance, range(1, window + 1))

    linked = keys.assign(year_s=keys["year"] - 1).merge(
        others.rename(columns={"year": "year_s"}), on=["ccode_p", "year_s"]
    )
    linked = linked[linked["ccode_q"] != linked["ccode_x"]]
    agree = lagged(dyads, "un_agree", linked["ccode_x"], linked["ccode_q"], linked["year"])
    best = linked[["ccode_p", "ccode_x", "year"]].assign(agree=agree)
    best = best.groupby(["ccode_p", "ccode_x", "year"])["agree"].max().rename("best").reset_index()
    best = keys.merge(best, on=["ccode_p", "ccode_x", "year"], how="left", indicator=True)
    has_rival = (best["_merge"] == "both").to_numpy()
    alternative = np.where(has_rival, best["best"].to_numpy(), 0.0)
    alternative = np.where(rivals.observed(year - 1), alternative, np.nan)
    return {"outside_option": primary, "outside_option_un": alternative}


def outside_option_lead(
    dyads: DyadYears,
    clients: pd.DataFrame,
    rivals: Relation,
    patrons: pd.DataFrame,
    alliance: str,
    years: int = LEAD_YEARS,
) -> np.ndarray:
    """``outside_option_lead`` (placebo, uses the future) for each (ccode_p, ccode_x, year): the
    primary measure's tie (arms or commitment from a patron that is P's rival that year) seen in
    some year of t+1..t+``years``, with the primary's Kleene logic over those years."""
    keys = clients[["ccode_p", "ccode_x", "year"]].reset_index(drop=True)
    return _ties_seen(
        dyads, keys, rival_patrons(rivals, patrons), rivals, alliance, range(-1, -years - 1, -1)
    )


def _ties_seen(dyads, keys, others, rivals, alliance, offsets) -> np.ndarray:
    """1 if K had a tie with an alternative patron in some year s = t - k, k in ``offsets``; else
    NaN if P's rivals in one of those years, or a tie's data, are unknown; else 0 (module doc)."""
    year = keys["year"].to_numpy(dtype=np.int64)
    ties = []
    for k in offsets:
        linked = keys.assign(year_s=keys["year"] - k).merge(
            others.rename(columns={"year": "year_s"}), on=["ccode_p", "year_s"]
        )
        linked = linked[linked["ccode_q"] != linked["ccode_x"]]
        q, x, s = linked["ccode_q"], linked["ccode_x"], linked["year_s"]
        arms = dyads.values("arms_tiv", q, x, s, absent=0.0)
        arms = np.where(np.isnan(arms), np.nan, arms > 0)
        tie = any_of([arms, commitment(dyads, alliance, "allied", q, x, s)])
        ties.append(linked[["ccode_p", "ccode_x", "year"]].assign(tie=tie))
    ties = pd.concat(ties)
    seen = group_any(ties[["ccode_p", "ccode_x", "year"]], ties["tie"].to_numpy())
    seen = keys.merge(seen, on=["ccode_p", "ccode_x", "year"], how="left", indicator=True)
    found = np.where(seen["_merge"] == "both", seen["value"], 0.0)  # no alternative patron: 0
    known = np.all([rivals.observed(year - k) for k in offsets], axis=0)
    return np.where((found == 1) | known, found, np.nan)
