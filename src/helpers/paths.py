"""Where the project keeps its files."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
RAW = Path(os.environ.get("HELPERS_RAW_DIR", DATA / "raw"))
SOURCES_CSV = DATA / "sources.csv"
CLASSIFICATIONS = DATA / "classifications"
PUBLISHED = DATA / "published"
#: Computed results that are cheap to throw away (the whole-panel cache); not committed.
CACHE = Path(os.environ.get("HELPERS_CACHE_DIR", ROOT / ".cache"))


def mirror_dir() -> Path:
    """The local raw-data mirror: ``$HELPERS_DATA_MIRROR``, else ``../shared/data`` by the repo."""
    return Path(os.environ.get("HELPERS_DATA_MIRROR", ROOT.parent / "shared" / "data"))


def raw_path(relpath: str) -> Path:
    """Path of a fetched raw file, given its path as listed in ``data/sources.csv``."""
    return RAW / relpath


def hash_files(files: Iterable[Path], base: Path) -> str:
    """A sha256 over files' paths (relative to ``base``) and contents, in the order given."""
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(base).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()

