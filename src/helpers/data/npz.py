"""Binary files of named arrays plus JSON metadata (``.npz``), written atomically: the format
of the parsed-table cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np


def write(path: Path, meta: dict, arrays: dict[str, np.ndarray]) -> None:
    """Write ``meta`` (JSON-able) and ``arrays`` to ``path`` via a temporary file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{id(meta)}.part")
    with open(tmp, "wb") as f:
        np.savez(f, meta=np.array(json.dumps(meta)), **arrays)
    tmp.replace(path)


def read(path: Path) -> tuple[dict, dict[str, np.ndarray]]:
    """The metadata and arrays written by :func:`write`."""
    with np.load(path, allow_pickle=False) as f:
        return json.loads(str(f["meta"])), {k: f[k] for k in f.files if k != "meta"}
