"""The hypothesis registry and the specification grid."""

import collections
import dataclasses

import pytest
import yaml

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.models.specs import (
    controls_by_dataset,
    load_dimensions,
    load_registry,
    variant_name,
)
from alliance_bargaining.models.specs import (
    expand_grid as expand,
)
from alliance_bargaining.panel.columns import dyad_year_columns
from alliance_bargaining.settings import load_config

from .conftest import CONFIG_SCHEMA, ROOT, SOURCES_SCHEMA

SCHEMA = ROOT / "workflow" / "schemas" / "hypotheses.schema.yaml"
REGISTRY = ROOT / "config" / "hypotheses.yaml"
CONFIG = load_config(ROOT / "config" / "config.yaml", CONFIG_SCHEMA)
PANEL_COLUMNS = dyad_year_columns("cow", load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA))
DIMENSIONS = load_dimensions(REGISTRY, SCHEMA)


def expand_grid(registry, **configured):
    """The grid for the project's configuration, with ``configured`` proxies/mid_source overrides."""
    return expand(registry, DIMENSIONS, CONFIG["proxies"] | {"mid_source": "cow"} | configured)


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY, SCHEMA, PANEL_COLUMNS)


def test_grid_has_one_primary_per_hypothesis_and_at_least_200_specs(registry):
    grid = expand_grid(registry)
    assert len(grid) >= 200
    assert len({s.id for s in grid}) == len(grid)
    primaries = collections.Counter(s.hypothesis for s in grid if s.primary)
    assert primaries == {h: 1 for h in registry}


def test_primary_spec_is_the_registry_entry(registry):
    h1 = next(s for s in expand_grid(registry) if s.id == "H1__primary")
    assert h1.model["outcome"] == "mid_onset_initiated" and h1.model["estimator"] == "logit"
    assert h1.model["regressors"] == ["prospect_ex_ante", "upgrade_at_stake"]
    assert h1.model["fixed_effects"] == ["year"]
    assert h1.variant == {
        "alliance": "defense_offense",
        "role": "cow_minor",
        "rival": "td",
        "affinity": "un_agree",
    }
    assert h1.model["cluster"] == "ccode_a"


def test_h4_primary_is_the_within_pair_lpm_beside_clogit_and_a_descriptive_logit(registry):
    grid = expand_grid(registry)
    primary = next(s for s in grid if s.id == "H4__primary")
    assert (primary.model["estimator"], primary.model["fixed_effects"], primary.model["cluster"]) == (
        "lpm_fe",
        ["pair", "year"],
        "ccode_a",
    )
    same = [
        s
        for s in grid
        if s.hypothesis == "H4"
        and all(s.choices[d] == v for d, v in primary.choices.items() if d != "estimator")
    ]
    assert {s.model["estimator"]: (s.model["fixed_effects"], s.descriptive) for s in same} == {
        "lpm_fe": (["pair", "year"], False),
        "clogit": (["dyad", "year"], False),
        "logit": (["year"], True),
    }


def test_choices_swap_columns_and_variants(registry):
    grid = {s.id: s for s in expand_grid(registry)}
    spec = grid[
        "H2__mid-gml.all-any.rol-cow_minor.pro-ex_post.riv-tss.out-mid_onset_initiated.est-lpm_fe.fe-ccode_a+year.con-base"
    ]
    assert spec.model["outcome"] == "mid_onset_initiated_alt"
    assert spec.model["interactions"] == [["prospect_ex_post", "w"]]
    assert spec.model["key_term"] == "prospect_ex_post_x_w"
    assert spec.model["fixed_effects"] == ["ccode_a", "year"] and spec.model["peace_splines"] == []
    assert spec.model["cluster"] == "ccode_a"
    # the dyad-effects alternative (fixed_effects, crossed: false) beside the primary choices only
    dyad = grid[
        "H2__mid-cow.all-defense_offense.rol-cow_minor.pro-ex_ante.riv-td.out-mid_onset_initiated.est-lpm_fe.fe-dyad+year.con-base"
    ]
    assert dyad.model["fixed_effects"] == ["dyad", "year"]
    assert (
        variant_name(spec.variant, {"alliance": "defense_offense", "rival": "td", "role": "cow_minor"})
        == "alliance-any.rival-tss"
    )


