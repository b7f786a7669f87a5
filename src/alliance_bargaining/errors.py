"""The one error type the pipeline raises for bad input."""


class InputError(Exception):
    """Malformed raw file, registry entry or config value.

    The message is one line naming the file, column or key and what was expected; workflow
    scripts print it and exit non-zero.
    """

    def __init__(self, message: str):
        super().__init__(" ".join(str(message).split()))
