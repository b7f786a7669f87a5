"""Assemble the results: tables, figures, the summary and the one-page report (stage `report`).

Reads the multiverse estimates and choices, the primary marginal effects, the case table and the
codebooks; writes ``results/tables/``, ``results/figures/``, ``results/summary.md`` and
``results/report.html``. Estimates are reported as they came out.
"""

from pathlib import Path

import pandas as pd

from alliance_bargaining.report.figures import (
    coefficient_plot,
    event_study_plot,
    ideal_points_plot,
    marginal_effects_plot,
    placebo_plot,
    specification_curve,
)
from alliance_bargaining.report.page import report_html
from alliance_bargaining.report.tables import (
    COUNTS_ESTIMATOR,
    regression_table,
    summary_markdown,
    summary_table,
)

EVENT_REFERENCE = -1  # the event study's reference period, t0-1 (RESEARCH_DESIGN.md section 7)


def primary_specs(choices: pd.DataFrame, registry: dict) -> pd.DataFrame:
    """The primary specification of each hypothesis and the same with each other estimator (the
    second primary and descriptive rows; design sections 4 and 7): rows of ``choices``. The
    primary's choices are those of its ``primary`` row (the configured values; README, "Primary
    specification")."""
    rows = []
    for hypothesis, entry in registry.items():
        mine = choices[choices["hypothesis"] == hypothesis]
        primary = mine[mine["primary"]]
        dims = [d for d in entry["multiverse"] if d != "estimator"]
        first = primary[dims].astype(str).iloc[0] if len(primary) and dims else None
        same = (mine[dims].astype(str) == first).all(axis=1) if first is not None else True
        candidates = mine[same]
        others = candidates[~candidates["primary"]].drop_duplicates("estimator")
        rows.append(pd.concat([primary, others]))
    return pd.concat(rows, ignore_index=True)


