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
