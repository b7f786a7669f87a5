"""Alliance prospects, conflict and concessions: replication workflow (see README.md)."""


from pathlib import Path


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
