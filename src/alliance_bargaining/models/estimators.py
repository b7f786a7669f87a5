"""Estimators of design sections 4 and 7: logit, linear probability and OLS with fixed effects,
conditional logit.

``fit(data, spec)`` estimates one registered specification on analysis rows (directed dyad-years
keyed by ``ccode1, ccode2, year``, or state-years keyed by ``ccode, year``) and returns a tidy
coefficient table with the columns ``RESULT_COLUMNS`` and a ``FittedModel``.
``marginal_effects`` evaluates an interaction over the moderator's range (Brambor, Clark and
Golder 2006). The stacked event study is ``models.event_study``.

Choices:

- Levels (``LEVELS``). Fixed effects and clusters are each one of: ``dyad`` (the directed dyad, id
  ``ccode1 * 1000 + ccode2``), ``pair`` (the undirected pair, ``min * 1000 + max`` of the two
  codes), ``ccode1`` or ``ccode2`` (that state), ``state`` (``ccode`` of a state-year dataset),
  ``year``, or ``ccode1:year`` / ``ccode2:year`` (that state's year: id ``ccode * 10000 + year``).
  The period levels (``PERIOD_LEVELS``: ``year`` or a state's year, at most one) are absorbed as
  the period dimension of the two-way within transformation; any entity level (at most one) may
  go with them and with any cluster level. Where
  a sample holds both (A, B) and (B, A), clustering by the directed dyad ignores their correlated
  errors: ``pair`` or one state (Cameron, Gelbach and Miller 2011) is more conservative.
- Small-sample correction: CR1, V = c (X'X)^-1 (sum_g X_g'u_g u_g'X_g) (X'X)^-1 with
  c = G/(G-1) * (N-1)/(N-K) (Cameron and Miller 2015, sec. II). Logit: statsmodels'
  ``cov_type="cluster"`` default, with the inverse Hessian as bread and the scores as X_g'u_g; K
  counts the constant and the year dummies. Linear models: linearmodels ``debiased=True,
  group_debias=True, auto_df=False, count_effects=False``; K counts the regressors left after the
  effects are absorbed, not the entity effects when they are nested within the clusters (each
  entity in one cluster: Cameron and Miller 2015, sec. III.B; Stata's ``xtreg, fe vce(cluster)``),
  nor the year effects (fewer than a hundred against N in the thousands). Entity effects not
  nested in the clusters (pair effects clustered by A) are counted in K, one per entity, as
  fixest's default ``ssc(fixef.K = "nested")`` counts the effects not nested in the clusters.
- Two-way clusters (``cluster`` "ccode1+ccode2", ``_two_way_cov``): Cameron, Gelbach and Miller
  (2011), V = V1 + V2 - V12 (V12 by the intersection of the two levels), each with its CR1 factor
  G_j/(G_j-1) (N-1)/(N-K), negative eigenvalues set to 0 (their sec. 2.3); G = min(G1, G2) (the
  table's ``n_clusters``, and t with G-1 degrees of freedom); effects nested in either level are
  not counted in K; clogit groups must be nested in both levels.
- Inference: t with G-1 degrees of freedom for the linear models (Cameron and Miller 2015,
  sec. VI), standard normal for the logit (maximum likelihood asymptotics).
- Influence (spec ``resample``, a level; ``FittedModel.influence``): for each resampling unit g,
  psi_g = B s_g, s_g the estimating-equation scores summed over g's rows and B the bread mapped to
  the reported parameters (linear: (X~'X~)^-1, X~ the within-transformed design; logit: the
  inverse information; clogit: the group scores, groups within units, by the inverse conditional
  information). Estimate minus limit ~ sum_g psi_g, and with g the clusters the CR1 covariance is
  G/(G-1) (N-1)/(N-K) sum_g psi_g psi_g': what a multiplier bootstrap shared by several
  specifications draws on (issue 12, the curve test).
- Average marginal effects (``average_marginal_effect``): every logit with a ``key_term`` gets the
  row ``ame:<key_term>`` (probability scale, delta-method standard error, normal inference) and
  its influence column (gradient' psi_g); the conditional logit none (its group effects are not
  estimated).
- Logit takes year fixed effects only, as dummies: dyad or state dummies would be incidental
  parameters. Years in which the outcome does not vary are dropped, since their dummies
  diverge (as Stata's ``logit`` and fixest's ``feglm`` do). Newton-Raphson runs on the design
  orthonormalized (see ``_fit_logit``): on the raw design it diverges on the dyad-year panel,
  whose spline terms are nearly collinear and whose distances are in miles. The peace-year terms (Carter and
  Signorino 2010) enter the logit only: beside dyad effects, a function of the dyad's past
  outcomes as regressor biases the linear estimates (Nickell 1981).
- Linear models with entity effects drop singleton units and years, repeatedly: they are fit
  exactly and only inflate N and G (Correia 2015). The effects are absorbed exactly, without
  dummy columns or iterations (``_within``: entity demeaning, then the projection on the
  entity-demeaned year dummies, whose Gram matrix is only years x years).
- Both estimators are hand-written on float64 numpy arrays (on H4's 440,000 dyad-years the logit
  takes about 0.7 CPU seconds, the LPM 0.4: bench/reproduce.py); tests/test_estimators.py checks
  them against statsmodels' ``Logit`` and linearmodels' ``PanelOLS`` on the real analysis
  datasets to 1e-6.
- Conditional logit (``clogit``, Chamberlain 1980; ``models.clogit``): groups are the one entity
  level of ``fixed_effects`` (year effects, if listed, enter as dummies); groups without
  variation in the outcome are dropped (a note says how many), and so are the years without an
  event; a 0/1 control that separates the conditional likelihood is handled as Stata's logit
  does (``_drop_separated``). Clustered covariance from the group scores summed by cluster: the
  groups must be nested in the clusters, else an ``EstimationError``. Checked against
  statsmodels' ``ConditionalLogit`` on H4's data (tests/test_estimators.py; bench/clogit.py).
- A specification that the data cannot identify raises ``EstimationError`` (an ``InputError``, one
  line): no variation in the outcome, collinear terms or terms absorbed by the fixed effects
  (named), a 0/1 term that predicts the logit's outcome perfectly where it is 0 or where it is 1
  (quasi-complete separation), a logit that does not converge. No row-less tables are returned.
"""

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd
from scipy import sparse, stats
from scipy.sparse import csgraph
from scipy.special import expit

from alliance_bargaining.errors import InputError
from alliance_bargaining.models import clogit
from alliance_bargaining.models.estimates import RESULT_COLUMNS

EFFECT_COLUMNS = ["moderator_value", "effect", "std_error", "ci_low", "ci_high"]
ESTIMATORS = ("logit", "lpm_fe", "ols_fe", "clogit")
BINARY_ESTIMATORS = ("logit", "lpm_fe", "clogit")
DYAD_KEY, STATE_KEY = ("ccode1", "ccode2"), ("ccode",)
# Level -> the columns its id is built from (``_level_ids``).
LEVELS = {
    "dyad": DYAD_KEY,
    "pair": DYAD_KEY,
    "ccode1": ("ccode1",),
    "ccode2": ("ccode2",),
    "state": STATE_KEY,
    "year": ("year",),
    "ccode1:year": ("ccode1", "year"),
    "ccode2:year": ("ccode2", "year"),
}
# Levels absorbed as the period dimension (at most one per spec); the others are entity levels.
PERIOD_LEVELS = ("year", "ccode1:year", "ccode2:year")
ENTITY_LEVELS = tuple(level for level in LEVELS if level not in PERIOD_LEVELS)
REQUIRED_KEYS = ("hypothesis", "spec", "estimator", "outcome", "regressors", "cluster")
LEVEL = 0.95
RANK_TOL = 1e-10  # squared distance of a unit-norm column from the span of the columns before it
ABSORBED_TOL = 1e-5  # share of a term's norm left after the fixed effects (linearmodels' rule)
MAX_ITERATIONS = 100  # Newton iterations of the logit
MAX_HALVINGS = 30
CASE_CONTROL_RATIO = 50  # non-events per event kept for the logit's starting values
# Largest coefficient change (orthonormalized terms, year log-odds) of the last Newton step: the
# next one, about its square, would be below 1e-12.
NEWTON_TOL = 1e-6
AME_PREFIX = "ame:"  # term of an average marginal effect row (``average_marginal_effect``)
CROSS_STEP = 1e-4  # central-difference step of a continuous x continuous cross-difference, in SDs


