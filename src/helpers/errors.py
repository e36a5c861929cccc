"""Error types raised on bad input; each message names the problem and the valid options."""


class HelpersError(Exception):
    """Base class for every error the package raises on bad input."""


class DataFetchError(HelpersError):
    """A raw file could not be obtained."""


class ChecksumMismatchError(DataFetchError):
    """A raw file's sha256 differs from the pinned one."""


class UnknownTableError(HelpersError, KeyError):
    """A (source, country, year) that the catalogue does not hold."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class TableValidationError(HelpersError):
    """A loaded table is malformed or does not balance."""


class ClassificationError(HelpersError):
    """A sector is missing from, or wrongly described in, a classification file."""


class UsageError(HelpersError):
    """A command was given a name, path or option it cannot use."""


class NotebookError(HelpersError):
    """A notebook file is missing, truncated or malformed."""
