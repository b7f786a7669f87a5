"""Publication output: tables, summary, figures, Markdown converter and the HTML report."""

import base64
import io
import itertools
import re

import matplotlib as mpl
import numpy as np
import pandas as pd
import pytest

from alliance_bargaining.report.figures import (
    coefficient_plot,
    event_study_plot,
    ideal_points_plot,
    marginal_effects_plot,
    spec_curve_frame,
    specification_curve,
)
from alliance_bargaining.report.markdown import markdown_to_html
from alliance_bargaining.report.page import frame_to_html, report_html
from alliance_bargaining.report.tables import (
    ESTIMATE_COLUMNS,
    agreement,
    regression_table,
    stars,
    summary_markdown,
    summary_table,
    verdict,
)


def fit(
    hypothesis, spec, terms, estimator="logit", outcome="mid_onset", n_obs=12345, n_clusters=678, n_events=90
):
    """An estimate table; ``terms`` maps term to (estimate, std_error, p_value); CI is estimate ± 1.96 SE."""
    rows = [
        {
            "hypothesis": hypothesis,
            "spec": spec,
            "estimator": estimator,
            "outcome": outcome,
            "term": term,
            "estimate": est,
            "std_error": se,
            "ci_low": est - 1.96 * se,
            "ci_high": est + 1.96 * se,
            "p_value": p,
            "n_obs": n_obs,
            "n_clusters": n_clusters,
            "n_events": n_events,
            "year_min": 1946,
            "year_max": 2014,
        }
        for term, (est, se, p) in terms.items()
    ]
    return pd.DataFrame(rows, columns=ESTIMATE_COLUMNS).astype({"n_events": "Int64"})


@pytest.fixture
def models():
    logit = fit("H1", "primary", {"prospect": (0.5, 0.1, 0.0004), "peace_years": (-0.123, 0.05, 0.014)})
    ols = fit(
        "H2",
        "primary",
        {"prospect": (0.02, 0.03, 0.5), "prospect:w": (0.2, 0.09, 0.008)},
        estimator="ols_twfe",
        outcome="un_agree_gain",
        n_obs=2000,
        n_clusters=150,
        n_events=pd.NA,
    )
    return [logit, ols]


def test_stars():
    assert [stars(p) for p in (0.0005, 0.005, 0.03, 0.05, 0.2, np.nan)] == ["***", "**", "*", "", "", ""]


def test_regression_table_html(models):
    out = regression_table(
        models, ["(1) H1 logit", "(2) H2 OLS"], term_labels={"prospect": "Prospective ally"}
    )["html"]
    assert "<th>(1) H1 logit</th><th>(2) H2 OLS</th>" in out
    assert '<tr><th scope="row">Prospective ally</th><td>0.500***</td><td>0.020</td></tr>' in out
    assert '<tr class="se"><th></th><td>(0.100)</td><td>(0.030)</td></tr>' in out
    assert '<tr><th scope="row">peace_years</th><td>-0.123*</td><td></td></tr>' in out
    assert '<tr><th scope="row">prospect:w</th><td></td><td>0.200**</td></tr>' in out
    assert '<tr><th scope="row">N</th><td>12,345</td><td>2,000</td></tr>' in out
    assert '<tr><th scope="row">Clusters</th><td>678</td><td>150</td></tr>' in out
    assert '<tr><th scope="row">Events</th><td>90</td><td>–</td></tr>' in out
    assert '<tr><th scope="row">Years</th><td>1946–2014</td><td>1946–2014</td></tr>' in out
    assert '<tr><th scope="row">Estimator</th><td>logit</td><td>ols_twfe</td></tr>' in out
    assert "<td>mid_onset</td><td>un_agree_gain</td>" in out
    assert out.count("<table") == out.count("</table>") == 1


