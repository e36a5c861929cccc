"""Executing chapter notebooks in place, so that committed outputs equal a fresh run."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute_in_place(path: Path, timeout: int = 600) -> None:
    """Run every cell of a notebook from its own folder and save the outputs into it (without
    execution timestamps, so an unchanged result leaves the file unchanged)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
