"""Shared paths and the session-wide workflow run on the real raw data mirror."""

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
MIRROR = (ROOT / ".." / "shared" / "data" / "raw").resolve()
SOURCES_SCHEMA = ROOT / "workflow" / "schemas" / "sources.schema.yaml"
CONFIG_SCHEMA = ROOT / "workflow" / "schemas" / "config.schema.yaml"


def snakemake_command(workdir: Path) -> list:
    """The project's workflow with outputs under ``workdir`` (add cores and targets)."""
    return [sys.executable, "-m", "snakemake", "--snakefile", str(ROOT / "Snakefile"), "--directory", str(workdir)]


def snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the project's workflow with outputs under ``workdir``."""
    cmd = [*snakemake_command(workdir), "--cores", "2", *args]
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"snakemake failed:\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}")
    return result


@pytest.fixture(scope="session")
def real_inputs():
    """The built dyad-year panel and the directed dispute-dyad tables of both MID data sets ("" the
    primary, "_alt" the alternative), as the proxies stage reads them; skipped when not built."""
    from alliance_bargaining.panel.build import MID_SOURCES

    panel_path = ROOT / "data" / "processed" / "dyad_year.parquet"
    if not panel_path.exists():
        pytest.skip(f"{panel_path} not built")
    names = {"": MID_SOURCES["cow"][0], "_alt": MID_SOURCES["gml"][0]}
    dirdisps = {s: pd.read_parquet(ROOT / "data" / "interim" / f"{n}.parquet") for s, n in names.items()}
    return pd.read_parquet(panel_path), dirdisps


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """A work folder where `snakemake ingest panel` has run on the real mirror."""
    if not MIRROR.is_dir():
        pytest.skip(f"raw data mirror {MIRROR} not present")
    workdir = tmp_path_factory.mktemp("workflow")
    snakemake(workdir, "ingest", "panel")
    return workdir
