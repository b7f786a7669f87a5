"""Table specifications: typed, documented columns, a key, and their validation.

A ``Table`` names its key and, for every column, the storage dtype, a definition (the codebook
entry) and a value check. ``tidy`` turns a raw frame into the table (renaming, checking that
codes and years are whole numbers before casting, sorting by key) and ``validate`` checks the
result with pandera plus a key check, raising a one-line InputError that names the file and
column.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pandera.pandas as pa

from alliance_bargaining.errors import InputError

CCODE_RANGE = (2, 999)  # Correlates of War state codes

INTEGER_DTYPES = {"int8", "int16", "int32", "int64", "Int8", "Int16", "Int32", "Int64"}


@dataclass(frozen=True)
class Col:
    """One column: storage dtype, definition, raw source column and value check.

    ``check`` is "ccode" (a COW code), "year" (within the source's registered years), a
    ``(low, high)`` range, a list of allowed values, or None. ``nullable`` columns may hold
    missing values (nullable integer dtypes are spelled with a capital I); float columns are
    measurements and always may.
    """

    dtype: str
    doc: str
    src: str | None = None
    check: object = None
    nullable: bool = False

    @property
    def allows_missing(self) -> bool:
        return self.nullable or self.dtype.startswith("float")


@dataclass(frozen=True)
class Table:
    name: str
    doc: str
    key: tuple
    columns: dict = field(default_factory=dict)

    def tidy(self, raw: pd.DataFrame, file: str, keep_index: bool = False) -> pd.DataFrame:
        """Select, rename and cast the raw columns; sort rows by key.

        With ``keep_index`` the rows keep the raw frame's index (its row positions, for messages
        that give a row number) instead of a fresh one.
        """
        missing = [c.src or n for n, c in self.columns.items() if (c.src or n) not in raw.columns]
        if missing:
            raise InputError(
                f"{file}: missing column '{missing[0]}': expected columns "
                f"{', '.join(c.src or n for n, c in self.columns.items())}, found "
                f"{', '.join(map(str, raw.columns))}"
            )
        out = pd.DataFrame(
            {
                name: cast(raw[col.src or name], col, file, col.src or name)
                for name, col in self.columns.items()
            }
        )
        out = out.sort_values(list(self.key), kind="mergesort", na_position="first")
        return out if keep_index else out.reset_index(drop=True)

    def source_names(self) -> dict:
        """Column name -> its name in the raw file (what the user sees)."""
        return {name: col.src or name for name, col in self.columns.items()}

    def validate(self, frame: pd.DataFrame, file: str, years: tuple | None = None) -> pd.DataFrame:
        """Check dtypes, value ranges, missing values and unique keys; return the frame."""
        schema = pa.DataFrameSchema(
            {name: _pandera_column(name, col, years) for name, col in self.columns.items()},
            strict=True,
            ordered=True,
        )
        try:
            schema.validate(frame)
        except pa.errors.SchemaError as err:
            raise InputError(f"{file}: {self._message(err, file, years)}") from err
        dup = frame.duplicated(list(self.key), keep=False)
        if dup.any():
            first = frame.loc[dup, list(self.key)].iloc[0].to_dict()
            names = ", ".join(self.source_names()[k] for k in self.key)
            raise InputError(
                f"{file}: duplicate key ({names}) = {tuple(first.values())}: "
                f"expected one row per key, found {int(dup.sum())} rows sharing a key"
            )
        return frame

    def _message(self, err, file: str, years: tuple | None) -> str:
        """One line from a pandera error, naming the column as the raw file does."""
        name = getattr(getattr(err, "schema", None), "name", None)
        col = self.columns.get(name)
        failure = getattr(err, "failure_cases", None)
        if col is None or getattr(err, "check", None) is None or not isinstance(failure, pd.DataFrame):
            return _first_line(err)
        value = failure["failure_case"].iloc[0]
        value = value.item() if hasattr(value, "item") else value
        at = failure["index"].iloc[0] if "index" in failure else None
        where = f" at {row_ref(file, at)}" if at is not None and not pd.isna(at) else ""
        return (
            f"column '{col.src or name}': expected {_expected(col, years)}, found {value!r}{where} "
            f"({len(failure)} in all)"
        )


def row_ref(file: str, label) -> str:
    """Where row ``label`` (0-based position in the raw frame) is: a CSV line (the header is line
    1) or an R data frame's row (1-based)."""
    if str(file).lower().endswith(".csv"):
        return f"line {int(label) + 2}"
    return f"row {int(label) + 1}"


