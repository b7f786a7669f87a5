"""The historical cases the data must reproduce (RESEARCH_DESIGN.md, 6), as a computed table.

Each check compares what a case requires with what the panel and the proxies say. ``kind`` is
"design" for the facts section 6 lists, "theory" for the roles the case assumes (R a rival of P),
and "info" for computed context without a requirement (``match`` missing): whether A is eligible as
a prospective ally under the definitions in use, its prospect measures, and whether C is a client of
P. Nothing is filled in by hand: a dyad-year missing from the panel is reported as such.

Rows of kind "sample" say whether each case's row is in the H1/H2 and H3 samples (China: A 710, R 2;
P 365, A 710; 1950) and the H4 sample (Australia: A 900, C 740, 1951; either orientation of the pair)
under each role definition (``patrons.ROLES``), read from the datasets built under that role
(``role_samples``). A row in the sample shows its coded values: the columns of ``CODED`` the
dataset carries (``upgrade_at_stake``, ``allied_with_rival_lag`` and H3's solo term are read when
present); a row not in it shows why, from the rules that can exclude it (years, system membership, patron, A's role, alliance with P
in t-1, R a rival / C a client of P, A allied with R in t-1, the dyad-year in the panel).
"""

import numpy as np
import pandas as pd

from alliance_bargaining.proxies.alignment import alignment_signal
from alliance_bargaining.proxies.alliance import commitment
from alliance_bargaining.proxies.datasets import Blocks, build_dataset, building_blocks
from alliance_bargaining.proxies.patrons import ROLES, STRENGTH_RATIO, is_patron, minor_power, much_weaker

CHINA = "China-USSR-US 1950 (R1, R3)"
AUSTRALIA = "Australia-US-Japan 1951 (R4)"
COLUMNS = ["case", "check", "kind", "required", "computed", "match", "note"]
# (case, hypothesis, dataset, P, row keys, target column): the seed cases' rows in the samples
SEEDS = (
    (CHINA, "H1/H2", "h1_h2_ally_rival", 365, {"ccode_a": 710, "ccode_r": 2, "year": 1950}, "ccode_r"),
    (CHINA, "H3", "h3_patron_prospect", 365, {"ccode_p": 365, "ccode_a": 710, "year": 1950}, None),
    (AUSTRALIA, "H4", "h4_ally_client", 2, {"ccode_a": 900, "ccode_c": 740, "year": 1951}, "ccode_c"),
)
CASE_DATASETS = tuple(dict.fromkeys(seed[2] for seed in SEEDS))
# Coded values shown for a case's row in a sample, those the dataset carries, in this order
CODED = (
    "n_patrons",
    "allied_lag",
    "upgrade_at_stake",
    "allied_with_rival_lag",
    "prospect_ex_ante",
    "prospect_alignment",
    "prospect_ex_post",
    "mid_onset_initiated",
    "mid_onset",
    "mid_onset_force",
    "un_agree_gain",
    "yield_or_compromise",
    "mid_vs_rival_solo_initiated_lag",
    "mid_vs_rival_lag",
    "alliance_gain_lead",
    "alliance_onset_lead",
)


def role_samples(
    panel: pd.DataFrame, params: dict | None, dirdisps: dict, built: dict | None = None
) -> dict[str, dict[str, pd.DataFrame]]:
    """The datasets of ``CASE_DATASETS`` under each role definition: ``built`` (the configured
    datasets by name) for the configured role, built from the panel for the others."""
    blocks = building_blocks(panel, params, dirdisps)
    configured = blocks.params["role"]
    built = built or {}
    out = {}
    for role in ROLES:
        if role != configured:
            blocks = building_blocks(panel, blocks.params | {"role": role}, dirdisps)
        out[role] = {
            name: built[name] if role == configured and name in built else build_dataset(blocks, name)
            for name in CASE_DATASETS
        }
    return out


def case_table(blocks: Blocks, samples: dict[str, dict[str, pd.DataFrame]] | None = None) -> pd.DataFrame:
    """One row per check of the section 6 cases (module doc), from ``datasets.building_blocks(panel,
    params, dirdisps)``, and with ``samples`` (the case datasets under each role, ``role_samples``;
    the workflow always passes them) the rows of kind "sample"."""
    rows = [(CHINA, *row) for row in _china(blocks, a=710, p=365, r=2, year=1950)]
    rows += [(AUSTRALIA, *row) for row in _australia(blocks, a=900, p=2, c=740, year=1951)]
    rows += sample_rows(blocks, samples, SEEDS) if samples else []
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["match"] = table["match"].astype("boolean")
    return table


def sample_rows(blocks: Blocks, samples: dict[str, dict[str, pd.DataFrame]], seeds) -> list:
    """Rows (case, check, kind, required, computed, match, note) of kind "sample": for each of
    ``seeds`` (as ``SEEDS``) and each role of ``samples``, whether the case's row is in that role's
    dataset, with its coded values or the rules that exclude it (module doc)."""
    rows = []
    for case, hypothesis, name, patron, keys, target in seeds:
        for role, frames in samples.items():
            rows.append((case, *_sample_row(blocks, frames[name], hypothesis, role, patron, keys, target)))
    return rows


def _find(frame: pd.DataFrame, keys: dict) -> pd.DataFrame:
    hit = np.ones(len(frame), dtype=bool)
    for column, value in keys.items():
        hit &= frame[column].to_numpy() == value
    return frame[hit]


