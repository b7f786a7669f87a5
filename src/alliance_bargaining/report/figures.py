"""Figures: coefficient plot, marginal effects, event study and its placebo, specification curve and UN
ideal points.

Each function draws on a fresh ``Figure`` with the Agg canvas (no pyplot state), under matplotlib's
default style plus ``RC`` whatever the session's rcParams, and writes ``<path_stem>.png`` and
``<path_stem>.pdf`` without timestamps or version strings, so equal inputs give byte-identical files.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import NamedTuple

import matplotlib.style
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from .tables import agreement

RC = {
    "font.family": "DejaVu Sans",  # shipped with matplotlib: the same glyphs on every machine
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": 8,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "savefig.dpi": 200,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.05,
    "svg.hashsalt": "alliance-bargaining",
    "pdf.fonttype": 42,
}
METADATA = {
    "png": {"Software": None},
    "pdf": {"CreationDate": None, "Creator": None, "Producer": None},
}
# Okabe-Ito colours (legible for colour-blind readers)
BLUE, VERMILLION, GREY, BLACK, ORANGE = "#0072B2", "#D55E00", "#999999", "#000000", "#E69F00"
AGREEMENT_COLOURS = {
    "yes": BLUE,
    "no: opposite sign": VERMILLION,
    "inconclusive": GREY,
    "passes": BLUE,  # a placebo (expected sign "0") whose CI includes 0
    "fails": VERMILLION,
}
MODEL_COLOURS = [BLUE, VERMILLION, "#009E73", ORANGE, "#CC79A7", "#56B4E9", BLACK]
MODEL_MARKERS = ["o", "s", "D", "^", "v", "P", "X"]


class Paths(NamedTuple):
    """The two files a figure function writes."""

    png: Path
    pdf: Path


def _style():
    return matplotlib.style.context(["default", RC])


def _save(fig: Figure, path_stem: str | Path) -> Paths:
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = Paths(stem.with_name(f"{stem.name}.png"), stem.with_name(f"{stem.name}.pdf"))
    FigureCanvasAgg(fig)
    for fmt, path in zip(("png", "pdf"), paths, strict=True):
        fig.savefig(path, format=fmt, metadata=METADATA[fmt])
    return paths


def _errorbars(ax, x, estimate, low, high, **kwargs) -> None:
    x, estimate = np.asarray(x, float), np.asarray(estimate, float)
    yerr = np.vstack([estimate - np.asarray(low, float), np.asarray(high, float) - estimate])
    ax.errorbar(x, estimate, yerr=yerr, capsize=0, elinewidth=1, linestyle="none", **kwargs)


def coefficient_plot(
    estimates: Sequence[pd.DataFrame],
    terms: Sequence[str],
    path_stem: str | Path,
    labels: Sequence[str] | None = None,
    term_labels: Mapping[str, str] | None = None,
) -> Paths:
    """Point estimates and CIs of ``terms`` (top to bottom), one marker per model, zero line.

    ``labels`` name the models in the legend (default ``hypothesis spec``); a term missing from a
    model is skipped.
    """
    if labels is None:
        labels = [f"{f['hypothesis'].iloc[0]} {f['spec'].iloc[0]}" for f in estimates]
    term_labels = term_labels or {}
    n_terms, n_models = len(terms), len(estimates)
    offsets = np.linspace(0.2, -0.2, n_models) if n_models > 1 else [0.0]
    with _style():
        fig = Figure(figsize=(6, 1.0 + 0.35 * n_terms * max(1, n_models) ** 0.5), layout="constrained")
        ax = fig.subplots()
        ax.axvline(0, color=GREY, linewidth=0.8, zorder=0)
        y = np.arange(n_terms)[::-1]
        for i, (frame, label) in enumerate(zip(estimates, labels, strict=True)):
            rows = frame.set_index("term").reindex(list(terms))
            ax.errorbar(
                rows["estimate"],
                y + offsets[i],
                xerr=np.vstack([rows["estimate"] - rows["ci_low"], rows["ci_high"] - rows["estimate"]]),
                linestyle="none",
                marker=MODEL_MARKERS[i % len(MODEL_MARKERS)],
                markersize=4,
                elinewidth=1,
                color=MODEL_COLOURS[i % len(MODEL_COLOURS)],
                label=label,
            )
        ax.set_yticks(y, [term_labels.get(t, t) for t in terms])
        ax.set_ylim(-0.6, n_terms - 0.4)
        ax.set_xlabel("Estimate with confidence interval")
        ax.tick_params(axis="y", length=0)
        if n_models > 1:
            fig.legend(loc="outside lower center", ncols=min(n_models, 4))
        return _save(fig, path_stem)


def marginal_effects_plot(frame: pd.DataFrame, title: str, xlabel: str, path_stem: str | Path) -> Paths:
    """Marginal effect of the key regressor over the moderator's range: line, CI band, zero line."""
    data = frame.sort_values("moderator_value", kind="stable")
    with _style():
        fig = Figure(figsize=(5, 3.2), layout="constrained")
        ax = fig.subplots()
        ax.axhline(0, color=GREY, linewidth=0.8, zorder=0)
        ax.fill_between(
            data["moderator_value"], data["ci_low"], data["ci_high"], color=BLUE, alpha=0.2, linewidth=0
        )
        ax.plot(data["moderator_value"], data["effect"], color=BLUE, linewidth=1.5)
        ax.set(title=title, xlabel=xlabel, ylabel="Marginal effect")
        return _save(fig, path_stem)