def cast(values: pd.Series, col: Col, file: str, name: str) -> pd.Series:
    """Cast one raw column to the column's dtype, refusing text and non-whole numbers for integers."""
    if col.dtype == "string":
        return values.astype("string")
    if col.dtype == "date":
        parsed = pd.to_datetime(values, errors="coerce")
        _refuse(values, parsed.isna() & values.notna(), file, name, "dates")
        return parsed.astype("datetime64[s]")
    numeric = pd.to_numeric(values, errors="coerce")
    _refuse(values, numeric.isna() & values.notna(), file, name, "numbers")
    if col.dtype not in INTEGER_DTYPES:
        return numeric.astype(col.dtype)
    if numeric.isna().any() and not col.nullable:
        raise InputError(
            f"{file}: column '{name}': expected no missing values, found {int(numeric.isna().sum())} "
            f"(first at {row_ref(file, numeric.index[numeric.isna().to_numpy()][0])})"
        )
    frac = numeric.notna() & (numeric != np.floor(numeric.fillna(0)))
    if frac.any():
        raise InputError(
            f"{file}: column '{name}': expected whole numbers, found {numeric[frac].iloc[0].item()!r} "
            f"at {row_ref(file, numeric.index[frac.to_numpy()][0])}"
        )
    return numeric.astype(col.dtype)


def _refuse(values: pd.Series, bad: pd.Series, file: str, name: str, expected: str) -> None:
    if bad.any():
        label = values.index[bad.to_numpy()][0]
        raise InputError(
            f"{file}: column '{name}': expected {expected}, found {values[label]!r} at "
            f"{row_ref(file, label)} ({int(bad.sum())} in all)"
        )


def _pandera_column(name: str, col: Col, years: tuple | None) -> pa.Column:
    checks = []
    if col.check == "ccode":
        checks.append(pa.Check.in_range(*CCODE_RANGE))
    elif col.check == "year" and years is not None:
        checks.append(pa.Check.in_range(*years))
    elif isinstance(col.check, tuple):
        checks.append(pa.Check.in_range(*col.check))
    elif isinstance(col.check, list):
        checks.append(pa.Check.isin(col.check))
    dtype = "datetime64[s]" if col.dtype == "date" else col.dtype
    return pa.Column(dtype, checks=checks, nullable=col.allows_missing, description=col.doc, title=name)


def _expected(col: Col, years: tuple | None) -> str:
    if col.check == "ccode":
        return f"a COW state code {CCODE_RANGE[0]}-{CCODE_RANGE[1]}"
    if col.check == "year":
        return f"years {years[0]}-{years[1]} (data/sources.yaml 'years')"
    if isinstance(col.check, tuple):
        return f"values from {col.check[0]} to {col.check[1]}"
    return f"one of {col.check}"


def _first_line(err: Exception) -> str:
    """pandera's message cut before its list of failure cases, plus the first one and a count."""
    text = str(err).strip().splitlines()[0].split(" failure cases:")[0].rstrip(": ")
    failure = getattr(err, "failure_cases", None)
    if isinstance(failure, pd.DataFrame) and "failure_case" in failure and len(failure):
        value = failure["failure_case"].iloc[0]
        value = value.item() if hasattr(value, "item") else value
        text += f" (first failing value: {value!r}, {len(failure)} in all)"
    return text
