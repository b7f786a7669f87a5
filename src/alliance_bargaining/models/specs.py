"""The hypothesis registry and the specification grid (RESEARCH_DESIGN.md sections 2 and 5).

``load_registry`` validates ``config/hypotheses.yaml`` against its schema and checks every named
column against the analysis datasets' codebooks (controls may also name any dyad-year panel column).
``expand_grid`` crosses each hypothesis's ``multiverse`` alternatives into specifications. What a
choice does is data, declared under ``dimensions`` in the registry (``load_dimensions``):

- ``parameter``: a ``proxies`` parameter that changes the dataset's rows (a dataset variant);
- ``mid_source``: the MID data; the other one's columns are the ``_alt`` columns;
- ``swap``: a column replaced by another for a choice (``swaps``), possibly resetting dimensions
  the choice makes irrelevant (``resets``); two columns swapped to the same one enter it once (a
  pooled term); a swapped column then takes the other MID data's ``_alt`` if that is chosen;
- ``outcome``, ``estimator``: the outcome column, the estimator;
- ``controls``: ``base`` (the entry's ``controls``) plus named ``sets``, joined by ``+``;
- ``cluster``: the level the standard errors are clustered by (replaces the entry's ``cluster``);
- ``fixed_effects``: levels joined by ``+`` (``ccode_a+year``), replacing the fixed effects of the
  linear estimators (``lpm_fe``, ``ols_fe``); the logit (year only) and the conditional logit
  (its group) keep the entry's;
- ``event_reference``: the event study's reference period ``t0-<k>`` (model key ``event_reference``
  = -k, within the configured ``event_window``; ``models.event_study``).

Dimensions are crossed with each other, except those declared ``crossed: false``: each of their
alternatives is estimated with every other dimension at its primary value (with each estimator),
a one-at-a-time check of the primary that keeps the grid from multiplying by it.

Levels (``fixed_effects``, ``cluster``; ``LEVELS``): a unit column of the entry (that state's
effect or cluster), ``dyad`` (the directed unit pair), ``pair`` (the undirected pair), ``state``
(one-unit datasets), ``year`` or a unit column's year (``ccode_p:year``, two-unit datasets: that
state's year effects, in place of ``year``); at most one entity level and one period level
(``year`` or ``<unit>:year``) per estimator (the estimators absorb one entity level and the period
effects). A ``cluster`` may join two levels by ``+`` (``ccode_a+ccode_r``: two-way clustering,
Cameron, Gelbach and Miller 2011). Other registry keys: ``placebo_of`` (the entry is
a falsification test of that hypothesis, usually with ``expected_sign: "0"``), ``descriptive``
(estimators whose rows are pooled comparisons, not tests), ``exclude`` (combinations of choices
never estimated: a specification is left out when each dimension an item names takes one of the
item's values; H7's UN-based outside option with a UN-based voice outcome), ``min_events`` (a
binary outcome with fewer events in the sample is counted, not estimated: ``models.analysis``) and
``average_effects: {by: [...]}`` (linear estimators: the key regressor's average effect, pooled and
by cell of the ``by`` columns, ``models.average_effects``; the entry's key_term is then
``ame:<regressor>``). Controls swapped in by a ``swap`` choice are carried by the dataset too.
Every spec's model has ``resample``: the entry's ``cluster`` (unless two-way), the units of the
influence file (``models.analysis.influence_rows``), the same for every spec of a hypothesis so
that one multiplier draw per unit is shared by all of them.

The primary specification (README, "Primary specification"): for a ``parameter`` or ``mid_source``
dimension, the configured value (``config.yaml``), whatever the order of the listed alternatives
(added to them if missing); for every other dimension the first listed value; the estimator is the
entry's first. Specifications that end up identical (e.g. a MID-source choice for a UN outcome) are
kept once.
"""

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.estimators import AME_PREFIX
from alliance_bargaining.proxies.columns import DATASET_COLUMNS, DATASET_DTYPES, future_columns
from alliance_bargaining.settings import load_yaml, validate

DIMENSIONS_KEY = "dimensions"
PAIR_LEVELS = ("dyad", "pair")  # two-unit datasets
STATE_LEVELS = ("state",)  # one-unit datasets
LINEAR_ESTIMATORS = ("lpm_fe", "ols_fe")


