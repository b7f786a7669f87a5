"""Read a verified raw file, apply its reader and validate it into an interim table."""

from pathlib import Path

import pandas as pd
import pyreadr

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.acquire import verify_sha256
from alliance_bargaining.ingest.readers import READERS


def read_raw(path: str | Path, obj: str | None, encoding: str | None = None) -> pd.DataFrame:
    """Read a raw file: R data (``.rda``/``.RData``, object ``obj``) or CSV (``encoding``, default utf-8)."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        try:
            return pd.read_csv(path, encoding=encoding or "utf-8")
        except (pd.errors.ParserError, UnicodeDecodeError) as err:
            raise InputError(f"{path}: cannot parse as CSV ({err})") from err
    try:
        objects = pyreadr.read_r(str(path), use_objects=[obj] if obj else None)
    except (pyreadr.custom_errors.PyreadrError, pyreadr.custom_errors.LibrdataError, OSError) as err:
        raise InputError(f"{path}: cannot read as R data, expected object '{obj}' ({err})") from err
    if obj not in objects:
        raise InputError(f"{path}: expected R object '{obj}', found {sorted(objects)}")
    return objects[obj]


def build_table(name: str, entry: dict, raw_path: str | Path, needs: dict | None = None):
    """Turn one registry entry's raw file into its validated table and an ingest report.

    ``needs`` maps the names of interim tables the reader declares to their frames. The file's
    SHA256 is verified first.
    """
    if name not in READERS:
        raise InputError(f"data/sources.yaml: key '{name}.reader': no reader registered under that name")
    spec = READERS[name]
    verify_sha256(raw_path, entry["sha256"])
    raw = read_raw(raw_path, entry.get("object"), entry.get("encoding"))
    where = entry["file"]
    try:
        result = spec.func(raw, **(needs or {}))
    except InputError as err:
        raise InputError(f"{where}: {err}") from err
    frame, report = result if isinstance(result, tuple) else (result, {})
    table = spec.table.tidy(frame, where)
    years = tuple(entry["years"]) if "years" in entry else None
    spec.table.validate(table, where, years)
    report = {"source": name, "file": where, "rows_raw": int(len(raw)), "rows": int(len(table)), **report}
    return table, report