def event_study_plot(
    frame: pd.DataFrame,
    path_stem: str | Path,
    reference: int = -1,
    title: str = "",
    ylabel: str = "Estimate relative to the reference period",
) -> Paths:
    """Estimates and CIs by event time, the zero line and the (omitted) reference period marked."""
    data = frame.sort_values("event_time", kind="stable")
    estimated = data[(data["event_time"] != reference) & data["estimate"].notna()]
    with _style():
        fig = Figure(figsize=(6, 3.2), layout="constrained")
        ax = fig.subplots()
        ax.axhline(0, color=GREY, linewidth=0.8, zorder=0)
        ax.axvline(reference, color=GREY, linewidth=0.8, linestyle="--", zorder=0)
        _errorbars(
            ax,
            estimated["event_time"],
            estimated["estimate"],
            estimated["ci_low"],
            estimated["ci_high"],
            marker="o",
            markersize=4,
            color=BLUE,
        )
        ax.plot(
            [reference], [0], marker="o", markersize=5, markerfacecolor="white", color=BLACK, linestyle="none"
        )
        ax.annotate(
            f"reference (t = {reference})",
            (reference, 0),
            xytext=(4, 6),
            textcoords="offset points",
            fontsize=7,
            color="#444444",
        )
        times = sorted(set(data["event_time"]) | {reference})
        ax.set_xticks(times)
        ax.set(title=title, xlabel="Years relative to the event (t = 0)", ylabel=ylabel)
        return _save(fig, path_stem)


