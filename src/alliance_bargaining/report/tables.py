"""Regression tables (CSV, HTML, LaTeX), the hypothesis summary and its Markdown version."""

import html
from collections.abc import Collection, Mapping, Sequence

import pandas as pd

from alliance_bargaining.models.estimates import RESULT_COLUMNS as ESTIMATE_COLUMNS
from alliance_bargaining.models.inference import holm

META_COLUMNS = [
    "hypothesis",
    "spec",
    "estimator",
    "outcome",
    "n_obs",
    "n_clusters",
    "n_events",
    "year_min",
    "year_max",
]
DESCRIPTIVE = "descriptive (pooled)"
USES_FUTURE = "descriptive (uses the future)"
COUNTS_ESTIMATOR = "counts"  # models.analysis: a min_events outcome counted, not estimated
STARS = ((0.001, "***"), (0.01, "**"), (0.05, "*"))
STAR_NOTE = "Standard errors in parentheses. * p < 0.05, ** p < 0.01, *** p < 0.001."
SUMMARY_COLUMNS = [
    "hypothesis",
    "description",
    "spec",
    "estimator",
    "term",
    "estimate",
    "ci_low",
    "ci_high",
    "mde",
    "p_value",
    "p_holm",
    "curve_p",
    "curve_p_median",
    "n_obs",
    "n_clusters",
    "n_switchers",
    "expected_sign",
    "verdict",
]
SUMMARY_NUMBERS = ("estimate", "ci_low", "ci_high", "mde", "p_value", "p_holm", "curve_p", "curve_p_median")
SUMMARY_COUNTS = ("n_obs", "n_clusters", "n_switchers")
MIN_SWITCHERS = 5  # fewer switching units in the key term's reference cell: not identified
ALPHA = 0.05
_LATEX_ESCAPES = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"$<$",
    ">": r"$>$",
}


def stars(p_value: float) -> str:
    """Significance stars for a p-value (see ``STAR_NOTE``); empty when missing or p >= 0.05."""
    if pd.isna(p_value):
        return ""
    return next((mark for cut, mark in STARS if p_value < cut), "")


def fmt_number(value: float, digits: int = 3) -> str:
    """Fixed decimals, "–" when missing, never "-0.000"; small values keep ``digits`` significant
    digits (linear-probability coefficients on rare events are often below 0.001)."""
    if pd.isna(value):
        return "–"
    if value != 0 and abs(value) < 10 ** -(digits - 1):
        return f"{value:.{digits}g}"
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def fmt_count(value) -> str:
    """Whole number with thousands separators, "–" when missing."""
    return "–" if pd.isna(value) else f"{int(value):,}"


def _years(meta: Mapping) -> str:
    if pd.isna(meta["year_min"]) or pd.isna(meta["year_max"]):
        return "–"
    return f"{int(meta['year_min'])}–{int(meta['year_max'])}"


def _check_sign(expected_sign: str) -> None:
    if expected_sign not in ("+", "-", "0"):
        raise ValueError(f"expected_sign must be '+', '-' or '0', got {expected_sign!r}")


def agreement(ci_low: float, ci_high: float, expected_sign: str) -> str:
    """Agreement of a CI with the expected sign: yes, no: opposite sign, or inconclusive (CI includes 0).

    Expected sign "0" (a placebo: no effect expected): "passes" when the CI includes 0, else "fails".
    """
    _check_sign(expected_sign)
    if expected_sign == "0":
        return "passes" if ci_low <= 0 <= ci_high else "fails"
    if ci_low > 0 or ci_high < 0:
        return "yes" if (ci_low > 0) == (expected_sign == "+") else "no: opposite sign"
    return "inconclusive"


