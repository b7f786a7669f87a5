"""The historical cases the data must reproduce (RESEARCH_DESIGN.md, 6), as a computed table.

Each check compares what a case requires with what the panel and the proxies say. ``kind`` is
"design" for the facts section 6 lists, "theory" for the roles the case assumes (R a rival of P),
and "info" for computed context without a requirement (``match`` missing): whether A is eligible as
a prospective ally under the definitions in use, its prospect measures, and whether C is a client of
P. Nothing is filled in by hand: a dyad-year missing from the panel is reported as such.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.proxies.alliance import commitment
from alliance_bargaining.proxies.datasets import Blocks
from alliance_bargaining.proxies.patrons import minor_power

CHINA = "China-USSR-US 1950 (R1, R3)"
AUSTRALIA = "Australia-US-Japan 1951 (R4)"
COLUMNS = ["case", "check", "kind", "required", "computed", "match", "note"]


def case_table(blocks: Blocks) -> pd.DataFrame:
    """One row per check of the section 6 cases (module doc), from ``datasets.building_blocks(panel,
    params, dirdisps)``."""
    rows = [(CHINA, *row) for row in _china(blocks, a=710, p=365, r=2, year=1950)]
    rows += [(AUSTRALIA, *row) for row in _australia(blocks, a=900, p=2, c=740, year=1951)]
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["match"] = table["match"].astype("boolean")
    return table


def _one(values) -> float:
    return float(np.asarray(values)[0])


def _show(value: float) -> str:
    if np.isnan(value):
        return "missing"
    return str(int(value)) if float(value).is_integer() else f"{value:.3f}"


def _prospect_rows(blocks: Blocks, a: int, p: int, year: int) -> list:
    """A's eligibility as a prospective ally of P in the year, and its prospect measures."""
    minor = bool(minor_power(blocks.dyads, blocks.patrons, [a], [year])[0])
    allied_before = _one(commitment(blocks.dyads, blocks.params["alliance"], "allied", [p], [a], [year - 1]))
    rows = [
        (
            f"{a} a minor power in {year} (neither COW major nor patron)",
            "info",
            "-",
            str(int(minor)),
            pd.NA,
            "",
        ),
        (f"{p} committed to {a} in {year - 1}", "info", "-", _show(allied_before), pd.NA, ""),
    ]
    prospects = blocks.prospects
    row = prospects[(prospects["ccode_p"] == p) & (prospects["ccode_x"] == a) & (prospects["year"] == year)]
    if row.empty:
        why = []
        if not minor:
            why.append(f"{a} is a major power or patron in {year}")
        if allied_before != 0:
            why.append(f"already allied with {p} in {year - 1}")
        rows.append(
            (f"{a} a prospective ally of {p} in {year}", "info", "-", "not eligible", pd.NA, "; ".join(why))
        )
        return rows
    row, params = row.iloc[0], blocks.params
    rows += [
        (
            f"{a} a prospective ally of {p} in {year}, ex ante",
            "info",
            "-",
            _show(row["prospect_ex_ante"]),
            pd.NA,
            f"{params['affinity']} {year - params['prospect_lag']} = {_show(row['affinity_lag'])}; median "
            f"of {p}'s allies = {_show(row['allies_affinity_lag'])}",
        ),
        (
            f"{a} a prospective ally of {p} in {year}, ex post (onset in t+1..t+{params['prospect_lead']})",
            "info",
            "-",
            _show(row["prospect_ex_post"]),
            pd.NA,
            "uses the future",
        ),
    ]
    return rows


def _china(blocks: Blocks, a: int, p: int, r: int, year: int) -> list:
    dyads, alliance = blocks.dyads, blocks.params["alliance"]
    onset = _one(dyads.values("mid_onset", [a], [r], [year]))
    upgrade = _one(commitment(dyads, alliance, "upgrade", [p], [a], [year]))
    rival = _one(blocks.rivals.holds([p], [r], [year]))
    initiated = _one(dyads.values("mid_initiator", [a], [r], [year]))
    rows = [
        (f"MID onset {a}-{r} in {year}", "design", "1", _show(onset), onset == 1, ""),
        (
            f"ATOP upgrade {p}->{a} in {year} ({alliance})",
            "design",
            "1",
            _show(upgrade),
            upgrade == 1,
            "the 1950 treaty replaced the 1945 one",
        ),
        (
            f"{r} a rival of {p} in {year} (rival = {blocks.params['rival']})",
            "theory",
            "1",
            _show(rival),
            rival == 1,
            "",
        ),
        (f"{a} on the initiating side of the {year} onset", "info", "-", _show(initiated), pd.NA, ""),
    ]
    return rows + _prospect_rows(blocks, a, p, year)


def _australia(blocks: Blocks, a: int, p: int, c: int, year: int) -> list:
    dyads, alliance = blocks.dyads, blocks.params["alliance"]
    onset = _one(commitment(dyads, alliance, "onset", [p], [a], [year]))
    years = np.arange(1945, year)
    before = commitment(dyads, alliance, "allied", np.full(len(years), p), np.full(len(years), a), years)
    gap = f"1945: {_show(before[0])}; 1946-{year - 1}: {_show(np.nansum(before[1:]))} allied years"
    quiet_years = np.arange(1946, 1956)
    pair = (np.full(len(quiet_years), a), np.full(len(quiet_years), c), quiet_years)
    present = dyads.exists(*pair)
    onsets = dyads.values("mid_onset", *pair)[present]
    ongoing = dyads.values("mid_ongoing", *pair)[present]
    absent = quiet_years[~present]
    first = f"first year {quiet_years[present].min()}" if present.any() else "never present"
    entry = f"absent {absent.min()}-{absent.max()}; {first}" if len(absent) else "present every year"
    client = blocks.clients
    client_years = client.loc[(client["ccode_p"] == p) & (client["ccode_x"] == c), "year"]
    in_system = bool(dyads.in_system([c], [year])[0])
    is_client = "not a system member" if not in_system else str(int((client_years == year).any()))
    rows = [
        (f"ATOP onset {p}->{a} in {year} ({alliance})", "design", "1", _show(onset), onset == 1, ""),
        (
            f"commitment {p}->{a} in 1945, none 1946-{year - 1}",
            "design",
            f"1945: 1; 1946-{year - 1}: 0 allied years",
            gap,
            gap == f"1945: 1; 1946-{year - 1}: 0 allied years",
            "the gap since 1945",
        ),
        (
            f"MIDs {a}-{c} 1946-1955 (onsets, ongoing; panel years only)",
            "design",
            "0, 0",
            f"{_show(np.sum(onsets))}, {_show(np.sum(ongoing))}",
            bool((onsets == 0).all() and (ongoing == 0).all()),
            f"{present.sum()} dyad-years in the panel",
        ),
        (
            f"dyad {a}-{c} in the panel 1946-1955",
            "design",
            "absent 1946-1951; first year 1952",
            entry,
            entry == "absent 1946-1951; first year 1952",
            f"{c} is not a COW system member 1946-1951 (occupation)",
        ),
        (
            f"{c} a client of {p} in {year}",
            "info",
            "-",
            is_client,
            pd.NA,
            f"first year as a client of {p}: {client_years.min() if len(client_years) else 'never'}",
        ),
    ]
    return rows + _prospect_rows(blocks, a, p, year) + _prospect_rows(blocks, a, p, year - 1)
