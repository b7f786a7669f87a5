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

    def tidy(self, raw: pd.DataFrame, file: str) -> pd.DataFrame:
        """Select, rename and cast the raw columns; sort rows by key."""
        missing = [c.src or n for n, c in self.columns.items() if (c.src or n) not in raw.columns]
        if missing:
            raise InputError(
                f"{file}: missing column '{missing[0]}' (expected columns: "
                f"{', '.join(c.src or n for n, c in self.columns.items())})"
            )
        out = pd.DataFrame(
            {
                name: cast(raw[col.src or name], col, file, col.src or name)
                for name, col in self.columns.items()
            }
        )
        return out.sort_values(list(self.key), kind="mergesort", na_position="first").reset_index(drop=True)

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
            raise InputError(f"{file}: {_first_line(err)}") from err
        dup = frame.duplicated(list(self.key), keep=False)
        if dup.any():
            first = frame.loc[dup, list(self.key)].iloc[0].to_dict()
            raise InputError(
                f"{file}: duplicate key ({', '.join(self.key)}) = {tuple(first.values())}: "
                f"expected one row per key, found {int(dup.sum())} rows sharing a key"
            )
        return frame


def cast(values: pd.Series, col: Col, file: str, name: str) -> pd.Series:
    """Cast one raw column to the column's dtype, refusing non-whole numbers for integers."""
    if col.dtype in INTEGER_DTYPES:
        numeric = pd.to_numeric(values, errors="coerce")
        bad_text = numeric.isna() & values.notna()
        if bad_text.any():
            raise InputError(f"{file}: column '{name}': expected numbers, found {values[bad_text].iloc[0]!r}")
        if numeric.isna().any() and not col.nullable:
            raise InputError(
                f"{file}: column '{name}': expected no missing values, found {int(numeric.isna().sum())}"
            )
        frac = numeric.notna() & (numeric != np.floor(numeric.fillna(0)))
        if frac.any():
            raise InputError(
                f"{file}: column '{name}': expected whole numbers, found {numeric[frac].iloc[0].item()!r}"
            )
        return numeric.astype(col.dtype)
    if col.dtype == "date":
        return pd.to_datetime(values, errors="raise").astype("datetime64[s]")
    if col.dtype == "string":
        return values.astype("string")
    return pd.to_numeric(values, errors="raise").astype(col.dtype)


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


def _first_line(err: Exception) -> str:
    """pandera's message cut before its list of failure cases, plus the first one and a count."""
    text = str(err).strip().splitlines()[0].split(" failure cases:")[0].rstrip(": ")
    failure = getattr(err, "failure_cases", None)
    if isinstance(failure, pd.DataFrame) and "failure_case" in failure and len(failure):
        value = failure["failure_case"].iloc[0]
        value = value.item() if hasattr(value, "item") else value
        text += f" (first failing value: {value!r}, {len(failure)} in all)"
    return text
