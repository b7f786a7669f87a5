"""Prospective allies A of a patron P (RESEARCH_DESIGN.md, 3 and 7).

Eligible pairs (P, A, t): P a patron in t, A a minor power in t (neither a COW major power nor a
patron), A not allied with P in t-1 (P's row; a dyad absent in t-1, e.g. a new state, is not
allied; a dyad-year whose alliance status is unknown is not eligible). Every UN value below is a
lagged read (:mod:`.un_lags`): "affinity in s" comes from roll calls dated before 1 January of s+1
(the calendar-year agreement of s; the ideal-point distance of session year s-1). Measures:

- ``prospect_ex_ante`` (alignment, primary): A's UN affinity with P in t-1 (``un_agree``; ``un_s``,
  ``un_kappa`` or the ideal-point distance ``un_ideal_distance`` as alternatives; t-2.. with a longer
  ``lag``) is strictly closer than the benchmark ``allies_affinity_lag``: above it for an agreement
  measure, below it for the distance (Bailey, Strezhnev and Voeten 2017 ideal points). The benchmark
  is the median affinity with P in t-1 of P's allies in t-1 (every state P is committed to, majors
  included, with UN data that year) when there are at least k = ``min_allies`` of them (config
  ``proxies.prospect_min_allies``, default 3). With fewer (China's one ally, North Korea, from 1991),
  it is the median over P's ally-years s in the ``window`` years t-``window``..t-1 (config
  ``proxies.prospect_benchmark_window``, default 5: the ally's affinity with P in s, the alliance of
  s; ``benchmark_pooled`` = 1) if they hold at least k distinct allies; else missing. The median
  of one or two allies would make the prospect swing with a single state's votes (China's share of
  prospects went from 0.03 in 2009 to 0.58 in 2010). Missing also when A has no UN data with P in
  t-1 (not a member, no shared roll call, or t-1 before 1946).
- ``prospect_toward`` (alternative, movement): A moves toward P, the ideal-point distance A-P falling
  from t-3 to t-1 (lagged reads: sessions t-4 and t-2) by more than the typical year-to-year change
  (the median over all dyad-years of the panel of |un_ideal_distance(t) - un_ideal_distance(t-1)|).
  Missing when either distance is.
- ``prospect_ex_post`` (USES THE FUTURE): an alliance onset P-A in t+1..t+5; missing if no onset is
  seen and some year of the window lies beyond the panel or ATOP's coverage. Descriptive only; never a
  regressor in H3.

:func:`prospect_validity` asks whether the ex ante measure foretells alliances: per patron, the share
of prospects and of other eligible states with an onset in t+1..t+5, and the AUC of the lagged
affinity relative to the benchmark for that onset.
"""

import numpy as np
import pandas as pd

from alliance_bargaining.panel.keys import state_year_id
from alliance_bargaining.proxies.alignment import alignment_signal, prospect_alignment
from alliance_bargaining.proxies.alliance import ALLIANCE_COLUMNS, commitment
from alliance_bargaining.proxies.lookup import DyadYears, any_of
from alliance_bargaining.proxies.un_lags import lag_column, lagged

DISTANCES = ("un_ideal_distance",)  # affinity measures on which a smaller value is closer
TOWARD_FROM = 3  # prospect_toward compares the distance in t-3 with that in t-1
MIN_ALLIES = 3  # defaults of proxies.prospect_min_allies and proxies.prospect_benchmark_window
BENCHMARK_WINDOW = 5


def allied_lag(dyads: DyadYears, alliance: str, patron, partner, year) -> np.ndarray:
    """P committed to the partner in t-1 (0/1, NaN where ATOP censors it)."""
    return commitment(dyads, alliance, "allied", patron, partner, np.asarray(year, dtype=np.int64) - 1)


def _ally_years(
    dyads: DyadYears, alliance: str, patrons, first: int, last: int, affinity: str
) -> pd.DataFrame:
    """(ccode_p, ccode_x, year, value): P committed to X in the year (first..last), ``value`` X's lagged
    ``affinity`` with P in that year, rows with a known value only."""
    panel = dyads.panel
    year = panel["year"].to_numpy()
    keep = (dyads.array(ALLIANCE_COLUMNS[alliance]["allied"]) == 1) & (year >= first) & (year <= last)
    keep &= np.isin(panel["ccode1"].to_numpy(), patrons)
    p, x, s = panel["ccode1"].to_numpy()[keep], panel["ccode2"].to_numpy()[keep], year[keep]
    column, back = lag_column(affinity)
    value = dyads.values(column, p, x, s.astype(np.int64) - back)
    known = ~np.isnan(value)
    return pd.DataFrame({"ccode_p": p[known], "ccode_x": x[known], "year": s[known], "value": value[known]})