def build_report(
    estimates: pd.DataFrame,
    choices: pd.DataFrame,
    registry: dict,
    marginal: dict,
    cases: pd.DataFrame,
    codebooks: dict,
    out: Path,
    *,
    event_window: int,
    ideal: dict | None = None,
    prospect_validity: pd.DataFrame | None = None,
    placebo: pd.DataFrame | None = None,
    few_clusters: dict | None = None,
    voice_exit: pd.DataFrame | None = None,
    power: pd.DataFrame | None = None,
    curves: pd.DataFrame | None = None,
) -> None:
    """Write every table, figure, the summary and the report under ``out`` (the results folder).

    ``event_window`` is the config's ``proxies.event_window``: the event study's window is
    t0-event_window..t0+event_window, its reference period t0-1. ``placebo`` (optional): the event
    study's placebo draws (``models.event_study.placebo_distribution``), shown beside it. ``ideal`` (optional): our UN ideal points
    (``estimates``), the published ones (``published``) and their comparison (``check``,
    results/checks/ideal_points.json), drawn in a section of their own. ``prospect_validity``
    (optional): :func:`alliance_bargaining.proxies.prospects.prospect_validity` with a ``patron``
    name column (results/prospect_validity.csv), written to ``tables/`` and shown in a section.
    ``few_clusters`` (optional): hypothesis -> {"tests": ``models.few_clusters.few_cluster_table``,
    "dyads": its identifying units}, shown in the hypothesis's section, written to
    ``tables/<hypothesis>_few_clusters.csv`` and ``tables/<hypothesis>_identifying_dyads.csv`` and
    summed up in a line of the summary.
    ``voice_exit`` (optional): H7's voice rate minus exit rate (``models.voice_exit``,
    results/voice_exit.csv), shown in a section.
    ``power`` (results/estimates/power.parquet) and ``curves`` (results/curve_tests.csv): the MDEs
    and specification-curve tests of the summary (``tables.summary_table``) and the curves' captions.
    """
    tables, figures = out / "tables", out / "figures"
    tables.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    primaries = primary_specs(choices, registry)
    fits = {
        (h, s): estimates[(estimates["hypothesis"] == h) & (estimates["spec"] == s)]
        for h, s in zip(primaries["hypothesis"], primaries["spec"], strict=True)
    }
    fits = {key: frame for key, frame in fits.items() if len(frame)}
    registry_rows = [
        {
            "id": h,
            "description": e["description"],
            "key_term": e["key_term"],
            "expected_sign": e["expected_sign"]
            if isinstance(e["expected_sign"], str)
            else e["expected_sign"][e["outcome"]],
            **{k: e[k] for k in ("placebo_of", "descriptive", "min_events") if k in e},
        }
        for h, e in registry.items()
    ]
    keyed = [
        frame[frame["term"] == registry[h]["key_term"]]
        for (h, _), frame in fits.items()
        if registry[h]["key_term"] in set(frame["term"])
    ]
    flagged = choices[choices["uses_future"].astype(bool)] if "uses_future" in choices else choices.iloc[:0]
    future = list(zip(flagged["hypothesis"], flagged["spec"], strict=True))
    summary = summary_table(keyed, registry_rows, power, curves, future) if keyed else pd.DataFrame()
    (out / "summary.md").write_text(summary_markdown(summary), encoding="utf-8")
    summary.to_csv(out / "summary.csv", index=False)
    # Counted (min_events) fits have no estimates: kept out of the tables, figures and curves.
    fits = {key: frame for key, frame in fits.items() if frame["estimator"].iloc[0] != COUNTS_ESTIMATOR}

    sections = [
        {
            "title": "Summary",
            "blocks": [{"table": summary, "caption": "Primary estimates of each hypothesis's key term"}],
        }
    ]
    curves_blocks = []
    for hypothesis, entry in registry.items():
        mine = {spec: frame for (h, spec), frame in fits.items() if h == hypothesis}
        blocks = [
            {"markdown": f"{entry['description']} Source: {entry['source']}. Dataset: `{entry['dataset']}`."}
        ]
        if mine:
            labels = [f"{frame['estimator'].iloc[0]}" for frame in mine.values()]
            table = regression_table(list(mine.values()), labels)
            for kind, text in (("csv", table["csv"]), ("html", table["html"]), ("tex", table["latex"])):
                (tables / f"{hypothesis}.{kind}").write_text(text, encoding="utf-8")
            blocks.append({"html": table["html"], "caption": f"{hypothesis}: primary specifications"})
            if hypothesis == "event_study":
                frame = next(iter(mine.values()))
                study = _event_frame(frame[frame["term"].str.match(r"event_[mp]\d+$")], EVENT_REFERENCE)
                paths = event_study_plot(
                    study, figures / "event_study", reference=EVENT_REFERENCE, title=entry["description"]
                )
                if placebo is not None:
                    blocks += _placebo_blocks(placebo, frame, entry["key_term"], event_window, figures)
            else:
                terms = [t for t in next(iter(mine.values()))["term"] if t != "const"]
                paths = coefficient_plot(
                    list(mine.values()), terms, figures / f"{hypothesis}_coefficients", labels=labels
                )
            blocks.append(
                {"figure": paths.png, "caption": f"{hypothesis}: estimates with 95% confidence intervals"}
            )
        else:
            blocks.append(
                {"markdown": "The primary specification could not be estimated (see logs/fit_hypothesis/)."}
            )
        if few_clusters and hypothesis in few_clusters:
            blocks += _few_cluster_blocks(hypothesis, few_clusters[hypothesis], tables, out / "summary.md")
        if hypothesis in marginal:
            paths = marginal_effects_plot(
                marginal[hypothesis],
                f"{hypothesis}: marginal effect over {entry['moderator']}",
                entry["moderator"],
                figures / f"{hypothesis}_marginal_effects",
            )
            blocks.append(
                {"figure": paths.png, "caption": "Marginal effect of the interacted regressor (95% CI)"}
            )
        spec_choices = choices[choices["hypothesis"] == hypothesis].drop(
            columns=["key_term", "expected_sign", "descriptive", "uses_future", "placebo_of"], errors="ignore"
        )
        spec_choices = spec_choices.dropna(axis=1, how="all")
        sign = choices.loc[choices["hypothesis"] == hypothesis, "expected_sign"].iloc[0]
        curve = (
            curves.set_index("hypothesis").loc[hypothesis]
            if curves is not None and hypothesis in set(curves["hypothesis"])
            else None
        )
        for suffix, panel, rows in _curve_panels(_key_rows(estimates, choices, hypothesis), choices):
            if len(rows) < 2:
                continue
            tested = not suffix.startswith("_descriptive")
            note = (
                _curve_note(curve, on_scale=suffix == "") if tested else "descriptive: not in the curve test"
            )
            paths = specification_curve(
                rows.assign(term=rows["key_term"])[["spec", "term", "estimate", "ci_low", "ci_high"]],
                spec_choices[spec_choices["spec"].isin(rows["spec"])],
                figures / f"{hypothesis}_spec_curve{suffix}",
                sign,
                title=f"{hypothesis}: {len(rows)} specifications, {panel}\n{note}",
                scale=SCALES[suffix.removeprefix("_descriptive") or "_probability"],
            )
            curves_blocks.append(
                {
                    "figure": paths.png,
                    "caption": f"{hypothesis}: specification curve of the key term, {panel}; {note}",
                }
            )
        sections.append({"title": f"{hypothesis}", "blocks": blocks})
    sections.append(
        {"title": "Specification curves", "blocks": curves_blocks or [{"markdown": "No curves."}]}
    )
    if ideal is not None:
        sections.append({"title": "UN ideal points", "blocks": _ideal_blocks(ideal, figures)})
    if prospect_validity is not None:
        prospect_validity.to_csv(tables / "prospect_validity.csv", index=False)
        sections.append({"title": "Prospect validity", "blocks": _validity_blocks(prospect_validity)})
    if voice_exit is not None:
        sections.append({"title": "H7: voice and exit", "blocks": _voice_exit_blocks(voice_exit)})
    sections.append(
        {"title": "Cases", "blocks": [{"table": cases, "caption": "RESEARCH_DESIGN.md section 6"}]}
    )
    sections.append(
        {"title": "Codebooks", "blocks": [{"markdown": text} for _, text in sorted(codebooks.items())]}
    )
    (out / "report.html").write_text(report_html(sections), encoding="utf-8")