@dataclass(frozen=True)
class Spec:
    hypothesis: str
    spec: str
    primary: bool
    choices: dict
    variant: dict  # proxy parameter overrides; {} = the configured datasets
    model: dict = field(default_factory=dict)  # the estimators' spec
    dataset: str = ""
    units: tuple = ()
    sample_years: tuple = ()
    expected_sign: str = "+"
    descriptive: bool = False  # a pooled comparison (the entry's ``descriptive`` estimators), not a test
    placebo_of: str = ""

    @property
    def id(self) -> str:
        return f"{self.hypothesis}__{self.spec}"

    @property
    def uses_future(self) -> bool:
        """A regressor, interaction member or control is a column its dataset's codebook marks
        "(USES THE FUTURE)" (``proxies.columns.future_columns``): a descriptive spec, not a test."""
        model = self.model
        used = {*model.get("regressors", []), *model.get("controls", [])}
        used |= {column for pair in model.get("interactions", []) for column in pair}
        return bool(used & set(future_columns(self.dataset)))


def load_dimensions(path, schema_path, name=None) -> dict:
    """The registry's declared multiverse dimensions (name -> declaration)."""
    name = path if name is None else name
    return validate(load_yaml(path, name), schema_path, name)[DIMENSIONS_KEY]


def load_registry(path, schema_path, panel_columns=None, name=None) -> dict:
    """Read and validate the hypothesis registry (the hypotheses, without ``dimensions``).

    Unknown datasets, columns, dimensions or control sets, and reversed sample years, are one-line
    errors. ``panel_columns`` (the dyad-year panel's columns) are the columns a control may name
    besides the dataset's own; ``name`` is how messages call the file (default ``path``).
    """
    name = path if name is None else name
    data = validate(load_yaml(path, name), schema_path, name)
    dimensions = data[DIMENSIONS_KEY]
    registry = {key: entry for key, entry in data.items() if key != DIMENSIONS_KEY}
    panel = set(panel_columns or ())
    for hypothesis, entry in registry.items():
        first, last = entry["sample_years"]
        if first > last:
            raise InputError(
                f"{name}: key '{hypothesis}.sample_years': expected [first, last] with first <= last, "
                f"found {entry['sample_years']}"
            )
        if entry["dataset"] not in DATASET_COLUMNS:
            raise InputError(
                f"{name}: key '{hypothesis}.dataset': expected one of {sorted(DATASET_COLUMNS)}, "
                f"found '{entry['dataset']}'"
            )
        for dimension in entry["multiverse"]:
            if dimension not in dimensions:
                raise InputError(
                    f"{name}: key '{hypothesis}.multiverse.{dimension}': expected a dimension declared "
                    f"under '{DIMENSIONS_KEY}' ({', '.join(dimensions)})"
                )
        _check_levels(entry, dimensions, f"{name}: key '{hypothesis}")
        for dimension in entry["multiverse"]:
            if dimensions[dimension]["kind"] == "event_reference" and entry["estimators"] != ["event_study"]:
                raise InputError(
                    f"{name}: key '{hypothesis}.multiverse.{dimension}': an event_reference dimension "
                    f"needs the event_study estimator, found {entry['estimators']}"
                )
        placebo = entry.get("placebo_of")
        if placebo is not None and (placebo not in registry or placebo == hypothesis):
            raise InputError(
                f"{name}: key '{hypothesis}.placebo_of': expected another hypothesis of the registry "
                f"({', '.join(h for h in registry if h != hypothesis)}), found '{placebo}'"
            )
        _check_exclude(entry, f"{name}: key '{hypothesis}.exclude")
        estimators = [*entry["estimators"], *entry["multiverse"].get("estimator", [])]
        for estimator in entry.get("descriptive", []):
            if estimator not in estimators:
                raise InputError(
                    f"{name}: key '{hypothesis}.descriptive': '{estimator}' is not one of the entry's "
                    f"estimators ({', '.join(dict.fromkeys(estimators))})"
                )
        built = DATASET_COLUMNS[entry["dataset"]]
        controls = list(entry["controls"])
        for choice in entry["multiverse"].get("controls", []):
            controls += control_set(
                entry, dimensions, choice, f"{name}: key '{hypothesis}.multiverse.controls'"
            )
        named = {
            "units": entry["units"],
            "outcome": [entry["outcome"]],
            "regressors": entry["regressors"],
            "peace_splines": entry.get("peace_splines", []),
            "interactions": [c for pair in entry.get("interactions", []) for c in pair],
            "multiverse.outcome": entry["multiverse"].get("outcome", []),
        }
        if entry["estimators"] == ["event_study"]:
            named["regressors"] = []  # event-time dummies are built by the estimator
        for key, columns in named.items():
            for column in columns:
                if column not in built:
                    raise InputError(
                        f"{name}: key '{hypothesis}.{key}': column '{column}' is not in dataset "
                        f"'{entry['dataset']}' (see results/codebook/{entry['dataset']}.md)"
                    )
        _check_average_effects(entry, built, f"{name}: key '{hypothesis}")
        for column in _with_swapped(entry, dimensions, controls):
            if column not in built and column not in panel:
                raise InputError(
                    f"{name}: key '{hypothesis}.controls': column '{column}' is neither a column of dataset "
                    f"'{entry['dataset']}' ({', '.join(built)}) nor a dyad-year panel column "
                    f"({', '.join(sorted(panel))})"
                )
    return registry


