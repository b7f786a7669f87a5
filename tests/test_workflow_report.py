"""Integration: proxies, models and report from the real data, on a reduced specification grid.

The full grid (about 270 specifications) runs in `make reproduce`; here each hypothesis keeps its
primary choices plus the MID-source alternative where it has one, so that the report, the tables,
the figures and a specification curve are built from real estimates within the test budget.
"""

import pandas as pd
import pytest
import yaml

from .conftest import ROOT, snakemake

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def reported(built, tmp_path_factory):
    registry = yaml.safe_load((ROOT / "config" / "hypotheses.yaml").read_text())
    for name, entry in registry.items():
        if name == "dimensions":  # what each dimension does, not a hypothesis
            continue
        entry["multiverse"] = {
            dim: values if dim in ("mid_source", "estimator") else values[:1]
            for dim, values in entry["multiverse"].items()
        }
        entry.pop("exclude", None)  # its combinations name alternatives the reduced grid drops
    path = tmp_path_factory.mktemp("registry") / "hypotheses.yaml"
    path.write_text(yaml.safe_dump(registry))
    # few draws: the power simulation and the curve test are checked on simulated data (test_inference)
    draws = tmp_path_factory.mktemp("config") / "inference.yaml"
    draws.write_text(yaml.safe_dump({"inference": {"power_draws": 10, "curve_draws": 99}}))
    snakemake(built, "proxies", "report", "--configfile", str(draws), "--config", f"hypotheses={path}")
    return built


def test_cases_all_match(reported):
    cases = pd.read_csv(reported / "results/cases.csv")
    required = cases[cases["kind"].isin(["design", "theory"])]
    assert len(required) >= 7 and required["match"].astype(str).eq("True").all()
    # each seed case's row in its samples under both role definitions, with its coded values or why not
    samples = cases[cases["kind"] == "sample"]
    assert len(samples) == 6 and samples["computed"].isin(["in sample", "not in sample"]).all()
    assert samples["note"].notna().all()


def test_analysis_datasets_and_codebooks(reported):
    for name in (
        "h1_h2_ally_rival",
        "h3_patron_prospect",
        "h4_ally_client",
        "h4_placebo_rival_client",
        "h5_patron_client",
        "h6_hegemon_state",
        "h7_client_voice",
        "event_alliance_onset",
    ):
        frame = pd.read_parquet(reported / f"data/processed/{name}.parquet")
        assert len(frame) > 1000 and frame["year"].between(1941, 2014).all()
        assert f"Codebook: {name}.parquet" in (reported / f"results/codebook/{name}.md").read_text()


def test_summary_has_every_hypothesis(reported):
    summary = pd.read_csv(reported / "results/summary.csv")
    hypotheses = {"H1", "H2", "H3", "H3_placebo", "H4", "H4_un", "H4_placebo", "H5", "H6", "H7", "event_study"}
    hypotheses |= {"H6_between", "H7_placebo", "H7_dynamic", "H7_event", "H7_exit"}
    assert set(summary["hypothesis"]) == hypotheses
    assert summary["n_obs"].gt(1000).all()
    readings = ["supported", "supported by the primary only", "contradicted", "passes", "fails"]
    readings += ["descriptive (pooled)", "descriptive (uses the future)"]
    verdicts = summary["verdict"]
    assert (verdicts.isin(readings) | verdicts.str.match(r"not (detected \(MDE |identified \(|estimated)")).all()
    h4 = summary[summary["hypothesis"] == "H4"].set_index("estimator")["verdict"]
    assert h4["logit"] == "descriptive (pooled)" and {"lpm_fe", "clogit"} <= set(h4.index)
    placebo = summary["hypothesis"].str.endswith("_placebo")
    assert summary.loc[placebo, "verdict"].isin(["passes", "fails", "descriptive (pooled)"]).all()
    assert set(summary.loc[placebo, "hypothesis"]) == {"H3_placebo", "H4_placebo", "H7_placebo"}
    tests = summary["p_holm"].notna()
    assert not (tests & (placebo | verdicts.str.startswith("descriptive"))).any()
    assert summary.loc[tests, "p_holm"].ge(summary.loc[tests, "p_value"]).all()
    assert summary.loc[tests, "mde"].gt(0).all()
    assert "reported as they came out" in (reported / "results/summary.md").read_text()


