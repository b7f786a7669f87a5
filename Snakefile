"""Alliance prospects, conflict and concessions: replication workflow (see README.md)."""


from pathlib import Path


from alliance_bargaining.script import one_line_errors
from alliance_bargaining.settings import load_yaml

# A YAML syntax error or a key given twice: one line naming the file and line (Snakemake's own
# parser would print a generic message).
with one_line_errors():
    load_yaml(Path(workflow.basedir) / "config" / "config.yaml", "config/config.yaml")


# Relative to the project root, so that `--directory` can put outputs elsewhere.
configfile: Path(workflow.basedir) / "config" / "config.yaml"


include: "workflow/rules/common.smk"
include: "workflow/rules/ingest.smk"
include: "workflow/rules/panel.smk"
include: "workflow/rules/proxies.smk"
include: "workflow/rules/models.smk"
include: "workflow/rules/report.smk"


rule all:
    input:
        rules.ingest.input,
        rules.panel.input,
        rules.proxies.input,
        rules.models.input,
        rules.report.input,