def _at(frame: pd.DataFrame, target: np.ndarray) -> pd.DataFrame:
    """Rows of a frame indexed by (ccode, year) at the state-year ids ``target`` (NaN where absent)."""
    index = frame.index
    ids = state_year_id(index.get_level_values(0), index.get_level_values(1))
    return frame.set_axis(ids).reindex(target)


def allies_benchmark(
    dyads: DyadYears,
    alliance: str,
    patron,
    year,
    affinity: str = "un_agree",
    min_allies: int = MIN_ALLIES,
    window: int = BENCHMARK_WINDOW,
) -> tuple[np.ndarray, np.ndarray]:
    """(benchmark, pooled) for each (P, s), s the year the affinity is read in (t-1 for the default
    lag): the median lagged ``affinity`` with P of P's allies in s if at least ``min_allies`` have
    one, else the median over P's ally-years in s-window+1..s if they hold at least ``min_allies``
    distinct allies, else NaN (module doc). ``pooled`` is 0 for the first, 1 for the second, NaN
    when missing."""
    patron, year = np.asarray(patron), np.asarray(year, dtype=np.int64)
    if not len(year):
        return np.full(0, np.nan), np.full(0, np.nan)
    allies = _ally_years(
        dyads, alliance, np.unique(patron), int(year.min()) - window + 1, int(year.max()), affinity
    )
    same = allies.groupby(["ccode_p", "year"])["value"].agg(["size", "median"])
    spread = pd.concat([allies.assign(year=allies["year"] + k) for k in range(window)])
    pooled = spread.groupby(["ccode_p", "year"]).agg(size=("ccode_x", "nunique"), median=("value", "median"))
    target = state_year_id(patron, year)
    same, pooled = (_at(frame, target) for frame in (same, pooled))
    own = (same["size"] >= min_allies).to_numpy()
    wide = (pooled["size"] >= min_allies).to_numpy()
    benchmark = np.where(own, same["median"], np.where(wide, pooled["median"], np.nan))
    return benchmark, np.where(own, 0.0, np.where(wide, 1.0, np.nan))


def typical_change(dyads: DyadYears, column: str = "un_ideal_distance") -> float:
    """Median over the panel's dyad-years of |column(t) - column(t-1)| where both are known."""
    panel = dyads.panel
    previous = dyads.values(column, panel["ccode1"], panel["ccode2"], panel["year"].to_numpy(np.int64) - 1)
    change = np.abs(dyads.array(column) - previous)
    return float(np.nanmedian(change)) if (~np.isnan(change)).any() else np.nan


def moving_toward(dyads: DyadYears, patron, ally, year, threshold: float) -> np.ndarray:
    """1 if the ideal-point distance P-A fell from t-3 to t-1 (lagged reads) by more than
    ``threshold``, 0 if not, NaN if either distance is missing."""
    before = lagged(dyads, "un_ideal_distance", patron, ally, year, TOWARD_FROM)
    after = lagged(dyads, "un_ideal_distance", patron, ally, year, 1)
    return np.where(np.isnan(before) | np.isnan(after), np.nan, before - after > threshold)


def prospective_allies(
    dyads: DyadYears,
    partners: pd.DataFrame,
    alliance: str,
    lead: int = 5,
    affinity: str = "un_agree",
    lag: int = 1,
    min_allies: int = MIN_ALLIES,
    window: int = BENCHMARK_WINDOW,
) -> pd.DataFrame:
    """The eligible rows of ``partners`` (ccode_p, ccode_x, year, ...) with ``affinity_lag`` (A's
    ``affinity`` with P in t-``lag``), ``allies_affinity_lag`` (the benchmark), ``benchmark_pooled``,
    ``prospect_ex_ante``, ``prospect_toward`` and ``prospect_ex_post``."""
    allied = allied_lag(dyads, alliance, partners["ccode_p"], partners["ccode_x"], partners["year"])
    out = partners[allied == 0].reset_index(drop=True)
    patron, ally, year = out["ccode_p"], out["ccode_x"], out["year"].to_numpy(dtype=np.int64)
    agree = lagged(dyads, affinity, patron, ally, year, lag)
    benchmark, pooled = allies_benchmark(dyads, alliance, patron, year - lag, affinity, min_allies, window)
    closer = agree < benchmark if affinity in DISTANCES else agree > benchmark
    ex_ante = np.where(np.isnan(agree) | np.isnan(benchmark), np.nan, closer)
    onsets = [commitment(dyads, alliance, "onset", patron, ally, year + k) for k in range(1, lead + 1)]
    return out.assign(
        affinity_lag=agree,
        allies_affinity_lag=benchmark,
        benchmark_pooled=pooled,
        prospect_ex_ante=ex_ante,
        prospect_toward=moving_toward(dyads, patron, ally, year, typical_change(dyads)),
        prospect_alignment=prospect_alignment(ex_ante, alignment_signal(dyads, patron, ally, year)),
        prospect_ex_post=any_of(onsets),
    )