class EstimationError(InputError):
    """The data cannot identify a specification (singular design, separation, no variation)."""


@dataclass(frozen=True)
class FittedModel:
    """One estimated specification.

    ``params`` and ``cov`` cover every coefficient estimated (for the logit also the constant and
    the year dummies); ``rows`` are the positions in ``data`` of the estimation sample; ``df`` the
    degrees of freedom of the t reference distribution (None: standard normal); ``notes`` say
    which rows were dropped and why; ``llf`` and ``iterations`` are the logit's log-likelihood and
    Newton iterations (None for the linear models). ``influence`` (when the spec names a
    ``resample`` level, else None): the first-order influence of each resampling unit on each
    estimate (``_unit_influence``), index ``unit`` (the level's int64 ids), one column per
    parameter of ``params``.
    """

    spec: dict
    params: pd.Series
    cov: pd.DataFrame
    df: int | None
    rows: np.ndarray
    notes: tuple[str, ...]
    llf: float | None = None
    iterations: int | None = None
    influence: pd.DataFrame | None = None


@dataclass(frozen=True)
class _Sample:
    """Estimation rows: positions in the data, outcome, terms, cluster ids, years and entity-effect
    ids (the cluster ids when there are no entity effects)."""

    rows: np.ndarray
    y: np.ndarray
    terms: dict
    unit: np.ndarray
    second_unit: np.ndarray | None  # a two-way cluster's second level (``_two_way_cov``), if any
    year: np.ndarray
    entity: np.ndarray
    period: np.ndarray  # ids of the period level (``PERIOD_LEVELS``; the year when none is listed)
    resample: np.ndarray | None  # ids of the resampling level (spec ``resample``), if any

    def subset(self, keep: np.ndarray) -> "_Sample":
        return _Sample(
            self.rows[keep],
            self.y[keep],
            {name: values[keep] for name, values in self.terms.items()},
            self.unit[keep],
            None if self.second_unit is None else self.second_unit[keep],
            self.year[keep],
            self.entity[keep],
            self.period[keep],
            None if self.resample is None else self.resample[keep],
        )


def fit(data: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, FittedModel]:
    """Estimate ``spec`` on ``data``: (coefficient table with ``RESULT_COLUMNS``, fitted model).

    ``spec`` keys: ``hypothesis``, ``spec`` (id), ``estimator`` ("logit", "lpm_fe", "ols_fe"),
    ``outcome``, ``regressors``, ``cluster`` (a level of ``LEVELS``); optional ``resample`` (a level:
    ``FittedModel.influence`` by its units), ``interactions`` (pairs
    [a, b], entered as ``a_x_b`` = a * b), ``controls``, ``fixed_effects`` (levels: at most one
    entity level, and at most one period level: "year" or a state's year, "ccode1:year") and ``peace_splines`` (logit only). Rows
    with a missing value in a used column are dropped. The table has one row per term (regressors,
    interactions, controls, peace-year terms, and the constant where estimated), never the fixed
    effects.
    """
    spec = _checked(data, spec)
    sample, notes = _sample(data, spec)
    if spec["estimator"] == "logit":
        fitted = _fit_logit(spec, sample, notes)
        reported = [*sample.terms, "const"]
    elif spec["estimator"] == "clogit":
        fitted = _fit_clogit(spec, sample, notes)
        reported = [name for name in sample.terms if name in fitted.params.index]
    else:
        fitted = _fit_linear(spec, sample, notes)
        reported = list(fitted.params.index)
    effects = {}
    key = spec.get("key_term")
    pairs = _interaction_names(spec)
    if spec["estimator"] == "logit" and key is not None and (key in sample.terms or key in pairs):
        columns = [
            *spec["regressors"],
            *(c for pair in spec["interactions"] for c in pair),
            *spec["controls"],
        ]
        frame = data[list(dict.fromkeys(columns))].iloc[sample.rows]  # the columns an effect may change
        effect, gradient = _average_marginal_effect(
            fitted, frame, _logit_design(sample, spec, dense=False)[0], key
        )
        effects[AME_PREFIX + key] = (effect, float(np.sqrt(gradient @ fitted.cov.to_numpy() @ gradient)))
        if fitted.influence is not None:
            fitted = replace(
                fitted,
                influence=fitted.influence.assign(
                    **{AME_PREFIX + key: fitted.influence.to_numpy() @ gradient}
                ),
            )
    return _table(spec, fitted, reported, sample, effects), fitted


def average_marginal_effect(
    fitted: FittedModel, data: pd.DataFrame, term: str, within=None
) -> tuple[float, float, np.ndarray]:
    """Average marginal effect of ``term`` (issue 12 contract, item 1): (estimate, standard error,
    gradient in ``fitted.params``) over the estimation rows, or over those where the boolean mask
    ``within`` (one value per estimation row) is true (a cell average).

    On the probability scale for the logit, the outcome's for the linear models. A 0/1 term: the
    mean of p(term = 1) - p(term = 0), its interactions recomputed; a continuous one: the mean of
    dp/dterm (interactions included); an interaction ``a_x_b``: the mean cross-difference, for a
    0/1 a d/db [p(a = 1) - p(a = 0)] at the row's b (a difference in b if b is 0/1; for two
    continuous terms d2p/da db, by a central difference in b of the analytic dp/da). Standard error
    by the delta method with the analytic gradient and ``fitted.cov``. ``data`` is that given to
    ``fit`` (the logit's design is rebuilt from it).
    """
    spec = fitted.spec
    exog = None
    if spec["estimator"] == "logit":
        sample, _ = _sample(data, spec)
        if not np.array_equal(sample.rows, fitted.rows):
            raise InputError(f"{_label(spec)}: the data are not those of the fit")
        exog = _logit_design(sample, spec, dense=False)[0]
    frame = data.iloc[fitted.rows]
    if within is not None:
        within = np.asarray(within, dtype=bool)
        frame, exog = frame[within], (exog[np.flatnonzero(within)] if exog is not None else None)
    effect, gradient = _average_marginal_effect(fitted, frame, exog, term)
    return effect, float(np.sqrt(gradient @ fitted.cov.to_numpy() @ gradient)), gradient


def marginal_effects(
    fitted: FittedModel,
    data: pd.DataFrame,
    spec: dict,
    term: str,
    moderator: str,
    grid=None,
) -> pd.DataFrame:
    """Marginal effect of ``term`` over values of ``moderator`` (columns ``EFFECT_COLUMNS``).

    Brambor, Clark and Golder (2006). The spec must have the interaction of the two. Default grid:
    0 and 1 for a 0/1 moderator, else 20 points from its 5th to its 95th percentile in the sample.
    Linear models: b_term + b_interaction * m. Logit: the average marginal effect on the
    probability, the mean over the estimation sample of dP/dterm with the moderator set to m (for
    a 0/1 term, of P(term = 1) - P(term = 0)). Standard errors by the delta method with the
    analytic gradient and the clustered covariance; intervals as the model's (t or normal).
    ``data`` and ``spec`` are those given to ``fit`` (the logit's design is rebuilt from them).
    """
    label = _label(spec)
    if label != _label(fitted.spec):
        raise InputError(f"{label}: marginal effects asked of a model fitted for {_label(fitted.spec)}")
    pairs = {f"{a}_x_{b}": (a, b) for a, b in spec.get("interactions", [])}
    if term == moderator or not {f"{term}_x_{moderator}", f"{moderator}_x_{term}"} & set(pairs):
        raise InputError(f"{label}: no interaction of '{term}' and '{moderator}' in the spec")
    frame = data.iloc[fitted.rows]
    term_values = frame[term].to_numpy(dtype=float)
    binary = bool(np.isin(term_values, (0.0, 1.0)).all())
    if grid is None:
        grid = _default_grid(frame[moderator].to_numpy(dtype=float))
    names = list(fitted.params.index)
    params, cov = fitted.params.to_numpy(), fitted.cov.to_numpy()
    exog = base = None
    if fitted.spec["estimator"] == "logit":
        sample, _ = _sample(data, fitted.spec)
        if not np.array_equal(sample.rows, fitted.rows):
            raise InputError(f"{label}: the data are not those of the fit")
        exog, _ = _logit_design(sample, fitted.spec)
        base = exog @ params
    rows = []
    for m in np.asarray(grid, dtype=float):
        if binary:
            ones = _changed_columns(names, frame, pairs, term, moderator, 1.0, m)
            zeros = _changed_columns(names, frame, pairs, term, moderator, 0.0, m)
            effect, gradient = _discrete_effect(ones, zeros, params, base, exog)
        else:
            columns = _changed_columns(names, frame, pairs, term, moderator, term_values, m)
            effect, gradient = _slope_effect(columns, params, base, exog)
        rows.append((m, effect, float(np.sqrt(gradient @ cov @ gradient))))
    out = pd.DataFrame(rows, columns=EFFECT_COLUMNS[:3])
    half = _critical(fitted.df) * out["std_error"]
    return out.assign(ci_low=out["effect"] - half, ci_high=out["effect"] + half)


