"""Fetch the raw files listed in ``data/sources.csv``, verifying every sha256.

Each file comes from the local mirror when it holds the file, otherwise from its pinned
upstream URL. Files are written to a temporary name and renamed only once verified, so a
half-written or corrupt file is never left in ``data/raw``.
"""

from __future__ import annotations

import csv
import hashlib
import os
import posixpath
import re
import shutil
import tempfile
import urllib.parse
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from helpers import paths
from helpers.errors import ChecksumMismatchError, DataFetchError


@dataclass(frozen=True)
class SourceFile:
    """One raw file the project uses, with its provenance."""

    path: str
    bytes: int
    sha256: str
    upstream_url: str
    publisher: str
    terms: str


SOURCE_COLUMNS = ("path", "bytes", "sha256", "upstream_url", "publisher", "terms")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def path_problem(relpath: str) -> str | None:
    """Why a path listed in ``data/sources.csv`` cannot be used, or None: it must be relative,
    normalised, with forward slashes, and stay inside the folder it is joined to (``data/raw``
    or the mirror)."""
    if not relpath.strip():
        return "empty path"
    if relpath != relpath.strip() or "\\" in relpath or "\0" in relpath:
        return f"path {relpath!r} has surrounding spaces, a backslash or a NUL"
    if relpath.startswith("/") or re.match(r"^[A-Za-z]:", relpath):
        return f"path {relpath!r} is absolute; paths are relative to data/raw"
    parts = relpath.split("/")
    if ".." in parts or posixpath.normpath(relpath) != relpath or "." in parts:
        return (f"path {relpath!r} is not a normalised path inside data/raw "
                "(no '..', '.', or empty parts)")
    return None


def url_problem(url: str) -> str | None:
    """Why an upstream URL cannot be fetched, or None: only https URLs with a host."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme != "https" or not parts.netloc:
        return f"upstream_url {url!r} is not an https URL (only https is fetched)"
    return None


def read_sources(csv_path: Path = paths.SOURCES_CSV) -> list[SourceFile]:
    """Rows of ``data/sources.csv``; an empty or malformed file is an error naming the line
    and what was expected."""
    name = csv_path.name
    with open(csv_path, newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames is None or list(reader.fieldnames) != list(SOURCE_COLUMNS):
            raise DataFetchError(f"{name} line 1: header {reader.fieldnames}, expected "
                                 f"{', '.join(SOURCE_COLUMNS)}")
        rows, problems = [], []
        for line, r in enumerate(reader, start=2):
            if None in r or any(r[c] is None for c in SOURCE_COLUMNS):
                problems.append(f"line {line}: expected {len(SOURCE_COLUMNS)} fields")
                continue
            for why in (path_problem(r["path"]), url_problem(r["upstream_url"])):
                if why:
                    problems.append(f"line {line}: {why}")
            if not r["bytes"].isdigit():
                problems.append(f"line {line}: bytes {r['bytes']!r} is not a whole number")
            if not _SHA256.match(r["sha256"]):
                problems.append(f"line {line}: sha256 {r['sha256']!r} is not 64 hex digits")
            if not any(p.startswith(f"line {line}:") for p in problems):
                rows.append(SourceFile(r["path"], int(r["bytes"]), r["sha256"],
                                       r["upstream_url"], r["publisher"], r["terms"]))
    if problems:
        raise DataFetchError(f"{name} is malformed: " + "; ".join(problems[:10]))
    if not rows:
        raise DataFetchError(f"{name} lists no raw files; expected one row per file with "
                             f"{', '.join(SOURCE_COLUMNS)}")
    paths_seen = [r.path for r in rows]
    dups = sorted({p for p in paths_seen if paths_seen.count(p) > 1})
    if dups:
        raise DataFetchError(f"{name} lists {dups} more than once")
    return rows


def sha256_of(path: Path) -> str:
    """Hex sha256 of a file."""
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _copy_verified(src_open, dest: Path, expected: str, label: str, size: int) -> None:
    """Stream ``src_open()`` to a temp file beside ``dest``; rename only when the size and the
    sha256 match."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "wb") as out, src_open() as src:
            shutil.copyfileobj(src, out)
        kept = " (the local copy was left as it was)" if dest.exists() else ""
        got_size = os.path.getsize(tmp)
        if got_size != size:
            raise ChecksumMismatchError(
                f"size mismatch for {label}: expected {size} bytes, got {got_size}; either "
                f"the copy is truncated or corrupt or the pinned bytes in data/sources.csv "
                f"are wrong{kept}"
            )
        got = sha256_of(Path(tmp))
        if got != expected:
            raise ChecksumMismatchError(
                f"checksum mismatch for {label}: expected sha256 {expected}, got {got}; "
                f"either the copy is corrupt or the pinned sha256 in data/sources.csv is "
                f"wrong{kept}"
            )
        os.replace(tmp, dest)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def fetch_one(
    item: SourceFile, raw_dir: Path | None = None, mirror: Path | None = None, timeout: float = 60
) -> str:
    """Make sure one raw file is present and verified; return how it was obtained."""
    raw_dir = raw_dir or paths.RAW
    mirror = mirror or paths.mirror_dir()
    dest = raw_dir / item.path
    if dest.exists() and dest.stat().st_size == item.bytes and sha256_of(dest) == item.sha256:
        return "present"
    # A stale or corrupt copy stays where it is until a verified one replaces it: if the
    # pinned checksum itself is wrong, the file on disk is not lost.
    for why in (path_problem(item.path), url_problem(item.upstream_url)):
        if why:
            raise DataFetchError(f"refused to fetch {item.path!r}: {why}")
    local = mirror / item.path
    if local.exists():
        label = f"{item.path} (mirror {local})"
        _copy_verified(lambda: open(local, "rb"), dest, item.sha256, label, item.bytes)
        return "mirror"
    try:
        _copy_verified(
            lambda: urllib.request.urlopen(item.upstream_url, timeout=timeout),
            dest,
            item.sha256,
            f"{item.path} ({item.upstream_url})",
            item.bytes,
        )
    except ChecksumMismatchError:
        raise
    except OSError as exc:
        raise DataFetchError(
            f"missing file {item.path}: not in the mirror {mirror} and download from "
            f"{item.upstream_url} failed ({exc}); set HELPERS_DATA_MIRROR to a folder holding it"
        ) from exc
    return "download"