def placebo_plot(
    placebo: pd.Series, estimate: float, path_stem: str | Path, title: str = "", xlabel: str = "Estimate"
) -> Paths:
    """Histogram of placebo estimates (one per draw) with the actual estimate and zero marked."""
    values = np.sort(placebo.to_numpy(dtype=float))
    with _style():
        fig = Figure(figsize=(6, 3.2), layout="constrained")
        ax = fig.subplots()
        ax.hist(values, bins=min(30, max(5, len(values) // 5)), color=GREY, edgecolor="white")
        ax.axvline(0, color=BLACK, linewidth=0.8)
        ax.axvline(estimate, color=VERMILLION, linewidth=1.5, label=f"actual onsets: {estimate:.4f}")
        ax.legend(loc="upper right")
        ax.set(title=title, xlabel=xlabel, ylabel=f"Placebo draws (of {len(values)})")
        return _save(fig, path_stem)


def spec_curve_frame(estimates: pd.DataFrame, choices: pd.DataFrame, expected_sign: str) -> pd.DataFrame:
    """Estimates joined to their spec choices, sorted by estimate (ties by spec), with ``rank`` and ``agrees``.

    ``estimates`` has one row per spec (``spec, estimate, ci_low, ci_high``); ``choices`` is the
    spec choices table, restricted to the estimates' hypothesis when both carry one. Every spec
    needs its choices.
    """
    if "hypothesis" in estimates.columns and "hypothesis" in choices.columns:
        choices = choices[choices["hypothesis"].isin(set(estimates["hypothesis"]))]
    if estimates["spec"].duplicated().any():
        raise ValueError("specification curve: more than one estimate per spec")
    unmatched = sorted(set(estimates["spec"]) - set(choices["spec"]))
    if unmatched:
        raise ValueError(f"specification curve: specs without choices: {unmatched}")
    data = estimates.merge(choices.drop(columns="hypothesis", errors="ignore"), on="spec", how="left")
    data = data.sort_values(["estimate", "spec"], kind="stable").reset_index(drop=True)
    data["rank"] = np.arange(1, len(data) + 1)
    data["agrees"] = [
        agreement(lo, hi, expected_sign) for lo, hi in zip(data["ci_low"], data["ci_high"], strict=True)
    ]
    return data


def specification_curve(
    estimates_of_key_term: pd.DataFrame,
    choices: pd.DataFrame,
    path_stem: str | Path,
    expected_sign: str,
    title: str = "",
    scale: str = "",
) -> Paths:
    """Simonsohn–Simmons–Nelson specification curve.

    ``scale`` names the estimates' scale on the y-axis (one scale per curve: the caller draws
    log-odds and probability-scale estimates as separate curves).

    Top: the key term's estimate and CI in every spec, sorted by size, coloured by agreement with
    ``expected_sign``, the primary spec(s) highlighted. Bottom: one row per choice value (grouped
    by dimension, in the choices table's column order) with a dot under each spec that used it.
    """
    data = spec_curve_frame(estimates_of_key_term, choices, expected_sign)
    dimensions = [c for c in choices.columns if c not in ("hypothesis", "spec", "primary")]
    matrix_rows = [(d, v) for d in dimensions for v in sorted(data[d].dropna().astype(str).unique())]
    n = len(data)
    size = float(np.clip(1500 / max(n, 1), 3, 30))
    primary = data[data["primary"].eq(True)]
    term = estimates_of_key_term["term"].iloc[0] if "term" in estimates_of_key_term.columns else "key term"
    with _style():
        fig = Figure(figsize=(8, 2.8 + 0.16 * len(matrix_rows)), layout="constrained")
        top, bottom = fig.subplots(
            2, 1, sharex=True, gridspec_kw={"height_ratios": [2.6, 0.16 * len(matrix_rows) + 0.2]}
        )
        for ax in (top, bottom):
            for x in primary["rank"]:
                ax.axvspan(x - 0.5, x + 0.5, color=ORANGE, alpha=0.25, linewidth=0, zorder=0)
        top.axhline(0, color=BLACK, linewidth=0.8, zorder=1)
        top.vlines(
            data["rank"],
            data["ci_low"],
            data["ci_high"],
            colors=data["agrees"].map(AGREEMENT_COLOURS),
            lw=0.8 if n <= 100 else 0.4,
        )
        top.scatter(data["rank"], data["estimate"], c=data["agrees"].map(AGREEMENT_COLOURS), s=size, zorder=3)
        top.scatter(
            primary["rank"],
            primary["estimate"],
            marker="D",
            s=size * 1.6 + 10,
            facecolor="none",
            edgecolor=BLACK,
            zorder=4,
        )
        counts = data["agrees"].value_counts()
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                color=AGREEMENT_COLOURS[k],
                label=f"{text}: {counts.get(k, 0)}",
            )
            for k, text in (
                (("passes", "CI includes 0 (placebo passes)"), ("fails", "CI excludes 0 (placebo fails)"))
                if expected_sign == "0"
                else (
                    ("yes", f"CI excludes 0, expected sign ({expected_sign})"),
                    ("no: opposite sign", "CI excludes 0, opposite sign"),
                    ("inconclusive", "CI includes 0"),
                )
            )
        ]
        handles.append(
            Line2D(
                [],
                [],
                marker="D",
                linestyle="none",
                markerfacecolor="none",
                color=BLACK,
                label="primary specification",
            )
        )
        top.legend(handles=handles, loc="upper left", ncols=2)
        ylabel = f"{term}: {scale}" if scale else f"Estimate of {term}"
        top.set(ylabel=ylabel, title=title or f"Specification curve: {n} specifications")
        top.margins(y=0.25)

        for row, (dimension, value) in enumerate(matrix_rows):
            used = data["rank"][data[dimension].astype(str) == value]
            bottom.scatter(
                used, np.full(len(used), row), s=size * 0.6, color="#333333", marker="s", linewidth=0
            )
        for row, (dimension, _) in enumerate(matrix_rows[1:], start=1):
            if dimension != matrix_rows[row - 1][0]:
                bottom.axhline(row - 0.5, color=GREY, linewidth=0.5)
        bottom.set_yticks(range(len(matrix_rows)), [f"{d}: {v}" for d, v in matrix_rows])
        bottom.set_ylim(len(matrix_rows) - 0.5, -0.5)
        bottom.set_xlim(0.5, n + 0.5)
        bottom.xaxis.get_major_locator().set_params(integer=True)
        bottom.set_xlabel("Specifications, sorted by estimate")
        bottom.spines[["left", "bottom"]].set_visible(False)
        bottom.tick_params(axis="y", length=0)
        return _save(fig, path_stem)


def ideal_points_plot(
    both: pd.DataFrame, sessions: pd.DataFrame, floor: float, path_stem: str | Path
) -> Paths:
    """Our ideal points against the published ones (left: every state-session; right: the correlation
    within each session by year, the floor for sessions with enough roll calls dashed).

    ``both``: ``ideal`` (ours) and ``published`` per state-session; ``sessions``: ``year``, ``r`` and
    ``checked`` (1 where the floor applies).
    """
    with _style():
        fig = Figure(figsize=(7, 3), layout="constrained")
        left, right = fig.subplots(1, 2, width_ratios=[1, 1.4])
        left.scatter(
            both["published"], both["ideal"], s=2, color=BLUE, alpha=0.25, linewidths=0, rasterized=True
        )
        low, high = (
            np.nanmin(both[["published", "ideal"]].to_numpy()),
            np.nanmax(both[["published", "ideal"]].to_numpy()),
        )
        left.plot([low, high], [low, high], color=GREY, linewidth=0.8, zorder=0)
        left.set(
            xlabel="Published (Bailey, Strezhnev and Voeten)", ylabel="Estimated here", title="State-sessions"
        )
        checked = sessions["checked"].astype(bool)
        right.plot(sessions["year"], sessions["r"], color=GREY, linewidth=0.8)
        right.scatter(
            sessions.loc[checked, "year"], sessions.loc[checked, "r"], s=8, color=BLUE, label="checked"
        )
        right.scatter(
            sessions.loc[~checked, "year"],
            sessions.loc[~checked, "r"],
            s=8,
            color=VERMILLION,
            label="few roll calls",
        )
        right.axhline(floor, color=BLACK, linewidth=0.8, linestyle="--")
        right.set(xlabel="Year (session + 1945)", ylabel="Correlation within session", title="By session")
        right.legend(loc="lower left")
        return _save(fig, path_stem)