def _average_marginal_effect(fitted, frame, exog, term) -> tuple[float, np.ndarray]:
    """(mean effect, gradient) of ``term`` over the rows of ``frame`` (``average_marginal_effect``);
    ``exog`` the logit's design of those rows (None for a linear model)."""
    names = list(fitted.params.index)
    params = fitted.params.to_numpy()
    pairs = {f"{a}_x_{b}": (a, b) for a, b in fitted.spec["interactions"]}
    base = None if exog is None else np.asarray(exog @ params)

    def binary(column):
        return bool(np.isin(frame[column].to_numpy(dtype=float), (0.0, 1.0)).all())

    def observed(column):
        return frame[column].to_numpy(dtype=float)

    def columns(changed, t, moderator=None, m=None):
        return _changed_columns(names, frame, pairs, changed, moderator, t, m)

    def difference(changed, moderator=None, m=None):
        """p(changed = 1) - p(changed = 0), ``moderator`` at m."""
        return _discrete_effect(
            columns(changed, 1.0, moderator, m), columns(changed, 0.0, moderator, m), params, base, exog
        )

    def slope(changed, moderator=None, m=None):
        return _slope_effect(columns(changed, observed(changed), moderator, m), params, base, exog)

    if term not in pairs:
        return difference(term) if binary(term) else slope(term)
    a, b = pairs[term]
    if not binary(a) and binary(b):
        a, b = b, a
    if binary(a):
        at_one, at_zero = (
            (difference(b, a, 1.0), difference(b, a, 0.0))
            if binary(b)
            else (slope(b, a, 1.0), slope(b, a, 0.0))
        )
        return at_one[0] - at_zero[0], at_one[1] - at_zero[1]
    step = CROSS_STEP * max(float(np.std(observed(b))), 1.0e-12)
    up, down = slope(a, b, observed(b) + step), slope(a, b, observed(b) - step)
    return (up[0] - down[0]) / (2 * step), (up[1] - down[1]) / (2 * step)


def _label(spec: dict) -> str:
    return f"spec {spec.get('hypothesis')}/{spec.get('spec')}"


def _checked(data: pd.DataFrame, spec: dict) -> dict:
    """``spec`` with the optional keys filled in, or an InputError naming the first problem."""
    label = _label(spec)
    for key in REQUIRED_KEYS:
        if key not in spec:
            raise InputError(f"{label}: key '{key}' missing")
    spec = {"interactions": [], "controls": [], "fixed_effects": [], "peace_splines": [], **spec}
    for key in ("regressors", "interactions", "controls", "fixed_effects", "peace_splines"):
        if isinstance(spec[key], str):
            raise InputError(f"{label}: '{key}' must be a list, not the string '{spec[key]}'")
    if not spec["regressors"]:
        raise InputError(f"{label}: no regressors")
    estimator, cluster = spec["estimator"], spec["cluster"]
    if estimator not in ESTIMATORS:
        raise InputError(f"{label}: estimator '{estimator}' not one of {', '.join(ESTIMATORS)}")
    parts = cluster.split("+")
    if len(parts) > 2 or any(part not in LEVELS for part in parts) or len(set(parts)) < len(parts):
        raise InputError(
            f"{label}: cluster '{cluster}' not one of {', '.join(LEVELS)} or two of them joined by +"
        )
    resample = spec.get("resample")
    if resample is not None and resample not in LEVELS:
        raise InputError(f"{label}: resample '{resample}' not one of {', '.join(LEVELS)}")
    for effect in spec["fixed_effects"]:
        if effect not in LEVELS:
            raise InputError(f"{label}: fixed effect '{effect}' not one of {', '.join(LEVELS)}")
        if effect != "year" and estimator == "logit":
            raise InputError(
                f"{label}: logit takes year fixed effects only, not '{effect}' (incidental parameters; use lpm_fe)"
            )
        if effect in PERIOD_LEVELS and effect != "year" and estimator == "clogit":
            raise InputError(f"{label}: clogit takes year fixed effects beside its groups, not '{effect}'")
    entities = _entity_levels(spec)
    if len(entities) > 1:
        raise InputError(f"{label}: at most one fixed-effect level besides year, found {', '.join(entities)}")
    periods = [effect for effect in spec["fixed_effects"] if effect in PERIOD_LEVELS]
    if len(periods) > 1:
        raise InputError(f"{label}: at most one period fixed-effect level, found {', '.join(periods)}")
    if estimator == "clogit" and not entities:
        raise InputError(
            f"{label}: clogit needs one entity fixed-effect level, its groups ({', '.join(ENTITY_LEVELS)})"
        )
    for pair in spec["interactions"]:
        if isinstance(pair, str) or len(pair) != 2:
            raise InputError(f"{label}: interaction {pair!r} is not a pair of columns")
    columns = [
        spec["outcome"],
        *spec["regressors"],
        *(column for pair in spec["interactions"] for column in pair),
        *spec["controls"],
        *_splines(spec),
        *_key(data),
        *(column for level in [*parts, *spec["fixed_effects"]] for column in LEVELS[level]),
        *(LEVELS[resample] if resample is not None else ()),
    ]
    for column in dict.fromkeys(columns):
        if column not in data.columns:
            raise InputError(f"{label}: column '{column}' not in dataset")
    return spec


def _entity_levels(spec: dict) -> list:
    return [effect for effect in spec["fixed_effects"] if effect in ENTITY_LEVELS]


def _key(data: pd.DataFrame) -> tuple:
    """The rows' unit key: (ccode1, ccode2) for dyad-years, (ccode,) for state-years."""
    return DYAD_KEY if set(DYAD_KEY) <= set(data.columns) else STATE_KEY


def _period_level(spec: dict) -> str | None:
    return next((effect for effect in spec["fixed_effects"] if effect in PERIOD_LEVELS), None)


def _level_ids(values: dict, level: str) -> np.ndarray:
    """Integer id of each row's ``level`` (``LEVELS``) from the sample's column values."""
    if level.endswith(":year"):
        return _level_ids(values, level.removesuffix(":year")) * 10000 + values["year"].astype(np.int64)
    if level in ("dyad", "pair"):
        first, second = (values[c].astype(np.int64) for c in DYAD_KEY)
        if level == "pair":
            first, second = np.minimum(first, second), np.maximum(first, second)
        return first * 1000 + second
    return values[LEVELS[level][0]].astype(np.int64)


def _splines(spec: dict) -> list:
    return list(spec["peace_splines"]) if spec["estimator"] == "logit" else []


def _numeric(data: pd.DataFrame, column: str, label: str) -> np.ndarray:
    try:
        return data[column].to_numpy(dtype=float, na_value=np.nan)
    except (TypeError, ValueError) as error:
        raise InputError(f"{label}: column '{column}' is not numeric") from error


