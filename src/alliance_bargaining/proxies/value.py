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


def log_cinc_ratio(dyads: DyadYears, ccode1, ccode2, year) -> np.ndarray:
    """log(stronger CINC / weaker CINC) of the dyad-year: capability preponderance, >= 0."""
    share = dyads.values("power_share1", ccode1, ccode2, year)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.abs(np.log(share) - np.log1p(-share))
    return np.where(np.isfinite(ratio), ratio, np.nan)
