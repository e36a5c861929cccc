"""Reading R data files (``.rda``) into pandas (``rdata`` is imported only to parse)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from helpers.data.fetch import verified_path
from helpers.errors import TableValidationError


@lru_cache(maxsize=64)
def read_rda(relpath: str) -> dict[str, Any]:
    """Objects of an ``.rda`` raw file (data frames, or lists of them), by name; a file that
    cannot be parsed is an error naming it."""
    import rdata

    path = verified_path(relpath)
    try:
        return rdata.read_rda(path)
    except Exception as exc:  # the parser's own errors name neither file nor remedy
        raise TableValidationError(
            f"{relpath} cannot be read as R data ({type(exc).__name__}: {exc}); its checksum "
            "matched, so the parser or its version is at fault, not the download"
        ) from exc


def read_single(relpath: str) -> Any:
    """The one object an ``.rda`` file holds."""
    objs = read_rda(relpath)
    if len(objs) != 1:
        raise TableValidationError(f"{relpath} holds {len(objs)} objects, expected one")
    return next(iter(objs.values()))