def test_regression_table_latex(models):
    tex = regression_table(models, ["H1 logit", "H2 OLS"])["latex"]
    assert tex.count(r"\begin{tabular}{lcc}") == tex.count(r"\end{tabular}") == 1
    assert (
        tex.index(r"\toprule")
        < tex.index(r"\midrule")
        < tex.index(r"\bottomrule")
        < tex.index(r"\end{tabular}")
    )
    assert r"prospect & 0.500$^{***}$ & 0.020 \\" in tex
    assert r" & (0.100) & (0.030) \\" in tex
    assert r"peace\_years & $-$0.123$^{*}$ &  \\" in tex
    assert r"Outcome & mid\_onset & un\_agree\_gain \\" in tex
    assert r"N & 12,345 & 2,000 \\" in tex
    assert r"Years & 1946--2014 & 1946--2014 \\" in tex
    body = tex[tex.index(r"\toprule") : tex.index(r"\bottomrule")]
    for line in body.splitlines()[1:]:
        if line.endswith(r"\\"):
            assert len(re.findall(r"(?<!\\)&", line)) == 2, line
    assert not re.search(r"(?<!\\)_", tex), "unescaped underscore"


def test_regression_table_csv(models):
    tidy = pd.read_csv(io.StringIO(regression_table(models, ["a", "b"])["csv"]))
    assert list(tidy.columns) == ["model", *ESTIMATE_COLUMNS[:10], "stars", *ESTIMATE_COLUMNS[10:]]
    assert list(tidy["model"]) == ["a", "a", "b", "b"]
    assert tidy.set_index(["model", "term"]).loc[("b", "prospect:w"), "stars"] == "**"
    assert tidy["n_events"].isna().tolist() == [False, False, True, True]


def test_regression_table_rejects_bad_input(models):
    with pytest.raises(ValueError, match="mixes fits"):
        regression_table([pd.concat(models)], ["both"])
    with pytest.raises(ValueError, match="repeats terms"):
        regression_table([pd.concat([models[0], models[0]])], ["twice"])
    with pytest.raises(ValueError, match="labels"):
        regression_table(models, ["only one"])


@pytest.mark.parametrize(
    ("low", "high", "sign", "expected"),
    [
        (0.1, 0.4, "+", "yes"),
        (-0.4, -0.1, "-", "yes"),
        (-0.4, -0.1, "+", "no: opposite sign"),
        (0.1, 0.4, "-", "no: opposite sign"),
        (-0.1, 0.4, "+", "inconclusive"),
        (0.0, 0.4, "+", "inconclusive"),
    ],
)
def test_agreement(low, high, sign, expected):
    assert agreement(low, high, sign) == expected


REGISTRY = [
    {
        "id": "H1",
        "description": "Prospects raise conflict with the patron's rival",
        "key_term": "prospect",
        "expected_sign": "+",
    },
    {
        "id": "H2",
        "description": "More so when the alliance is valuable",
        "key_term": "prospect:w",
        "expected_sign": "+",
    },
    {
        "id": "H4",
        "description": "Prospects lower conflict | with clients",
        "key_term": "prospect",
        "expected_sign": "-",
    },
    {"id": "H6", "description": "Allies back the hegemon", "key_term": "ally", "expected_sign": "+"},
]


