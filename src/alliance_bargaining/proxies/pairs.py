"""Undirected pairs once per year (RESEARCH_DESIGN.md, 7: H4's risk set).

H4's rows are directed dyad-years (A, C, t), but its outcomes are properties of the undirected pair:
a MID between A and C begins in the pair's row whichever side began it, and UN agreement is
symmetric. When A courts a patron of which C is a client and C courts a patron of which A is a client
in the same year, both (A, C, t) and (C, A, t) are eligible and the pair's onset would be counted
twice (issue 11: 17.7% of the logit's rows had their reverse in the data, holding 48 of its 487
events). Fixed rule, decided from the data's structure before any estimate: the row with the smaller
COW code as A is kept.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id


def once_per_pair(rows: pd.DataFrame, first: str, second: str) -> np.ndarray:
    """Mask of the rows to keep: all but (a, b, t) with a > b whose reverse (b, a, t) is also a row."""
    a, b, year = rows[first].to_numpy(np.int64), rows[second].to_numpy(np.int64), rows["year"]
    reverse_present = np.isin(dyad_year_id(b, a, year), dyad_year_id(a, b, year))
    return ~(reverse_present & (a > b))