def verdict(row: Mapping) -> str:
    """The summary's plain-language reading of one row (README, "Verdict rule"); the first match of:

    "not identified (k switching units)" when ``n_switchers`` < ``MIN_SWITCHERS``; ``DESCRIPTIVE``
    for a ``descriptive`` row that does not use the future (a pooled comparison, placebo or not); a
    placebo (``placebo`` true or expected sign "0") "passes" when its interval covers 0, else
    "fails"; ``USES_FUTURE`` for another row that uses the future; "supported" when ``p_holm`` < 0.05 with the expected sign and ``curve_p`` < 0.05;
    "supported by the primary only" when ``p_holm`` < 0.05 with the expected sign and the curve
    test does not reject (or there is no curve); "contradicted" when ``p_holm`` < 0.05 with the
    opposite sign; else "not detected (MDE m)".
    """
    _check_sign(row["expected_sign"])
    switchers = row.get("n_switchers")
    if switchers is not None and not pd.isna(switchers) and switchers < MIN_SWITCHERS:
        return f"not identified ({int(switchers)} switching units)"
    if row.get("descriptive") and not row.get("uses_future"):
        return DESCRIPTIVE
    if row.get("placebo") or row["expected_sign"] == "0":
        return "passes" if row["ci_low"] <= 0 <= row["ci_high"] else "fails"
    if row.get("uses_future"):
        return USES_FUTURE
    p_holm, curve_p = row.get("p_holm"), row.get("curve_p")
    if p_holm is not None and not pd.isna(p_holm) and p_holm < ALPHA:
        if (row["estimate"] > 0) != (row["expected_sign"] == "+"):
            return "contradicted"
        if curve_p is not None and not pd.isna(curve_p) and curve_p < ALPHA:
            return "supported"
        return "supported by the primary only"
    return f"not detected (MDE {fmt_number(row.get('mde', float('nan')))})"


def _meta(frame: pd.DataFrame) -> dict:
    """The fit-level values repeated on every row of one estimate table, checked to be constant."""
    missing = [c for c in ESTIMATE_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"estimate table lacks columns {missing}")
    if frame.empty:
        raise ValueError("estimate table has no rows")
    meta = {}
    for column in META_COLUMNS:
        values = frame[column].drop_duplicates()
        if len(values) != 1:
            raise ValueError(f"estimate table mixes fits: column '{column}' takes values {list(values)}")
        meta[column] = values.iloc[0]
    repeated = sorted(set(frame["term"][frame["term"].duplicated()]))
    if repeated:
        raise ValueError(f"estimate table repeats terms: {repeated}")
    return meta


def _tex(text) -> str:
    return "".join(_LATEX_ESCAPES.get(char, char) for char in str(text))


def _tex_number(text: str) -> str:
    return f"$-${text[1:]}" if text.startswith("-") else text


def _grid(
    estimates: Sequence[pd.DataFrame], metas: Sequence[Mapping], term_labels: Mapping[str, str]
) -> tuple[list, list]:
    """Body rows (label, [(estimate, stars, se)] per model) and footer rows (label, [cell] per model)."""
    terms = list(dict.fromkeys(term for frame in estimates for term in frame["term"]))
    indexed = [frame.set_index("term") for frame in estimates]
    body = []
    for term in terms:
        cells = []
        for frame in indexed:
            if term in frame.index:
                row = frame.loc[term]
                cells.append(
                    (fmt_number(row["estimate"]), stars(row["p_value"]), fmt_number(row["std_error"]))
                )
            else:
                cells.append(None)
        body.append((term_labels.get(term, term), cells))
    footer = [
        ("N", [fmt_count(m["n_obs"]) for m in metas]),
        ("Clusters", [fmt_count(m["n_clusters"]) for m in metas]),
        ("Events", [fmt_count(m["n_events"]) for m in metas]),
        ("Years", [_years(m) for m in metas]),
        ("Estimator", [str(m["estimator"]) for m in metas]),
    ]
    return body, footer


def _html_table(labels: Sequence[str], outcomes: Sequence[str], body: list, footer: list) -> str:
    esc = html.escape
    rows = [
        '<table class="regression">',
        "<thead>",
        "<tr><th></th>" + "".join(f"<th>{esc(str(label))}</th>" for label in labels) + "</tr>",
        '<tr class="outcome"><th>Outcome</th>' + "".join(f"<td>{esc(o)}</td>" for o in outcomes) + "</tr>",
        "</thead>",
        "<tbody>",
    ]
    for label, cells in body:
        estimate_cells = "".join(f"<td>{c[0]}{c[1]}</td>" if c else "<td></td>" for c in cells)
        se_cells = "".join(f"<td>({c[2]})</td>" if c else "<td></td>" for c in cells)
        rows.append(f'<tr><th scope="row">{esc(label)}</th>{estimate_cells}</tr>')
        rows.append(f'<tr class="se"><th></th>{se_cells}</tr>')
    rows.append('</tbody>\n<tbody class="stats">')
    for label, cells in footer:
        rows.append(
            f'<tr><th scope="row">{label}</th>' + "".join(f"<td>{esc(c)}</td>" for c in cells) + "</tr>"
        )
    rows += [
        "</tbody>",
        f'<tfoot><tr><td colspan="{len(labels) + 1}">{esc(STAR_NOTE)}</td></tr></tfoot>',
        "</table>",
    ]
    return "\n".join(rows) + "\n"


