"""Estimators of design section 4: logit, linear probability and OLS with fixed effects.

``fit(data, spec)`` estimates one registered specification on analysis rows (directed dyad-years
keyed by ``ccode1, ccode2, year``, or state-years keyed by ``ccode, year``) and returns a tidy
coefficient table with the columns ``RESULT_COLUMNS`` and a ``FittedModel``.
``marginal_effects`` evaluates an interaction over the moderator's range (Brambor, Clark and
Golder 2006); ``event_study`` estimates leads and lags around an event.

Choices:

- Clusters. ``cluster="dyad"`` clusters by the directed dyad, id ``ccode1 * 1000 + ccode2``, the
  unit that the dyad fixed effects also use; ``"state"`` by ``ccode``. Where a sample holds both
  (A, B) and (B, A), their errors are likely correlated, and clustering by the undirected pair,
  or by both states (Cameron, Gelbach and Miller 2011), would be more conservative.
- Small-sample correction: CR1, V = c (X'X)^-1 (sum_g X_g'u_g u_g'X_g) (X'X)^-1 with
  c = G/(G-1) * (N-1)/(N-K) (Cameron and Miller 2015, sec. II). Logit: statsmodels'
  ``cov_type="cluster"`` default, with the inverse Hessian as bread and the scores as X_g'u_g; K
  counts the constant and the year dummies. Linear models: linearmodels ``debiased=True,
  group_debias=True, auto_df=False, count_effects=False``; K counts the regressors left after the
  effects are absorbed, not the dyad (state) effects, which are nested within the clusters
  (Cameron and Miller 2015, sec. III.B; Stata's ``xtreg, fe vce(cluster)``), nor the year effects
  (fewer than a hundred against N in the hundreds of thousands).
- Inference: t with G-1 degrees of freedom for the linear models (Cameron and Miller 2015,
  sec. VI), standard normal for the logit (maximum likelihood asymptotics).
- Logit takes year fixed effects only, as dummies: dyad or state dummies would be incidental
  parameters. Years in which the outcome does not vary are dropped, since their dummies
  diverge (as Stata's ``logit`` and fixest's ``feglm`` do). Newton-Raphson runs on the design
  orthonormalized (see ``_fit_logit``): on the raw design it diverges on the dyad-year panel,
  whose spline terms are nearly collinear and whose distances are in miles. The peace-year terms (Carter and
  Signorino 2010) enter the logit only: beside dyad effects, a function of the dyad's past
  outcomes as regressor biases the linear estimates (Nickell 1981).
- Linear models with entity effects drop singleton units and years, repeatedly: they are fit
  exactly and only inflate N and G (Correia 2015). Two-way effects are absorbed by linearmodels'
  low-memory algorithm (alternating projections to a tolerance of 1e-8), ten times faster than
  its dummy-variable algorithm on 500,000 dyad-years; the standard errors agree to about 1e-10.
- A specification that the data cannot identify raises ``EstimationError`` (an ``InputError``, one
  line): no variation in the outcome, collinear terms or terms absorbed by the fixed effects
  (named), a 0/1 term that predicts the logit's outcome perfectly where it is 0 or where it is 1
  (quasi-complete separation), a logit that does not converge. No row-less tables are returned.
"""

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from linearmodels import PanelOLS
from linearmodels.panel.utility import AbsorbingEffectWarning
from scipy import stats
from scipy.special import expit
from statsmodels.discrete.discrete_model import Logit
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from alliance_bargaining.errors import InputError
from alliance_bargaining.models.estimates import RESULT_COLUMNS

EFFECT_COLUMNS = ["moderator_value", "effect", "std_error", "ci_low", "ci_high"]
EVENT_COLUMNS = ["event_time", "estimate", "std_error", "ci_low", "ci_high", "n_obs"]
ESTIMATORS = ("logit", "lpm_fe", "ols_fe")
BINARY_ESTIMATORS = ("logit", "lpm_fe")
UNITS = {"dyad": ("ccode1", "ccode2"), "state": ("ccode",)}
REQUIRED_KEYS = ("hypothesis", "spec", "estimator", "outcome", "regressors", "cluster")
LEVEL = 0.95
RANK_TOL = 1e-10  # squared distance of a unit-norm column from the span of the columns before it


class EstimationError(InputError):
    """The data cannot identify a specification (singular design, separation, no variation)."""


@dataclass(frozen=True)
class FittedModel:
    """One estimated specification.

    ``params`` and ``cov`` cover every coefficient estimated (for the logit also the constant and
    the year dummies); ``rows`` are the positions in ``data`` of the estimation sample; ``df`` the
    degrees of freedom of the t reference distribution (None: standard normal); ``notes`` say
    which rows were dropped and why; ``result`` is the linearmodels result, or for the logit the
    statsmodels result on the orthonormalized design (its parameters are not those of ``params``).
    """

    spec: dict
    result: object
    params: pd.Series
    cov: pd.DataFrame
    df: int | None
    rows: np.ndarray
    notes: tuple[str, ...]