def test_continuous_outcomes_get_no_logit_and_duplicates_are_dropped(registry):
    # H4 with its UN change score as an outcome (no longer registered: H4_un's ANCOVA replaced it)
    entry = registry["H4"] | {"expected_sign": {"mid_onset": "-", "un_agree_gain": "+"}}
    entry["multiverse"] = entry["multiverse"] | {"outcome": ["mid_onset", "un_agree_gain"]}
    h4 = expand_grid({"H4": entry})
    gains = [s for s in h4 if s.model["outcome"] == "un_agree_gain"]
    assert {s.model["estimator"] for s in gains} == {"ols_fe"}
    # A MID-source choice cannot change a UN outcome: those specs are kept once.
    # alliance x ((ex_ante, alignment) x affinity, ex_post) x controls; role and cluster are varied
    # around the primary only (outcome mid_onset)
    assert len(gains) == 20
    assert {tuple(s.model["fixed_effects"]) for s in gains} == {("pair", "year")}


def test_editing_the_config_moves_every_primary_together(registry):
    """Primary = the configured value of every parameter and MID-source dimension (README)."""
    for configured in ({}, {"affinity": "un_s", "alliance": "any", "rival": "tss", "mid_source": "gml"}):
        proxies = CONFIG["proxies"] | configured
        primaries = [s for s in expand_grid(registry, **configured) if s.primary]
        assert len(primaries) == len(registry)
        for spec in primaries:
            # every primary reads the configured datasets (no variant) with the primary MID columns
            assert variant_name(spec.variant, proxies) == "", spec.id
            assert not any(c.endswith("_alt") for c in spec.model["controls"] + [spec.model["outcome"]])
            for dimension in ("alliance", "rival", "affinity"):
                if dimension in spec.choices:
                    assert spec.choices[dimension] == proxies[dimension], spec.id


def test_controls_dimension_adds_the_registered_sets(registry):
    grid = {s.id: s for s in expand_grid(registry)}
    base = grid["H1__primary"].model["controls"]
    assert base == ["contiguous", "mindist", "log_cinc_ratio"]
    wider = grid[
        "H1__mid-cow.all-defense_offense.rol-cow_minor.pro-ex_ante.riv-td.aff-un_agree.out-mid_onset_initiated.est-logit"
        ".fe-ccode_a+year.con-base+regime+gdp"
    ]
    assert wider.model["controls"] == base + ["democracy_min", "joint_democracy", "log_gdp_ratio"]
    assert controls_by_dataset(registry, DIMENSIONS)["h5_patron_client"] == ["log_cinc_ratio"]
    for h in ("H1", "H2", "H3", "H4"):
        assert {s.choices["controls"] for s in grid.values() if s.hypothesis == h} == {
            "base",
            "base+regime+gdp",
        }


def test_event_window_reaches_the_event_study_spec(registry):
    spec = next(s for s in expand_grid(registry, event_window=3) if s.id == "event_study__primary")
    assert spec.model["event_window"] == 3


