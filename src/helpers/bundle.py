"""The data behind the book as one archive: every chart's data, the claims registry with the
values computed for it, every table's results, and the list of raw files with their
checksums and sources. ``make book`` writes it, and the index links it."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from helpers import paths
from helpers.book.notebooks import book_notebooks, chart_csvs
from helpers.claims.registry import run_checks
from helpers.errors import HelpersError
from helpers.measures import panel_cache

README = """The data behind "Two-Sector Convergence, Reproduced"

charts/<page>/<figure>.csv   the data of every chart, page by page
claims.csv                   every number the source documents publish, its check, the value
                             this book computes for it, the gap and the outcome
panel.csv                    every open input-output table's results (one row per table)
sources.csv                  every raw file: sha256, pinned upstream URL, publisher and terms

Values are in the units the files name; shares are fractions unless a column says percent.
"""


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


class ArchiveNameError(HelpersError, ValueError):
    """An archive entry name that would be unsafe, or would name two members."""


def safe_component(text: str) -> str:
    """``text`` as one path component of an archive entry: every character outside
    ``[A-Za-z0-9._-]`` (``/`` and ``\\`` included) becomes ``_``; an empty, ``.`` or ``..``
    component is an error."""
    name = _UNSAFE.sub("_", text)
    if name in ("", ".", ".."):
        raise ArchiveNameError(f"unsafe archive entry component: {text!r}")
    return name


def entry_name(*components: str) -> str:
    """A relative archive entry name from path components, each made safe, so it stays
    inside the archive."""
    return "/".join(safe_component(c) for c in components)


def chart_members(root: Path = paths.ROOT) -> dict[str, bytes]:
    """Every chart's data by entry name, ``charts/<page>/<file>``; two charts whose names
    become one entry are an error naming both."""
    out: dict[str, bytes] = {}
    origin: dict[str, str] = {}
    for nb in book_notebooks(root):
        page = (nb.relative_to(root).with_suffix("").as_posix().removeprefix("chapters/")
                .replace("profiles/runs/", "profiles/"))
        for name, text in chart_csvs(nb).items():
            entry, source = entry_name("charts", *page.split("/"), name), f"{page}/{name}"
            if entry in origin:
                raise ArchiveNameError(f"archive entry {entry}: both {origin[entry]!r} and "
                                       f"{source!r} would be written to it")
            origin[entry] = source
            out[entry] = text.encode("utf-8")
    return out


def members(root: Path = paths.ROOT) -> dict[str, bytes]:
    """Archive members by name."""
    out: dict[str, bytes] = {"README.txt": README.encode("utf-8"), **chart_members(root)}
    buf = io.StringIO()
    run_checks().to_csv(buf, index=False)
    out["claims.csv"] = buf.getvalue().encode("utf-8")
    out["panel.csv"] = panel_cache.csv_bytes()
    out["sources.csv"] = paths.SOURCES_CSV.read_bytes()
    return out


def write(path: Path, root: Path = paths.ROOT) -> Path:
    """Write the archive (atomically, with fixed timestamps so an unchanged book gives the
    same bytes)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in sorted(members(root).items()):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    tmp.replace(path)
    return path