VALIDITY_COLUMNS = [
    "ccode_p",
    "n_rows",
    "n_onsets",
    "n_prospects",
    "onsets_prospects",
    "share_prospects",
    "n_others",
    "onsets_others",
    "share_others",
    "auc",
]


def prospect_validity(prospects: pd.DataFrame, distance: bool = False) -> pd.DataFrame:
    """Does the ex ante prospect foretell an alliance? One row per patron ``ccode_p`` and a last row
    over all patrons (``ccode_p`` missing).

    ``prospects``: rows of :func:`prospective_allies` (ccode_p, prospect_ex_ante, prospect_ex_post,
    affinity_lag, allies_affinity_lag), e.g. the sample years'. Rows where both the ex ante and the ex
    post measure are known: ``n_rows``, of which ``n_onsets`` with a P-A alliance onset in t+1..t+lead
    (``prospect_ex_post``); ``n_prospects`` ex ante prospects, ``onsets_prospects`` of them with an
    onset, ``share_prospects`` their ratio; the same for the other rows (``*_others``). ``auc``: the
    probability that a row with an onset scores higher than one without (ties count one half; the
    Mann-Whitney statistic), the score being A's lagged affinity with P minus the benchmark (its
    negative for a ``distance``); missing without both kinds of rows. Sorted by ``ccode_p``.
    """
    rows = prospects[["ccode_p", "prospect_ex_ante", "prospect_ex_post"]].astype(np.float64)
    score = (prospects["affinity_lag"] - prospects["allies_affinity_lag"]).to_numpy(np.float64)
    rows = rows.assign(score=-score if distance else score)
    rows = rows[rows["prospect_ex_ante"].notna() & rows["prospect_ex_post"].notna()]
    rows = pd.concat([rows, rows.assign(ccode_p=np.nan)], ignore_index=True)
    rows["group"] = rows["ccode_p"].fillna(np.inf)  # the pooled row sorts last
    rows["rank"] = rows.groupby("group")["score"].rank(method="average")
    onset, prospect = rows["prospect_ex_post"] == 1, rows["prospect_ex_ante"] == 1
    groups = rows.assign(
        onset=onset,
        prospect=prospect,
        onset_prospect=onset & prospect,
        onset_other=onset & ~prospect,
        onset_rank=rows["rank"].where(onset, 0.0),
    ).groupby("group", sort=True)
    table = groups.agg(
        n_rows=("onset", "size"),
        n_onsets=("onset", "sum"),
        n_prospects=("prospect", "sum"),
        onsets_prospects=("onset_prospect", "sum"),
        onsets_others=("onset_other", "sum"),
        rank_sum=("onset_rank", "sum"),
    )
    n_others = table["n_rows"] - table["n_prospects"]
    positives, negatives = table["n_onsets"], table["n_rows"] - table["n_onsets"]
    with np.errstate(invalid="ignore", divide="ignore"):
        auc = (table["rank_sum"] - positives * (positives + 1) / 2) / (positives * negatives)
        out = table.assign(
            ccode_p=pd.array(np.where(np.isinf(table.index), np.nan, table.index), dtype="Int16"),
            share_prospects=table["onsets_prospects"] / table["n_prospects"],
            n_others=n_others,
            share_others=table["onsets_others"] / n_others,
            auc=auc.where((positives > 0) & (negatives > 0)),
        )
    counts = ["n_rows", "n_onsets", "n_prospects", "onsets_prospects", "n_others", "onsets_others"]
    out = out.astype({c: "int64" for c in counts})
    return out[VALIDITY_COLUMNS].reset_index(drop=True)