def test_tables_figures_and_report(reported):
    for hypothesis in ("H1", "H4", "event_study"):
        for kind in ("csv", "html", "tex"):
            assert (reported / f"results/tables/{hypothesis}.{kind}").stat().st_size > 0
    assert (reported / "results/figures/H1_spec_curve.png").stat().st_size > 0
    assert (reported / "results/figures/H2_marginal_effects.pdf").stat().st_size > 0
    assert (reported / "results/figures/event_study.png").stat().st_size > 0
    assert (reported / "results/figures/event_study_placebo.png").stat().st_size > 0
    placebo = pd.read_parquet(reported / "results/estimates/event_study__placebo.parquet")
    assert placebo["draw"].nunique() > 100 and "event_lead_mean" in set(placebo["term"])
    html = (reported / "results/report.html").read_text()
    voice_exit = pd.read_csv(reported / "results/voice_exit.csv")
    assert list(voice_exit["group"]) == ["all", "outside_option=0", "outside_option=1"]
    # the by-option rows split the client-years whose option is known
    assert voice_exit["n_obs"].iloc[0] >= voice_exit["n_obs"].iloc[1:].sum() > 1000
    assert voice_exit["std_error"].gt(0).all()
    headings = ("Summary", "H1", "H7", "H7: voice and exit", "Specification curves", "UN ideal points", "Cases")
    for heading in (*headings, "Codebooks"):
        assert f">{heading}<" in html
    assert (reported / "results/figures/ideal_points.png").stat().st_size > 0
    assert html.count("data:image/png;base64,") >= 9


def test_estimates_record_sample_meta(reported):
    estimates = pd.read_parquet(reported / "results/estimates/H1.parquet")
    h1 = estimates[estimates["spec"] == "primary"]
    assert h1.loc[h1["term"] == "prospect_ex_ante", ["n_obs", "n_clusters", "n_events"]].gt(0).all(axis=None)
    assert h1["estimator"].eq("logit").all() and h1["year_min"].min() >= 1946


def test_slurm_profile_dry_run(built):
    profile = ROOT / "workflow" / "profiles" / "slurm"
    result = snakemake(built, "--profile", str(profile), "--dry-run", "all")
    assert "fit_hypothesis" in result.stdout and "build_report" in result.stdout


def test_h5_few_cluster_inference(reported):
    tests = pd.read_csv(reported / "results/tables/H5_few_clusters.csv").set_index("method", drop=False)
    assert list(tests["method"]) == ["analytic", "analytic", "wild_bootstrap", "randomization"]
    assert list(tests["cluster"]) == ["dyad", "ccode_p", "ccode_p", "ccode_p"]
    wild = tests.loc["wild_bootstrap"]
    # every Webb weight vector when 6^G <= 100,000 (the few patrons of the sample)
    assert wild["enumerated"] and wild["draws"] == 6 ** wild["n_clusters"] <= 100_000
    assert tests.loc["randomization", "draws"] == 1000
    assert tests["p_value"].between(0, 1).all() and tests["n_obs"].nunique() == 1
    dyads = pd.read_csv(reported / "results/tables/H5_identifying_dyads.csv")
    assert (dyads["n_key_rows"] > 0).all() and (dyads["n_identifying"] <= dyads["n_key_rows"]).all()
    assert dyads["ccode_p"].nunique() <= wild["n_treated_clusters"]
    line = "H5 `rapprochement_x_outside_option`, few-cluster inference: analytic by dyad"
    assert line in (reported / "results/summary.md").read_text()
