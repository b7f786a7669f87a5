"""Config and dataset registry validation."""

import pytest
import yaml

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.settings import load_config

from .conftest import CONFIG_SCHEMA, ROOT, SOURCES_SCHEMA


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def test_project_registry_and_config_are_valid():
    sources = load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA)
    assert len(sources) == 27
    assert sum(entry["reader"] is None for entry in sources.values()) == 1  # ps_bib
    config = load_config(ROOT / "config" / "config.yaml", CONFIG_SCHEMA)
    assert config["raw_mirrors"] == ["../shared/data/raw"]


def test_config_defaults_fill_missing_keys(tmp_path):
    config = load_config(write(tmp_path, "c.yaml", {}), CONFIG_SCHEMA)
    assert config["un_crosscheck_min_share"] == 0.999 and config["sources"] == "data/sources.yaml"


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"raw_mirrors": "../shared"}, "key 'raw_mirrors': '../shared' is not of type 'array'"),
        (
            {"un_crosscheck_min_share": 1.5},
            "key 'un_crosscheck_min_share': 1.5 is greater than the maximum of 1",
        ),
        (
            {"raw_mirror": ["x"]},
            "key '<top level>': Additional properties are not allowed ('raw_mirror' was unexpected)",
        ),
        (
            {"panel": {"un_roll_calls": "unvotes"}},
            "key 'panel.un_roll_calls': 'unvotes' is not one of ['published', 'all']",
        ),
        (
            {"panel": {"un_ideal_subset": "xx"}},
            "key 'panel.un_ideal_subset': 'xx' is not one of ['all', 'important', 'me', 'nu', 'di', 'hr', 'co', 'ec']",
        ),
        ({"panel": {"un_ideal_sessions": [1]}}, "key 'panel.un_ideal_sessions': [1] is too short"),
    ],
)
def test_malformed_config_value(tmp_path, data, expected):
    path = write(tmp_path, "c.yaml", data)
    with pytest.raises(InputError) as err:
        load_config(path, CONFIG_SCHEMA)
    assert str(err.value) == f"{path}: {expected}"


def test_config_that_is_not_yaml(tmp_path):
    path = write(tmp_path, "c.yaml", "raw_mirrors: [unclosed\n")
    with pytest.raises(InputError, match=r"c.yaml: line \d+ is not valid YAML"):
        load_config(path, CONFIG_SCHEMA)


def good_entry(**changes):
    entry = {
        "file": "peacesciencer/cow_majors.rda",
        "url": "https://example.org/cow_majors.rda",
        "sha256": "a" * 64,
        "reader": "cow_majors",
        "object": "cow_majors",
        "dataset": "COW majors",
        "version": "2016",
        "years": [1816, 2016],
        "min_rows": 14,
        "coverage": [1816, 2016],
        "citation": "COW",
        "license": "free",
    }
    entry.update(changes)
    return {k: v for k, v in entry.items() if v != "DROP"}


@pytest.mark.parametrize(
    "entry, expected",
    [
        (good_entry(sha256="abc"), "key 'cow_majors.sha256': 'abc' does not match '^[0-9a-f]{64}$'"),
        (good_entry(url="DROP"), "key 'cow_majors': 'url' is a required property"),
        (good_entry(years=[1816]), "key 'cow_majors.years': [1816] is too short"),
        (
            good_entry(reader="majors"),
            "key 'cow_majors.reader': expected a reader function in alliance_bargaining.ingest.readers, found 'majors'",
        ),
    ],
)
def test_malformed_sources_entry(tmp_path, entry, expected):
    path = write(tmp_path, "sources.yaml", {"cow_majors": entry})
    with pytest.raises(InputError) as err:
        load_sources(path, SOURCES_SCHEMA)
    assert str(err.value) == f"{path}: {expected}"


def test_readme_data_availability_table_is_current():
    from alliance_bargaining.report.docs import with_sources_table

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    sources = load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA)
    assert with_sources_table(readme, sources) == readme, "run: python -m alliance_bargaining.report.docs"