@dataclass(frozen=True)
class _Sample:
    """Estimation rows: positions in the data, outcome, terms, cluster (entity) ids and years."""

    rows: np.ndarray
    y: np.ndarray
    terms: dict
    unit: np.ndarray
    year: np.ndarray

    def subset(self, keep: np.ndarray) -> "_Sample":
        return _Sample(
            self.rows[keep],
            self.y[keep],
            {name: values[keep] for name, values in self.terms.items()},
            self.unit[keep],
            self.year[keep],
        )


def fit(data: pd.DataFrame, spec: dict) -> tuple[pd.DataFrame, FittedModel]:
    """Estimate ``spec`` on ``data``: (coefficient table with ``RESULT_COLUMNS``, fitted model).

    ``spec`` keys: ``hypothesis``, ``spec`` (id), ``estimator`` ("logit", "lpm_fe", "ols_fe"),
    ``outcome``, ``regressors``, ``cluster`` ("dyad", "state"); optional ``interactions`` (pairs
    [a, b], entered as ``a_x_b`` = a * b), ``controls``, ``fixed_effects`` (among "dyad", "year",
    "state"; an entity effect must match ``cluster``) and ``peace_splines`` (logit only). Rows
    with a missing value in a used column are dropped. The table has one row per term (regressors,
    interactions, controls, peace-year terms, and the constant where estimated), never the fixed
    effects.
    """
    spec = _checked(data, spec)
    sample, notes = _sample(data, spec)
    if spec["estimator"] == "logit":
        fitted = _fit_logit(spec, sample, notes)
        reported = [*sample.terms, "const"]
    else:
        fitted = _fit_linear(spec, sample, notes)
        reported = list(fitted.params.index)
    return _table(spec, fitted, reported, sample), fitted


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


def event_study(
    data: pd.DataFrame,
    outcome: str,
    event_time_col: str = "event_time",
    window: int = 5,
    reference: int = -1,
    cluster: str = "dyad",
    fixed_effects=("dyad", "year"),
) -> pd.DataFrame:
    """Leads and lags of an event: ``outcome`` on event-time dummies with fixed effects (OLS).

    ``event_time_col`` is the year minus the unit's event year, missing for units without an
    event, which are controls with every dummy 0. Event times beyond the window are binned into
    its end points (Schmidheiny and Siegloch 2023); ``reference`` is omitted and reported as 0.
    Standard errors clustered as in ``fit``. With effects that vary across cohorts the two-way
    estimates are weighted averages that can mislead (Sun and Abraham 2021). Columns
    ``EVENT_COLUMNS``; ``n_obs`` counts the estimation rows at each event time.
    """
    label = f"event study of {outcome}"
    if event_time_col not in data.columns:
        raise InputError(f"{label}: column '{event_time_col}' not in dataset")
    if not -window <= reference <= window:
        raise InputError(f"{label}: reference {reference} outside the window -{window}..{window}")
    binned = np.clip(data[event_time_col].to_numpy(dtype=float, na_value=np.nan), -window, window)
    times = range(-window, window + 1)
    names = {k: f"event_m{-k}" if k < 0 else f"event_p{k}" for k in times if k != reference}
    spec = {
        "hypothesis": "event_study",
        "spec": outcome,
        "estimator": "ols_fe",
        "outcome": outcome,
        "regressors": list(names.values()),
        "fixed_effects": list(fixed_effects),
        "cluster": cluster,
    }
    frame = data.assign(**{name: (binned == k).astype(float) for k, name in names.items()})
    table, fitted = fit(frame, spec)
    counts = pd.Series(binned[fitted.rows]).value_counts()
    coefs = table.set_index("term")
    rows = []
    for k in times:
        if k == reference:
            rows.append((k, 0.0, np.nan, np.nan, np.nan))
        else:
            rows.append((k, *coefs.loc[names[k], ["estimate", "std_error", "ci_low", "ci_high"]]))
    out = pd.DataFrame(rows, columns=EVENT_COLUMNS[:5])
    return out.assign(n_obs=[int(counts.get(float(k), 0)) for k in times])


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
    if cluster not in UNITS:
        raise InputError(f"{label}: cluster '{cluster}' not one of {', '.join(UNITS)}")
    for effect in spec["fixed_effects"]:
        if effect not in (*UNITS, "year"):
            raise InputError(f"{label}: fixed effect '{effect}' not one of dyad, year, state")
        if effect in UNITS and estimator == "logit":
            raise InputError(
                f"{label}: logit takes year fixed effects only, not '{effect}' (incidental parameters; use lpm_fe)"
            )
        if effect in UNITS and effect != cluster:
            raise InputError(f"{label}: {effect} fixed effects need cluster '{effect}', not '{cluster}'")
    for pair in spec["interactions"]:
        if isinstance(pair, str) or len(pair) != 2:
            raise InputError(f"{label}: interaction {pair!r} is not a pair of columns")
    columns = [
        spec["outcome"],
        *spec["regressors"],
        *(column for pair in spec["interactions"] for column in pair),
        *spec["controls"],
        *_splines(spec),
        *UNITS[cluster],
        "year",
    ]
    for column in columns:
        if column not in data.columns:
            raise InputError(f"{label}: column '{column}' not in dataset")
    return spec


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
    columns = [
        spec["outcome"],
        *names,
        *(c for pair in pairs.values() for c in pair),
        *UNITS[spec["cluster"]],
        "year",
    ]
    values = {
        column: _numeric(data, column, label) for column in dict.fromkeys(columns) if column not in pairs
    }
    keep = np.logical_and.reduce([np.isfinite(v) for v in values.values()])
    values = {column: v[keep] for column, v in values.items()}
    for name, (a, b) in pairs.items():
        values[name] = values[a] * values[b]
    unit = [values[column].astype(np.int64) for column in UNITS[spec["cluster"]]]
    sample = _Sample(
        rows=np.flatnonzero(keep),
        y=values[spec["outcome"]],
        terms={name: values[name] for name in names},
        unit=unit[0] * 1000 + unit[1] if len(unit) == 2 else unit[0],
        year=values["year"].astype(np.int64),
    )
    notes = [f"{len(data) - keep.sum()} of {len(data)} rows dropped for missing or infinite values"]
    if not pd.Index(sample.unit * 10000 + sample.year).is_unique:
        key = ", ".join([*UNITS[spec["cluster"]], "year"])
        raise InputError(f"{label}: rows are not unique by ({key})")
    if spec["estimator"] in BINARY_ESTIMATORS and not np.isin(sample.y, (0.0, 1.0)).all():
        raise InputError(f"{label}: outcome '{spec['outcome']}' is not 0/1, as {spec['estimator']} needs")
    if spec["estimator"] == "logit" and "year" in spec["fixed_effects"]:
        sample = _drop_constant_years(sample, notes)
    entity = any(effect in UNITS for effect in spec["fixed_effects"])
    if spec["estimator"] != "logit" and entity:
        sample = _drop_singletons(sample, "year" in spec["fixed_effects"], notes)
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


