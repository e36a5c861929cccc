"""Executing chapter notebooks in place, so that committed outputs equal a fresh run."""

from __future__ import annotations

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from traitlets.config import Config


def kernel_config() -> Config:
    """Kernel settings for every notebook this project executes.

    Kernels talk over Unix sockets where there are any: over TCP, a kernel picks free ports
    only after its manager has looked, so kernels started side by side (parallel profile
    runs) can collide on a port and die before they start.
    """
    config = Config()
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
    return config


def execute_in_place(path: Path, timeout: int = 600) -> None:
    """Run every cell of a notebook from its own folder and save the outputs into it (without
    execution timestamps, so an unchanged result leaves the file unchanged)."""
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                   config=kernel_config(),
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)
