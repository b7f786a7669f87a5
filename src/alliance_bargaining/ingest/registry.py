"""The dataset registry (data/sources.yaml): one entry per raw file, validated against its schema."""

from pathlib import Path

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.checks import has_years
from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.settings import load_yaml, validate


def load_sources(path: str | Path, schema_path: str | Path, name: str | Path | None = None) -> dict:
    """Read and validate the dataset registry.

    Every ``reader`` must name a registered reader; a source name given twice, a reversed or
    empty year range, a ``coverage`` outside ``years``, and a table with years but no
    ``coverage`` are errors. ``name`` is how messages call the file (default ``path``).
    """
    name = path if name is None else name
    sources = validate(load_yaml(path, name), schema_path, name)
    for source, entry in sources.items():
        if entry["reader"] is not None and entry["reader"] not in READERS:
            raise InputError(
                f"{name}: key '{source}.reader': expected a reader function in "
                f"alliance_bargaining.ingest.readers, found '{entry['reader']}'"
            )
        if entry["reader"] is not None and entry["reader"] != source:
            raise InputError(f"{name}: key '{source}.reader': expected '{source}' (one reader per table)")
        for key in ("years", "coverage"):
            if key in entry and entry[key][0] > entry[key][1]:
                raise InputError(
                    f"{name}: key '{source}.{key}': expected [first, last] with first <= last, "
                    f"found {entry[key]}"
                )
        if "coverage" in entry and "years" in entry:
            (low, high), (first, last) = entry["years"], entry["coverage"]
            if first < low or last > high:
                raise InputError(
                    f"{name}: key '{source}.coverage': expected a span within years {entry['years']}, "
                    f"found {entry['coverage']}"
                )
        if (
            entry["reader"] is not None
            and "coverage" not in entry
            and has_years(READERS[source].table.columns)
        ):
            raise InputError(
                f"{name}: key '{source}.coverage': expected [first, last] year the table must reach "
                f"(it has a year column), found nothing"
            )
        outside = entry.get("outside_membership", [])
        for item in [] if outside == "any" else outside:
            if item != "any" and item[1] > item[2]:
                raise InputError(
                    f"{name}: key '{source}.outside_membership': expected [ccode, first, last] with "
                    f"first <= last, found {item}"
                )
        if "join" in entry:
            _check_join(name, source, entry)
    return sources


def _check_join(path, name: str, entry: dict) -> None:
    """A join names the reader's key and columns; derived columns combine a state-year column."""
    join = entry["join"]
    if entry["reader"] is None:
        raise InputError(f"{path}: key '{name}.join': expected a source with a reader, found reader null")
    table = READERS[name].table
    if tuple(join["keys"]) != tuple(table.key):
        raise InputError(
            f"{path}: key '{name}.join.keys': expected the table's key {list(table.key)}, found {join['keys']}"
        )
    for column in join["columns"]:
        if column not in table.columns or column in table.key:
            raise InputError(
                f"{path}: key '{name}.join.columns': column '{column}' is not a value column of table "
                f"'{name}' (columns: {', '.join(c for c in table.columns if c not in table.key)})"
            )
    for new, rule in join.get("derived", {}).items():
        where = f"{path}: key '{name}.join.derived.{new}'"
        if list(join["keys"]) != ["ccode", "year"]:
            raise InputError(
                f"{where}: expected a state-year source (keys [ccode, year]) for a derived column"
            )
        if rule["column"] not in join["columns"]:
            raise InputError(
                f"{where}: column '{rule['column']}' is not one of join.columns {join['columns']}"
            )
        if (rule["op"] == "both_at_least") != ("threshold" in rule):
            raise InputError(f"{where}: expected 'threshold' with op both_at_least and only with it")
