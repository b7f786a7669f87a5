"""Assemble the directed dyad-year panel from the interim tables, stage by stage.

``STAGES`` lists the steps in order (the universe, then one merge per source); ``build_dyad_year``
runs them, then one generic merge per registered source that declares a ``join``
(``panel.joins``), and checks after each that the row count is unchanged. ``bench/panel.py``
times the same stages. ``panel.columns`` documents every column for the generated codebook.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from . import affinity as un
from .alliances import add_atop
from .arms import add_arms
from .capabilities import add_nmc
from .dyads import dyad_years
from .geography import add_contiguity, add_mindist
from .igos import add_igos
from .joins import add_joined
from .keys import DYAD_KEY, add_dyad_columns
from .mids import add_mids
from .peace_years import PEACE_COLUMNS, add_peace_years, peace_year_splines
from .powers import add_powers, global_power_years, major_power_years
from .rivalries import add_rivalries
from .un_ideal import add_ideal_distance, state_ideal_points

# The one place the MID tables are named: (directed dispute-dyad-years, dispute level) per MID data.
MID_SOURCES = {"cow": ("cow_mid_dirdisps", "cow_mid_disps"), "gml": ("gml_dirdisp", "gml_mid_disps")}
MID_COLUMNS = [
    "mid_onset",
    "mid_ongoing",
    "mid_initiator",
    "mid_hostlev",
    "mid_fatal",
    "mid_dispnum",
    "mid_outcome",
    "mid_settle",
]
UN_COLUMNS = [
    "un_agree",
    "un_s",
    "un_kappa",
    "un_agree_important",
    "un_agree_nonunanimous",
    "un_n",
    "un_n_important",
    "un_n_nonunanimous",
]

# The calendar-year UN affinity table (data/processed/un_affinity_calendar.parquet) in ``tables``: its
# measures enter as <measure>_calendar, the columns lagged UN reads use (.affinity, "Year conventions").
CALENDAR_AFFINITY = "un_affinity_calendar"
UN_LAG_COLUMNS = {f"{name}{un.LAG_SUFFIX}": (name, None) for name in un.LAGGED_MEASURES}

# Interim tables the hand-written stages read (besides state_year and the UN affinity table);
# registered sources with a `join` are read as well (``joined_sources``).
PANEL_SOURCES = [
    "atop_alliance",
    *MID_SOURCES["cow"],
    *MID_SOURCES["gml"],
    "cow_nmc",
    "cow_contdir",
    "cow_mindist",
    "cow_majors",
    "maoz_powers",
    "td_rivalries",
    "tss_rivalries",
    "cow_igo_ndy",
    "sipri_arms",
    "un_ideal_points",
]


def other_mid_source(mid_source: str) -> str:
    """The MID data that gives the ``_alt`` columns."""
    return "gml" if mid_source == "cow" else "cow"


def joined_sources(sources: dict) -> dict:
    """source -> its ``join`` declaration, for the registry entries that declare one."""
    return {name: entry["join"] for name, entry in sources.items() if "join" in entry}


@dataclass(frozen=True)
class Stage:
    name: str
    run: Callable  # (dyads, tables, affinity, settings, coverage) -> dyads with new columns


def _mids(dyads, tables, settings, coverage, source, suffix):
    dirdisps, disps = MID_SOURCES[source]
    out = add_mids(dyads, tables[dirdisps], tables[disps], *coverage[dirdisps])
    out = add_peace_years(out, "mid_onset")
    out = pd.concat([out, peace_year_splines(out["peace_years"])], axis=1)
    return out.rename(columns={name: f"{name}{suffix}" for name in MID_COLUMNS + PEACE_COLUMNS})


def _mids_primary(dyads, tables, affinity, settings, coverage):
    return _mids(dyads, tables, settings, coverage, settings["mid_source"], "")


def _mids_alternative(dyads, tables, affinity, settings, coverage):
    other = other_mid_source(settings["mid_source"])
    return _mids(dyads, tables, settings, coverage, other, "_alt")


STAGES = [
    Stage(
        "atop",
        lambda d, t, a, s, c: add_atop(d, t["atop_alliance"], *c["atop_alliance"], s["alliance_max_gap"]),
    ),
    Stage("mids", _mids_primary),
    Stage("mids_alt", _mids_alternative),
    Stage("nmc", lambda d, t, a, s, c: add_nmc(d, t["cow_nmc"])),
    Stage("contiguity", lambda d, t, a, s, c: add_contiguity(d, t["cow_contdir"], *c["cow_contdir"])),
    Stage("mindist", lambda d, t, a, s, c: add_mindist(d, t["cow_mindist"])),
    Stage(
        "powers",
        lambda d, t, a, s, c: add_powers(
            d, major_power_years(t["cow_majors"]), global_power_years(t["maoz_powers"])
        ),
    ),
    Stage("rivalries", lambda d, t, a, s, c: add_rivalries(d, t["td_rivalries"], t["tss_rivalries"])),
    Stage("igos", lambda d, t, a, s, c: add_igos(d, t["cow_igo_ndy"])),
    Stage("arms", lambda d, t, a, s, c: add_arms(d, t["sipri_arms"], *c["sipri_arms"])),
    Stage("un_affinity", lambda d, t, a, s, c: add_dyad_columns(d, a, {n: (n, None) for n in UN_COLUMNS})),
    Stage(
        "un_affinity_calendar",
        lambda d, t, a, s, c: add_dyad_columns(d, t[CALENDAR_AFFINITY], UN_LAG_COLUMNS),
    ),
    Stage("un_ideal", lambda d, t, a, s, c: add_ideal_distance(d, t["un_ideal_points"])),
]


def build_dyad_year(
    state_year: pd.DataFrame,
    tables: dict,
    affinity: pd.DataFrame,
    settings: dict,
    coverage: dict,
    timer: Callable | None = None,
    joins: dict | None = None,
) -> pd.DataFrame:
    """The directed dyad-year panel ``first_year``..``last_year`` with every source merged.

    ``tables`` holds the interim tables by source name and the calendar-year UN affinity under
    ``CALENDAR_AFFINITY``; ``affinity`` is the UN affinity by ``settings["un_year"]``.
    ``settings`` is the config's ``panel`` block; ``coverage`` maps a source to its registered
    (first, last) years; ``timer(name, seconds, frame)`` is called after each stage if given;
    ``joins`` maps a source in ``tables`` to its registry ``join`` declaration.
    """
    with pd.option_context("mode.copy_on_write", True):  # stages add columns without copying
        return _build(state_year, tables, affinity, settings, coverage, timer, joins or {})


def _build(state_year, tables, affinity, settings, coverage, timer, joins):
    clock = time.perf_counter()
    dyads = dyad_years(state_year, settings["first_year"], settings["last_year"])
    if timer:
        timer("universe", time.perf_counter() - clock, dyads)
    # Each stage sees only the key columns and returns them with its own; the parts are joined
    # once at the end, so no stage copies the growing panel.
    parts = [dyads]
    generic = [
        Stage(name, lambda d, t, a, s, c, name=name: add_joined(d, t[name], joins[name])) for name in joins
    ]
    for stage in STAGES + generic:
        clock = time.perf_counter()
        out = stage.run(dyads, tables, affinity, settings, coverage)
        if len(out) != len(dyads) or not out[DYAD_KEY].equals(dyads):
            raise AssertionError(f"panel stage '{stage.name}' changed the dyad-year rows")
        parts.append(out.drop(columns=DYAD_KEY))
        if timer:
            timer(stage.name, time.perf_counter() - clock, out)
    return pd.concat(parts, axis=1)


def state_year_panel(
    state_year: pd.DataFrame, affinity: pd.DataFrame, majors_sy: pd.DataFrame, ideal_points: pd.DataFrame
) -> pd.DataFrame:
    """State-years with each state's UN agreement with every major power of the year.

    Columns ``un_agree_<ccode>`` and ``un_n_<ccode>`` per state that is a COW major power in some
    year with UN votes (missing in years it is not one, or without shared roll calls),
    ``major`` (1 if the state itself is a major power; missing after the majors list ends), and the
    published ideal point ``un_ideal`` with its 90% interval width ``un_ideal_width``
    (``ideal_points``: ``data/interim/un_ideal_points``; :mod:`.un_ideal`).
    """
    long = un.majors_agreement(affinity, majors_sy)
    wide = long.pivot(index=["ccode", "year"], columns="major", values=["un_agree", "un_n"])
    wide.columns = [f"{measure}_{major}" for measure, major in wide.columns]
    order = sorted(wide.columns, key=lambda c: (int(c.rsplit("_", 1)[1]), c))
    wide = wide[order].reset_index()
    out = state_year[["ccode", "year", "stateabb"]].merge(
        wide, on=["ccode", "year"], how="left", validate="1:1"
    )
    is_major = pd.MultiIndex.from_frame(out[["ccode", "year"]]).isin(
        pd.MultiIndex.from_frame(majors_sy[["ccode", "year"]])
    )
    beyond = (out["year"] > majors_sy["year"].max()).to_numpy()  # the majors list ends in 2016
    out.insert(3, "major", pd.arrays.IntegerArray(is_major.astype("int8"), beyond))
    counts = [c for c in out.columns if c.startswith("un_n_")]
    out[counts] = out[counts].astype("Int16")
    out = out.merge(state_ideal_points(ideal_points), on=["ccode", "year"], how="left", validate="1:1")
    return out.sort_values(["ccode", "year"], kind="mergesort").reset_index(drop=True)
