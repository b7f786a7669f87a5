"""Existing clients C of a patron P (RESEARCH_DESIGN.md, 3).

C is a client of P in t if P is committed to C in t-1 (ATOP, P's row, under the alliance definition
in use) and C is a minor power in t (neither a COW major power nor a patron). The United States'
clients include Japan from 1953 (the US commitment starts in 1952, Japan's first system year after
the occupation).
"""

import pandas as pd

from alliance_bargaining.proxies.lookup import DyadYears
from alliance_bargaining.proxies.prospects import allied_lag


def existing_clients(dyads: DyadYears, partners: pd.DataFrame, alliance: str) -> pd.DataFrame:
    """The rows of ``partners`` (ccode_p, ccode_x, year, ...) in which X is a client of P."""
    lag = allied_lag(dyads, alliance, partners["ccode_p"], partners["ccode_x"], partners["year"])
    return partners[lag == 1].reset_index(drop=True)