def _ideal_blocks(ideal: dict, figures: Path) -> list:
    """Our ideal points against the published ones: the figure and the validation figures."""
    check = ideal["check"]
    ours = ideal["estimates"].assign(session=ideal["estimates"]["year"] - 1945)
    both = ours.merge(
        ideal["published"][["ccode", "session", "ideal"]].rename(columns={"ideal": "published"}),
        on=["ccode", "session"],
    )
    sessions = pd.DataFrame(check["sessions"])
    sessions = sessions.assign(
        year=sessions["session"] + 1945, checked=sessions["n_roll_calls"] >= check["min_roll_calls"]
    )
    paths = ideal_points_plot(both, sessions, check["targets"]["session_r_floor"], figures / "ideal_points")
    text = (
        f"Dynamic ideal points estimated here ({check['subset']} roll calls, roll-call set "
        f"`{check['un_roll_calls']}`) against Bailey, Strezhnev and Voeten's published estimates on "
        f"{check['n_state_sessions']:,} state-sessions: pooled correlation {check['pooled_r']:.3f}; median "
        f"correlation within a session {check['median_session_r']:.3f}, lowest {check['min_session_r']:.3f} "
        f"among the {check['n_sessions_checked']} sessions with {check['min_roll_calls']} or more roll calls; "
        f"median correlation over time within the {check['n_states_within']} states present in "
        f"{check['min_sessions']} or more sessions {check['within_state_r']:.3f} "
        f"(results/checks/ideal_points.json)."
    )
    return [
        {"markdown": text},
        {"figure": paths.png, "caption": "UN ideal points: estimated here against the published estimates"},
    ]


VALIDITY_TEXT = (
    "Does the ex ante prospect foretell an alliance? For each patron, the eligible (P, A, t) of the sample "
    "years with both measures known: the share of ex ante prospects (A's lagged UN affinity with P above "
    "the benchmark of P's allies) with a P-A alliance onset in t+1..t+5 (`share_prospects`), against that "
    "of the other eligible states (`share_others`), and the AUC of A's lagged affinity minus the benchmark "
    "for that onset (0.5: no better than chance). The ex post measure uses the future and is used here "
    "only to validate the ex ante one."
)


def _validity_blocks(validity: pd.DataFrame) -> list:
    return [
        {"markdown": VALIDITY_TEXT},
        {"table": validity, "caption": "Ex ante prospects and later alliance onsets, by patron"},
    ]


VOICE_EXIT_TEXT = (
    "Is voice more common than exit (Krebs 2025)? Both as rates on the same client-years of H7's "
    "dataset: a voice act is a rise of K's disagreement with P (1 - UN agreement) by 0.10 or more from "
    "t-1 to t; exit is the end of P's commitment to K in t. `difference` is the voice rate minus the "
    "exit rate, with a 95% interval clustered by dyad (t with G-1 degrees of freedom), over all "
    "client-years and by the primary outside option (results/voice_exit.csv)."
)