def test_summary_table_agreement_cases():
    estimates = [
        fit("H1", "primary", {"prospect": (0.5, 0.1, 0.0004), "peace_years": (-0.1, 0.01, 0.0)}),
        fit("H2", "primary", {"prospect": (0.1, 0.1, 0.3), "prospect:w": (-0.3, 0.1, 0.003)}),
        fit("H4", "primary", {"prospect": (0.05, 0.1, 0.6)}, n_obs=500, n_clusters=40),
    ]
    power = pd.DataFrame({"hypothesis": ["H4"], "spec": ["primary"], "mde": [0.28]})
    curves = pd.DataFrame({"hypothesis": ["H1", "H2"], "curve_p": [0.01, 0.5], "curve_p_median": [0.2, 0.6]})
    summary = summary_table(estimates, REGISTRY, power, curves)
    assert list(summary.columns) == [
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
    assert list(summary["hypothesis"]) == ["H1", "H2", "H4", "H6"]
    # Holm over the three tests: 3 x 0.0004, 2 x 0.003, 1 x 0.6
    assert summary["p_holm"].iloc[:3].tolist() == pytest.approx([0.0012, 0.006, 0.6])
    assert list(summary["verdict"]) == [
        "supported",
        "contradicted",
        "not detected (MDE 0.280)",
        "not estimated",
    ]
    assert list(summary["estimate"].iloc[:3]) == [0.5, -0.3, 0.05]
    assert summary.loc[2, "ci_low"] == pytest.approx(0.05 - 0.196)
    assert summary.loc[2, ["n_obs", "n_clusters"]].tolist() == [500, 40]
    assert summary.loc[3, "description"] == "Allies back the hegemon" and pd.isna(summary.loc[3, "estimate"])

    text = summary_markdown(summary)
    assert text.startswith("# Summary of the primary estimates\n")
    assert "reported as they came out" in text and "Verdict rule" in text
    assert (
        "| H1 | Prospects raise conflict with the patron's rival | primary | logit | prospect | 0.500 | 0.304 "
        "| 0.696 | – | 0.0004 | 0.0012 | 0.010 | 0.200 | 12,345 | 678 | – | + | supported |" in text
    )
    assert r"Prospects lower conflict \| with clients" in text
    assert (
        "| H6 | Allies back the hegemon | – | – | ally | – | – | – | – | – | – | – | – | – | – | – | + | not estimated |"
        in text
    )


@pytest.mark.parametrize(
    "row, expected",
    [
        ({"n_switchers": 3, "p_holm": 0.001, "curve_p": 0.01}, "not identified (3 switching units)"),
        ({"n_switchers": 5, "p_holm": 0.001, "curve_p": 0.01}, "supported"),
        ({"placebo": True, "ci_low": -0.1, "ci_high": 0.3}, "passes"),
        ({"expected_sign": "0", "ci_low": 0.1, "ci_high": 0.3}, "fails"),
        ({"descriptive": True, "p_holm": 0.001}, "descriptive (pooled)"),
        ({"descriptive": True, "uses_future": True}, "descriptive (uses the future)"),
        # a placebo's pooled logit is descriptive; a placebo's future term is its design
        ({"descriptive": True, "placebo": True, "ci_low": -0.1}, "descriptive (pooled)"),
        ({"descriptive": True, "uses_future": True, "placebo": True, "ci_low": -0.1}, "passes"),
        ({"p_holm": 0.01, "curve_p": 0.04}, "supported"),
        ({"p_holm": 0.01, "curve_p": 0.06}, "supported by the primary only"),
        ({"p_holm": 0.01, "curve_p": float("nan")}, "supported by the primary only"),
        ({"p_holm": 0.01, "curve_p": 0.01, "estimate": -0.2}, "contradicted"),
        ({"p_holm": 0.01, "curve_p": 0.01, "expected_sign": "-"}, "contradicted"),
        ({"p_holm": 0.06, "curve_p": 0.01, "mde": 0.123}, "not detected (MDE 0.123)"),
        ({"p_holm": float("nan"), "mde": float("nan")}, "not detected (MDE –)"),
    ],
)
def test_verdict_rule(row, expected):
    base = {"estimate": 0.2, "ci_low": 0.1, "ci_high": 0.3, "expected_sign": "+", "mde": 0.1}
    assert verdict(pd.Series(base | row)) == expected


def test_summary_table_rejects_bad_input():
    with pytest.raises(ValueError, match="not in the registry"):
        summary_table(fit("H9", "primary", {"x": (1, 1, 1)}), REGISTRY)
    with pytest.raises(ValueError, match="key term 'prospect:w'"):
        summary_table(fit("H2", "primary", {"prospect": (1, 1, 1)}), REGISTRY)


DIMENSIONS = {
    "mid_source": ["cow", "gml"],
    "alliance": ["defense_offense", "any"],
    "rival": ["thompson", "tss", "mid10"],
    "estimator": ["logit", "lpm"],
}


def spec_grid(hypothesis="H1"):
    """Spec choices and key-term estimates for a 24-spec grid; the first spec is primary."""
    rng = np.random.default_rng(7)
    combos = list(itertools.product(*DIMENSIONS.values()))
    choices = pd.DataFrame(combos, columns=list(DIMENSIONS))
    choices.insert(0, "spec", [f"s{i:02d}" for i in range(len(combos))])
    choices.insert(0, "hypothesis", hypothesis)
    choices.insert(2, "primary", choices["spec"] == "s00")
    est = rng.normal(0.15, 0.15, len(combos))
    se = rng.uniform(0.03, 0.1, len(combos))
    estimates = pd.DataFrame(
        {
            "hypothesis": hypothesis,
            "spec": choices["spec"],
            "term": "prospect",
            "estimate": est,
            "ci_low": est - 1.96 * se,
            "ci_high": est + 1.96 * se,
        }
    )
    return estimates, choices


def test_spec_curve_frame_sorts_by_estimate():
    estimates, choices = spec_grid()
    other = choices.assign(hypothesis="H2", primary=False)
    frame = spec_curve_frame(estimates.iloc[::-1], pd.concat([other, choices]), "+")
    assert len(frame) == 24
    assert frame["estimate"].is_monotonic_increasing
    assert list(frame["rank"]) == list(range(1, 25))
    assert frame["primary"].sum() == 1 and frame.loc[frame["primary"], "spec"].item() == "s00"
    expected = [agreement(lo, hi, "+") for lo, hi in zip(frame["ci_low"], frame["ci_high"], strict=True)]
    assert list(frame["agrees"]) == expected and {"yes", "inconclusive"} <= set(expected)

    tied = pd.DataFrame(
        {"spec": ["b", "a"], "estimate": [1.0, 1.0], "ci_low": [0.0, 0.0], "ci_high": [2.0, 2.0]}
    )
    tied_choices = pd.DataFrame({"spec": ["a", "b"], "primary": [True, False], "lag": ["1", "2"]})
    assert list(spec_curve_frame(tied, tied_choices, "+")["spec"]) == ["a", "b"]
    with pytest.raises(ValueError, match="without choices"):
        spec_curve_frame(estimates, choices.iloc[1:], "+")


def draw_all(folder):
    """Every figure, written under ``folder``; returns the Paths in a fixed order."""
    estimates, choices = spec_grid()
    models = [
        fit("H1", "primary", {"prospect": (0.5, 0.1, 0.0004), "w": (-0.2, 0.15, 0.2)}),
        fit("H1", "lpm", {"prospect": (0.02, 0.008, 0.01), "w": (0.01, 0.02, 0.6)}, estimator="lpm"),
    ]
    moderator = np.linspace(0, 1, 21)
    effects = pd.DataFrame(
        {"moderator_value": moderator[::-1], "effect": 0.05 + 0.3 * moderator[::-1], "std_error": 0.05}
    ).assign(ci_low=lambda d: d["effect"] - 0.1, ci_high=lambda d: d["effect"] + 0.1)
    times = [t for t in range(-5, 6) if t != -1]
    event = pd.DataFrame(
        {"event_time": times, "estimate": [0.01 * t for t in times], "std_error": 0.02, "n_obs": 300}
    ).assign(ci_low=lambda d: d["estimate"] - 0.04, ci_high=lambda d: d["estimate"] + 0.04)
    return [
        coefficient_plot(models, ["prospect", "w"], folder / "coef" / "H1", labels=["logit", "LPM"]),
        marginal_effects_plot(
            effects, "H2: prospect × w", "w = cinc_A / (cinc_A + cinc_R)", folder / "H2.me"
        ),
        event_study_plot(event, folder / "event_study", title="Conflict with the patron's rivals"),
        specification_curve(estimates, choices, folder / "speccurve_H1", "+", title="H1: prospect"),
        ideal_points_plot(
            pd.DataFrame({"published": np.linspace(-2, 2, 50), "ideal": np.linspace(-2, 2, 50) ** 3 / 4}),
            pd.DataFrame({"year": [1946, 1947, 1948], "r": [0.97, 0.99, 0.9], "checked": [1, 0, 1]}),
            0.85,
            folder / "ideal_points",
        ),
    ]


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    return draw_all(tmp_path_factory.mktemp("figures"))


def test_figures_written(figures, tmp_path):
    for paths in figures:
        assert paths.png.read_bytes().startswith(b"\x89PNG\r\n\x1a\n") and paths.png.stat().st_size > 5000
        assert paths.pdf.read_bytes().startswith(b"%PDF") and paths.pdf.stat().st_size > 1000
    assert figures[1].png.name == "H2.me.png"
    assert b"CreationDate" not in figures[0].pdf.read_bytes()


def test_figures_byte_identical_across_runs(figures, tmp_path):
    with mpl.rc_context({"font.size": 20, "lines.linewidth": 4, "axes.grid": True}):
        again = draw_all(tmp_path)
    for first, second in zip(figures, again, strict=True):
        assert first.png.read_bytes() == second.png.read_bytes(), first.png.name
        assert first.pdf.read_bytes() == second.pdf.read_bytes(), first.pdf.name


CODEBOOK = """# Codebook: dyad_year.parquet

Directed dyad-years: one row per
ordered pair, 1816-2018 <b>.

| column | type | definition |
|---|:---:|---:|
| `ccode1` | int16 | COW code of **state 1** |
| `mid_onset` | Int8 | a MID begins \\| see [COW](https://correlatesofwar.org) |

- first *item*
- second
"""


def test_markdown_to_html():
    out = markdown_to_html(CODEBOOK, level_offset=2)
    assert "<h3>Codebook: dyad_year.parquet</h3>" in out
    assert "<p>Directed dyad-years: one row per ordered pair, 1816-2018 &lt;b&gt;.</p>" in out
    assert (
        '<th>column</th><th style="text-align:center">type</th><th style="text-align:right">definition</th>'
        in out
    )
    assert (
        '<tr><td><code>ccode1</code></td><td style="text-align:center">int16</td>'
        '<td style="text-align:right">COW code of <strong>state 1</strong></td></tr>'
    ) in out
    assert 'a MID begins | see <a href="https://correlatesofwar.org">COW</a></td></tr>' in out
    assert out.count("<tr>") == 3 and out.count("<table>") == 1
    assert "<ul>\n<li>first <em>item</em></li>\n<li>second</li>\n</ul>" in out


def test_report_html(figures, models):
    cases = pd.DataFrame(
        {
            "case": ["China 1950", "Australia 1951"],
            "check": ["MID onset China–US", "no MID Australia–Japan"],
            "required": [1, 0],
            "computed": [1.0, np.nan],
            "match": [True, False],
            "note": ["", "Japan not a system member before 1952"],
        }
    )
    summary = summary_table(models[:1], REGISTRY[:1])
    assert "<td>12,345</td><td>678</td>" in frame_to_html(summary)
    sections = [
        {"title": "Summary", "blocks": [{"table": summary, "caption": "Primary estimates"}]},
        {
            "title": "H1: prospects and conflict",
            "blocks": [
                {"markdown": "Prospective allies and *rivals*."},
                {"html": regression_table(models[:1], ["logit"])["html"], "caption": "Regression"},
                {"figure": figures[0], "caption": "Coefficients"},
            ],
        },
        {"title": "Specification curves", "blocks": [{"figure": figures[3].png}]},
        {"title": "Event study", "blocks": [{"figure": figures[2]}]},
        {"title": "Cases", "blocks": [{"table": cases}]},
        {"title": "Codebooks", "blocks": [{"markdown": CODEBOOK}]},
    ]
    page = report_html(sections)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    for section in sections:
        assert f">{section['title']}</h2>" in page and f">{section['title']}</a></li>" in page
    for index in (0, 2, 3):
        encoded = base64.b64encode(figures[index].png.read_bytes()).decode()
        assert f'src="data:image/png;base64,{encoded}"' in page
    assert page.count("<img ") == 3 and "<style>" in page
    assert not re.search(r'(src|href)="(?!data:|#|https://correlatesofwar)', page), "external resource"
    assert "<td>0.500***</td>" in page and "<td>Prospective allies" not in page
    assert '<tr class="mismatch"><td>Australia 1951</td>' in page and "<td>yes</td>" in page
    assert "<td>1.000</td><td>yes</td>" in page and "<td>–</td><td>no</td>" in page
    assert (
        "<h3>Codebook: dyad_year.parquet</h3>" in page
        and "<figcaption>Primary estimates</figcaption>" in page
    )
    assert report_html(sections) == page


def test_report_html_rejects_bad_blocks(tmp_path):
    with pytest.raises(ValueError, match="exactly one"):
        report_html([{"title": "x", "blocks": [{"markdown": "a", "html": "b"}]}])
    with pytest.raises(ValueError, match="PNG"):
        report_html([{"title": "x", "blocks": [{"figure": tmp_path / "figure.pdf"}]}])


def test_primary_specs_follow_the_primary_row_not_the_first_listed_value():
    from alliance_bargaining.report.results import primary_specs

    # configured affinity un_s: the primary row has un_s although the registry lists un_agree first
    choices = pd.DataFrame(
        {
            "hypothesis": ["H1"] * 4,
            "spec": ["a", "primary", "c", "d"],
            "primary": [False, True, False, False],
            "affinity": ["un_agree", "un_s", "un_agree", "un_s"],
            "estimator": ["lpm_fe", "logit", "logit", "lpm_fe"],
        }
    )
    registry = {"H1": {"multiverse": {"affinity": ["un_agree", "un_s"], "estimator": ["logit", "lpm_fe"]}}}
    assert primary_specs(choices, registry)["spec"].tolist() == ["primary", "d"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(-0.1, 0.4, "passes"), (0.0, 0.4, "passes"), (0.1, 0.4, "fails"), (-0.4, -0.1, "fails")],
)
def test_agreement_of_a_placebo(low, high, expected):
    assert agreement(low, high, "0") == expected


