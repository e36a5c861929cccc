"""Benchmark: how long the heavy steps take (run with `make benchmark`).

Times, in separate fresh processes so caches do not flatter the numbers: loading and
validating every available table, computing the core indicators for every table, the cached
whole-panel results (cold, on two processes), executing the default profile runs (cold, then
again with nothing changed), executing every chapter notebook, and building the book from
committed outputs.

With ``--every-profile`` it also times, in a scratch copy of the book, executing every
available economy-year (``runs execute --all``, two processes) and building the book with all
of those profiles (about half an hour on two cores).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable

STEPS = {
    "load every table": "from helpers.data import catalog\n"
                        "[catalog.load(k) for k in catalog.available()]",
    "indicators for every table": "from helpers.data import catalog\n"
                                  "from helpers.measures.indicators import indicators\n"
                                  "[indicators(catalog.load(k)) for k in catalog.available()]",
}


#: The default matrix in a scratch book (argv[1]) that has the real table of contents.
PROFILE_RUNS = ("import sys\nfrom pathlib import Path\nfrom helpers.profiles import runs\n"
                "layout = runs.scratch_book(Path(sys.argv[1]))\n"
                "runs.execute(runs.default_matrix(), jobs=2, layout=layout, "
                "template=runs.BOOK.template, progress=False)")


def timed(cmd: list[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, capture_output=True,
                   env=None if env is None else {**os.environ, **env})
    return time.perf_counter() - t


def every_profile(results: dict[str, float]) -> None:
    """``runs execute --all`` and a build with every profile, in a scratch copy of the book
    (its ``src`` first on the path, so the runs write there and not here)."""
    with tempfile.TemporaryDirectory() as tmp:
        book = Path(tmp) / "book"
        shutil.copytree(ROOT, book, ignore=shutil.ignore_patterns(
            ".git", ".venv", "_build", ".cache", "raw", "runs", "logs", "economies"))
        env = {"PYTHONPATH": str(book / "src"), "HELPERS_RAW_DIR": str(ROOT / "data" / "raw"),
               "HELPERS_CACHE_DIR": str(Path(tmp) / "cache")}
        results["every profile: runs execute --all (2 processes)"] = timed(
            [PY, "-m", "helpers", "runs", "execute", "--all", "--jobs", "2"], cwd=book, env=env)
        results["every profile: build the book"] = timed(
            [str(Path(PY).parent / "jupyter-book"), "build", ".", "-q"], cwd=book, env=env)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every-profile", action="store_true",
                        help="also run every available profile and build the book with them")
    args = parser.parse_args()
    results = {}
    for name, code in STEPS.items():
        results[name] = timed([PY, "-c", code])
    with tempfile.TemporaryDirectory() as cache:
        env = {"HELPERS_CACHE_DIR": cache}
        results["whole-panel results, cold (2 processes)"] = timed(
            [PY, "-c", "from helpers.measures import panel_cache\npanel_cache.load(jobs=2)"], env=env)
        out = str(Path(cache) / "book")
        results["default profile runs, cold (2 processes)"] = timed(
            [PY, "-c", PROFILE_RUNS, out], env=env)
        results["default profile runs, nothing changed"] = timed(
            [PY, "-c", PROFILE_RUNS, out], env=env)
    notebooks = [str(p) for p in sorted((ROOT / "chapters").glob("*.ipynb"))]
    notebooks.append(str(ROOT / "chapters" / "profiles" / "template.ipynb"))
    with tempfile.TemporaryDirectory() as tmp:
        copies = []
        for nb in notebooks:  # execute copies, leaving committed notebooks untouched
            dest = Path(tmp) / Path(nb).name
            dest.write_bytes(Path(nb).read_bytes())
            copies.append(str(dest))
        results["execute every chapter"] = timed([PY, "-m", "helpers", "execute", *copies])
        results["build the book"] = timed(
            [str(Path(PY).parent / "jupyter-book"), "build", ".", "--path-output", tmp, "-q"]
        )
    if args.every_profile:
        every_profile(results)
    width = max(map(len, results))
    for name, seconds in results.items():
        print(f"{name:<{width}}  {seconds:7.2f} s")
    print(json.dumps({k: round(v, 2) for k, v in results.items()}))


if __name__ == "__main__":
    main()