def write(tmp_path, registry):
    path = tmp_path / "hypotheses.yaml"
    path.write_text(yaml.safe_dump(registry))
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda r: r["H1"].update(outcome="mid_onset_typo"),
            "key 'H1.outcome': column 'mid_onset_typo' is not in dataset 'h1_h2_ally_rival'",
        ),
        (lambda r: r["H1"].update(dataset="h9"), "key 'H1.dataset': expected one of"),
        (lambda r: r.update(H8=r.pop("H7")), None),
        # Ids come from the registry: a complete, valid H10 is an extension; a malformed id or an
        # incomplete entry is an error.
        (lambda r: r.update(H10=r["H1"]), None),
        (lambda r: r.update(H1__x=r["H1"]), "key '<top level>': 'H1__x' does not match"),
        (lambda r: r.update(H8={"description": "new"}), "key 'H8': 'source' is a required property"),
        (
            lambda r: r["H1"].update(sample_years=[2014, 1946]),
            "key 'H1.sample_years': expected [first, last] with first <= last, found [2014, 1946]",
        ),
        (lambda r: r["H1"].update(estimators=["probit"]), "key 'H1.estimators.0': 'probit' is not one of"),
        (
            lambda r: r["H1"]["multiverse"].update(rival=["ucdp"]),
            "key 'H1.multiverse.rival.0': 'ucdp' is not one of",
        ),
        (
            lambda r: r["H1"].update(controls=["polity"]),
            "key 'H1.controls': column 'polity' is neither a column of dataset 'h1_h2_ally_rival' (ccode_a, ",
        ),
        (
            lambda r: r["H1"]["multiverse"].update(controls=["base+trade"]),
            "'base+trade': expected 'base' followed by +<set>, sets: gdp, regime",
        ),
        (
            lambda r: r["H1"]["multiverse"].update(weather=["sunny"]),
            "key 'H1.multiverse.weather': expected a dimension declared under 'dimensions'",
        ),
        (lambda r: r["H1"].update(controls=["democracy_min"]), None),  # any panel column
    ],
)
def test_registry_bad_inputs_fail_clearly(tmp_path, registry, change, message):
    data = yaml.safe_load(REGISTRY.read_text())
    change(data)
    path = write(tmp_path, data)
    if message is None:  # a renamed but valid entry is fine
        load_registry(path, SCHEMA, PANEL_COLUMNS)
        return
    with pytest.raises(InputError) as err:
        load_registry(path, SCHEMA, PANEL_COLUMNS)
    assert "\n" not in str(err.value) and str(err.value).startswith(f"{path}: ") and message in str(err.value)


def registry_with(tmp_path, change):
    """The project's registry with ``change`` applied, loaded back (dimensions, registry)."""
    data = yaml.safe_load(REGISTRY.read_text())
    data["dimensions"] |= {"fe": {"short": "fe", "kind": "fixed_effects"}}
    change(data)
    path = tmp_path / "hypotheses.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))  # registry order: spec names follow it
    return load_dimensions(path, SCHEMA), load_registry(path, SCHEMA, PANEL_COLUMNS)


def test_levels_cluster_and_fixed_effects_dimensions(tmp_path):
    def change(r):
        r["H3"].update(cluster="ccode_a", fixed_effects={"logit": ["year"], "lpm_fe": ["ccode_a", "year"]})
        r["H3"]["multiverse"] |= {"cluster": ["ccode_a", "pair"], "fe": ["ccode_a+year", "dyad+year"]}

    dimensions, registry = registry_with(tmp_path, change)
    grid = expand(registry, dimensions, CONFIG["proxies"] | {"mid_source": "cow"})
    h3 = {s.spec: s for s in grid if s.hypothesis == "H3"}
    primary = h3["primary"]
    assert primary.model["cluster"] == "ccode_a" and primary.model["fixed_effects"] == ["year"]
    lpm = [s for s in h3.values() if s.model["estimator"] == "lpm_fe"]
    # the fixed-effects choice moves the linear estimator only; the cluster (crossed: false) is
    # varied around the primary only
    assert {(s.model["cluster"], tuple(s.model["fixed_effects"])) for s in lpm} == {
        ("ccode_a", ("ccode_a", "year")),
        ("ccode_a", ("dyad", "year")),
        ("pair", ("ccode_a", "year")),
    }
    logits = [s for s in h3.values() if s.model["estimator"] == "logit"]
    assert len(logits) == sum(s.choices["fe"] == "ccode_a+year" for s in lpm)  # one logit per such pair
    chosen = [s for s in lpm if s.choices["cluster"] == "pair" or s.choices["fe"] == "dyad+year"]
    assert all(".cl-pair." in s.spec or ".fe-dyad+year" in s.spec for s in chosen) and chosen
    # entries without these dimensions keep their specifications
    before = {s.id: s.model for s in expand_grid(load_registry(REGISTRY, SCHEMA, PANEL_COLUMNS))}
    assert {s.id: s.model for s in grid if s.hypothesis != "H3"} == {
        k: v for k, v in before.items() if not k.startswith("H3__")
    }


