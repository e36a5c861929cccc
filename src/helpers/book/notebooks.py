"""Executing chapter notebooks in place, so that committed outputs equal a fresh run."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config

from helpers.book import charts
from helpers.book.charts import VEGALITE_MIME
from helpers.book.glue_view import VIEW_KEY
from helpers.errors import NotebookError


def read(path: Path) -> nbformat.NotebookNode:
    """A notebook file; a missing, truncated or malformed one is an error naming the file."""
    try:
        return nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise NotebookError(f"no notebook {path}") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _unreadable(path, f"{type(exc).__name__}: {str(exc)[:200]}") from None


def _unreadable(path: Path, why: str) -> NotebookError:
    return NotebookError(f"{path} is not a readable notebook ({why}); restore it from git or "
                         "pair it again from its .md (`jupytext --sync`)")


def saved_cells(path: Path) -> list[dict]:
    """A notebook file's cells as plain JSON, to read what its outputs hold: several times
    quicker than :func:`read` (no node objects, no schema validation, which only logs). A
    missing, truncated or malformed file, or JSON that is no version 4 notebook, is an error
    naming the file."""
    try:
        nb = json.loads(path.read_bytes())
    except FileNotFoundError:
        raise NotebookError(f"no notebook {path}") from None
    except ValueError as exc:
        raise _unreadable(path, f"{type(exc).__name__}: {str(exc)[:200]}") from None
    cells = nb.get("cells") if isinstance(nb, dict) else None
    if (not isinstance(cells, list) or nb.get("nbformat") != 4
            or not all(isinstance(c, dict) for c in cells)):
        raise _unreadable(path, "no list of cells in a version 4 notebook")
    return cells


@contextmanager
def kernel_config() -> Iterator[Config]:
    """Kernel settings for every notebook this project executes, valid inside the block.

    Where there are Unix sockets, each kernel talks over its own, in a private folder: over
    TCP a kernel binds ports its manager found free a moment earlier, and kernels started
    side by side (parallel profile runs) can collide on one and die before they start; the
    default socket names are shared by every kernel started from the same folder.
    """
    config = Config()
    if os.name != "posix":
        yield config
        return
    folder = tempfile.mkdtemp(prefix="helpers-kernel-")
    try:
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = os.path.join(folder, "kernel")
        yield config
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def execute_in_place(path: Path, timeout: int = 600) -> None:
    """Run every cell of a notebook from its own folder and save the outputs into it (without
    execution timestamps, so an unchanged result leaves the file unchanged)."""
    nb = read(path)
    with kernel_config() as config:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                       config=config,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


def _joined(text: str | list[str]) -> str:
    """Multi-line text as a notebook file may store it: one string, or a list of lines."""
    return text if isinstance(text, str) else "".join(text)


def error_outputs(path: Path) -> list[str]:
    """Where a notebook's saved outputs hold an error: a raised exception, or a traceback
    printed to stderr. Each entry names the cell."""
    found = []
    for i, cell in enumerate(saved_cells(path)):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                found.append(f"cell {i}: {out.get('ename')}: {str(out.get('evalue'))[:200]}")
            elif (out.get("output_type") == "stream" and out.get("name") == "stderr"
                  and "Traceback" in _joined(out.get("text", ""))):
                found.append(f"cell {i}: a traceback printed to stderr")
    return found


def book_notebooks(root: Path) -> list[Path]:
    """Every notebook the book renders: the index, the chapters and the generated profiles."""
    chapters = root / "chapters"
    profiles = sorted((chapters / "profiles" / "runs").glob("*.ipynb"))
    return [root / "index.ipynb", *sorted(chapters.glob("*.ipynb")), *profiles]


def chart_csvs(path: Path) -> dict[str, str]:
    """The data of every chart a notebook's saved outputs hold, as CSV text by file name: the
    glue name of the figure where it has one (``fig-table4.csv``), else the chart's id.
    Copies that the glue view shows in Jupyter are not charts of their own."""
    found: dict[str, str] = {}
    for cell in saved_cells(path):
        for out in cell.get("outputs", []):
            if VIEW_KEY in out.get("metadata", {}):
                continue
            name = out.get("metadata", {}).get("scrapbook", {}).get("name")
            for key, spec in out.get("data", {}).items():
                if key.endswith(VEGALITE_MIME):
                    found.update(charts.chart_csvs(spec, name))
    return found