def test_summary_places_placebos_labels_descriptive_rows_and_counts():
    registry = [
        {
            "id": "H4",
            "description": "Clients",
            "key_term": "prospect",
            "expected_sign": "-",
            "descriptive": ["logit"],
        },
        {"id": "H5", "description": "Compensation", "key_term": "x", "expected_sign": "+", "min_events": 30},
        {
            "id": "H4_placebo",
            "description": "Rival's clients",
            "key_term": "prospect",
            "expected_sign": "0",
            "placebo_of": "H4",
        },
    ]
    counts = fit(
        "H5",
        "primary",
        {"x": (np.nan, np.nan, np.nan), "x=0": (np.nan,) * 3, "x=1": (np.nan,) * 3},
        estimator="counts",
        n_obs=126,
        n_events=16,
    )
    counts["n_obs"] = [126, 100, 26]
    counts["n_events"] = pd.array([16, 12, 4], dtype="Int64")
    estimates = [
        fit("H4", "primary", {"prospect": (0.0001, 0.0002, 0.6)}, estimator="lpm_fe"),
        fit("H4", "x.est-logit", {"prospect": (-1.3, 0.2, 0.0)}),
        fit("H4_placebo", "primary", {"prospect": (0.5, 0.1, 0.0)}, estimator="lpm_fe"),
        counts,
    ]
    summary = summary_table(estimates, registry)
    assert summary["hypothesis"].tolist() == ["H4", "H4", "H4_placebo", "H5"]
    assert summary["verdict"].tolist()[:3] == ["not detected (MDE –)", "descriptive (pooled)", "fails"]
    # the family of tests is H4's primary alone: descriptive, placebo and counted rows are not tests
    assert summary["p_holm"].tolist()[0] == pytest.approx(0.6) and summary["p_holm"].iloc[1:].isna().all()
    assert summary.loc[2, "description"] == "Placebo of H4: Rival's clients"
    assert summary.loc[3, "verdict"] == (
        "not estimated: 16 events < min_events 30 in 126 rows; events of rows by value: x=0: 12 of 100; x=1: 4 of 26"
    )
    assert pd.isna(summary.loc[3, "estimate"]) and summary.loc[3, "n_obs"] == 126
    assert "passes" in summary_markdown(summary)