def _sample(data: pd.DataFrame, spec: dict) -> tuple[_Sample, list]:
    """Rows without a missing (or infinite) value in a used column; estimator-specific drops."""
    label = _label(spec)
    pairs = {f"{a}_x_{b}": (a, b) for a, b in spec["interactions"]}
    names = dict.fromkeys([*spec["regressors"], *pairs, *spec["controls"], *_splines(spec)])
    key = _key(data)
    levels = [
        *spec["cluster"].split("+"),
        *spec["fixed_effects"],
        *([spec["resample"]] if spec.get("resample") else []),
    ]
    columns = [
        spec["outcome"],
        *names,
        *(c for pair in pairs.values() for c in pair),
        *key,
        *(column for level in levels for column in LEVELS[level]),
        "year",
    ]
    values = {
        column: _numeric(data, column, label) for column in dict.fromkeys(columns) if column not in pairs
    }
    keep = np.logical_and.reduce([np.isfinite(v) for v in values.values()])
    values = {column: v[keep] for column, v in values.items()}
    for name, (a, b) in pairs.items():
        values[name] = values[a] * values[b]
    first, *second = spec["cluster"].split("+")
    cluster = _level_ids(values, first)
    entities = _entity_levels(spec)
    year = values["year"].astype(np.int64)
    period = _period_level(spec)
    sample = _Sample(
        rows=np.flatnonzero(keep),
        y=values[spec["outcome"]],
        terms={name: values[name] for name in names},
        unit=cluster,
        second_unit=_level_ids(values, second[0]) if second else None,
        year=year,
        entity=_level_ids(values, entities[0]) if entities else cluster,
        period=_level_ids(values, period) if period else year,
        resample=_level_ids(values, spec["resample"]) if spec.get("resample") else None,
    )
    notes = [f"{len(data) - keep.sum()} of {len(data)} rows dropped for missing or infinite values"]
    if not pd.Index(
        _level_ids(values, "dyad" if key == DYAD_KEY else "state") * 10000 + sample.year
    ).is_unique:
        raise InputError(f"{label}: rows are not unique by ({', '.join([*key, 'year'])})")
    if spec["estimator"] in BINARY_ESTIMATORS and not np.isin(sample.y, (0.0, 1.0)).all():
        raise InputError(f"{label}: outcome '{spec['outcome']}' is not 0/1, as {spec['estimator']} needs")
    if spec["estimator"] == "logit" and "year" in spec["fixed_effects"]:
        sample = _drop_constant_years(sample, notes)
    if spec["estimator"] == "clogit":
        sample = _drop_invariant_groups(sample, "year" in spec["fixed_effects"], notes)
        sample = _drop_separated(sample, spec, notes, label)
    elif spec["estimator"] != "logit" and entities:
        sample = _drop_singletons(sample, _period_level(spec) is not None, notes)
    if len(sample.y) < 2 or np.ptp(sample.y) == 0:
        raise EstimationError(
            f"{label}: outcome '{spec['outcome']}' does not vary in the {len(sample.y)} rows"
        )
    if spec["estimator"] == "logit":
        _check_separation(sample, label)
    return sample, notes


def _drop_constant_years(sample: _Sample, notes: list) -> _Sample:
    """Drop the years in which a binary outcome does not vary (their logit dummies diverge)."""
    years, inverse = np.unique(sample.year, return_inverse=True)
    events = np.bincount(inverse, weights=sample.y)
    constant = (events == 0) | (events == np.bincount(inverse))
    if not constant.any():
        return sample
    drop = constant[inverse]
    notes.append(
        f"{drop.sum()} rows dropped in {constant.sum()} years without variation in the outcome: "
        f"{', '.join(map(str, years[constant]))}"
    )
    return sample.subset(~drop)


def _drop_invariant_groups(sample: _Sample, by_year: bool, notes: list) -> _Sample:
    """Conditional logit: drop the groups without variation in the outcome (they contribute 1 to
    the conditional likelihood) and, with year effects, the years without an event (their dummy
    diverges to minus infinity, where their rows contribute nothing), until neither is left."""
    keep = np.ones(len(sample.y), bool)
    groups = np.unique(sample.entity, return_inverse=True)[1]
    years = np.unique(sample.year, return_inverse=True)[1]
    while True:
        size = np.bincount(groups, weights=keep)
        events = np.bincount(groups, weights=keep * sample.y)
        drop = keep & ((events[groups] == 0) | (events[groups] == size[groups]))
        if by_year:
            drop |= keep & (np.bincount(years, weights=keep * sample.y)[years] == 0)
        if not drop.any():
            break
        keep &= ~drop
    if keep.all():
        return sample
    dropped_groups = len(np.unique(groups)) - len(np.unique(groups[keep]))
    notes.append(
        f"{dropped_groups} of {len(np.unique(groups))} groups ({(~keep).sum()} rows) dropped without "
        "variation in the outcome" + (" or in years without an event" if by_year else "")
    )
    return sample.subset(keep)


def _drop_separated(sample: _Sample, spec: dict, notes: list, label: str) -> _Sample:
    """Conditional logit: a 0/1 control or year dummy z separates the conditional likelihood when
    in every group the events sit on as many (or as few) z = 1 rows as their number allows: its
    coefficient is then +-infinity, and the other coefficients' limit is the conditional
    likelihood with the rows that carry no weight in the limit dropped (in each group where z
    varies: the z = 0 rows if the events fit in the z = 1 rows, else the z = 1 rows, all events,
    with as many fewer events; mirrored for -infinity). As Stata's ``logit`` drops a perfectly
    predicting variable and the observations it predicts. z is then constant within the groups
    left (conditioned out, ``_fit_clogit``). A separating regressor is an error."""
    by_year = "year" in spec["fixed_effects"]
    while True:
        if not len(sample.y):
            raise EstimationError(
                f"{label}: no {_entity_levels(spec)[0]} group with variation in the outcome '{spec['outcome']}'"
            )
        keep = np.ones(len(sample.y), bool)
        _, group = np.unique(sample.entity, return_inverse=True)
        n_groups = group.max() + 1
        size, events = np.bincount(group, minlength=n_groups), np.bincount(group, weights=sample.y)
        columns = dict(sample.terms)
        if by_year:
            columns |= {
                f"year_{year}": (sample.year == year).astype(float) for year in np.unique(sample.year)
            }
        for name, z in columns.items():
            if not np.isin(z, (0.0, 1.0)).all():
                continue
            ones = np.bincount(group, weights=z, minlength=n_groups)
            hits = np.bincount(group, weights=z * sample.y, minlength=n_groups)
            varies = (ones > 0) & (ones < size)
            if not varies.any():
                continue
            for direction, target in (
                (1, np.minimum(events, ones)),
                (-1, np.maximum(0, events - (size - ones))),
            ):
                if not np.all(hits == target):
                    continue
                if name in spec["regressors"] or name in _interaction_names(spec):
                    raise EstimationError(
                        f"{label}: '{name}' separates the conditional likelihood (quasi-complete separation)"
                    )
                favoured = z if direction == 1 else 1 - z
                n_favoured = ones if direction == 1 else size - ones
                fits = events <= n_favoured  # the events fit in the favoured rows: drop the others
                drop = varies[group] & np.where(fits[group], favoured == 0, favoured == 1)
                keep &= ~drop
                notes.append(
                    f"'{name}' separates the conditional likelihood ({'+' if direction == 1 else '-'}infinity): "
                    f"{drop.sum()} rows it predicts dropped in {varies.sum()} groups"
                )
                break
            if not keep.all():
                break
        if keep.all():
            return sample
        sample = _drop_invariant_groups(sample.subset(keep), by_year, notes)


def _drop_singletons(sample: _Sample, by_period: bool, notes: list) -> _Sample:
    """Drop rows alone in their entity (or period), repeatedly until none is (Correia 2015)."""
    keep = np.ones(len(sample.y), bool)
    groups = [
        np.unique(codes, return_inverse=True)[1]
        for codes in ([sample.entity, sample.period] if by_period else [sample.entity])
    ]
    while True:
        single = np.zeros(len(keep), bool)
        for codes in groups:
            counts = np.bincount(codes, weights=keep)
            single |= keep & (counts[codes] == 1)
        if not single.any():
            break
        keep &= ~single
    if not keep.all():
        notes.append(f"{(~keep).sum()} singleton rows dropped")
    return sample.subset(keep)


def _check_separation(sample: _Sample, label: str) -> None:
    """Raise if a 0/1 term predicts the binary outcome perfectly where it is 0 or where it is 1."""
    for name, values in sample.terms.items():
        if not np.isin(values, (0.0, 1.0)).all() or np.ptp(values) == 0:
            continue
        for level in (0.0, 1.0):
            outcome = sample.y[values == level]
            if np.ptp(outcome) == 0:
                raise EstimationError(
                    f"{label}: '{name}' = {level:g} predicts the outcome perfectly "
                    f"(always {outcome[0]:g}; quasi-complete separation)"
                )