def test_placebo_descriptive_min_events_and_sign_zero(tmp_path):
    def change(r):
        r["H3_placebo"] = r["H3"] | {"placebo_of": "H3", "expected_sign": "0", "min_events": 30}
        r["H3"]["descriptive"] = ["logit"]

    dimensions, registry = registry_with(tmp_path, change)
    grid = expand(registry, dimensions, CONFIG["proxies"] | {"mid_source": "cow"})
    placebo = next(s for s in grid if s.id == "H3_placebo__primary")
    assert placebo.placebo_of == "H3" and placebo.expected_sign == "0"
    assert placebo.model["min_events"] == 30 and not placebo.descriptive
    h3 = [s for s in grid if s.hypothesis == "H3"]
    assert {s.model["estimator"] for s in h3 if s.descriptive} == {"logit"}
    assert not any(s.descriptive for s in h3 if s.model["estimator"] != "logit")


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda r: r["H1"].update(cluster="ccode_x"),
            "key 'H1.cluster': expected a level among ccode_a, ccode_r, dyad, pair, year, ccode_a:year, "
            "ccode_r:year, found 'ccode_x'",
        ),
        (
            lambda r: r["H6"].update(cluster="dyad"),
            "key 'H6.cluster': expected a level among ccode, state, year, found 'dyad'",
        ),
        (
            lambda r: r["H1"]["multiverse"].update(cluster=["ccode_a", "region"]),
            "key 'H1.multiverse.cluster': expected a level among",
        ),
        (
            lambda r: r["H1"]["fixed_effects"].update(lpm_fe=["ccode_a", "dyad", "year"]),
            "key 'H1.fixed_effects.lpm_fe': expected at most one level besides year, found ['ccode_a', 'dyad']",
        ),
        (
            lambda r: r["H1"]["fixed_effects"].update(logit=["ccode_a", "year"]),
            "key 'H1.fixed_effects.logit': the logit takes year fixed effects only",
        ),
        (
            lambda r: r["H1"].update(estimators=["logit", "clogit"]),
            "key 'H1.fixed_effects.clogit': the conditional logit needs one entity level",
        ),
        (
            lambda r: r["H1"]["multiverse"].update(fe=["ccode_a+week"]),
            "key 'H1.multiverse.fe': expected a level among",
        ),
        (lambda r: r["H5"]["fixed_effects"].update(ols_fe=["dyad", "ccode_p:year"]), None),
        (lambda r: r["H1"].update(cluster="ccode_a+ccode_r"), None),
        (lambda r: r["H1"]["multiverse"].update(cluster=["ccode_a", "ccode_a+ccode_r"]), None),
        (
            lambda r: r["H1"].update(cluster="ccode_a+ccode_a"),
            "key 'H1.cluster': expected one level or two joined by +, found 'ccode_a+ccode_a'",
        ),
        (
            lambda r: r["H1"]["multiverse"].update(cluster=["ccode_a+ccode_r+year"]),
            "key 'H1.multiverse.cluster': expected one level or two joined by +",
        ),
        (lambda r: r["H1"].update(cluster="ccode_a+ccode_x"), "key 'H1.cluster': expected a level among"),
        (lambda r: r["H1"]["multiverse"].update(fe=["dyad+ccode_a:year"]), None),
        (
            lambda r: r["H5"]["fixed_effects"].update(ols_fe=["dyad", "year", "ccode_p:year"]),
            "key 'H5.fixed_effects.ols_fe': expected at most one period level (year or <unit>:year), "
            "found ['year', 'ccode_p:year']",
        ),
        (
            lambda r: r["H6"]["fixed_effects"].update(ols_fe=["state", "ccode:year"]),
            "key 'H6.fixed_effects.ols_fe': expected a level among ccode, state, year, found 'ccode:year'",
        ),
        (
            lambda r: r["H4"]["fixed_effects"].update(clogit=["dyad", "ccode_a:year"]),
            "the conditional logit needs one entity level",
        ),
        (lambda r: r["H1"].update(placebo_of="H1"), "key 'H1.placebo_of': expected another hypothesis"),
        (lambda r: r["H1"].update(placebo_of="H9"), "found 'H9'"),
        (lambda r: r["H1"].update(descriptive=["clogit"]), "key 'H1.descriptive': 'clogit' is not one of"),
        (lambda r: r["H1"].update(expected_sign="none"), "key 'H1.expected_sign'"),
        (lambda r: r["H1"].update(min_events=0), "key 'H1.min_events'"),
        (lambda r: r.update(H4_placebo=r["H4"] | {"placebo_of": "H4", "expected_sign": "0"}), None),
        (lambda r: r.update(H4__un=r["H4"]), "key '<top level>': 'H4__un' does not match"),
    ],
)
def test_bad_levels_and_keys_fail_clearly(tmp_path, change, message):
    data = yaml.safe_load(REGISTRY.read_text())
    data["dimensions"] |= {"fe": {"short": "fe", "kind": "fixed_effects"}}
    change(data)
    path = write(tmp_path, data)
    if message is None:
        load_registry(path, SCHEMA, PANEL_COLUMNS)
        return
    with pytest.raises(InputError) as err:
        load_registry(path, SCHEMA, PANEL_COLUMNS)
    assert "\n" not in str(err.value) and str(err.value).startswith(f"{path}: ") and message in str(err.value)


