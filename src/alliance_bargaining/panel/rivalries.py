"""Strategic rivalries per directed dyad-year: Thompson and Dreyer (2012), primary; Thompson, Sakuwa
and Suresh (2022), alternative."""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import dyad_year_id, positions, spell_years


def rivalry_years(rivalries: pd.DataFrame) -> pd.DataFrame:
    """Directed dyad-years (ccode1, ccode2, year) in which a strategic rivalry is active.

    Each rivalry (non-directed, ``styear``..``endyear`` inclusive) is expanded into non-directed
    dyad-years, then into both directions; a dyad with several rivalries (e.g. China-United States
    1949-1972 and 1996-) keeps one row per year. Years before the COW system (1816) are kept and
    simply match no dyad-year.
    """
    spell, year = spell_years(rivalries["styear"], rivalries["endyear"])
    a = rivalries["ccode1"].to_numpy()[spell]
    b = rivalries["ccode2"].to_numpy()[spell]
    frame = pd.DataFrame(
        {
            "ccode1": np.concatenate([a, b]).astype("int16"),
            "ccode2": np.concatenate([b, a]).astype("int16"),
            "year": np.concatenate([year, year]).astype("int16"),
        }
    )
    return (
        frame.drop_duplicates()
        .sort_values(["ccode1", "ccode2", "year"], kind="mergesort")
        .reset_index(drop=True)
    )


def add_rivalries(dyads: pd.DataFrame, td: pd.DataFrame, tss: pd.DataFrame) -> pd.DataFrame:
    """Add ``rivalry_td`` and ``rivalry_tss`` (Int8): a strategic rivalry is active in the dyad-year.

    Symmetric: (a, b) and (b, a) carry the same value. Each source covers the years up to its last
    ``endyear`` (TD 2010, TSS 2020); later dyad-years are missing, not 0, because an ``endyear`` equal
    to that last year means the rivalry was ongoing when the data end (42 TD rivalries end in 2010).
    """
    ids = dyad_year_id(dyads["ccode1"], dyads["ccode2"], dyads["year"])
    year = dyads["year"].to_numpy()
    columns = {}
    for name, table in (("rivalry_td", td), ("rivalry_tss", tss)):
        active = rivalry_years(table)
        found = positions(ids, dyad_year_id(active["ccode1"], active["ccode2"], active["year"])) >= 0
        columns[name] = pd.arrays.IntegerArray(found.astype(np.int8), year > table["endyear"].max())
    return dyads.assign(**columns)