def _sample_row(
    blocks: Blocks, frame: pd.DataFrame, hypothesis: str, role: str, p: int, keys: dict, target
) -> tuple:
    """(check, kind, required, computed, match, note) of a case's row in a sample under ``role``."""
    label = ", ".join(f"{k} {v}" for k, v in keys.items())
    check = f"{hypothesis} row ({label}) in the sample, role = {role}"
    found = _find(frame, keys)
    orientation = ""
    if found.empty and target is not None:  # an undirected pair may be kept as (target, A)
        swapped = keys | {"ccode_a": keys[target], target: keys["ccode_a"]}
        found = _find(frame, swapped)
        orientation = f" as ccode_a {keys[target]}, {target} {keys['ccode_a']}" if len(found) else ""
    if len(found):
        row = found.iloc[0]
        coded = "; ".join(f"{c} = {_show(_num(row[c]))}" for c in CODED if c in frame)
        return check, "sample", "-", f"in sample{orientation}", pd.NA, coded
    a, year = keys["ccode_a"], keys["year"]
    upgrade_kept = "upgrade_at_stake" in frame
    why = _why_not(blocks, role, p, a, keys.get(target) if target else None, year, target, upgrade_kept)
    return check, "sample", "-", "not in sample", pd.NA, "; ".join(why) or "no listed rule excludes it"


def _num(value) -> float:
    return np.nan if pd.isna(value) else float(value)


def _why_not(blocks: Blocks, role: str, p: int, a: int, x, year: int, target, upgrade_kept: bool) -> list:
    """The rules that exclude (P, A[, X], t) from a sample under ``role`` (module doc): an alliance
    with P in t-1 excludes a triad (H1/H2, H4) unless the dataset keeps such rows as upgrade at stake."""
    dyads, params = blocks.dyads, blocks.params
    why = []
    if not params["first_year"] <= year <= params["last_year"]:
        why.append(f"{year} outside the sample years {params['first_year']}-{params['last_year']}")
    for state in (p, a) if x is None else (p, a, x):
        if not dyads.in_system([state], [year])[0]:
            why.append(f"{state} not a COW system member in {year}")
    if not is_patron(blocks.patrons, [p], [year])[0]:
        why.append(f"{p} not a patron in {year}")
    if not minor_power(dyads, blocks.patrons, [a], [year])[0]:
        text = f"{a} a COW major power or patron in {year}"
        if role == "weaker_than_patron":
            cinc_p, cinc_a = (dyads.state_values("cinc1", [s], [year - 1])[0] for s in (p, a))
            weaker = bool(much_weaker(dyads, [p], [a], [year])[0])
            text += (
                f" and CINC {year - 1} of {p} = {_show(cinc_p)} {'>=' if weaker else '<'} {STRENGTH_RATIO:g} x "
                f"CINC of {a} = {_show(cinc_a)}"
            )
            if not weaker:
                why.append(text)
        else:
            why.append(text)
    alliance = params["alliance"]
    allied = _one(commitment(dyads, alliance, "allied", [p], [a], [year - 1]))
    if target is not None and not upgrade_kept and allied != 0:
        why.append(f"{p} committed to {a} in {year - 1} ({alliance}: {_show(allied)})")
    if target == "ccode_r":
        if _one(blocks.rivals.holds([p], [x], [year])) != 1:
            why.append(f"{x} not a rival of {p} in {year} (rival = {params['rival']})")
        with_r = max(
            _one(dyads.values("ally_any", [a], [x], [year - 1], absent=0.0)),
            _one(dyads.values("ally_any", [x], [a], [year - 1], absent=0.0)),
        )
        if with_r != 0:
            why.append(f"{a} allied with {x} in {year - 1} (any ATOP obligation: {_show(with_r)})")
    if target == "ccode_c":
        clients = blocks.clients
        if _find(clients, {"ccode_p": p, "ccode_x": x, "year": year}).empty:
            why.append(f"{x} not a client of {p} in {year}")
    if x is not None and not dyads.exists([a], [x], [year])[0]:
        why.append(f"dyad-year ({a}, {x}, {year}) not in the panel")
    return why


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
            why.append(f"{a} is a major power or patron in {year} (role = {blocks.params['role']})")
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
            f"{a} a prospective ally of {p} in {year}, alignment (UN prospect, else non-UN signal)",
            "info",
            "-",
            _show(row["prospect_alignment"]),
            pd.NA,
            "",
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
    for t in (year - 1, year):
        cinc_p, cinc_a = (_one(dyads.state_values("cinc1", [s], [t])) for s in (p, a))
        rows.append(
            (
                f"CINC of {p} and {a} in {t}",
                "info",
                "-",
                f"{_show(cinc_p)}, {_show(cinc_a)}",
                pd.NA,
                f"ratio {_show(cinc_p / cinc_a)} (weaker_than_patron: {p}'s CINC in t-1 >= {STRENGTH_RATIO:g} x {a}'s)",
            )
        )
    affinity = blocks.params["affinity"]
    un = _one(dyads.values(affinity, [p], [a], [year - 1]))
    signal = _one(alignment_signal(dyads, [p], [a], [year]))
    rows.append(
        (
            f"non-UN alignment signal {p}-{a} in {year} (arms from {p} or ATOP consultation/non-aggression in "
            f"{year - 3}-{year - 1})",
            "info",
            "-",
            _show(signal),
            pd.NA,
            f"{affinity} {p}-{a} in {year - 1} = {_show(un)}: prospect_alignment takes the signal "
            "where the UN prospect is missing",
        )
    )
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