def _check_exclude(entry: dict, where: str) -> None:
    """Each ``exclude`` item names multiverse dimensions of the entry and values they list."""
    for item in entry.get("exclude", []):
        for dimension, values in item.items():
            listed = [str(v) for v in entry["multiverse"].get(dimension, [])]
            if not listed:
                raise InputError(
                    f"{where}': expected dimensions of the entry's multiverse "
                    f"({', '.join(entry['multiverse'])}), found '{dimension}'"
                )
            unknown = [str(v) for v in values if str(v) not in listed]
            if unknown:
                raise InputError(
                    f"{where}.{dimension}': expected values among {', '.join(listed)}, found {', '.join(unknown)}"
                )


def excluded(entry: dict, choices: dict) -> bool:
    """The choices match an ``exclude`` item of the entry (every dimension it names)."""
    return any(
        all(str(choices.get(d)) in {str(v) for v in values} for d, values in item.items())
        for item in entry.get("exclude", [])
    )


def _check_average_effects(entry: dict, built, where: str) -> None:
    """``average_effects``: key_term ``ame:<regressor>``, ``by`` columns of the dataset, a linear
    estimator; a key_term ``ame:...`` without it is an error (the logit's AME rows are automatic)."""
    key = entry["key_term"]
    average = entry.get("average_effects")
    if average is None:
        if key.startswith(AME_PREFIX):
            raise InputError(f"{where}.key_term': '{key}' needs the entry's 'average_effects'")
        return
    if not key.startswith(AME_PREFIX) or key[len(AME_PREFIX) :] not in entry["regressors"]:
        raise InputError(
            f"{where}.key_term': expected '{AME_PREFIX}<regressor>' with 'average_effects' "
            f"(regressors: {', '.join(entry['regressors'])}), found '{key}'"
        )
    for column in average["by"]:
        if column not in built:
            raise InputError(
                f"{where}.average_effects.by': column '{column}' is not in dataset '{entry['dataset']}'"
            )
    if not {*entry["estimators"], *entry["multiverse"].get("estimator", [])} & set(LINEAR_ESTIMATORS):
        raise InputError(
            f"{where}.average_effects': expected a linear estimator ({', '.join(LINEAR_ESTIMATORS)}) "
            f"among the entry's, found {entry['estimators']}"
        )


def _with_swapped(entry: dict, dimensions: dict, columns: list) -> list:
    """``columns`` and the columns a ``swap`` choice of the entry puts in their place."""
    out = list(columns)
    for dimension, values in entry["multiverse"].items():
        swaps = dimensions.get(dimension, {}).get("swaps", {})
        for value in values:
            out += [
                new for old, new in swaps.get(str(value), {}).items() if old in columns and new not in out
            ]
    return out


