"""The parsed-table cache: each parse of raw files stored once as a binary stack (of tables,
or a value-added panel).

A stack is kept in ``<cache>/parsed/<name>-<key>.npz``, where the key hashes the verified
contents of the raw files it was parsed from and the source of the code that parses them
(this package). A changed or repaired raw file, or changed parsing code, means a new key and
so a fresh parse; a damaged cache file is parsed again and replaced.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd

from helpers import paths
from helpers.data import npz
from helpers.data.fetch import verified_sha
from helpers.data.stacks import TableStack

FOLDER = "parsed"


class Storable(Protocol):
    """What the cache can keep: a parse result that writes itself to a file."""

    def save(self, path: Path) -> None: ...


T = TypeVar("T", bound=Storable)


@dataclass(frozen=True)
class StoredFrame:
    """A parsed long table of text and number columns, in the form the cache keeps."""

    frame: pd.DataFrame

    def save(self, path: Path) -> None:
        f = self.frame
        numeric = [pd.api.types.is_numeric_dtype(f[c]) for c in f.columns]
        arrays = {f"c{i}": f[c].to_numpy() if num else f[c].to_numpy(dtype=str)
                  for i, (c, num) in enumerate(zip(f.columns, numeric, strict=True))}
        npz.write(path, {"columns": list(f.columns),
                         "dtypes": [str(f[c].dtype) for c in f.columns]}, arrays)

    @classmethod
    def load(cls, path: Path) -> StoredFrame:
        meta, arrays = npz.read(path)
        return cls(pd.DataFrame({c: pd.Series(arrays[f"c{i}"]).astype(dtype)
                                 for i, (c, dtype) in enumerate(zip(meta["columns"],
                                                                    meta["dtypes"],
                                                                    strict=True))}))


@lru_cache(maxsize=1)
def code_hash() -> str:
    """A hash of the code that turns raw files into stacks (every module of this package)."""
    here = Path(__file__).resolve().parent
    return paths.hash_files(sorted(here.rglob("*.py")), here)


def cache_key(files: tuple[str, ...]) -> str:
    """Key of a parse: the code's hash and each raw file's verified sha256."""
    h = hashlib.sha256(code_hash().encode())
    for relpath in files:
        h.update(relpath.encode())
        h.update(verified_sha(relpath).encode())
    return h.hexdigest()[:16]


def cache_path(name: str, files: tuple[str, ...]) -> Path:
    return paths.CACHE / FOLDER / f"{name}-{cache_key(files)}.npz"


def cached(name: str, files: tuple[str, ...], parse: Callable[[], T],
           load: Callable[[Path], T] = TableStack.load) -> T:
    """What ``parse`` makes of ``files`` (a stack of tables, or anything ``load`` reads back
    from what its ``save`` wrote): from the cache when it holds this key, else parsed (which
    validates it) and stored."""
    path = cache_path(name, files)
    if path.exists():
        try:
            return load(path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile):
            path.unlink(missing_ok=True)  # damaged: parse again
    result = parse()
    result.save(path)
    for stale in path.parent.glob(f"{name}-*.npz"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return result
