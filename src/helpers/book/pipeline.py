"""``make book``: the build's steps in order, skipped when nothing they read has changed."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from helpers import paths
from helpers.book import stamp
from helpers.errors import HelpersError

#: The archive of the data behind the book, rewritten by every build.
DATA_BUNDLE = "_static/data-behind-this-book.zip"


class BuildFailed(HelpersError):
    """A step of the book's build failed."""


def steps(jobs: int) -> list[list[str]]:
    """The commands of a build: the default profiles (``jobs`` at a time; current ones are
    skipped), the check that no rendered page holds an error, the data archive, the English
    site (warnings are errors), the Chinese edition, and the removal of stale profile pages."""
    python = sys.executable
    helpers = [python, "-m", "helpers"]
    return [[*helpers, "runs", "execute", "--jobs", str(jobs)],
            [*helpers, "check-outputs"],
            [*helpers, "data-bundle", DATA_BUNDLE],
            [str(Path(python).with_name("jupyter-book")), "build", ".", "-W", "-n",
             "--keep-going"],
            [*helpers, "translations", "build"],
            [*helpers, "prune-site", "_build/html"],
            [*helpers, "prune-site", "_build/html/zh"]]


def build(jobs: int = 2, force: bool = False, root: Path = paths.ROOT) -> None:
    """Build the book unless the last successful build read exactly what is there now."""
    if not force and stamp.current(root):
        print("the book is current: nothing it is built from has changed since its last "
              "build (make book FORCE=1 builds it anyway)")
        return
    stamp.forget(root)
    started = time.perf_counter()
    for cmd in steps(jobs):
        shown = " ".join(Path(cmd[0]).name if i == 0 else w for i, w in enumerate(cmd))
        print(shown, flush=True)
        began = time.perf_counter()
        done = subprocess.run(cmd, cwd=root, check=False)
        if done.returncode:
            raise BuildFailed(f"the book's build stopped: {' '.join(cmd[1:])} failed "
                              f"(exit status {done.returncode})")
        print(f"({shown}: {time.perf_counter() - began:.0f} s)", flush=True)
    stamp.record(root)
    print(f"built the book in {time.perf_counter() - started:.0f} s")
