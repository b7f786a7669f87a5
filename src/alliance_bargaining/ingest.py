"""Read a verified raw file, apply its reader, validate, and write parquet atomically."""

import json
import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pyreadr

from .acquire import verify_sha256
from .errors import InputError
from .readers import READERS


def read_raw(path: str | Path, obj: str | None) -> pd.DataFrame:
    """Read a raw file: R data (``.rda``/``.RData``, object ``obj``) or CSV."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        try:
            return pd.read_csv(path)
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
    raw = read_raw(raw_path, entry.get("object"))
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


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` to parquet deterministically (no index, fixed settings), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        pq.write_table(table, tmp, compression="zstd", write_statistics=True)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_json(data: dict, path: str | Path) -> None:
    """Write a check or report file as sorted, indented JSON, atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.part")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, path)