def _tex_row(cells: list[str]) -> str:
    return " & ".join(cells) + r" \\"


def _latex_table(labels: Sequence[str], outcomes: Sequence[str], body: list, footer: list) -> str:
    tex = [
        r"% requires \usepackage{booktabs}",
        r"\begin{tabular}{l" + "c" * len(labels) + "}",
        r"\toprule",
        _tex_row([""] + [_tex(label) for label in labels]),
        _tex_row(["Outcome"] + [_tex(o) for o in outcomes]),
        r"\midrule",
    ]
    for label, cells in body:
        estimates = [_tex_number(c[0]) + (f"$^{{{c[1]}}}$" if c[1] else "") if c else "" for c in cells]
        tex.append(_tex_row([_tex(label)] + estimates))
        tex.append(_tex_row([""] + [f"({_tex_number(c[2])})" if c else "" for c in cells]))
    tex.append(r"\midrule")
    for label, cells in footer:
        tex.append(_tex_row([label] + [_tex(c).replace("–", "--") for c in cells]))
    tex += [
        r"\bottomrule",
        _tex_row([rf"\multicolumn{{{len(labels) + 1}}}{{l}}{{\footnotesize {_tex(STAR_NOTE)}}}"]),
        r"\end{tabular}",
    ]
    return "\n".join(tex) + "\n"