def _drop_singletons(sample: _Sample, by_year: bool, notes: list) -> _Sample:
    """Drop rows alone in their entity (or year), repeatedly until none is (Correia 2015)."""
    keep = np.ones(len(sample.y), bool)
    groups = [sample.unit, sample.year] if by_year else [sample.unit]
    while True:
        at = np.flatnonzero(keep)
        single = np.zeros(len(at), bool)
        for codes in groups:
            _, inverse, counts = np.unique(codes[at], return_inverse=True, return_counts=True)
            single |= counts[inverse] == 1
        if not single.any():
            break
        keep[at[single]] = False
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


def _whitening(matrix: np.ndarray, names: list, label: str) -> np.ndarray:
    """A with (matrix @ A)'(matrix @ A) = I, from the Cholesky factor of the scaled Gram matrix.

    Raises naming the first column that is zero or (nearly) a combination of the columns before it:
    its squared distance from their span, as unit vectors, below ``RANK_TOL``.
    """
    norms = np.linalg.norm(matrix, axis=0)
    for name, norm in zip(names, norms, strict=True):
        if norm == 0:
            raise EstimationError(f"{label}: singular design: '{name}' is zero in every row")
    gram = matrix.T @ matrix / np.outer(norms, norms)
    for j, name in enumerate(names[1:], start=1):
        if 1 - gram[:j, j] @ np.linalg.solve(gram[:j, :j], gram[:j, j]) < RANK_TOL:
            raise EstimationError(f"{label}: singular design: '{name}' is collinear with the terms before it")
    return np.linalg.inv(np.linalg.cholesky(gram).T) / norms[:, None]


def _logit_design(sample: _Sample, spec: dict) -> tuple[np.ndarray, list]:
    """Logit design matrix and column names: constant, year dummies (first year omitted), terms."""
    n = len(sample.y)
    names, columns = ["const"], [np.ones(n)]
    if "year" in spec["fixed_effects"]:
        years, inverse = np.unique(sample.year, return_inverse=True)
        dummies = np.zeros((n, len(years) - 1))
        dummies[np.flatnonzero(inverse), inverse[inverse > 0] - 1] = 1.0
        names += [f"year_{year}" for year in years[1:]]
        columns += list(dummies.T)
    return np.column_stack([*columns, *sample.terms.values()]), [*names, *sample.terms]


