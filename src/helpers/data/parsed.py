"""The parsed-table cache: each parse of raw files stored once as a binary stack (of tables,
or a value-added panel).

A stack is kept in ``<cache>/parsed/<name>-<key>.npz``, where the key hashes the verified
contents of the raw files it was parsed from and the source of the code that parses them
(this package). Each file proves its content when read (:mod:`helpers.cachefile`): its record
holds the key, the payload's sha256 and size, and the tables and shape it holds, which must be
the ones the catalogue expects; a file that fails any check is reported and parsed again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol, TypeVar

import pandas as pd

from helpers import cachefile, paths
from helpers.data import npz
from helpers.data.fetch import verified_sha
from helpers.data.stacks import TableStack

FOLDER = "parsed"


class Storable(Protocol):
    """What the cache can keep: a parse result that gives its bytes and says what it holds."""

    def to_bytes(self) -> bytes: ...

    def describe(self) -> dict: ...


T = TypeVar("T", bound=Storable)


@dataclass(frozen=True)
class StoredFrame:
    """A parsed long table of text and number columns, in the form the cache keeps."""

    frame: pd.DataFrame

    def to_bytes(self) -> bytes:
        f = self.frame
        numeric = [pd.api.types.is_numeric_dtype(f[c]) for c in f.columns]
        arrays = {f"c{i}": f[c].to_numpy() if num else f[c].to_numpy(dtype=str)
                  for i, (c, num) in enumerate(zip(f.columns, numeric, strict=True))}
        return npz.dumps({"columns": list(f.columns),
                          "dtypes": [str(f[c].dtype) for c in f.columns]}, arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> StoredFrame:
        meta, arrays = npz.loads(data)
        return cls(pd.DataFrame({c: pd.Series(arrays[f"c{i}"]).astype(dtype)
                                 for i, (c, dtype) in enumerate(zip(meta["columns"],
                                                                    meta["dtypes"],
                                                                    strict=True))}))

    def describe(self) -> dict:
        return {"shape": list(self.frame.shape), "columns": [str(c) for c in self.frame]}


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
           from_bytes: Callable[[bytes], T] = TableStack.from_bytes,
           expect: dict | None = None, refresh: bool = False) -> T:
    """What ``parse`` makes of ``files`` (a stack of tables, or anything ``from_bytes`` reads
    back from its ``to_bytes``): from the cache when its file proves its content (and holds
    ``expect``, e.g. the table keys the catalogue expects), else parsed (which validates it)
    and stored; ``refresh`` parses again whatever the cache holds."""
    entry = cachefile.Entry(cache_path(name, files), cache_key(files), lambda v: v.to_bytes(),
                            from_bytes, lambda v: v.describe(), stale=f"{name}-*.npz")
    return cachefile.get(entry, parse, expect, refresh)