def regression_table(
    estimates: Sequence[pd.DataFrame], labels: Sequence[str], term_labels: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Publication table, one column per model: ``{"csv": ..., "html": ..., "latex": ...}``.

    Each model is one estimate table (one row per term). Rows are the terms in order of first
    appearance, each an estimate with stars above its standard error in parentheses, then N,
    clusters, events, sample years and estimator. The header gives each model's label and outcome.
    The CSV is tidy (one row per model and term, with a ``model`` and a ``stars`` column); the
    LaTeX is a booktabs ``tabular``; ``term_labels`` renames terms in the HTML and LaTeX.
    """
    if len(labels) != len(estimates):
        raise ValueError(f"{len(estimates)} estimate tables but {len(labels)} labels")
    metas = [_meta(frame) for frame in estimates]
    body, footer = _grid(estimates, metas, term_labels or {})
    outcomes = [str(m["outcome"]) for m in metas]
    tidy = pd.concat(
        [frame[ESTIMATE_COLUMNS].assign(model=label) for frame, label in zip(estimates, labels, strict=True)],
        ignore_index=True,
    )
    tidy.insert(0, "model", tidy.pop("model"))
    tidy.insert(tidy.columns.get_loc("p_value") + 1, "stars", tidy["p_value"].map(stars))
    return {
        "csv": tidy.to_csv(index=False, lineterminator="\n"),
        "html": _html_table(labels, outcomes, body, footer),
        "latex": _latex_table(labels, outcomes, body, footer),
    }


def summary_table(
    primary_estimates: pd.DataFrame | Sequence[pd.DataFrame],
    registry: Sequence[Mapping],
    power: pd.DataFrame | None = None,
    curves: pd.DataFrame | None = None,
    uses_future: Collection = (),
) -> pd.DataFrame:
    """One row per hypothesis and primary fit: the key term's estimate, CI, MDE, p-values and verdict.

    ``primary_estimates`` are the estimate tables of the primary specifications (one frame, or a
    list concatenated here); a hypothesis with two primary estimators gets one row for each, told
    apart by ``spec`` and ``estimator``. ``registry`` entries carry ``id, description, key_term,
    expected_sign`` and optionally ``placebo_of`` (rows placed after that hypothesis's, description
    prefixed "Placebo of <id>"), ``descriptive`` (estimators whose rows are descriptive, not
    tests) and ``min_events``; otherwise rows follow the registry's order. ``power``
    (``models.inference.POWER_COLUMNS``) gives ``mde`` by (hypothesis, spec); ``curves``
    (``models.inference.CURVE_COLUMNS``) ``curve_p`` and ``curve_p_median`` by hypothesis;
    ``uses_future`` holds the (hypothesis, spec) pairs whose spec uses the future (descriptive).
    ``p_holm``: Holm's adjustment of ``p_value`` over the family of tests (rows neither
    descriptive, placebo nor counted). ``verdict``: see ``verdict``; "not estimated" for a
    hypothesis without a primary fit; a fit with estimator "counts" (fewer events than
    ``min_events``: ``models.analysis.counts_table``) gives its rows and events, in all and by
    key-term value. ``n_switchers`` is the estimate table's where it has the column.
    """
    frame = primary_estimates if isinstance(primary_estimates, pd.DataFrame) else pd.concat(primary_estimates)
    ids = [entry["id"] for entry in registry]
    unknown = sorted(set(frame["hypothesis"]) - set(ids))
    if unknown:
        raise ValueError(f"estimates for hypotheses not in the registry: {unknown}")
    future = {tuple(pair) for pair in uses_future}
    rows = []
    for entry in _placebos_beside(registry):
        placebo = f"Placebo of {entry['placebo_of']}: " if entry.get("placebo_of") else ""
        base = {
            "hypothesis": entry["id"],
            "description": placebo + entry["description"],
            "term": entry["key_term"],
            "expected_sign": entry["expected_sign"],
        }
        _check_sign(entry["expected_sign"])
        fits = frame[frame["hypothesis"] == entry["id"]]
        if fits.empty:
            rows.append({**base, "verdict": "not estimated", "test": False})
        for (spec, estimator), fit in fits.groupby(["spec", "estimator"], sort=True):
            key = fit[fit["term"] == entry["key_term"]]
            if len(key) != 1:
                raise ValueError(
                    f"{entry['id']} {spec}: key term '{entry['key_term']}' found {len(key)} times"
                )
            row = key.iloc[0]
            counted = estimator == COUNTS_ESTIMATOR
            flags = {
                "placebo": bool(entry.get("placebo_of")) or entry["expected_sign"] == "0",
                "uses_future": (entry["id"], spec) in future,
            }
            flags["descriptive"] = estimator in entry.get("descriptive", ()) or flags["uses_future"]
            rows.append(
                {
                    **base,
                    **flags,
                    "spec": spec,
                    "estimator": estimator,
                    **{
                        c: row[c] for c in ("estimate", "ci_low", "ci_high", "p_value", "n_obs", "n_clusters")
                    },
                    "n_switchers": row.get("n_switchers", pd.NA),
                    "verdict": _counts_text(fit, entry) if counted else None,
                    "test": not (counted or flags["placebo"] or flags["descriptive"]),
                }
            )
    out = pd.DataFrame(rows)
    out = _with_inference(out, power, curves)
    out["verdict"] = [
        row["verdict"] if isinstance(row["verdict"], str) else verdict(row) for _, row in out.iterrows()
    ]
    out = out.reindex(columns=SUMMARY_COLUMNS)
    return out.astype(
        {
            **dict.fromkeys(SUMMARY_NUMBERS, "float64"),
            **dict.fromkeys(SUMMARY_COUNTS, "Int64"),
        }
    )


def _with_inference(
    out: pd.DataFrame, power: pd.DataFrame | None, curves: pd.DataFrame | None
) -> pd.DataFrame:
    """``out`` with ``mde`` (by hypothesis and spec), the curve p-values (by hypothesis) and ``p_holm``."""
    if power is not None and len(power) and "spec" in out.columns:
        out = out.merge(power[["hypothesis", "spec", "mde"]], on=["hypothesis", "spec"], how="left")
    if curves is not None and len(curves):
        out = out.merge(curves[["hypothesis", "curve_p", "curve_p_median"]], on="hypothesis", how="left")
    family = out["test"].astype(bool) & out.get("p_value", pd.Series(float("nan"), index=out.index)).notna()
    out["p_holm"] = float("nan")
    out.loc[family, "p_holm"] = holm(out.loc[family, "p_value"].to_numpy(dtype=float))
    return out


def _placebos_beside(registry: Sequence[Mapping]) -> list:
    """Registry entries with each placebo right after the hypothesis it tests."""
    ids = {entry["id"] for entry in registry}
    out = []
    for entry in registry:
        if entry.get("placebo_of") in ids:
            continue
        out.append(entry)
        out += [p for p in registry if p.get("placebo_of") == entry["id"]]
    return out


def _counts_text(fit: pd.DataFrame, entry: Mapping) -> str:
    """'not estimated: ...' with a counts fit's rows and events, in all and by key-term value."""
    key = fit[fit["term"] == entry["key_term"]].iloc[0]
    parts = [
        f"{term}: {fmt_count(row['n_events'])} of {fmt_count(row['n_obs'])}"
        for term, row in fit[fit["term"] != entry["key_term"]].set_index("term").iterrows()
    ]
    floor = f" < min_events {entry['min_events']}" if "min_events" in entry else ""
    return (
        f"not estimated: {fmt_count(key['n_events'])} events{floor} in {fmt_count(key['n_obs'])} rows; "
        f"events of rows by value: {'; '.join(parts)}"
    )


