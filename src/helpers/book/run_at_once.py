"""Commands run at once, each in its own process, their output shown in turn."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path


def run_at_once(commands: Sequence[list[str]], cwd: Path | None = None,
                label: Callable[[list[str]], str] = " ".join) -> list[tuple[list[str], int]]:
    """Start every command, then wait for each in order, printing its output and the time
    until it finished; returns the commands that failed, each with its exit status. A single
    command keeps the terminal (its output is not held back)."""
    began = time.perf_counter()
    capture = len(commands) > 1
    runs = [(cmd, subprocess.Popen(cmd, cwd=cwd, text=True,
                                   stdout=subprocess.PIPE if capture else None,
                                   stderr=subprocess.STDOUT if capture else None))
            for cmd in commands]
    failed = []
    for cmd, run in runs:
        output, _ = run.communicate()
        if output:
            print(output, end="" if output.endswith("\n") else "\n", flush=True)
        print(f"({label(cmd)}: {time.perf_counter() - began:.0f} s)", flush=True)
        if run.returncode:
            failed.append((cmd, run.returncode))
    return failed
