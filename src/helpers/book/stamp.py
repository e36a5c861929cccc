"""Whether the built book is current: a digest of everything its build reads, recorded
after a successful build and compared before the next one.

The digest covers every file under the book's root by path and content (sources,
notebooks, catalogues, configuration, ``_static``, the helpers' code, the generated
profiles, ``data/*.csv`` with the raw files' checksums), except what the build writes
and never reads (:data:`SKIPPED_DIRS`, :data:`SKIPPED_FILES`) and the raw files
themselves, which ``make data`` verifies against ``data/sources.csv`` on every run. The
environment counts by its lock file and by when it was last installed.
"""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

from helpers import paths

#: Folders the build does not read: the outputs, caches, environments, history.
SKIPPED_DIRS = frozenset({".git", ".venv", ".venv-bench", "_build", ".cache", "__pycache__",
                          ".pytest_cache", ".ruff_cache", ".ipynb_checkpoints", "node_modules"})
#: Paths (relative to the root) the build does not read: the raw files (checked against
#: their checksums in ``data/sources.csv``), run logs, and the PDFs ``make pdf`` writes.
SKIPPED_PATHS = ("data/raw", "chapters/profiles/logs")
SKIPPED_FILES = ("_static/two-sector-convergence.pdf", "_static/two-sector-convergence-zh.pdf")
#: Built files a current book must still have (a build folder emptied by hand is not current).
REQUIRED_OUTPUTS = ("_build/html/index.html", "_build/html/zh/index.html",
                    "_build/html/_static/vega-bundle.js")
STAMP = Path("_build") / ".book-inputs"


def _files(root: Path) -> list[Path]:
    """Every file the build may read, in a fixed order."""
    skipped = {root / p for p in SKIPPED_PATHS}
    found = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_DIRS and not d.endswith(
            ".egg-info") and here / d not in skipped)
        found.extend(here / f for f in sorted(files))
    return [f for f in found if f.relative_to(root).as_posix() not in SKIPPED_FILES]


def digest(root: Path = paths.ROOT) -> str:
    """The sha256 of the build's inputs under ``root`` and of the environment's install."""
    h = hashlib.sha256()
    installed = Path(sys.prefix) / ".installed"
    h.update(f"{sys.version}\n{sys.prefix}\n".encode())
    if installed.exists():
        h.update(str(installed.stat().st_mtime_ns).encode())
    for f in _files(root):
        h.update(f.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


def current(root: Path = paths.ROOT) -> bool:
    """Whether the last successful build's inputs are exactly those under ``root`` now."""
    stamp = root / STAMP
    if not stamp.is_file() or not all((root / p).is_file() for p in REQUIRED_OUTPUTS):
        return False
    return stamp.read_text(encoding="utf-8").strip() == digest(root)


def forget(root: Path = paths.ROOT) -> None:
    """Drop the record (before a build: a failed build leaves the book not current)."""
    (root / STAMP).unlink(missing_ok=True)


def record(root: Path = paths.ROOT) -> None:
    """Record the inputs of the build that has just succeeded."""
    stamp = root / STAMP
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest(root) + "\n", encoding="utf-8")