SUMMARY_COLUMNS_TEXT = (
    "Columns: `term` is the coefficient the hypothesis is about (`ame:<term>`: its average marginal "
    "effect on the probability or outcome scale); `estimate` its point estimate (log-odds for logit "
    "and clogit, probability or level for linear models) and `ci_low`, `ci_high` the 95% confidence "
    "interval reported with the fit, from standard errors clustered by `n_clusters` units; `mde` the "
    "minimum detectable effect at 80% power and 5% two-sided size on the same scale (analytic for "
    "linear models and clogit, by simulation on the actual design for logit: "
    "results/estimates/power.parquet); `p_value` the fit's two-sided p-value and `p_holm` its Holm "
    "adjustment over the family of tests (every row that is neither descriptive, a placebo nor "
    "counted); `curve_p` and `curve_p_median` the specification-curve test of the hypothesis "
    "(Simonsohn, Simmons and Nelson 2020) over its test specifications: the p-values of the share of "
    "specifications significant in the expected direction and of their median estimate, against "
    "their distribution under the null (results/curve_tests.csv); `n_obs` the rows in the "
    "estimation sample; `n_switchers` the entities whose key term changes within the model's "
    "entity effects (empty without entity effects); `expected_sign` the sign the theory predicts; "
    "`verdict` the reading given by the rule below. An outcome with fewer events than the "
    "registry's `min_events` is not estimated: its row gives the counts of rows and events instead."
)
VERDICT_RULE_TEXT = (
    'Verdict rule (README, "Verdict rule"), the first that applies: fewer than 5 switching units: '
    '"not identified (k switching units)"; a placebo: "passes" when its interval covers 0, "fails" '
    'otherwise; a descriptive row: "descriptive (pooled)" or "descriptive (uses the future)"; Holm-'
    'adjusted p < 0.05 with the expected sign and curve p < 0.05: "supported"; Holm-adjusted p < 0.05 '
    'with the expected sign and curve p >= 0.05 (or no curve): "supported by the primary only"; '
    'Holm-adjusted p < 0.05 with the opposite sign: "contradicted"; otherwise "not detected (MDE m)", '
    "with m the effect the design had an 80% chance to detect."
)


def summary_markdown(summary: pd.DataFrame) -> str:
    """``results/summary.md``: a header explaining the columns, then the summary table in Markdown."""
    lines = [
        "# Summary of the primary estimates",
        "",
        "One row per hypothesis and primary fit, from the primary specifications fixed in advance "
        "(RESEARCH_DESIGN.md, section 2). Estimates are reported as they came out: nulls and signs "
        "opposite to the expectation stand like any other result, and no specification was chosen "
        "after seeing the estimates. The specification curves in the report show how each estimate "
        "moves across the robustness grid.",
        "",
        SUMMARY_COLUMNS_TEXT,
        "",
        VERDICT_RULE_TEXT,
        "",
        "| " + " | ".join(SUMMARY_COLUMNS) + " |",
        "|" + "---|" * len(SUMMARY_COLUMNS),
    ]
    for _, row in summary.iterrows():
        cells = []
        for column in SUMMARY_COLUMNS:
            value = row[column]
            if column in SUMMARY_NUMBERS:
                cells.append(fmt_number(value))
            elif column in SUMMARY_COUNTS:
                cells.append(fmt_count(value))
            else:
                cells.append("–" if pd.isna(value) else str(value).replace("|", r"\|"))
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