def levels(units) -> tuple:
    """The fixed-effect and cluster levels of an entry with these unit columns (module doc)."""
    unit_years = tuple(f"{unit}:year" for unit in units) if len(units) == 2 else ()
    return (*units, *(PAIR_LEVELS if len(units) == 2 else STATE_LEVELS), "year", *unit_years)


def _is_period(level: str) -> bool:
    return level == "year" or level.endswith(":year")


def _check_levels(entry: dict, dimensions: dict, where: str) -> None:
    """Every fixed-effect and cluster level is one of ``levels(units)``; at most one entity level
    and one period level per estimator; the logit takes year effects only; the conditional logit
    one entity level (and year effects, not a unit's year)."""
    valid = levels(entry["units"])

    def check(level, key):
        if level not in valid:
            raise InputError(f"{where}.{key}': expected a level among {', '.join(valid)}, found '{level}'")

    def check_cluster(cluster, key):  # one level, or two distinct ones joined by + (two-way)
        parts = cluster.split("+")
        if len(parts) > 2 or len(set(parts)) < len(parts):
            raise InputError(f"{where}.{key}': expected one level or two joined by +, found '{cluster}'")
        for part in parts:
            check(part, key)

    check_cluster(entry["cluster"], "cluster")
    sets = {f"fixed_effects.{e}": list(v) for e, v in entry["fixed_effects"].items()}
    kinds = {d: dimensions[d]["kind"] for d in entry["multiverse"] if d in dimensions}
    for dimension, values in entry["multiverse"].items():
        for value in values:
            if kinds.get(dimension) == "cluster":
                check_cluster(str(value), f"multiverse.{dimension}")
            elif kinds.get(dimension) == "fixed_effects":
                sets[f"multiverse.{dimension}"] = str(value).split("+")
    for key, chosen in sets.items():
        for level in chosen:
            check(level, key)
        entity = [level for level in chosen if not _is_period(level)]
        if len(entity) > 1:
            raise InputError(f"{where}.{key}': expected at most one level besides year, found {entity}")
        periods = [level for level in chosen if _is_period(level)]
        if len(periods) > 1:
            raise InputError(
                f"{where}.{key}': expected at most one period level (year or <unit>:year), found {periods}"
            )
    estimators = {*entry["estimators"], *entry["multiverse"].get("estimator", [])}
    logit = sets.get("fixed_effects.logit", [])
    if "logit" in estimators and any(level != "year" for level in logit):
        raise InputError(
            f"{where}.fixed_effects.logit': the logit takes year fixed effects only, found {logit} "
            "(unit dummies are incidental parameters: use clogit or lpm_fe)"
        )
    clogit = sets.get("fixed_effects.clogit", [])
    if "clogit" in estimators and (
        len([level for level in clogit if not _is_period(level)]) != 1
        or any(_is_period(level) and level != "year" for level in clogit)
    ):
        raise InputError(
            f"{where}.fixed_effects.clogit': the conditional logit needs one entity level (its "
            f"groups: {', '.join(v for v in valid if not _is_period(v))}) and takes year effects only "
            f"beside it, found {clogit}"
        )


def control_set(entry: dict, dimensions: dict, choice: str, where: str = "controls") -> list:
    """The controls of a ``controls`` choice: ``base`` (the entry's) plus each named set."""
    base, *names = choice.split("+")
    sets = dimensions.get("controls", {}).get("sets", {})
    if base != "base" or any(name not in sets for name in names):
        raise InputError(
            f"{where}: '{choice}': expected 'base' followed by +<set>, sets: {', '.join(sorted(sets))}"
        )
    out = list(entry["controls"])
    for name in names:
        out += [c for c in sets[name] if c not in out]
    return out


def controls_by_dataset(registry: dict, dimensions: dict) -> dict:
    """dataset -> every control its hypotheses may use (any choice), in order of first mention."""
    out = {}
    for entry in registry.values():
        columns = out.setdefault(entry["dataset"], [])
        chosen = []
        for choice in entry["multiverse"].get("controls", ["base"]):
            chosen += [c for c in control_set(entry, dimensions, choice) if c not in chosen]
        columns += [c for c in _with_swapped(entry, dimensions, chosen) if c not in columns]
    return out


