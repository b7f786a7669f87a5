"""Alliance value w of a prospective ally A against P's rival R (RESEARCH_DESIGN.md, 3).

Primary: w = cinc_A / (cinc_A + cinc_R), the A-R row's ``power_share1`` (COW NMC, Singer 1987).
Alternative: an A-R strategic rivalry (Thompson and Dreyer 2012), A's own stake against R.
"""

import numpy as np

from alliance_bargaining.proxies.lookup import DyadYears


def alliance_value(dyads: DyadYears, ally, rival, year) -> dict[str, np.ndarray]:
    """``w`` (A's share of the A-R capabilities) and ``w_rivalry`` (A-R rivalry active in t)."""
    return {
        "w": dyads.values("power_share1", ally, rival, year),
        "w_rivalry": dyads.values("rivalry_td", ally, rival, year),
    }
