"""``make book``: the build's steps in order, skipped when nothing they read has changed.

The steps come in stages; the steps of a stage read nothing another of them writes, so they
run at once, each in its own process (the English and the Chinese builds have their own
output folders and environments), and each one's output is shown as it finishes."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from helpers import paths
from helpers.book import stamp
from helpers.book.run_at_once import run_at_once
from helpers.errors import HelpersError

#: The archive of the data behind the book, rewritten by every build.
DATA_BUNDLE = "_static/data-behind-this-book.zip"


class BuildFailed(HelpersError):
    """A step of the book's build failed."""


def stages(jobs: int) -> list[list[list[str]]]:
    """The commands of a build, stage by stage: the default profiles (``jobs`` at a time;
    current ones are skipped); the check that no rendered page holds an error, beside the
    data archive (which both sites copy); the English site and the Chinese edition (warnings
    are errors); the removal of stale profile pages from each."""
    python = sys.executable
    helpers = [python, "-m", "helpers"]
    return [[[*helpers, "runs", "execute", "--jobs", str(jobs)]],
            [[*helpers, "check-outputs"], [*helpers, "data-bundle", DATA_BUNDLE]],
            [[str(Path(python).with_name("jupyter-book")), "build", ".", "-W", "-n",
              "--keep-going"],
             [*helpers, "translations", "build"]],
            [[*helpers, "prune-site", "_build/html"],
             [*helpers, "prune-site", "_build/html/zh"]]]


def _shown(cmd: list[str]) -> str:
    return " ".join(Path(cmd[0]).name if i == 0 else w for i, w in enumerate(cmd))


def _run_stage(stage: list[list[str]], root: Path) -> None:
    """Run the stage's commands at once; fail naming each that failed, after all finished."""
    print(" & ".join(_shown(cmd) for cmd in stage), flush=True)
    failed = run_at_once(stage, cwd=root, label=_shown)
    if failed:
        raise BuildFailed("the book's build stopped: " + "; ".join(
            f"{' '.join(cmd[1:])} (exit status {code})" for cmd, code in failed) + " failed")


def build(jobs: int = 2, force: bool = False, root: Path = paths.ROOT) -> None:
    """Build the book unless the last successful build read exactly what is there now."""
    if not force and stamp.current(root):
        print("the book is current: nothing it is built from has changed since its last "
              "build (make book FORCE=1 builds it anyway)")
        return
    stamp.forget(root)
    started = time.perf_counter()
    for stage in stages(jobs):
        _run_stage(stage, root)
    stamp.record(root)
    print(f"built the book in {time.perf_counter() - started:.0f} s")
