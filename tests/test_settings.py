"""Config and dataset registry validation."""

import pytest
import yaml

from alliance_bargaining.errors import InputError
from alliance_bargaining.ingest.readers import READERS
from alliance_bargaining.ingest.registry import load_sources
from alliance_bargaining.settings import load_config, load_yaml

from .conftest import CONFIG_SCHEMA, MIRROR, ROOT, SOURCES_SCHEMA


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data) if not isinstance(data, str) else data)
    return path


def test_project_registry_and_config_are_valid():
    raw = load_yaml(ROOT / "data" / "sources.yaml")
    sources = load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA)
    assert list(sources) == list(raw)
    # every ingested source has its reader, and every reader a registered source
    assert {name for name, entry in sources.items() if entry["reader"]} == set(READERS)
    config = load_config(ROOT / "config" / "config.yaml", CONFIG_SCHEMA)
    assert config["raw_mirrors"] == load_yaml(ROOT / "config" / "config.yaml")["raw_mirrors"]


def test_registry_hashes_match_the_mirror_checksums():
    sums = MIRROR / "SHA256SUMS"
    if not sums.is_file():
        pytest.skip(f"{sums} not present")
    published = {}
    for line in sums.read_text().splitlines():
        digest, path = line.split(maxsplit=1)
        published[path.removeprefix("./")] = digest
    sources = load_sources(ROOT / "data" / "sources.yaml", SOURCES_SCHEMA)
    for name, entry in sources.items():
        assert published.get(entry["file"], entry["sha256"]) == entry["sha256"], name


def test_every_schema_key_has_a_description_and_a_default(tmp_path):
    schema = load_yaml(CONFIG_SCHEMA)
    config = load_config(write(tmp_path, "c.yaml", {}), CONFIG_SCHEMA)
    for block in ("panel", "proxies"):
        for key, spec in schema["properties"][block]["properties"].items():
            assert spec.get("description") and "default" in spec, f"{block}.{key}"
            assert config[block][key] == spec["default"], f"{block}.{key}"


def test_join_must_name_value_columns_of_the_table(tmp_path):
    entry = load_yaml(ROOT / "data" / "sources.yaml")["ccode_democracy"]
    entry["join"]["columns"] = ["v2x_polyarchy", "polity"]
    path = write(tmp_path, "sources.yaml", {"ccode_democracy": entry})
    with pytest.raises(InputError) as err:
        load_sources(path, SOURCES_SCHEMA)
    assert str(err.value) == (
        f"{path}: key 'ccode_democracy.join.columns': column 'polity' is not a value column of table "
        "'ccode_democracy' (columns: v2x_polyarchy, polity2, xm_qudsest)"
    )


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
        (
            {"proxies": {"role": "major"}},
            "key 'proxies.role': 'major' is not one of ['cow_minor', 'weaker_than_patron']",
        ),
        (
            {"proxies": {"first_year": 2000, "last_year": 1990}},
            "key 'proxies.first_year': expected at most proxies.last_year (1990), found 2000",
        ),
        (
            {"panel": {"first_year": 2000, "last_year": 1990}},
            "key 'panel.first_year': expected at most panel.last_year (1990), found 2000",
        ),
        (
            {"inference": {"curve_draws": 10}},
            "key 'inference.curve_draws': 10 is less than the minimum of 99",
        ),
        (
            {"inference": {"power_draws": "many"}},
            "key 'inference.power_draws': 'many' is not of type 'integer'",
        ),
        ({"inference": {"seed": -1}}, "key 'inference.seed': -1 is less than the minimum of 0"),
        (
            {"inference": {"draws": 5}},
            "key 'inference': Additional properties are not allowed ('draws' was unexpected)",
        ),
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
        (
            good_entry(join={"keys": ["ccode", "year"], "columns": ["major"]}),
            "key 'cow_majors.join.keys': expected the table's key ['ccode', 'styear'], found ['ccode', 'year']",
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
