"""Load YAML files and validate them against JSON schemas (config, registries)."""

from pathlib import Path

import jsonschema
import yaml

from .errors import InputError

# The JSON schemas of the configuration and the registries (the only place defaults are written).
SCHEMAS = Path(__file__).resolve().parents[2] / "workflow" / "schemas"
CONFIG_SCHEMA = SCHEMAS / "config.schema.yaml"
# Cross-key rules checked when the configuration loads: (block, first key, last key).
ORDERED_YEARS = [("panel", "first_year", "last_year"), ("proxies", "first_year", "last_year")]


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key defined twice in one mapping (YAML would keep the last)."""

    def construct_mapping(self, node, deep=False):
        first_line = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1
            if key in first_line:
                raise InputError(
                    f"{key_node.start_mark.name}: key '{key}' defined twice (lines {first_line[key]} "
                    f"and {line}): expected each key once"
                )
            first_line[key] = line
        return super().construct_mapping(node, deep)


def load_yaml(path: str | Path, name: str | Path | None = None) -> object:
    """Parse a YAML file; syntax errors and duplicate keys become a one-line InputError.

    ``name`` is how messages call the file (the path the user edits, e.g. ``config/config.yaml``);
    it defaults to ``path``.
    """
    name = path if name is None else name
    try:
        with open(path, encoding="utf-8") as handle:
            loader = _UniqueKeyLoader(handle)
            loader.name = str(name)
            try:
                return loader.get_single_data()
            finally:
                loader.dispose()
    except FileNotFoundError as err:
        raise InputError(f"{name}: file not found") from err
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as err:
        raise InputError(f"{name}: cannot read ({err.__class__.__name__})") from err
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise InputError(f"{name}:{where} is not valid YAML ({getattr(err, 'problem', err)})") from err


def validate(data: object, schema_path: str | Path, source: str | Path) -> object:
    """Validate ``data`` against a JSON schema, filling schema defaults; return the data.

    Raises InputError naming ``source`` and the offending key, e.g.
    ``config/config.yaml: key 'raw_mirrors': 5 is not of type 'array'``.
    """
    schema = load_yaml(schema_path)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator = _with_defaults(validator_cls)(schema)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.absolute_path) or "<top level>"
        raise InputError(f"{source}: key '{key}': {err.message}")
    return data


def _with_defaults(validator_cls):
    """Extend a jsonschema validator so that missing properties take their schema defaults."""
    validate_properties = validator_cls.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema):
        if isinstance(instance, dict):
            for name, subschema in properties.items():
                if "default" in subschema:
                    instance.setdefault(name, subschema["default"])
        yield from validate_properties(validator, properties, instance, schema)

    return jsonschema.validators.extend(validator_cls, {"properties": set_defaults})


def validate_config(config: dict, schema_path: str | Path, source: str | Path) -> dict:
    """Validate the workflow configuration, fill defaults, and check keys that depend on each other."""
    validate(config, schema_path, source)
    for block, first, last in ORDERED_YEARS:
        values = config[block]
        if values[first] > values[last]:
            raise InputError(
                f"{source}: key '{block}.{first}': expected at most {block}.{last} ({values[last]}), "
                f"found {values[first]}"
            )
    return config


def proxy_params(params: dict | None, schema_path: str | Path = CONFIG_SCHEMA) -> dict:
    """The config block ``proxies``: ``params`` validated, with the schema's defaults for missing keys."""
    config = validate_config({"proxies": dict(params or {})}, schema_path, "proxy parameters")
    return config["proxies"]


def load_config(path: str | Path, schema_path: str | Path) -> dict:
    """Read and validate the workflow configuration."""
    return validate_config(load_yaml(path) or {}, schema_path, path)
