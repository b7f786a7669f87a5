"""Alliance definitions and the patron's commitments (RESEARCH_DESIGN.md, 3; ATOP 5, Leeds et al. 2002).

Primary: an ATOP defense or offense pledge (``ally_defense_offense``); alternative: any ATOP obligation
(``ally_any``), each with its onset, upgrade, termination and gain columns from the panel.

ATOP flags are directed (ccode1 is obliged towards ccode2) and a few hundred dyad-years differ by
direction (the United States pledges to defend Japan from 1952, not the reverse). Every patron-side
alliance quantity is read from the patron's row, ccode1 = P: "A allied with P" means P is committed to
A, and an onset or upgrade P-A is a new or deeper commitment of P to A. A dyad-year without a row (a
state outside the system) is not allied and has no alliance event.

A commitment can deepen (H1/H2's "upgrade at stake") under the rule the panel uses for an upgrade
(``panel.alliances``: the set of the five ATOP obligations grows): P's row lacks at least one of the
five obligations (defense, offense, neutrality, non-aggression, consultation) in the year.
"""

import numpy as np

from alliance_bargaining.panel.alliances import OBLIGATIONS
from alliance_bargaining.proxies.lookup import DyadYears

ALLIANCE_COLUMNS = {
    definition: {
        "allied": allied,
        "onset": f"alliance_onset{suffix}",
        "upgrade": f"alliance_upgrade{suffix}",
        "termination": f"alliance_termination{suffix}",
        "gain": f"alliance_gain{suffix}",
    }
    for definition, allied, suffix in (
        ("defense_offense", "ally_defense_offense", ""),
        ("any", "ally_any", "_any"),
    )
}


def commitment(dyads: DyadYears, definition: str, event: str, patron, partner, year) -> np.ndarray:
    """``event`` ("allied", "onset", "upgrade", "termination", "gain") in the patron's row, 0 without a
    row, NaN outside ATOP coverage or where the panel censors the event."""
    return dyads.values(ALLIANCE_COLUMNS[definition][event], patron, partner, year, absent=0.0)


def can_deepen(dyads: DyadYears, patron, partner, year) -> np.ndarray:
    """1 if P's row lacks at least one of the five ATOP obligations in the year (an upgrade, a strictly
    larger set, is possible), 0 if it holds all five, NaN outside ATOP coverage (module doc)."""
    held = np.vstack([dyads.values(name, patron, partner, year, absent=0.0) for name in OBLIGATIONS])
    return np.where(np.isnan(held).any(axis=0), np.nan, (held == 0).any(axis=0))


def commitment_years(dyads: DyadYears, definition: str, patron, partner, year) -> np.ndarray:
    """Years since the start of P's current commitment to A, for rows allied in t-1: t - s, s the
    first year of the run of consecutive allied years of P's row ending in t-1 (1 when the commitment
    began in t-1). A year without a row is not allied; an unknown year (outside ATOP coverage) ends
    the run, so the count starts after it. NaN where P is not committed to A in t-1."""
    patron, partner = np.asarray(patron, dtype=np.int64), np.asarray(partner, dtype=np.int64)
    year = np.asarray(year, dtype=np.int64)
    pairs = np.unique(np.column_stack([patron, partner]), axis=0)
    span = np.arange(dyads.first_year, dyads.last_year + 1)
    p, a = np.repeat(pairs[:, 0], len(span)), np.repeat(pairs[:, 1], len(span))
    s = np.tile(span, len(pairs))
    allied = commitment(dyads, definition, "allied", p, a, s) == 1
    index = np.arange(len(s))
    start = allied & ((s == span[0]) | ~np.roll(allied, 1))
    run_start = np.maximum.accumulate(np.where(start, index, 0))
    age = np.where(allied, index - run_start + 1, 0)  # allied years of the run up to s
    pair = np.searchsorted(pairs[:, 0] * 100000 + pairs[:, 1], patron * 100000 + partner)
    at = pair * len(span) + (year - 1 - span[0])
    inside = (year - 1 >= span[0]) & (year - 1 <= span[-1])
    out = np.where(inside, age[np.clip(at, 0, len(s) - 1)], 0).astype(np.float64)
    return np.where(out > 0, out, np.nan)
