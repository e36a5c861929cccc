"""Reading R data files (``.rda``) into pandas."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import rdata

from helpers.data.fetch import verified_path


@lru_cache(maxsize=64)
def read_rda(relpath: str) -> dict[str, Any]:
    """Objects of an ``.rda`` raw file (data frames, or lists of them), by name."""
    return rdata.read_rda(verified_path(relpath))


def read_single(relpath: str) -> Any:
    """The one object an ``.rda`` file holds."""
    objs = read_rda(relpath)
    if len(objs) != 1:
        raise ValueError(f"{relpath} holds {len(objs)} objects, expected one")
    return next(iter(objs.values()))
