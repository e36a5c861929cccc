"""Cache files that prove their content before they are used.

A cache file is one line of JSON, its record, followed by the payload. The record holds the
key of what the entry was built from (a hash of its inputs), the payload's sha256 and size,
and a description of what it holds (table keys, shape, columns). A read checks all of them,
and what the payload decodes to must match the description and the caller's expectation; any
mismatch, or a file that cannot be read, is reported in one line on standard error and the
entry is built again. When the folder cannot be written, the entry is built and used without
being kept, with one line saying so. A file name is never taken as proof.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

import pandas as pd

T = TypeVar("T")

#: The first bytes of every cache file, so a file of another kind is told apart at once.
MAGIC = "helpers-cache/1"


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One cache entry: where it lives, what it is built from, and how its value is kept."""

    path: Path
    key: str
    encode: Callable[[T], bytes]
    decode: Callable[[bytes], T]
    describe: Callable[[T], dict]
    #: A glob of the folder's older files of the same kind, removed when this one is written.
    stale: str = ""


def note(message: str) -> None:
    """One line on standard error about a cache entry."""
    print(message, file=sys.stderr, flush=True)


def _unpack(blob: bytes) -> tuple[dict, bytes]:
    head, sep, payload = blob.partition(b"\n")
    if not sep:
        raise ValueError("it has no record line")
    try:
        record = json.loads(head)
    except ValueError as exc:
        raise ValueError(f"its record is not JSON ({exc})") from None
    if not isinstance(record, dict) or record.get("format") != MAGIC:
        raise ValueError("its record is not a cache record")
    return record, payload


def _problem(entry: Entry[T], blob: bytes, expect: dict) -> tuple[T | None, str]:
    """The entry's value, or the reason it cannot be trusted."""
    try:
        record, payload = _unpack(blob)
    except ValueError as exc:
        return None, str(exc)
    if record.get("key") != entry.key:
        return None, "it was built from other inputs than the current ones"
    if record.get("bytes") != len(payload):
        return None, (f"it holds {len(payload)} bytes, its record says {record.get('bytes')} "
                      "(truncated or changed)")
    if record.get("sha256") != hashlib.sha256(payload).hexdigest():
        return None, "its content does not match its record's sha256 (changed or replaced)"
    try:
        value = entry.decode(payload)
        described = entry.describe(value)
    except Exception as exc:  # noqa: BLE001 - any undecodable payload is rebuilt
        return None, f"it cannot be read back ({type(exc).__name__}: {exc})"
    if described != record.get("describes"):
        return None, "what it holds differs from its record's description"
    wrong = {k: v for k, v in expect.items() if described.get(k) != v}
    if wrong:
        got = {k: described.get(k) for k in wrong}
        return None, f"it holds {_short(got)}, expected {_short(wrong)}"
    return value, ""


def _short(d: dict) -> str:
    text = json.dumps(d, ensure_ascii=False)
    return text if len(text) <= 160 else text[:157] + "..."


def read(entry: Entry[T], expect: dict | None = None) -> T | None:
    """The entry's value when its file proves its content; None when there is no file, or
    (saying why, in one line) when it does not."""
    try:
        blob = entry.path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        note(f"cache {entry.path.name}: cannot be read ({exc.strerror or exc}); "
             "rebuilding it from the raw data")
        return None
    value, why = _problem(entry, blob, expect or {})
    if why:
        note(f"cache {entry.path.name}: {why}; rebuilding it from the raw data")
        return None
    return value


def pack(entry: Entry[T], value: T) -> bytes:
    """The file's bytes for ``value``: its record line, then the payload."""
    payload = entry.encode(value)
    record = {"format": MAGIC, "key": entry.key, "bytes": len(payload),
              "sha256": hashlib.sha256(payload).hexdigest(),
              "describes": entry.describe(value)}
    return json.dumps(record, sort_keys=True).encode() + b"\n" + payload


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file beside it, so that a reader sees
    the old file or the new one, never half of one; the temporary file goes on failure."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        tmp.write_bytes(data)
        tmp.replace(path)
    except BaseException:
        _discard(tmp)
        raise


def write(entry: Entry[T], value: T) -> bool:
    """Keep ``value`` (atomically, removing the older files matching ``entry.stale``); False,
    saying so in one line, when the folder cannot be written."""
    path = entry.path
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(pack(entry, value))
        tmp.replace(path)
        for old in path.parent.glob(entry.stale) if entry.stale else ():
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        _discard(tmp)
        note(f"cache {path.name}: cannot be written in {path.parent} ({exc.strerror or exc}); "
             "computed without caching")
        return False
    return True


def _discard(tmp: Path) -> None:
    try:
        tmp.unlink(missing_ok=True)
    except OSError:
        pass


def get(entry: Entry[T], build: Callable[[], T], expect: dict | None = None,
        refresh: bool = False) -> T:
    """The entry's value: from its file when that proves its content (and not ``refresh``),
    else built, checked against ``expect`` and kept."""
    if not refresh:
        value = read(entry, expect)
        if value is not None:
            return value
    value = build()
    described = entry.describe(value)
    wrong = {k: v for k, v in (expect or {}).items() if described.get(k) != v}
    if wrong:
        raise RuntimeError(f"{entry.path.name} was built holding "
                             f"{_short({k: described.get(k) for k in wrong})}, "
                             f"expected {_short(wrong)}")
    write(entry, value)
    return value


@dataclass(frozen=True)
class CSVFrame:
    """A table kept as CSV: the bytes as written, and the frame read back from them (so a
    value is the same whether it was just computed or read from the cache)."""

    text: bytes
    frame: pd.DataFrame


def csv_entry(path: Path, key: str, read: Callable[[io.BytesIO], pd.DataFrame],
              describe: Callable[[pd.DataFrame], dict], stale: str = "") -> Entry[CSVFrame]:
    """An entry that keeps a frame as CSV, read back with ``read``."""
    return Entry(path, key, lambda v: v.text, lambda b: CSVFrame(b, read(io.BytesIO(b))),
                 lambda v: describe(v.frame), stale)


def as_csv(entry_read: Callable[[io.BytesIO], pd.DataFrame], df: pd.DataFrame) -> CSVFrame:
    """``df`` as a :class:`CSVFrame`, read back as the cache would."""
    text = df.to_csv(index=False).encode()
    return CSVFrame(text, entry_read(io.BytesIO(text)))


def frame_shape(df: pd.DataFrame) -> dict:
    """A frame's shape and column names, as a cache record describes them."""
    return {"shape": list(df.shape), "columns": [str(c) for c in df.columns]}
