"""Clients of a patron's rival: the targets of H4's placebo (RESEARCH_DESIGN.md, 7: falsification).

C' is a client of P's rival in t if some state R is P's rival in t (``rivals``), R is a patron in t
with C' as an existing client (``clients``: R committed to C' in t-1, C' a minor power), and C' is not
a client of P itself in t (a state committed to by both camps is one of P's clients, H4's own target).
A client belongs to a patron (section 3), so rivals of P that are not patrons in t (Cuba, India,
Taiwan, Vietnam...) add no targets.

What the theories predict for A's prospect with P toward C': reassurance (R4) concerns P's clients
only, so nothing (or, by R1, a harder line toward the rival's camp: a positive sign); plain
alignment or a pacific-state confound (states that vote with P rarely fight anyone) predicts the same
negative sign as toward P's own clients.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id


def rival_clients(clients: pd.DataFrame, rival_pairs: pd.DataFrame) -> pd.DataFrame:
    """(ccode_p, ccode_c, year), sorted and unique: C' a client in t of a patron that is P's rival in t
    and not a client of P in t.

    ``clients``: patron-client rows (ccode_p, ccode_x, year) of the years in which ccode_p is a patron;
    ``rival_pairs``: (ccode_p, ccode_r, year), ccode_r a rival of ccode_p in the year.
    """
    theirs = clients[["ccode_p", "ccode_x", "year"]].rename(
        columns={"ccode_p": "ccode_r", "ccode_x": "ccode_c"}
    )
    targets = rival_pairs[["ccode_p", "ccode_r", "year"]].merge(theirs, on=["ccode_r", "year"])
    own = dyad_year_id(clients["ccode_p"], clients["ccode_x"], clients["year"])
    targets = targets[~np.isin(dyad_year_id(targets["ccode_p"], targets["ccode_c"], targets["year"]), own)]
    out = targets[["ccode_p", "ccode_c", "year"]].drop_duplicates()
    return out.sort_values(["ccode_p", "ccode_c", "year"]).reset_index(drop=True)