def _fit_logit(spec: dict, sample: _Sample, notes: list) -> FittedModel:
    """Logit by Newton-Raphson on an orthonormalized design, with cluster-robust (CR1) covariance.

    The design X is reparametrized as Z = X A with Z'Z = N I: peace-year splines and variables in
    miles make X'WX too ill-conditioned for Newton steps on X. Newton starts from the first
    iteratively reweighted least squares step from mu = (y + 1/2) / 2 (as R's ``glm``). The
    estimates and covariance are A c and A V_c A', which is the CR1 covariance of X exactly.
    ``result`` is the statsmodels fit on Z.
    """
    label = _label(spec)
    exog, names = _logit_design(sample, spec)
    n = len(sample.y)
    whiten = _whitening(exog, names, label) * np.sqrt(n)
    design = exog @ whiten
    mu = (sample.y + 0.5) / 2
    working = np.log(mu / (1 - mu)) + (sample.y - mu) / (mu * (1 - mu))
    _, groups = np.unique(sample.unit, return_inverse=True)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = Logit(sample.y, design).fit(
                start_params=design.T @ working / n,
                method="newton",
                maxiter=100,
                disp=False,
                cov_type="cluster",
                cov_kwds={"groups": groups},
            )
        except np.linalg.LinAlgError as error:
            raise EstimationError(f"{label}: logit failed: {error}") from error
    trouble = [w for w in caught if issubclass(w.category, PerfectSeparationWarning | ConvergenceWarning)]
    if trouble or not result.mle_retvals["converged"]:
        reason = str(trouble[0].message) if trouble else "no convergence in 100 iterations"
        raise EstimationError(f"{label}: logit failed (separation?): {reason}")
    return FittedModel(
        spec=spec,
        result=result,
        params=pd.Series(whiten @ result.params, index=names),
        cov=pd.DataFrame(whiten @ result.cov_params() @ whiten.T, index=names, columns=names),
        df=None,
        rows=sample.rows,
        notes=tuple(notes),
    )


def _fit_linear(spec: dict, sample: _Sample, notes: list) -> FittedModel:
    """PanelOLS with entity (dyad or state) and year effects, clustered by entity (CR1)."""
    label = _label(spec)
    entity_effects = any(effect in UNITS for effect in spec["fixed_effects"])
    time_effects = "year" in spec["fixed_effects"]
    exog = pd.DataFrame(sample.terms)
    if not (entity_effects or time_effects):
        exog["const"] = 1.0
    _whitening(exog.to_numpy(), list(exog.columns), label)
    index = pd.MultiIndex.from_arrays([sample.unit, sample.year], names=[spec["cluster"], "year"])
    exog.index = index
    model = PanelOLS(
        pd.Series(sample.y, index=index, name=spec["outcome"]),
        exog,
        entity_effects=entity_effects,
        time_effects=time_effects,
        drop_absorbed=True,
        check_rank=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AbsorbingEffectWarning)
        try:
            result = model.fit(
                low_memory=True,
                cov_type="clustered",
                cluster_entity=True,
                debiased=True,
                group_debias=True,
                auto_df=False,
                count_effects=False,
            )
        except ValueError as error:
            raise EstimationError(f"{label}: {error}") from error
    absorbed = [name for name in exog.columns if name not in result.params.index]
    if absorbed:
        raise EstimationError(
            f"{label}: {', '.join(repr(name) for name in absorbed)} absorbed by the fixed effects"
        )
    return FittedModel(
        spec=spec,
        result=result,
        params=result.params.rename(None),
        cov=result.cov,
        df=len(np.unique(sample.unit)) - 1,
        rows=sample.rows,
        notes=tuple(notes),
    )


def _critical(df: int | None) -> float:
    return stats.norm.ppf(0.5 + LEVEL / 2) if df is None else stats.t.ppf(0.5 + LEVEL / 2, df)


def _table(spec: dict, fitted: FittedModel, terms: list, sample: _Sample) -> pd.DataFrame:
    """The tidy coefficient table: one row per term, sample facts repeated on every row."""
    estimate = fitted.params[terms].to_numpy()
    std_error = np.sqrt(np.diag(fitted.cov.loc[terms, terms].to_numpy()))
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
            "n_clusters": len(np.unique(sample.unit)),
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
    p = expit(base + (new - exog[:, positions]) @ params[positions])
    density = p * (1 - p)
    return p, density, density * (1 - 2 * p), new, positions


def _mean_row(weights, new, positions, exog, size):
    """Mean over rows of weights_i * x_i, x_i the design row with the changed columns."""
    out = exog.T @ weights / len(weights) if exog is not None else np.zeros(size)
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