def test_primary_specs_take_every_estimator_of_the_primary_choices():
    from alliance_bargaining.report.results import primary_specs

    choices = pd.DataFrame(
        {
            "hypothesis": ["H4"] * 5,
            "spec": ["primary", "b", "c", "d", "e"],
            "primary": [True, False, False, False, False],
            "cluster": ["ccode_a", "ccode_a", "ccode_a", "dyad", "dyad"],
            "estimator": ["lpm_fe", "clogit", "logit", "lpm_fe", "clogit"],
        }
    )
    registry = {
        "H4": {"multiverse": {"cluster": ["ccode_a", "dyad"], "estimator": ["lpm_fe", "clogit", "logit"]}}
    }
    assert primary_specs(choices, registry)["spec"].tolist() == ["primary", "b", "c"]


def test_placebo_specification_curve_colours_passes_and_fails(tmp_path):
    # expected sign "0": agreement is "passes" / "fails", which the curve must colour (a missing
    # colour is NaN, which matplotlib cannot write to PDF)
    estimates, choices = spec_grid()
    frame = spec_curve_frame(estimates, choices, "0")
    assert set(frame["agrees"]) <= {"passes", "fails"} and len(set(frame["agrees"])) == 2
    paths = specification_curve(estimates, choices, tmp_path / "speccurve_H3_placebo", "0", title="placebo")
    assert paths.pdf.read_bytes().startswith(b"%PDF")


