"""Patrons: COW major powers (COW 2016) and Maoz global powers (Maoz 2010) per state-year."""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import positions, spell_years, state_year_id, take


def _state_years(ccode, start, end) -> pd.DataFrame:
    spell, year = spell_years(start, end)
    frame = pd.DataFrame({"ccode": np.asarray(ccode)[spell].astype("int16"), "year": year.astype("int16")})
    return frame.drop_duplicates().sort_values(["ccode", "year"], kind="mergesort").reset_index(drop=True)


def major_power_years(cow_majors: pd.DataFrame) -> pd.DataFrame:
    """(ccode, year) of COW major powers, COW State System Membership v2016 (COW 2016).

    A state is major in year t if any of its spells covers any part of t, so partial years count:
    the US from 13 Aug 1898, France in 1940 (to 22 Jun) and again in 1945 (from 15 Aug), Germany in
    1945 (to 7 May), Italy in 1943, Russia in 1917, Germany and Japan in 1991 (from 11 Dec). Spells
    open at the data's end are coded to 31 Dec 2016; the frame stops there.
    """
    return _state_years(cow_majors["ccode"], cow_majors["styear"], cow_majors["endyear"])


def global_power_years(maoz_powers: pd.DataFrame) -> pd.DataFrame:
    """(ccode, year) of global powers from the ``globstdate``..``globenddate`` spells (Maoz 2010).

    Same partial-year rule as :func:`major_power_years` (Germany is global in 1945, to 8 May); rows
    without a global spell (NaT) are regional powers only and are dropped. The data end in 2019.
    """
    spells = maoz_powers.dropna(subset=["globstdate", "globenddate"])
    return _state_years(spells["ccode"], spells["globstdate"].dt.year, spells["globenddate"].dt.year)


def add_powers(dyads: pd.DataFrame, majors_sy: pd.DataFrame, global_sy: pd.DataFrame) -> pd.DataFrame:
    """Add ``major1``, ``major2`` (COW) and ``global_power1``, ``global_power2`` (Maoz), Int8 0/1.

    A state-year frame covers the years from its first to its last year (COW majors 1816-2016,
    Maoz global powers 1816-2019); dyad-years outside that span are missing, not 0.
    """
    flags = pd.merge(
        majors_sy.assign(major=np.int8(1)),
        global_sy.assign(global_power=np.int8(1)),
        how="outer",
        on=["ccode", "year"],
    ).fillna(0)
    source = state_year_id(flags["ccode"], flags["year"])
    rows = {side: positions(state_year_id(dyads[f"ccode{side}"], dyads["year"]), source) for side in "12"}
    year = dyads["year"]
    columns = {}
    for name, table in (("major", majors_sy), ("global_power", global_sy)):
        outside = ~year.between(table["year"].min(), table["year"].max()).to_numpy()
        for side in "12":
            values = take(flags[name], rows[side], fill=0, dtype=np.int8)
            columns[f"{name}{side}"] = pd.arrays.IntegerArray(values, outside)
    return dyads.assign(**columns)
