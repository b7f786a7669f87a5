"""Deterministic, atomic writers shared by every stage: parquet between stages, JSON for checks.

A file is written to a temporary ``.<name>.<random>.part`` next to it and renamed into place, so a
reader never sees half a file. Temporaries left by a killed run are removed by the next write of
the same file; the final file gets the mode a plain ``open`` would give it (0666 minus the umask),
not ``mkstemp``'s 0600, so collaborators on a shared volume can read the results.
"""

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def umask_mode() -> int:
    """The permission bits a newly created file gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def remove_stale_parts(path: str | Path) -> None:
    """Delete temporaries ``.<name>.*.part`` that an interrupted write of ``path`` left behind."""
    path = Path(path)
    for stale in path.parent.glob(f".{path.name}.*part"):
        stale.unlink(missing_ok=True)


def atomic_write(path: str | Path, write: Callable[[str], None]) -> None:
    """Call ``write(tmp)`` on a temporary file beside ``path``, then rename it to ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_parts(path)
    handle, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    os.close(handle)
    try:
        write(tmp)
        os.chmod(tmp, umask_mode())
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_parquet(frame: pd.DataFrame, path: str | Path) -> None:
    """Write ``frame`` to parquet deterministically (no index, fixed settings), atomically."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    atomic_write(path, lambda tmp: pq.write_table(table, tmp, compression="zstd", write_statistics=True))


def write_json(data: dict, path: str | Path) -> None:
    """Write a check or report file as sorted, indented JSON, atomically."""
    text = json.dumps(data, indent=2, sort_keys=True) + "\n"
    atomic_write(path, lambda tmp: Path(tmp).write_text(text, encoding="utf-8"))