def test_dimensions_not_crossed_vary_around_the_primary_only(registry):
    """``crossed: false`` (role, cluster): each alternative once per estimator, every other
    dimension at its primary value; the crossed dimensions keep their full product."""
    assert not DIMENSIONS["role"].get("crossed", True) and not DIMENSIONS["cluster"].get("crossed", True)
    grid = expand_grid(registry)
    for hypothesis, dimension, alternative in (
        ("H1", "role", "weaker_than_patron"),
        ("H4", "cluster", "dyad"),
    ):
        primary = next(s for s in grid if s.id == f"{hypothesis}__primary").choices
        moved = [s for s in grid if s.hypothesis == hypothesis and s.choices[dimension] == alternative]
        assert {s.choices["estimator"] for s in moved} == set(registry[hypothesis]["estimators"])
        for spec in moved:
            assert {d: v for d, v in spec.choices.items() if d != "estimator" and v != primary[d]} == {
                dimension: alternative
            }
    # the crossed dimensions: H1's prospect measures x MID sources x alliances, all combined
    h1 = {
        (s.choices["prospect"], s.choices["mid_source"], s.choices["alliance"])
        for s in grid
        if s.hypothesis == "H1"
    }
    assert len(h1) == len(registry["H1"]["multiverse"]["prospect"]) * 2 * 2


def test_uses_future_flags_every_spec_with_a_future_regressor(registry):
    """``Spec.uses_future``: every ``prospect_ex_post`` spec and H3_placebo's lead term (t+3..t+5)
    are flagged; no primary test spec (not a placebo, not descriptive) is."""
    grid = expand_grid(registry)
    ex_post = [s for s in grid if s.choices.get("prospect") == "ex_post"]
    assert ex_post and all(s.uses_future for s in ex_post)
    assert {s.hypothesis for s in ex_post} == {"H1", "H2", "H4"}
    placebo = [s for s in grid if s.hypothesis == "H3_placebo"]
    assert placebo and all(s.uses_future for s in placebo)
    tests = [s for s in grid if s.primary and not s.placebo_of and not s.descriptive]
    assert len(tests) >= 8 and not any(s.uses_future for s in tests)
    # the flag reads the model (a future column among the controls counts; a future outcome does not)
    h3 = next(s for s in grid if s.id == "H3__primary")
    assert h3.model["outcome"] == "alliance_gain_lead" and not h3.uses_future
    moved = dataclasses.replace(h3, model=h3.model | {"controls": [*h3.model["controls"], "mid_vs_rival_lead"]})
    assert moved.uses_future
    h2 = next(s for s in grid if s.id == "H2__primary")
    assert dataclasses.replace(h2, model=h2.model | {"interactions": [["prospect_ex_post", "w"]]}).uses_future
