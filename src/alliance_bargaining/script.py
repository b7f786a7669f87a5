"""Entry point shared by workflow scripts: log to the rule's log, one-line errors, exit 1."""

import contextlib
import logging
import signal
import sys

from .errors import InputError


def run(main, snakemake) -> None:
    """Call ``main(snakemake)``; on InputError print its one-line message and exit non-zero.

    Snakemake removes the outputs of a failed job, and writers here are atomic, so a failed run
    leaves no partial output.
    """
    signal.signal(signal.SIGTERM, _exit_on_sigterm)  # run `finally` blocks: no temporary files left
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


def _exit_on_sigterm(signum, frame):
    sys.exit(128 + signum)


@contextlib.contextmanager
def one_line_errors():
    """While the workflow loads (config, registries): an InputError prints one line and exits 1.

    Used in the ``.smk`` files so that Snakemake does not wrap the message in its own error report
    with a traceback.
    """
    try:
        yield
    except InputError as err:
        print(f"error: {err}", file=sys.stderr)
        sys.exit(1)
