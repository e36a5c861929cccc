"""Binary files of named arrays plus JSON metadata (``.npz``): the payload of the parsed-table
cache, and a file format for stacks."""

from __future__ import annotations

import io
import json
from pathlib import Path

import numpy as np

from helpers.cachefile import write_atomically


def dumps(meta: dict, arrays: dict[str, np.ndarray]) -> bytes:
    """``meta`` (JSON-able) and ``arrays`` as the bytes of one ``.npz`` file."""
    buf = io.BytesIO()
    np.savez(buf, meta=np.array(json.dumps(meta)), **arrays)
    return buf.getvalue()


def loads(data: bytes) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata and arrays of :func:`dumps`' bytes."""
    with np.load(io.BytesIO(data), allow_pickle=False) as f:
        return json.loads(str(f["meta"])), {k: f[k] for k in f.files if k != "meta"}


def write(path: Path, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write ``meta`` and ``arrays`` to ``path`` via a temporary file."""
    write_atomically(path, dumps(meta, arrays))


def read(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata and arrays written by :func:`write`."""
    return loads(path.read_bytes())