def _sign(entry: dict, outcome: str) -> str:
    sign = entry["expected_sign"]
    return sign if isinstance(sign, str) else sign[outcome]


def _primary_first(dims: dict, dimensions: dict, configured: dict) -> dict:
    """Each dimension's values with its primary value first (module doc)."""
    out = {}
    for name, values in dims.items():
        declared = dimensions.get(name, {})
        key = "mid_source" if declared.get("kind") == "mid_source" else declared.get("parameter")
        if declared.get("kind") in ("parameter", "mid_source") and key in configured:
            values = [configured[key], *(v for v in values if v != configured[key])]
        out[name] = list(values)
    return out


def expand_grid(registry: dict, dimensions: dict, configured: dict) -> list:
    """Every specification of every hypothesis, primary first, in registry order.

    ``configured`` holds the configuration's ``proxies`` block and ``mid_source`` (``panel``).
    """
    specs = []
    for hypothesis, entry in registry.items():
        dims = _primary_first(dict(entry["multiverse"]), dimensions, configured)
        dims.setdefault("estimator", entry["estimators"][:1])
        seen = set()
        around = [d for d in dims if not dimensions.get(d, {}).get("crossed", True)]
        for values in itertools.product(*dims.values()):
            choices = dict(zip(dims, values, strict=True))
            moved = [d for d in dims if d != "estimator" and choices[d] != dims[d][0]]
            if len(moved) > 1 and set(moved) & set(around):
                continue  # a dimension varied around the primary only
            for dimension, value in list(choices.items()):
                resets = dimensions.get(dimension, {}).get("resets", {}).get(str(value), [])
                choices |= {d: dims[d][0] for d in resets if d in dims}
            primary = all(choices[d] == v[0] for d, v in dims.items())
            if excluded(entry, choices):
                if primary:
                    raise InputError(
                        f"config/hypotheses.yaml: key '{hypothesis}.exclude': excludes the primary "
                        f"specification ({', '.join(f'{d}: {v}' for d, v in choices.items())})"
                    )
                continue
            spec = _spec(hypothesis, entry, choices, dimensions, configured, primary)
            if spec is None:  # a logit of a continuous outcome
                continue
            model = {k: v for k, v in spec.model.items() if k not in ("hypothesis", "spec")}
            fingerprint = repr((sorted(spec.variant.items()), sorted(model.items())))
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            specs.append(spec)
    return specs


