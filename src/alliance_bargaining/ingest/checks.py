"""Content checks of an interim table against its registry entry: rows, year coverage, state codes.

Checksums guard the registered bytes; these checks guard a source updated to new bytes (and a new
SHA256) whose content is wrong: a header-only file, a shorter span of years, or a code that is not
a COW state in that year. Each failure is one InputError naming the source file and column.
"""

import pandas as pd

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.tables import row_ref


def year_span(table: pd.DataFrame) -> tuple | None:
    """First and last year the table holds: ``year``, else ``styear``..``endyear`` (spells)."""
    if "year" in table:
        first, last = table["year"], table["year"]
    elif "styear" in table:
        first, last = table["styear"], table["endyear"] if "endyear" in table else table["styear"]
    else:
        return None
    if table.empty:
        return None
    return int(first.min()), int(last.max())


def has_years(table_columns) -> bool:
    """Whether a table with these columns has years (so its registry entry needs ``coverage``)."""
    return "year" in table_columns or "styear" in table_columns


def check_size(table: pd.DataFrame, entry: dict, file: str, name: str) -> None:
    """At least ``min_rows`` rows and, when registered, years spanning ``coverage``."""
    if len(table) < entry["min_rows"]:
        raise InputError(
            f"{file}: expected at least {entry['min_rows']} rows (data/sources.yaml key "
            f"'{name}.min_rows'), found {len(table)}"
        )
    if "coverage" not in entry:
        return
    want = tuple(entry["coverage"])
    span = year_span(table)
    if span is None or span[0] > want[0] or span[1] < want[1]:
        found = "no years" if span is None else f"{span[0]}-{span[1]}"
        raise InputError(
            f"{file}: expected years covering {want[0]}-{want[1]} (data/sources.yaml key "
            f"'{name}.coverage'), found {found}"
        )


def check_state_codes(
    table: pd.DataFrame,
    columns: dict,
    state_year: pd.DataFrame,
    outside: list | str | None,
    file: str,
    name: str,
) -> None:
    """Every state code is a COW system member in the row's year, or a registered exception.

    ``columns`` maps the table's state-code columns to their names in the raw file. With a
    ``year`` column a code must be a member in that year (members of the list's last year, 2016,
    are carried forward, as in the dyad-year universe); without one (spells, roll-call votes) it
    must be a COW state code of some year. ``outside`` lists ``[ccode, first, last]`` years allowed
    outside membership (e.g. SIPRI deliveries to states before independence); ``"any"`` (alone or
    as an item of that list) means the source codes states outside their membership years by design,
    so only codes that are no COW state (and not listed) fail.
    Reports the first unknown code and year, and how many code-years fail.
    """
    if not columns or table.empty:
        return
    outside = [] if outside is None else ["any"] if outside == "any" else outside
    any_year = "any" in outside
    last = int(state_year["year"].max())
    known = pd.Index(state_year["ccode"].unique())
    carried = pd.Index(state_year.loc[state_year["year"] == last, "ccode"].unique())
    members = pd.MultiIndex.from_arrays(
        [state_year["ccode"].astype("int64"), state_year["year"].astype("int64")]
    )
    allowed = pd.DataFrame(
        [t for t in outside if t != "any"], columns=["ccode", "first", "last"], dtype="int64"
    )
    for column, src in columns.items():
        codes = table[column].astype("int64")
        years = table["year"].astype("int64") if "year" in table else None
        if years is None:
            ok = codes.isin(known) | codes.isin(allowed["ccode"])
        elif any_year:
            ok = codes.isin(known) | _in_ranges(codes, years, allowed)
            years = None  # report unknown codes, not code-years
        else:
            ok = pd.Series(pd.MultiIndex.from_arrays([codes, years]).isin(members), index=codes.index)
            ok |= (years > last) & codes.isin(carried)
            ok |= _in_ranges(codes, years, allowed)
        if not ok.all():
            bad = pd.DataFrame({"ccode": codes[~ok], "year": years[~ok] if years is not None else pd.NA})
            pairs = bad.drop_duplicates().sort_values(["ccode", "year"])
            first = pairs.iloc[0]
            what = "a COW state code" if years is None else "a COW system member in that year"
            at = "" if years is None else f" in {int(first['year'])}"
            raise InputError(
                f"{file}: column '{src}': expected {what} (or an exception in data/sources.yaml key "
                f"'{name}.outside_membership'), found {int(first['ccode'])}{at} "
                f"({len(pairs)} unknown code{'s' if years is None else '-years'} in all, "
                f"first at {row_ref(file, bad.index.min())})"
            )


def _in_ranges(codes: pd.Series, years: pd.Series, allowed: pd.DataFrame) -> pd.Series:
    ok = pd.Series(False, index=codes.index)
    for ccode, first, last in allowed.itertuples(index=False):  # a handful of registered ranges
        ok |= (codes == ccode) & years.between(first, last)
    return ok