def _voice_exit_blocks(rates: pd.DataFrame) -> list:
    return [
        {"markdown": VOICE_EXIT_TEXT},
        {"table": rates, "caption": "H7: voice rate minus exit rate on the same client-years"},
    ]


def _placebo_blocks(
    placebo: pd.DataFrame, frame: pd.DataFrame, key_term: str, window: int, figures: Path
) -> list:
    """The placebo's distribution of the key term against the estimate: a table and a histogram."""
    draws = placebo.loc[placebo["term"] == key_term].set_index("draw")
    estimate = float(frame.loc[frame["term"] == key_term, "estimate"].iloc[0])
    values, half = draws["estimate"], draws["std_error"] * 1.96
    table = pd.DataFrame(
        {
            "term": [key_term],
            "estimate": [estimate],
            "draws": [len(values)],
            "placebo_mean": [values.mean()],
            "placebo_sd": [values.std()],
            "placebo_p2.5": [values.quantile(0.025)],
            "placebo_p97.5": [values.quantile(0.975)],
            "share_abs_at_least_estimate": [(values.abs() >= abs(estimate)).mean()],
            "share_ci_excludes_0": [((values - half > 0) | (values + half < 0)).mean()],
        }
    )
    paths = placebo_plot(
        values,
        estimate,
        figures / "event_study_placebo",
        title=f"{key_term}: random onset years",
        xlabel=key_term,
    )
    text = (
        f"Placebo: the same A's and patrons at onset years drawn at random ({len(values)} draws; years in "
        f"which A is committed to no patron of the event in t-{window + 1}..t+{window} and has a baseline "
        "affinity), stacked and estimated as the actual onsets. Flat leads give a distribution centred on 0; "
        "`share_abs_at_least_estimate` is the randomization p-value of the estimate, `share_ci_excludes_0` "
        "(normal 95% intervals) should be near 0.05."
    )
    return [
        {"markdown": text},
        {"table": table, "caption": "event_study: placebo distribution of the key term"},
        {"figure": paths.png, "caption": "event_study: placebo estimates (grey) and the estimate (red)"},
    ]


FEW_CLUSTERS_TEXT = (
    "The key term varies only by {cluster}-year: its analytic interval (clustered by {analytic}) is shown "
    "beside inference at the {cluster} level, where it is assigned ({n} clusters, {treated} with rows where "
    "the key term is not 0): the CR1 t test by {cluster} (t(G-1)); the restricted wild cluster bootstrap-t "
    "by {cluster} with Webb's six-point weights ({wild}; interval by test inversion); randomization "
    "inference permuting each {cluster}'s rapprochement years ({ri} permutations; statistic: the "
    "coefficient; interval by test inversion under a constant effect; `std_error` is the permutation "
    "distribution's standard deviation). With few and unequal clusters the wild bootstrap can misstate its "
    "size (MacKinnon and Webb 2017). The identifying dyads are the client dyads with rows where the key "
    "term is not 0; `n_identifying` counts those rows in a {cluster}-year where the outside option varies."
)


def _few_cluster_blocks(hypothesis: str, parts: dict, tables: Path, summary: Path) -> list:
    """The few-cluster tests and identifying units of a hypothesis: text, two tables, a summary line."""
    tests, dyads = parts["tests"], parts["dyads"]
    tests.to_csv(tables / f"{hypothesis}_few_clusters.csv", index=False)
    dyads.to_csv(tables / f"{hypothesis}_identifying_dyads.csv", index=False)
    by = tests.set_index("method")
    wild, ri = by.loc["wild_bootstrap"], by.loc["randomization"]
    wild_draws = f"all {wild['draws']:,} weight vectors" if wild["enumerated"] else f"{wild['draws']:,} draws"
    text = FEW_CLUSTERS_TEXT.format(
        cluster=wild["cluster"],
        analytic=tests["cluster"].iloc[0],
        n=wild["n_clusters"],
        treated=wild["n_treated_clusters"],
        wild=wild_draws,
        ri=f"{ri['draws']:,}",
    )
    line = f"\n{hypothesis} `{wild['term']}`, few-cluster inference: " + "; ".join(
        f"{row['method'].replace('_', ' ')} by {row['cluster']} ({row['n_clusters']} clusters) "
        f"{row['estimate']:.3f} [{row['ci_low']:.3f}, {row['ci_high']:.3f}], p {row['p_value']:.3f}"
        for _, row in tests.iterrows()
    )
    with summary.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    identifying = int((dyads["n_identifying"] > 0).sum())
    return [
        {"markdown": text},
        {"table": tests, "caption": f"{hypothesis}: the key term's tests, analytic and by {wild['cluster']}"},
        {
            "table": dyads,
            "caption": f"{hypothesis}: client dyads with rows where the key term is not 0 "
            f"({len(dyads)}; {identifying} with rows in a {wild['cluster']}-year where the outside option varies)",
        },
    ]