def test_curve_panels_keep_one_scale_each_and_set_aside_descriptive_specs():
    from alliance_bargaining.report.results import _curve_panels

    key = pd.DataFrame(
        {
            "hypothesis": "H1",
            "spec": ["a", "b", "b", "c", "d", "e", "f", "f"],
            "estimator": ["lpm_fe", "logit", "logit", "logit", "clogit", "lpm_fe", "logit", "logit"],
            "term": ["k", "k", "ame:k", "k", "k", "k", "k", "ame:k"],
            "estimate": [0.01, 0.5, 0.02, 0.4, 0.3, 0.05, 1.1, 0.03],
        }
    )
    choices = pd.DataFrame(
        {
            "hypothesis": "H1",
            "spec": list("abcdef"),
            "descriptive": [False] * 5 + [True],
            "uses_future": [False] * 4 + [True, False],
        }
    )
    panels = {suffix: rows for suffix, _, rows in _curve_panels(key, choices)}
    picked = {
        suffix: list(zip(rows["spec"], rows["term"], strict=True))
        for suffix, rows in panels.items()
        if len(rows)
    }
    assert picked == {
        "": [("a", "k"), ("b", "ame:k")],
        "_logit": [("c", "k")],
        "_clogit": [("d", "k")],
        "_descriptive": [("e", "k"), ("f", "ame:k")],
    }
