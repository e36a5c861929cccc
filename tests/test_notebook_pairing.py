"""Every chapter's .md and .ipynb hold the same cells (jupytext pairing in sync)."""

from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest

from helpers import paths

GENERATED = paths.ROOT / "chapters" / "profiles" / "runs"
NOTEBOOKS = [paths.ROOT / "index.ipynb",
             *sorted(p for p in (paths.ROOT / "chapters").rglob("*.ipynb")
                     if GENERATED not in p.parents and ".ipynb_checkpoints" not in p.parts)]


def cells(path: Path) -> list[tuple[str, str]]:
    nb = jupytext.read(path)
    return [(c.cell_type, c.source.strip()) for c in nb.cells]


def test_there_are_chapters():
    assert NOTEBOOKS


@pytest.mark.parametrize("ipynb", NOTEBOOKS, ids=lambda p: p.stem)
def test_paired_md_matches(ipynb):
    md = ipynb.with_suffix(".md")
    assert md.exists(), f"{ipynb.name} has no paired {md.name}"
    assert cells(md) == cells(ipynb), f"{md.name} and {ipynb.name} differ: run `make sync`"


@pytest.mark.parametrize("ipynb", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_outputs_exist(ipynb):
    nb = jupytext.read(ipynb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.get("execution_count") for c in code), f"{ipynb.name} is not executed"


@pytest.mark.parametrize("ipynb", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_warnings_or_errors_in_outputs(ipynb):
    nb = jupytext.read(ipynb)
    bad = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])
           if o.get("output_type") == "error" or o.get("name") == "stderr"]
    assert not bad, f"{ipynb.name} has warnings or errors in its outputs: {str(bad)[:300]}"


def test_cells_that_glue_are_removed_from_the_page():
    """The glue view shows what a cell glued beneath it, for editors in Jupyter; the book must
    never show it, so every cell that glues is removed from the page (or its output is)."""
    from helpers.book.notebooks import book_notebooks
    from helpers.paths import ROOT

    shown = []
    for path in book_notebooks(ROOT):
        for i, cell in enumerate(nbformat.read(path, as_version=4).cells):
            glues = any("scrapbook" in o.get("metadata", {}) for o in cell.get("outputs", []))
            tags = set(cell.get("metadata", {}).get("tags", []))
            if glues and not tags & {"remove-cell", "remove-output"}:
                shown.append(f"{path.relative_to(ROOT)} cell {i}")
    assert not shown, "cells that glue but show their outputs on the page: " + ", ".join(shown)