def _codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(levels, code of each row) of an integer key."""
    levels, codes = np.unique(values, return_inverse=True)
    return levels, codes


def _cluster_codes(sample: _Sample) -> list:
    """Cluster codes (0..G-1) of each level of the cluster: one array, or two for a two-way cluster."""
    levels = [sample.unit] if sample.second_unit is None else [sample.unit, sample.second_unit]
    return [np.unique(ids, return_inverse=True)[1] for ids in levels]


def _two_way_cov(scores, bread: np.ndarray, clusters: list, n: int, k: int) -> np.ndarray:
    """Two-way clustered covariance (Cameron, Gelbach and Miller 2011): V1 + V2 - V12, each the
    CR1 sandwich G/(G-1) (N-1)/(N-K) B (sum_g s_g s_g') B by the first level, the second, and
    their intersection; ``scores(codes, G)`` the scores summed within each cluster."""
    first, second = clusters
    both = np.unique(np.column_stack([first, second]), axis=0, return_inverse=True)[1].ravel()
    cov = np.zeros_like(bread)
    for codes, sign in ((first, 1.0), (second, 1.0), (both, -1.0)):
        g = codes.max() + 1
        summed = scores(codes, g)
        cov += sign * g / (g - 1) * (n - 1) / (n - k) * bread @ (summed.T @ summed) @ bread
    return cov


def _positive_part(cov: np.ndarray) -> np.ndarray:
    """``cov`` with its negative eigenvalues set to 0 (CGM 2011, sec. 2.3)."""
    values, vectors = np.linalg.eigh((cov + cov.T) / 2)
    return (vectors * np.maximum(values, 0.0)) @ vectors.T


def _unit_influence(sample: _Sample, scores, map_scores, names: list) -> pd.DataFrame | None:
    """First-order influence of each resampling unit g (contract of issue 12, item 2):
    psi_g = M s_g, s_g = ``scores(codes, G)`` the estimating-equation scores summed within g,
    M = ``map_scores`` (the bread, mapped to the reported parametrization), so that the estimate
    minus its limit is about sum_g psi_g and the CR1 covariance clustered by g is
    G/(G-1) (N-1)/(N-K) sum_g psi_g psi_g'. None without a ``resample`` level."""
    if sample.resample is None:
        return None
    units, codes = np.unique(sample.resample, return_inverse=True)
    influence = map_scores(scores(codes, len(units)))
    return pd.DataFrame(influence, index=pd.Index(units.astype(np.int64), name="unit"), columns=names)


def _group_sums(codes: np.ndarray, size: int, matrix: np.ndarray) -> np.ndarray:
    """Sums of the rows of ``matrix`` (n x k) within each group: (size x k)."""
    return np.asarray(_indicator(codes, size) @ matrix)


def _demean(codes: np.ndarray, size: int, matrix: np.ndarray) -> np.ndarray:
    """``matrix`` minus its group means."""
    counts = np.bincount(codes, minlength=size).astype(float)
    return matrix - (_group_sums(codes, size, matrix) / counts[:, None])[codes]


def _within(matrix: np.ndarray, entity: np.ndarray | None, period: np.ndarray | None) -> np.ndarray:
    """Residuals of ``matrix`` on entity and/or period dummies, exactly (no iterations).

    One effect: group demeaning. Two effects: demean by entity (M_E), then project on the
    entity-demeaned period dummies M_E D_T (Frisch-Waugh-Lovell): with N the entity x period
    incidence matrix, their Gram matrix is diag(n_t) - N' diag(1/n_e) N (T x T, singular by one
    per connected component, solved on its positive eigenvalues) and their cross-product with
    M_E x the period sums of M_E x.
    """
    if entity is None and period is None:
        return matrix
    if entity is None or period is None:
        codes = entity if period is None else period
        return _demean(codes, codes.max() + 1, matrix)
    if period.max() > entity.max():  # the Gram matrix is of the smaller dimension (same residuals)
        entity, period = period, entity
    n_entities, n_periods = entity.max() + 1, period.max() + 1
    by_entity = _indicator(entity, n_entities)
    entity_counts = np.bincount(entity, minlength=n_entities).astype(float)
    demeaned = matrix - (by_entity @ matrix / entity_counts[:, None])[entity]
    incidence = np.zeros((n_entities, n_periods))
    np.add.at(incidence, (entity, period), 1.0)  # rows per (entity, period)
    gram = np.diag(incidence.sum(axis=0)) - (incidence / entity_counts[:, None]).T @ incidence
    values, vectors = np.linalg.eigh(gram)
    positive = values > values.max() * 1e-12
    solution = vectors[:, positive] @ (
        (vectors[:, positive].T @ (_indicator(period, n_periods) @ demeaned)) / values[positive, None]
    )
    fitted = solution[period]
    return demeaned - (fitted - (by_entity @ fitted / entity_counts[:, None])[entity])


def _check_rank(matrix: np.ndarray, projected: np.ndarray, names: list, label: str, message: str) -> None:
    """Raise naming the first column of ``matrix`` that ``projected`` (its residual on the columns
    spanned before it, such as the effects) leaves (nearly) a combination of the columns before it:
    squared distance from their span, as unit vectors, below ``RANK_TOL``."""
    norms = np.linalg.norm(matrix, axis=0)
    for name, norm in zip(names, norms, strict=True):
        if norm == 0:
            raise EstimationError(f"{label}: singular design: '{name}' is zero in every row")
    gram = projected.T @ projected / np.outer(norms, norms)
    for j, name in enumerate(names):
        left = gram[j, j] - (gram[:j, j] @ np.linalg.solve(gram[:j, :j], gram[:j, j]) if j else 0.0)
        if left < RANK_TOL:
            raise EstimationError(f"{label}: {message.format(name=name)}")


def _logit_design(sample: _Sample, spec: dict, dense: bool = True) -> tuple:
    """Logit design matrix and column names: constant, year dummies (first year omitted), terms;
    ``dense=False``: a sparse (CSR) matrix, whose year dummies take no dense block."""
    n = len(sample.y)
    names = ["const"]
    period = np.zeros(n, np.int64)
    if "year" in spec["fixed_effects"]:
        years, period = np.unique(sample.year, return_inverse=True)
        names += [f"year_{year}" for year in years[1:]]
    width = len(names)
    terms = np.column_stack(list(sample.terms.values()))
    if dense:
        dummies = np.zeros((n, width - 1))
        later = np.flatnonzero(period > 0)
        dummies[later, period[later] - 1] = 1.0
        return np.column_stack([np.ones(n), dummies, terms]), [*names, *sample.terms]
    # each row: the constant (column 0), its year's dummy (column = year code, none for the first
    # year) and the terms (columns width..), in column order
    columns = np.column_stack(
        [np.zeros(n, np.int64), period, width + np.arange(terms.shape[1])[None, :].repeat(n, 0)]
    )
    values = np.column_stack([np.ones(n), np.ones(n), terms])
    stored = np.ones(columns.shape, bool)
    stored[:, 1] = period > 0
    indptr = np.concatenate([[0], np.cumsum(stored.sum(axis=1))])
    design = sparse.csr_matrix((values[stored], columns[stored], indptr), shape=(n, width + terms.shape[1]))
    return design, [*names, *sample.terms]


def _fit_logit(spec: dict, sample: _Sample, notes: list) -> FittedModel:
    """Logit with year intercepts by Newton-Raphson on float64 arrays; cluster-robust (CR1) covariance.

    Parametrization during the iterations: one intercept per year (a single constant without
    year effects) and the terms demeaned within year and orthonormalized, Z = M_T X A with
    Z'Z = N I. Peace-year splines and distances in miles make X'WX on the raw terms too
    ill-conditioned for Newton steps; on Z the Hessian is well conditioned and its year block is
    diagonal. Starting values from a case-control subsample (``_case_control_start``), then
    Newton steps (``_newton``) on all rows. The covariance is the
    sandwich H^-1 (sum_g s_g s_g') H^-1 * G/(G-1) * (N-1)/(N-K) from the cluster sums of the
    scores s_i = x_i (y_i - p_i), mapped linearly to the reported parametrization: constant,
    year dummies (first year omitted), terms, as statsmodels' ``Logit(...).fit(cov_type="cluster")``.
    """
    label = _label(spec)
    y, names = sample.y, list(sample.terms)
    n = len(y)
    terms = np.column_stack(list(sample.terms.values()))
    if "year" in spec["fixed_effects"]:
        years, period = np.unique(sample.year, return_inverse=True)
    else:
        years, period = sample.year[:1], np.zeros(n, np.int64)
    n_periods = len(years)
    counts = np.bincount(period, minlength=n_periods).astype(float)
    means = _group_sums(period, n_periods, terms) / counts[:, None]
    centered = terms - means[period]
    _check_rank(
        terms, centered, names, label, "singular design: '{name}' is collinear with the terms before it"
    )
    whiten = np.linalg.inv(np.linalg.cholesky(centered.T @ centered / n).T)
    design = centered @ whiten
    indicator = _indicator(period, n_periods)
    start = _case_control_start(y, period, n_periods, design, label)
    intercepts, coefs, current, iterations, eta = _newton(y, period, indicator, design, *start, label)
    p = expit(eta)
    if np.all((p < 1e-10) | (p > 1 - 1e-10)):
        raise EstimationError(f"{label}: logit failed (separation?): perfect prediction")
    weight, residual = p * (1 - p), y - p
    bread = np.linalg.inv(_logit_information(indicator, design, weight))
    clusters = _cluster_codes(sample)
    cluster = clusters[0]
    n_clusters = cluster.max() + 1
    weighted = design * residual[:, None]

    def unit_scores(codes, n_units):
        """Scores (year intercepts, orthonormalized terms) summed within each unit."""
        by_year = np.zeros((n_units, n_periods))
        np.add.at(by_year, (codes, period), residual)
        return np.column_stack([by_year, _group_sums(codes, n_units, weighted)])

    size = n_periods + len(names)
    if len(clusters) == 1:
        scores = unit_scores(cluster, n_clusters)
        correction = n_clusters / (n_clusters - 1) * (n - 1) / (n - size)
        cov = correction * bread @ (scores.T @ scores) @ bread
    else:
        cov = _two_way_cov(unit_scores, bread, clusters, n, size)
    # To (constant, year dummies, terms): b = A c; year intercept a_t - xbar_t'b; dummies relative to the first year.
    to_terms = np.hstack([np.zeros((len(names), n_periods)), whiten])
    to_intercepts = np.hstack([np.eye(n_periods), -means @ whiten])
    transform = np.vstack([to_intercepts[:1], to_intercepts[1:] - to_intercepts[:1], to_terms])
    theta = np.concatenate([intercepts, coefs])
    labels = ["const", *(f"year_{year}" for year in years[1:]), *names]
    cov = transform @ cov @ transform.T
    return FittedModel(
        spec=spec,
        params=pd.Series(transform @ theta, index=labels),
        cov=pd.DataFrame(cov if len(clusters) == 1 else _positive_part(cov), index=labels, columns=labels),
        df=None,
        rows=sample.rows,
        notes=tuple(notes),
        llf=current,
        iterations=iterations,
        influence=_unit_influence(sample, unit_scores, lambda s: s @ bread @ transform.T, labels),
    )


def _fit_clogit(spec: dict, sample: _Sample, notes: list) -> FittedModel:
    """Conditional logit by the entity level's groups (``models.clogit``), with year dummies (first
    year omitted) when ``year`` is among the fixed effects; Newton-Raphson from zero.

    Terms constant within every group are conditioned out with the group (a note names them), as
    are year dummies of years within one group; a regressor so absorbed is an error. Covariance:
    the sandwich I^-1 (sum_c S_c S_c') I^-1 * G/(G-1) * (N-1)/(N-K) with S_c the sum of the group
    scores in cluster c (each group must lie within one cluster), G clusters, N rows, K the
    estimated coefficients (the group effects are conditioned out, not estimated); standard normal
    inference, as the logit.
    """
    label = _label(spec)
    names = list(sample.terms)
    columns = list(sample.terms.values())
    if "year" in spec["fixed_effects"]:
        years, period = np.unique(sample.year, return_inverse=True)
        names += [f"year_{year}" for year in years[1:]]
        columns += list((period[None, :] == np.arange(1, len(years))[:, None]).astype(float))
    x = np.column_stack(columns)
    _, group = np.unique(sample.entity, return_inverse=True)
    clusters = _cluster_codes(sample)
    cluster = clusters[0]
    if not all(_nested(group, level) for level in clusters):
        raise EstimationError(
            f"{label}: clogit groups ({_entity_levels(spec)[0]}) are not nested in the clusters "
            f"({spec['cluster']}): cluster at the group level or coarser"
        )
    absorbed = _absorbed(x, _demean(group, group.max() + 1, x), names)
    regressors = [n for n in absorbed if n in spec["regressors"] or n in _interaction_names(spec)]
    if regressors:
        raise EstimationError(f"{label}: {', '.join(map(repr, regressors))} absorbed by the groups")
    if absorbed:
        notes.append(f"constant within every group, conditioned out: {', '.join(absorbed)}")
        kept = [j for j, name in enumerate(names) if name not in absorbed]
        x, names = x[:, kept], [names[j] for j in kept]
    within = _demean(group, group.max() + 1, x)
    _check_rank(x, within, names, label, "singular design: '{name}' is collinear with the terms before it")
    scale = np.sqrt((within**2).mean(axis=0))
    chunks = clogit.prepare_groups(x / scale, sample.y, group)
    b, step, iterations = np.zeros(len(names)), np.full(len(names), np.inf), 0
    parts = _clogit_parts(chunks, b)  # at b = 0 every s_i is 1: no underflow
    while True:
        current = sum(part[0] for part in parts)
        score = sum(part[1] for part in parts)
        information = sum(part[2] for part in parts)
        if np.abs(step).max() < NEWTON_TOL * 1e-2:  # Newton's error left: about its square
            break
        iterations += 1
        if iterations > MAX_ITERATIONS:
            raise EstimationError(
                f"{label}: clogit failed (separation?): no convergence in {MAX_ITERATIONS} iterations"
            )
        try:
            step = np.linalg.solve(information, score)
        except np.linalg.LinAlgError as error:
            raise EstimationError(f"{label}: clogit failed: {error}") from error
        for _ in range(MAX_HALVINGS):  # the accepted trial's derivatives serve the next step
            trial = _clogit_parts(chunks, b + step)
            if trial is not None and sum(part[0] for part in trial) >= current - 1e-9 * abs(current):
                break
            step /= 2
        if trial is None:
            raise EstimationError(f"{label}: clogit failed (separation?): conditional likelihood underflow")
        b, parts = b + step, trial
    group_scores = np.zeros((group.max() + 1, len(names)))
    for chunk, part in zip(chunks, parts, strict=True):
        group_scores[chunk["group"]] = part[3]
    n_clusters = min(codes.max() + 1 for codes in clusters)
    n, k = len(sample.y), len(names)
    if n_clusters < 2 or n <= k:
        raise EstimationError(f"{label}: {n} rows in {n_clusters} clusters cannot estimate {k} terms")
    bread = np.linalg.inv(information)
    if len(clusters) == 1:
        _, group_cluster = np.unique(np.column_stack([group, cluster]), axis=0, return_index=True)
        cluster_of_group = cluster[group_cluster]
        cluster_scores = _group_sums(cluster_of_group, n_clusters, group_scores)
        cov = (
            n_clusters
            / (n_clusters - 1)
            * (n - 1)
            / (n - k)
            * bread
            @ (cluster_scores.T @ cluster_scores)
            @ bread
        )
        cov = cov / np.outer(scale, scale)
    else:
        _, first = np.unique(group, return_index=True)
        cov = _two_way_cov(
            lambda codes, size: _group_sums(codes[first], size, group_scores), bread, clusters, n, k
        )
        cov = _positive_part(cov / np.outer(scale, scale))
    influence = _clogit_influence(spec, sample, group, group_scores, bread, scale, names, notes)
    return FittedModel(
        spec=spec,
        params=pd.Series(b / scale, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names),
        df=None,
        rows=sample.rows,
        notes=tuple(notes),
        llf=current,
        iterations=iterations,
        influence=influence,
    )


def _clogit_influence(spec, sample, group, group_scores, bread, scale, names, notes) -> pd.DataFrame | None:
    """``_unit_influence`` of the conditional logit: the group scores summed by resampling unit,
    mapped by the inverse information. A group's score does not split by row, so groups not
    nested in the resampling units give no influence (a note says so; the estimates stand)."""
    if sample.resample is not None and not _nested(group, np.unique(sample.resample, return_inverse=True)[1]):
        notes.append(
            f"clogit groups ({_entity_levels(spec)[0]}) not nested in the resampling units "
            f"({spec['resample']}): no influence"
        )
        return None
    _, first = np.unique(group, return_index=True)

    def unit_scores(codes, n_units):
        return _group_sums(codes[first], n_units, group_scores)

    return _unit_influence(sample, unit_scores, lambda s: s @ bread / scale, names)


def _clogit_parts(chunks: list, b: np.ndarray) -> list | None:
    """Each chunk's derivatives at ``b``; None where a group's likelihood underflows (a Newton
    step too long, or coefficients diverging under separation)."""
    try:
        return [clogit.derivatives(chunk, b) for chunk in chunks]
    except FloatingPointError:
        return None


def _interaction_names(spec: dict) -> list:
    return [f"{a}_x_{b}" for a, b in spec["interactions"]]


def _indicator(codes: np.ndarray, size: int) -> sparse.csr_matrix:
    """Group x row indicator matrix: ``_indicator(codes, size) @ matrix`` sums rows by group."""
    return sparse.csr_matrix((np.ones(len(codes)), (codes, np.arange(len(codes)))), shape=(size, len(codes)))


def _loglik(y: np.ndarray, eta: np.ndarray) -> float:
    """Logit log-likelihood sum y eta - log(1 + exp(eta)), overflow-safe."""
    return float(y @ eta - (np.maximum(eta, 0) + np.log1p(np.exp(-np.abs(eta)))).sum())


def _newton(y, period, indicator, design, intercepts, coefs, label):
    """Newton-Raphson for the logit with group intercepts: (intercepts, coefs, llf, iterations, eta).

    Steps are halved while the log-likelihood falls; stop once a step moves no coefficient by
    more than ``NEWTON_TOL`` (Newton converges quadratically: the error left is about its square).
    """
    n_periods = len(intercepts)
    eta = intercepts[period] + design @ coefs
    current = _loglik(y, eta)
    iterations, step = 0, np.inf
    while np.abs(step).max() >= NEWTON_TOL:
        iterations += 1
        if iterations > MAX_ITERATIONS:
            raise EstimationError(
                f"{label}: logit failed (separation?): no convergence in {MAX_ITERATIONS} iterations"
            )
        p = expit(eta)
        weight, residual = p * (1 - p), y - p
        score = np.concatenate([indicator @ residual, design.T @ residual])
        try:
            step = np.linalg.solve(_logit_information(indicator, design, weight), score)
        except np.linalg.LinAlgError as error:
            raise EstimationError(f"{label}: logit failed: {error}") from error
        for _ in range(MAX_HALVINGS):
            trial_eta = eta + step[:n_periods][period] + design @ step[n_periods:]
            trial = _loglik(y, trial_eta)
            if trial >= current - 1e-9 * abs(current):
                break
            step /= 2
        intercepts, coefs = intercepts + step[:n_periods], coefs + step[n_periods:]
        eta, current = trial_eta, trial
    return intercepts, coefs, current, iterations, eta


def _case_control_start(y, period, n_periods, design, label):
    """Starting values: the logit on every event and every ``k``-th non-event of each year.

    Sampling on the outcome leaves a logit's slopes consistent and shifts each intercept by
    log(k) (Prentice and Pyke 1979; King and Zeng 2001), so the subsample's fit, with log(k)
    added back, starts the full Newton iterations close to the maximum for rare events. Without
    a rare outcome (fewer than ``CASE_CONTROL_RATIO`` non-events per event), the years' log-odds.
    """
    counts = np.bincount(period, minlength=n_periods).astype(float)
    events = np.bincount(period, weights=y, minlength=n_periods)
    intercepts = np.log(events / (counts - events))
    coefs = np.zeros(design.shape[1])
    k = int((len(y) - y.sum()) // (CASE_CONTROL_RATIO * y.sum()))
    if k < 2:
        return intercepts, coefs
    nonevent = y == 0
    order = np.flatnonzero(nonevent)
    # Position of each non-event among its year's non-events; keep positions 0, k, 2k, ...
    ranks = (
        np.arange(len(order))
        - np.concatenate([[0], np.cumsum(np.bincount(period[order], minlength=n_periods))])[period[order]]
    )
    keep = ~nonevent
    keep[order[ranks % k == 0]] = True
    sub_period = period[keep]
    sub_counts = np.bincount(sub_period, minlength=n_periods).astype(float)
    start = np.log(events / (sub_counts - events))
    try:
        _, coefs, *_ = _newton(
            y[keep], sub_period, _indicator(sub_period, n_periods), design[keep], start, coefs, label
        )
    except EstimationError:  # the subsample may separate where all rows do not: start from the log-odds
        return intercepts, np.zeros(design.shape[1])
    # Each year's intercept given the slopes, on all rows: a few one-dimensional Newton steps.
    offset = design @ coefs
    for _ in range(MAX_ITERATIONS):
        p = expit(intercepts[period] + offset)
        step = (events - np.bincount(period, weights=p, minlength=n_periods)) / np.bincount(
            period, weights=p * (1 - p), minlength=n_periods
        )
        intercepts = intercepts + step
        if np.abs(step).max() < 1e-3:
            break
    if not np.isfinite(intercepts).all():  # the subsample's slopes underflow a year's probabilities
        return np.log(events / (counts - events)), np.zeros(design.shape[1])
    return intercepts, coefs


def _logit_information(indicator: sparse.csr_matrix, design: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """Minus the logit Hessian in (year intercepts, terms): X'WX with a diagonal year block."""
    weighted = design * weight[:, None]
    cross = indicator @ weighted
    return np.block([[np.diag(indicator @ weight), cross], [cross.T, design.T @ weighted]])


def _fit_linear(spec: dict, sample: _Sample, notes: list) -> FittedModel:
    """Least squares with entity and year effects absorbed, clustered (CR1).

    The effects are removed exactly (``_within``); a term with less than 1e-5 of its norm left,
    or collinear at that tolerance with the terms before it once the effects are removed, is
    absorbed (as linearmodels' ``PanelOLS(..., drop_absorbed=True)``). Covariance CR1 with K the
    terms (linearmodels' ``debiased=True, group_debias=True, count_effects=False``), plus the
    entity effects when they are not nested in the clusters (module doc), plus a state's year
    effects (``ccode1:year``) when they are not nested in the clusters, by the number of them not
    collinear with the entity effects (fixest's ``fixef.K = "nested"``); year effects are not
    counted (module doc).
    """
    label = _label(spec)
    entity_effects = bool(_entity_levels(spec))
    time_effects = _period_level(spec) is not None
    names = list(sample.terms)
    exog = np.column_stack(list(sample.terms.values()))
    if not (entity_effects or time_effects):
        names.append("const")
        exog = np.column_stack([exog, np.ones(len(sample.y))])
    _check_rank(exog, exog, names, label, "singular design: '{name}' is collinear with the terms before it")
    clusters = _cluster_codes(sample)
    cluster = clusters[0]
    _, entity = np.unique(sample.entity, return_inverse=True)
    period = np.unique(sample.period, return_inverse=True)[1] if time_effects else None
    within = _within(np.column_stack([sample.y, exog]), entity if entity_effects else None, period)
    y, x = within[:, 0], within[:, 1:]
    absorbed = _absorbed(exog, x, names)
    if absorbed:
        raise EstimationError(
            f"{label}: {', '.join(repr(name) for name in absorbed)} absorbed by the fixed effects"
        )
    n_clusters = min(codes.max() + 1 for codes in clusters)
    n, k = x.shape

    def nested(codes):  # in the clusters (in one level of a two-way cluster)
        return any(_nested(codes, level) for level in clusters)

    if entity_effects and not nested(entity):
        k += entity.max() + 1
        notes.append(f"{entity.max() + 1} entity effects not nested in the clusters, counted in K")
    if time_effects and _period_level(spec) != "year" and not nested(period):
        free = _free_period_effects(entity if entity_effects else None, period)
        k += free
        notes.append(f"{free} {_period_level(spec)} effects not nested in the clusters, counted in K")
    if n_clusters < 2 or n <= k:
        raise EstimationError(f"{label}: {n} rows in {n_clusters} clusters cannot estimate {k} terms")
    # Normal equations with the columns scaled to unit norm (the terms are far from collinear:
    # ``_absorbed`` has checked), inverted once for the estimates and the bread.
    scale = np.sqrt(np.einsum("ij,ij->j", x, x))
    bread = np.linalg.inv(x.T @ x / np.outer(scale, scale)) / np.outer(scale, scale)
    params = bread @ (x.T @ y)
    residual = y - x @ params
    weighted = x * residual[:, None]
    if len(clusters) == 1:
        scores = _group_sums(cluster, n_clusters, weighted)
        cov = n_clusters / (n_clusters - 1) * (n - 1) / (n - k) * bread @ (scores.T @ scores) @ bread
    else:
        cov = _positive_part(
            _two_way_cov(lambda codes, size: _group_sums(codes, size, weighted), bread, clusters, n, k)
        )
    return FittedModel(
        spec=spec,
        params=pd.Series(params, index=names),
        cov=pd.DataFrame(cov, index=names, columns=names),
        df=n_clusters - 1,
        rows=sample.rows,
        notes=tuple(notes),
        influence=_unit_influence(
            sample, lambda codes, size: _group_sums(codes, size, weighted), lambda s: s @ bread, names
        ),
    )


def _free_period_effects(entity: np.ndarray | None, period: np.ndarray) -> int:
    """Number of period effects (codes 0..P-1) not collinear with the entity effects: P minus the
    connected components of the entity-period graph (rank [D_E D_P] = E + P - components)."""
    n_periods = period.max() + 1
    if entity is None:
        return int(n_periods)
    n_entities = entity.max() + 1
    graph = sparse.coo_matrix(
        (np.ones(len(entity)), (entity, n_entities + period)), shape=(n_entities + n_periods,) * 2
    )
    return int(n_periods - csgraph.connected_components(graph, directed=False)[0])


def _nested(inner: np.ndarray, outer: np.ndarray) -> bool:
    """Whether each ``inner`` group lies within one ``outer`` group (codes 0..n-1)."""
    pairs = np.unique(inner.astype(np.int64) * (outer.max() + 1) + outer)
    return len(pairs) == inner.max() + 1


def _absorbed(original: np.ndarray, within: np.ndarray, names: list) -> list:
    """Terms with less than ``ABSORBED_TOL`` of their norm left once the effects and the retained
    terms before them are removed."""
    norms = np.linalg.norm(original, axis=0)
    gram = within.T @ within
    retained, absorbed = [], []
    for j, name in enumerate(names):
        left = gram[j, j]
        if retained:
            g = gram[retained, j]
            # least squares: retained terms can be collinear among themselves (a tiny clogit sample)
            left -= g @ np.linalg.lstsq(gram[np.ix_(retained, retained)], g, rcond=None)[0]
        if np.sqrt(max(left, 0.0)) < ABSORBED_TOL * norms[j]:
            absorbed.append(name)
        else:
            retained.append(j)
    return absorbed


def _critical(df: int | None) -> float:
    return stats.norm.ppf(0.5 + LEVEL / 2) if df is None else stats.t.ppf(0.5 + LEVEL / 2, df)


def _table(spec: dict, fitted: FittedModel, terms: list, sample: _Sample, effects: dict) -> pd.DataFrame:
    """The tidy coefficient table: one row per term, then one per ``effects`` (name -> (estimate,
    standard error): the ``ame:`` rows), sample facts repeated on every row."""
    estimate = np.append(fitted.params[terms].to_numpy(), [e for e, _ in effects.values()])
    std_error = np.append(
        np.sqrt(np.diag(fitted.cov.loc[terms, terms].to_numpy())), [se for _, se in effects.values()]
    )
    terms = [*terms, *effects]
    statistic = np.abs(estimate / std_error)
    distribution = stats.norm if fitted.df is None else stats.t(fitted.df)
    half = _critical(fitted.df) * std_error
    binary = spec["estimator"] in BINARY_ESTIMATORS
    table = pd.DataFrame(
        {
            "hypothesis": spec["hypothesis"],
            "spec": spec["spec"],
            "estimator": spec["estimator"],
            "outcome": spec["outcome"],
            "term": terms,
            "estimate": estimate,
            "std_error": std_error,
            "ci_low": estimate - half,
            "ci_high": estimate + half,
            "p_value": 2 * distribution.sf(statistic),
            "n_obs": len(sample.y),
            "n_clusters": min(codes.max() + 1 for codes in _cluster_codes(sample)),
            "n_events": pd.array([int(sample.y.sum()) if binary else None] * len(terms), dtype="Int64"),
            "year_min": int(sample.year.min()),
            "year_max": int(sample.year.max()),
        }
    )
    return table[RESULT_COLUMNS]


def _default_grid(moderator: np.ndarray) -> np.ndarray:
    if np.isin(moderator, (0.0, 1.0)).all():
        return np.array([0.0, 1.0])
    low, high = np.percentile(moderator, [5, 95])
    return np.linspace(low, high, 20)


def _changed_columns(names, frame, pairs, term, moderator, t, m) -> dict:
    """Design columns that depend on ``term`` or ``moderator``: name -> (position, value, d/dterm).

    ``term`` is set to ``t`` (a scalar or the observed values) and ``moderator`` to ``m``.
    """

    def component(column):
        if column == term:
            return t, 1.0
        if column == moderator:
            return m, 0.0
        return frame[column].to_numpy(dtype=float), 0.0

    n = len(frame)
    out = {}
    for position, name in enumerate(names):
        if name in (term, moderator):
            value, slope = component(name)
        elif name in pairs and {term, moderator} & set(pairs[name]):
            (a, da), (b, db) = (component(column) for column in pairs[name])
            value, slope = a * b, da * b + a * db
        else:
            continue
        out[name] = (position, np.broadcast_to(value, n), np.broadcast_to(slope, n))
    return out


def _predict(columns: dict, params, base, exog):
    """Predictions with ``columns`` replaced: (p, dp/deta, d2p/deta2, new column values, positions).

    Logit: p is the probability. Linear (``exog`` None): p is the changed columns' part of the
    prediction, which is all that differences and derivatives in the term need.
    """
    positions = [position for position, _, _ in columns.values()]
    new = np.column_stack([value for _, value, _ in columns.values()])
    if exog is None:
        n = len(new)
        return new @ params[positions], np.ones(n), np.zeros(n), new, positions
    old = exog[:, positions]
    p = expit(base + (new - (old.toarray() if sparse.issparse(old) else old)) @ params[positions])
    density = p * (1 - p)
    return p, density, density * (1 - 2 * p), new, positions


def _mean_row(weights, new, positions, exog, size):
    """Mean over rows of weights_i * x_i, x_i the design row with the changed columns."""
    out = np.asarray(exog.T @ weights) / len(weights) if exog is not None else np.zeros(size)
    out[positions] = new.T @ weights / len(weights)
    return out


def _slope_effect(columns, params, base, exog):
    """Mean of dp/dterm = f(eta) * deta/dterm over the rows, and its gradient in the parameters."""
    _, density, curvature, new, positions = _predict(columns, params, base, exog)
    slopes = np.column_stack([slope for _, _, slope in columns.values()])
    deta = slopes @ params[positions]
    gradient = _mean_row(curvature * deta, new, positions, exog, len(params))
    gradient[positions] += slopes.T @ density / len(density)
    return float(np.mean(density * deta)), gradient


def _discrete_effect(ones, zeros, params, base, exog):
    """Mean of p(term = 1) - p(term = 0) over the rows, and its gradient in the parameters."""
    p1, density1, _, new1, positions = _predict(ones, params, base, exog)
    p0, density0, _, new0, _ = _predict(zeros, params, base, exog)
    size = len(params)
    gradient = _mean_row(density1, new1, positions, exog, size) - _mean_row(
        density0, new0, positions, exog, size
    )
    return float(np.mean(p1 - p0)), gradient