def _key_rows(estimates: pd.DataFrame, choices: pd.DataFrame, hypothesis: str) -> pd.DataFrame:
    """Each spec's estimate of its own key term (which the multiverse may have renamed), and its
    ``ame:<key term>`` row where the fit has one (logit: the key term on the probability scale)."""
    keys = choices.loc[choices["hypothesis"] == hypothesis, ["spec", "key_term"]]
    mine = estimates[estimates["hypothesis"] == hypothesis].merge(keys, on="spec")
    keep = (mine["term"] == mine["key_term"]) | (mine["term"] == "ame:" + mine["key_term"])
    return mine[keep & mine["estimate"].notna()].reset_index(drop=True)


# One scale per specification curve: the panel's file suffix -> the y-axis's scale.
SCALES = {
    "_probability": "probability / outcome scale",
    "_clogit": "log-odds (clogit)",
    "_logit": "log-odds (logit, no AME)",
}


def _curve_panels(key: pd.DataFrame, choices: pd.DataFrame) -> list:
    """(file suffix, panel name, rows) of a hypothesis's curves: test specs on the probability or
    outcome scale (linear models and logit ``ame:`` rows; suffix ""), clogit log-odds
    ("_clogit"), logit log-odds where a logit has no ``ame:`` row ("_logit"), and the same scales
    for the descriptive and uses-the-future specs ("_descriptive..."), which the curve test leaves out."""
    flags = choices[["hypothesis", "spec"]].assign(
        aside=choices.get("descriptive", False) | choices.get("uses_future", False)
    )
    key = key.merge(flags, on=["hypothesis", "spec"], how="left")
    ame = key["term"].str.startswith("ame:")
    key = key[ame | ~key["spec"].isin(key.loc[ame, "spec"])]  # a logit's AME replaces its log-odds
    scale = pd.Series("_probability", index=key.index)
    scale[key["estimator"].eq("clogit")] = "_clogit"
    scale[key["estimator"].eq("logit") & ~key["term"].str.startswith("ame:")] = "_logit"
    panels = []
    for aside in (False, True):
        for suffix, name in (
            ("_probability", "probability or outcome scale"),
            ("_clogit", "clogit, log-odds"),
            ("_logit", "logit, log-odds"),
        ):
            rows = key[(key["aside"].astype(bool) == aside) & (scale == suffix)]
            label = ("descriptive and uses-the-future specs, " if aside else "") + name
            tag = ("_descriptive" if aside else "") + ("" if suffix == "_probability" else suffix)
            panels.append((tag, label, rows.drop(columns="aside").reset_index(drop=True)))
    return panels


def _curve_note(curve: pd.Series | None, on_scale: bool) -> str:
    """The curve test's p-values for a figure's title and caption."""
    if curve is None or pd.isna(curve.get("curve_p")):
        return "no curve test"
    text = f"curve test over {int(curve['n_specs'])} test specs: share p = {curve['curve_p']:.3f}"
    if on_scale and not pd.isna(curve.get("curve_p_median")):
        text += f", median p = {curve['curve_p_median']:.3f}"
    return text


def _event_frame(frame: pd.DataFrame, reference_time: int) -> pd.DataFrame:
    """Event-study coefficients by event time, the reference period (``reference_time``) as 0."""
    times = (
        frame["term"]
        .str.replace("event_m", "-", regex=False)
        .str.replace("event_p", "", regex=False)
        .astype(int)
    )
    study = frame.assign(event_time=times)[["event_time", "estimate", "std_error", "ci_low", "ci_high"]]
    reference = pd.DataFrame(
        {
            "event_time": [reference_time],
            "estimate": [0.0],
            "std_error": [float("nan")],
            "ci_low": [float("nan")],
            "ci_high": [float("nan")],
        }
    )
    study = pd.concat([study, reference], ignore_index=True).sort_values("event_time").reset_index(drop=True)
    return study.assign(n_obs=int(frame["n_obs"].iloc[0]))
