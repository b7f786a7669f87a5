"""Alliance definitions and the patron's commitments (RESEARCH_DESIGN.md, 3; ATOP 5, Leeds et al. 2002).

Primary: an ATOP defense or offense pledge (``ally_defense_offense``); alternative: any ATOP obligation
(``ally_any``), each with its onset, upgrade, termination and gain columns from the panel.

ATOP flags are directed (ccode1 is obliged towards ccode2) and a few hundred dyad-years differ by
direction (the United States pledges to defend Japan from 1952, not the reverse). Every patron-side
alliance quantity is read from the patron's row, ccode1 = P: "A allied with P" means P is committed to
A, and an onset or upgrade P-A is a new or deeper commitment of P to A. A dyad-year without a row (a
state outside the system) is not allied and has no alliance event.
"""

import numpy as np

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