def fetch_all(raw_dir: Path | None = None, mirror: Path | None = None) -> dict[str, int]:
    """Fetch every file in ``data/sources.csv``; return counts by how each was obtained."""
    counts: dict[str, int] = {}
    for item in read_sources():
        how = fetch_one(item, raw_dir, mirror)
        counts[how] = counts.get(how, 0) + 1
    return counts


@lru_cache(maxsize=1)
def pinned() -> dict[str, str]:
    """The pinned sha256 of every raw file, by its path in ``data/sources.csv``."""
    return {item.path: item.sha256 for item in read_sources()}


@lru_cache(maxsize=1)
def pinned_sizes() -> dict[str, int]:
    """The pinned size in bytes of every raw file, by its path in ``data/sources.csv``."""
    return {item.path: item.bytes for item in read_sources()}


@lru_cache(maxsize=1024)
def _content_sha(path: str, size: int, mtime_ns: int) -> str:
    return sha256_of(Path(path))


def verified_path(relpath: str) -> Path:
    """Path of a fetched raw file whose content matches its pinned sha256.

    The file is hashed once per process (again if its size or modification time changes);
    a missing file or a mismatch is an error naming the file and the way out.
    """
    p = paths.raw_path(relpath)
    if not p.exists():
        raise DataFetchError(
            f"missing file {relpath} in {paths.RAW}: run `python -m helpers fetch` first"
        )
    want = pinned().get(relpath)
    if want is None:
        raise DataFetchError(f"{relpath} is not listed in {paths.SOURCES_CSV.name}; "
                             "every raw file the project reads needs a pinned sha256 there")
    st = p.stat()
    if st.st_size != pinned_sizes()[relpath]:
        raise ChecksumMismatchError(
            f"{relpath} in {paths.RAW} is truncated or changed: {st.st_size} bytes, pinned "
            f"{pinned_sizes()[relpath]}; run `python -m helpers fetch` to replace it with a "
            "verified copy"
        )
    got = _content_sha(str(p), st.st_size, st.st_mtime_ns)
    if got != want:
        raise ChecksumMismatchError(
            f"{relpath} in {paths.RAW} is corrupt or changed: sha256 {got}, pinned {want}; "
            "run `python -m helpers fetch` to replace it with a verified copy"
        )
    return p


def verified_sha(relpath: str) -> str:
    """The sha256 of a raw file, after checking its content matches the pinned one."""
    verified_path(relpath)
    return pinned()[relpath]