def _spec(hypothesis: str, entry: dict, choices: dict, dimensions: dict, configured: dict, primary: bool):
    columns = DATASET_COLUMNS[entry["dataset"]]
    kinds = {d: dimensions.get(d, {}).get("kind", d) for d in choices}
    outcome = next((v for d, v in choices.items() if kinds[d] == "outcome"), entry["outcome"])
    binary = DATASET_DTYPES[entry["dataset"]][outcome].startswith("Int")
    estimator = choices["estimator"]
    if not binary and estimator in ("logit", "clogit"):
        return None
    if not binary and estimator == "lpm_fe":
        estimator = "ols_fe"
    swaps, controls, variant, alternative_mid = {}, list(entry["controls"]), {}, False
    cluster, effects = entry["cluster"], list(entry["fixed_effects"].get(estimator, []))
    reference = -1  # the event study's reference period, t0-1 (RESEARCH_DESIGN.md 7)
    for dimension, value in choices.items():
        declared = dimensions.get(dimension, {})
        if kinds[dimension] == "swap":
            swaps |= declared.get("swaps", {}).get(str(value), {})
        elif kinds[dimension] == "mid_source" and value != configured.get("mid_source", "cow"):
            alternative_mid = True
        elif kinds[dimension] == "controls":
            controls = control_set(entry, dimensions, value)
        elif kinds[dimension] == "parameter":
            variant[declared["parameter"]] = value
        elif kinds[dimension] == "cluster":
            cluster = str(value)
        elif kinds[dimension] == "fixed_effects" and estimator in LINEAR_ESTIMATORS:
            effects = str(value).split("+")
        elif kinds[dimension] == "event_reference":
            reference = _event_reference(str(value), configured["event_window"], hypothesis)
    if alternative_mid:  # after the column swaps: a swapped-in column takes its _alt too
        swaps = {c: swaps.get(c, c) for c in columns} | {c: n for c, n in swaps.items() if c not in columns}
        swaps = {c: f"{n}_alt" if f"{n}_alt" in columns else n for c, n in swaps.items()}
    swaps = {c: n for c, n in swaps.items() if c != n}

    def swap(names):
        return list(dict.fromkeys(swaps.get(n, n) for n in names))  # pooled terms enter once

    model = {
        "estimator": estimator,
        "outcome": swaps.get(outcome, outcome),
        "regressors": swap(entry["regressors"]),
        "interactions": [swap(pair) for pair in entry.get("interactions", [])],
        "controls": swap(controls),
        "peace_splines": swap(entry.get("peace_splines", [])) if estimator == "logit" else [],
        "fixed_effects": effects,
        "cluster": cluster,
    }
    if "+" not in entry["cluster"]:  # the influence's units: one level, shared by every spec of the entry
        model["resample"] = entry["cluster"]
    if "min_events" in entry and binary:
        model["min_events"] = entry["min_events"]
    if estimator == "event_study":
        model["event_window"] = configured["event_window"]
        model["event_reference"] = reference
    if "average_effects" in entry and estimator in LINEAR_ESTIMATORS:
        model["average_effects"] = swap(entry["average_effects"]["by"])
    terms = {"_x_".join(pair): "_x_".join(swap(pair)) for pair in entry.get("interactions", [])}
    model["key_term"] = terms.get(entry["key_term"], swaps.get(entry["key_term"], entry["key_term"]))
    primary = primary and estimator == entry["estimators"][0]
    name = "primary" if primary else ".".join(f"{dimensions[d]['short']}-{v}" for d, v in choices.items())
    return Spec(
        hypothesis=hypothesis,
        spec=name,
        primary=primary,
        choices={d: str(v) for d, v in choices.items()} | {"estimator": estimator},
        variant=variant,
        model=model | {"hypothesis": hypothesis, "spec": name},
        dataset=entry["dataset"],
        units=tuple(entry["units"]),
        sample_years=tuple(entry["sample_years"]),
        expected_sign=_sign(entry, outcome),
        descriptive=estimator in entry.get("descriptive", []),
        placebo_of=entry.get("placebo_of", ""),
    )


def _event_reference(value: str, window: int, hypothesis: str) -> int:
    """Event time -k of an ``event_reference`` choice ``t0-<k>``, k in 1..window (a window of at
    least 2, so that a lead besides the reference remains for the key term: ``models.event_study``)."""
    found = re.fullmatch(r"t0-([1-9][0-9]*)", value)
    if found is None or int(found[1]) > window or window < 2:
        raise InputError(
            f"hypotheses registry: key '{hypothesis}.multiverse': event reference '{value}': expected "
            f"t0-<k>, k in 1..{window} (the leads of config proxies.event_window {window}, at least 2)"
        )
    return -int(found[1])


def variant_name(variant: dict, configured: dict) -> str:
    """Folder name of a dataset variant; "" when it equals the configured datasets."""
    overrides = {k: v for k, v in sorted(variant.items()) if configured.get(k) != v}
    return ".".join(f"{k}-{v}" for k, v in overrides.items())


def project_grid(root) -> list:
    """The grid of the project at ``root`` as the workflow expands it (common.smk): its config,
    dataset registry (for the panel's joined columns) and hypothesis registry."""
    from alliance_bargaining.ingest.registry import load_sources
    from alliance_bargaining.panel.columns import dyad_year_columns
    from alliance_bargaining.settings import CONFIG_SCHEMA, SCHEMAS, load_config

    config = load_config(Path(root) / "config" / "config.yaml", CONFIG_SCHEMA)
    sources = load_sources(Path(root) / config["sources"], SCHEMAS / "sources.schema.yaml")
    panel = config["panel"]
    columns = dyad_year_columns(panel["mid_source"], sources, panel["alliance_max_gap"])
    path, schema = Path(root) / config["hypotheses"], SCHEMAS / "hypotheses.schema.yaml"
    registry = load_registry(path, schema, columns)
    return expand_grid(
        registry, load_dimensions(path, schema), config["proxies"] | {"mid_source": panel["mid_source"]}
    )
