"""The hypothesis registry and the specification grid (RESEARCH_DESIGN.md sections 2 and 5).

``load_registry`` validates ``config/hypotheses.yaml`` against its schema and checks every named
column against the analysis datasets' codebooks. ``expand_grid`` crosses each hypothesis's
``multiverse`` alternatives into specifications: the first value of every dimension gives the
primary specification. A choice either selects a dataset variant (alliance, rival, affinity,
lag: proxy parameters), swaps columns (mid_source: the ``_alt`` columns; prospect, rapprochement,
outside_option: their alternative measures), or sets the outcome or estimator. Specifications
that end up identical (e.g. a MID-source choice for a UN outcome) are kept once.
"""

import itertools
from dataclasses import dataclass, field

from alliance_bargaining.errors import InputError
from alliance_bargaining.proxies.columns import DATASET_COLUMNS, DATASET_DTYPES
from alliance_bargaining.settings import load_yaml, validate

# Multiverse dimensions that are proxy parameters (they change the dataset's rows).
VARIANT_DIMENSIONS = {"alliance": "alliance", "rival": "rival", "affinity": "affinity", "lag": "prospect_lag"}
# Column swaps for the alternative measures, by dimension and choice.
SWAPS = {
    "prospect": {"ex_post": {"prospect_ex_ante": "prospect_ex_post"}},
    "rapprochement": {"un_rise": {"rapprochement": "rapprochement_un"}},
    "outside_option": {"un_agreement": {"outside_option": "outside_option_un"}},
}
# Dimensions that a choice makes irrelevant (reset to their primary value, then deduplicated).
IRRELEVANT = {("prospect", "ex_post"): ("affinity", "lag")}
SHORT = {
    "mid_source": "mid",
    "alliance": "all",
    "prospect": "pro",
    "rival": "riv",
    "affinity": "aff",
    "estimator": "est",
    "lag": "lag",
    "outcome": "out",
    "rapprochement": "rap",
    "outside_option": "opt",
}


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

    @property
    def id(self) -> str:
        return f"{self.hypothesis}__{self.spec}"


def load_registry(path, schema_path, name=None) -> dict:
    """Read and validate the hypothesis registry; unknown datasets or columns are one-line errors.

    ``name`` is how messages call the file (default ``path``).
    """
    name = path if name is None else name
    registry = validate(load_yaml(path, name), schema_path, name)
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
        known = set(DATASET_COLUMNS[entry["dataset"]])
        named = {
            "units": entry["units"],
            "outcome": [entry["outcome"]],
            "regressors": entry["regressors"],
            "controls": entry["controls"],
            "peace_splines": entry.get("peace_splines", []),
            "interactions": [c for pair in entry.get("interactions", []) for c in pair],
            "multiverse.outcome": entry["multiverse"].get("outcome", []),
        }
        if entry["estimators"] == ["event_study"]:
            named["regressors"] = []  # event-time dummies are built by the estimator
        for key, columns in named.items():
            for column in columns:
                if column not in known:
                    raise InputError(
                        f"{name}: key '{hypothesis}.{key}': column '{column}' is not in dataset "
                        f"'{entry['dataset']}' (see results/codebook/{entry['dataset']}.md)"
                    )
    return registry


def _sign(entry: dict, outcome: str) -> str:
    sign = entry["expected_sign"]
    return sign if isinstance(sign, str) else sign[outcome]


def expand_grid(registry: dict, mid_source: str = "cow") -> list:
    """Every specification of every hypothesis, primary first, in registry order."""
    specs = []
    for hypothesis, entry in registry.items():
        dims = dict(entry["multiverse"])
        dims.setdefault("estimator", entry["estimators"][:1])
        seen = set()
        for values in itertools.product(*dims.values()):
            choices = dict(zip(dims, values, strict=True))
            for (dimension, value), others in IRRELEVANT.items():
                if choices.get(dimension) == value:
                    choices |= {d: dims[d][0] for d in others if d in dims}
            spec = _spec(hypothesis, entry, choices, mid_source)
            if spec is None:  # a logit of a continuous outcome
                continue
            model = {k: v for k, v in spec.model.items() if k not in ("hypothesis", "spec")}
            fingerprint = repr((sorted(spec.variant.items()), sorted(model.items())))
            if fingerprint in seen:
                continue
            seen.add(fingerprint)
            specs.append(spec)
    return specs


def _spec(hypothesis: str, entry: dict, choices: dict, mid_source: str):
    columns = DATASET_COLUMNS[entry["dataset"]]
    outcome = choices.get("outcome", entry["outcome"])
    binary = DATASET_DTYPES[entry["dataset"]][outcome].startswith("Int")
    estimator = choices["estimator"]
    if not binary and estimator == "logit":
        return None
    if not binary and estimator == "lpm_fe":
        estimator = "ols_fe"
    swaps = {}
    for dimension, by_choice in SWAPS.items():
        swaps |= by_choice.get(choices.get(dimension), {})
    if choices.get("mid_source", mid_source) != mid_source:
        swaps |= {c: f"{c}_alt" for c in columns if f"{c}_alt" in columns}

    def swap(names):
        return [swaps.get(n, n) for n in names]

    model = {
        "estimator": estimator,
        "outcome": swaps.get(outcome, outcome),
        "regressors": swap(entry["regressors"]),
        "interactions": [swap(pair) for pair in entry.get("interactions", [])],
        "controls": swap(entry["controls"]),
        "peace_splines": swap(entry.get("peace_splines", [])) if estimator == "logit" else [],
        "fixed_effects": list(entry["fixed_effects"].get(estimator, [])),
        "cluster": entry["cluster"],
    }
    key_term = entry["key_term"]
    for old, new in swaps.items():
        key_term = key_term.replace(old, new)
    model["key_term"] = key_term
    primary = all(choices[d] == values[0] for d, values in entry["multiverse"].items()) and (
        estimator == entry["estimators"][0]
    )
    name = "primary" if primary else ".".join(f"{SHORT[d]}-{v}" for d, v in choices.items())
    variant = {VARIANT_DIMENSIONS[d]: v for d, v in choices.items() if d in VARIANT_DIMENSIONS}
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
    )


def variant_name(variant: dict, configured: dict) -> str:
    """Folder name of a dataset variant; "" when it equals the configured datasets."""
    overrides = {k: v for k, v in sorted(variant.items()) if configured.get(k) != v}
    return ".".join(f"{k}-{v}" for k, v in overrides.items())
