"""Entry point shared by workflow scripts: log to the rule's log, one-line errors, exit 1."""

import logging
import sys

from .errors import InputError


def run(main, snakemake) -> None:
    """Call ``main(snakemake)``; on InputError print its one-line message and exit non-zero.

    Snakemake removes the outputs of a failed job, and writers here are atomic, so a failed run
    leaves no partial output.
    """
    log = snakemake.log[0] if snakemake.log else None
    logging.basicConfig(
        filename=log, level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s", force=True
    )
    try:
        main(snakemake)
    except InputError as err:
        logging.error("%s", err)
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
