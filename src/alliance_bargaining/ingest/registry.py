"""The dataset registry (data/sources.yaml): one entry per raw file, validated against its schema."""

from pathlib import Path

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.settings import load_yaml, validate


def load_sources(path: str | Path, schema_path: str | Path) -> dict:
    """Read and validate the dataset registry; every ``reader`` must name a registered reader."""
    sources = validate(load_yaml(path), schema_path, path)
    for name, entry in sources.items():
        if entry["reader"] is not None and entry["reader"] not in READERS:
            raise InputError(
                f"{path}: key '{name}.reader': expected a reader function in "
                f"alliance_bargaining.ingest.readers, found '{entry['reader']}'"
            )
        if entry["reader"] is not None and entry["reader"] != name:
            raise InputError(f"{path}: key '{name}.reader': expected '{name}' (one reader per table)")
        if "join" in entry:
            _check_join(path, name, entry)
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
