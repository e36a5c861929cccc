"""Benchmark (``make benchmark``): the heavy steps, each beside its target and its reference.

Every step runs in a fresh process, in a scratch copy of the book with its own cache folder,
so nothing here touches the book and no cache flatters a "cold" number:

- the vectorised core in one process (parsed tables warm): the whole panel's indicators and
  Leontief requirements, against pymrio's ``IOSystem.calc_system`` (x, A and L) on the same
  square tables, run in the benchmark's own environment (``.venv-bench``), and against
  bare numpy A and L; a sweep of every definition variant; loading every parsed table;
- ``python -m helpers panel``, the whole command, from parsed tables (its results cache
  removed first);
- parsing every raw file (cold: ``panel --refresh``, which parses every raw file again);
- profile runs per profile per core, on a fixed list of economy-years;
- a clean ``make book`` after set-up (the Vega bundle, the default profiles with an empty
  cache, the warning-free builds of both editions) and the same again with nothing changed
  (which finds its inputs unchanged and builds nothing);
- an editor's loop: one chapter's prose changed, ``make chapter`` for it, ``make book``;
- executing every chapter notebook;
- first of all, each step of ``.ci/run`` in a fresh clone of the committed book, set-up
  included (``--no-ci`` leaves this out: it takes about a quarter of an hour).

It prints the machine, a table of measured values beside their targets (a missed target with
how far over it is, and the pymrio ratio where it applies), and the same as JSON; first and
last, a yardstick of how fast the shared machine ran meanwhile (:data:`YARDSTICK`).
``--every-profile`` adds ``runs execute --all`` and a build with every profile.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
JB = str(Path(PY).parent / "jupyter-book")
#: Profile runs timed per profile per core: a fixed spread of sources and sizes.
PROFILE_SPECS = [f"DEU:{y}:wiod" for y in range(2000, 2015)] + [
    f"JPN:{y}:oecd" for y in range(2004, 2019)] + [f"USA:{y}:bea" for y in range(2014, 2024)]
JOBS = 2
#: A clean ``make book`` after set-up: the Vega bundle, then the ``book`` recipe of the
#: Makefile (a test keeps the two alike), which skips a build whose inputs are unchanged.
BOOK_STEPS = ((PY, "-m", "helpers", "charts-bundle", "_static/vega-bundle.js"),
              (PY, "-m", "helpers", "build-book", "--jobs", str(JOBS)))

#: An editor's loop after the clean build: one chapter's prose changed, then the ``chapter``
#: recipe of the Makefile for it (a test keeps the two alike) and ``make book`` again.
EDITED_CHAPTER = "chapters/concepts.md"
EDIT = "\nA sentence added by the benchmark, to time an editor's change of prose.\n"
CHAPTER_STEPS = ((str(Path(PY).parent / "jupytext"), "--sync", EDITED_CHAPTER),
                 (PY, "-m", "helpers", "execute", EDITED_CHAPTER.replace(".md", ".ipynb")),
                 (PY, "-m", "pytest", "--nbval", "--nbval-current-env",
                  "--nbval-sanitize-with", "tests/nbval_sanitize.cfg", "-p", "no:cacheprovider",
                  EDITED_CHAPTER.replace(".md", ".ipynb")))
#: The steps of ``.ci/run``, timed in a fresh clone of the committed book (set-up included).
CI_STEPS = ("test", "book", "pdf", "check-pdf", "check-site")

#: A fixed single-core workload of the kind most of the build is (indented JSON written and
#: read back, a regular expression, a sort: pure Python), timed in a new process at the start
#: and at the end of the benchmark. The shared machine's speed varies by a third from hour to
#: hour; the yardstick says how fast it was while the benchmark ran, so that two runs made at
#: different times can be told apart from two versions of the code.
YARDSTICK = """
import json, re, time
rows = [{"id": i, "name": f"row {i}", "values": [i * 0.5, i * 1.5, None], "tags": ["a", "b"]}
        for i in range(2000)]
started = time.perf_counter()
for _ in range(30):
    text = json.dumps(rows, indent=1)
    json.loads(text)
    sorted(re.findall(r"[a-z]+ \\d+", text), key=len)
print(time.perf_counter() - started)
"""
YARDSTICK_RUNS = 3


@dataclass
class Scratch:
    """A copy of the book's tracked files with its own cache, run with its own ``src``."""

    root: Path
    cache: Path

    @property
    def env(self) -> dict[str, str]:
        return {**os.environ, "PYTHONPATH": str(self.root / "src"),
                "HELPERS_RAW_DIR": str(ROOT / "data" / "raw"),
                "HELPERS_CACHE_DIR": str(self.cache)}

    def run(self, *cmd: str) -> float:
        """Wall time of one command run in the scratch book (it must succeed)."""
        started = time.perf_counter()
        done = subprocess.run(cmd, cwd=self.root, env=self.env, capture_output=True,
                              text=True)
        seconds = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"benchmark step failed: {' '.join(cmd)}\n{done.stderr[-3000:]}")
        self.last_stdout = done.stdout
        return seconds


def scratch(tmp: Path, name: str) -> Scratch:
    """A scratch copy of the committed book (tracked files only) under ``tmp``."""
    root = tmp / name
    files = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.split()
    for f in files:
        dest = root / f
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, dest)
    return Scratch(root, tmp / f"{name}-cache")


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown")
    mem = next((int(line.split()[1]) // 1024 ** 2 for line in
                Path("/proc/meminfo").read_text().splitlines()
                if line.startswith("MemTotal")), 0)
    return f"{model}, {os.cpu_count()} cores, {mem} GiB, Python {platform.python_version()}"


def yardstick() -> float:
    """The median of :data:`YARDSTICK_RUNS` timings of the :data:`YARDSTICK` workload, each in
    a new process (seconds; less is a faster machine)."""
    times = sorted(float(subprocess.run([PY, "-c", YARDSTICK], capture_output=True, text=True,
                                        check=True).stdout) for _ in range(YARDSTICK_RUNS))
    return times[len(times) // 2]


def fresh_clone_ci(tmp: Path) -> dict[str, float]:
    """Each step of ``.ci/run`` (``CI=true make STEP``), timed in a fresh clone of the
    committed book with its own environment and data (fetched from the local mirror)."""
    from helpers.paths import mirror_dir

    clone = tmp / "fresh" / "book"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(CI="true", HELPERS_DATA_MIRROR=str(mirror_dir()))
    m: dict[str, float] = {}
    for step in CI_STEPS:
        started = time.perf_counter()
        done = subprocess.run(["make", step], cwd=clone, env=env, capture_output=True,
                              text=True)
        m[f"fresh clone `.ci/run`: make {step}"] = time.perf_counter() - started
        if done.returncode:
            raise SystemExit(f"benchmark: `make {step}` failed in a fresh clone\n"
                             f"{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    m["fresh clone `.ci/run`, whole"] = sum(m.values())
    return m


def measure(reference_python: str, every_profile: bool, ci: bool) -> dict[str, float]:
    """Every measured value, in seconds (or seconds per profile per core)."""
    m: dict[str, float] = {"machine yardstick, at the start": yardstick()}
    with tempfile.TemporaryDirectory() as tmp:
        if ci:  # first, while nothing else of the benchmark's is on the machine
            m.update(fresh_clone_ci(Path(tmp)))
        book = scratch(Path(tmp), "book")
        m["parse every raw file (cold, 2 processes)"] = book.run(
            PY, "-m", "helpers", "panel", "--refresh", "--jobs", str(JOBS), "--out",
            str(Path(tmp) / "panel.csv"))
        stacks = Path(tmp) / "stacks"
        book.run(PY, "benchmarks/core_timings.py", str(stacks))
        core = json.loads(book.last_stdout)
        m["load every parsed table (warm)"] = core["load_warm"]
        for source, seconds in core["parse_by_source"].items():
            m[f"parse the {source} raw files (one process, no cache)"] = seconds
        m["panel: indicators + Leontief, every table"] = core["panel"]
        m["bare numpy A and L, every square table"] = core["numpy_A_L"]
        m[f"definition sweep, {core['variants']} variants"] = core["sweep"]
        book.run(reference_python, "benchmarks/pymrio_reference.py", str(stacks))
        ref = json.loads(book.last_stdout)
        m["pymrio calc_system from Z and Y, every square table"] = ref["seconds"]
        m["pymrio calc_system with x given too (stricter)"] = ref["seconds_x_given"]
        for results in book.cache.glob("panel-*.csv"):
            results.unlink()
        m["`panel`, whole command, from parsed tables"] = book.run(
            PY, "-m", "helpers", "panel", "--out", str(Path(tmp) / "panel.csv"))
        runs = book.run(PY, "-m", "helpers", "runs", "execute", *PROFILE_SPECS,
                        "--jobs", str(JOBS))
        m[f"profile runs ({len(PROFILE_SPECS)} on {JOBS} processes), per profile per core"] = (
            runs * JOBS / len(PROFILE_SPECS))

        clean = scratch(Path(tmp), "clean")
        steps = BOOK_STEPS
        m["clean `make book` after set-up"] = sum(clean.run(*s) for s in steps)
        m["`make book` again, nothing changed"] = sum(clean.run(*s) for s in steps[1:])
        edited = clean.root / EDITED_CHAPTER
        edited.write_text(edited.read_text(encoding="utf-8") + EDIT, encoding="utf-8")
        m["one chapter's prose edited: `make chapter` + `make book`"] = (
            sum(clean.run(*s) for s in CHAPTER_STEPS) + sum(clean.run(*s) for s in steps[1:]))

        copies = sorted(str(p.relative_to(book.root))
                        for p in (book.root / "chapters").glob("*.ipynb"))
        m["execute every chapter"] = book.run(PY, "-m", "helpers", "execute", *copies)
        if every_profile:
            m["every profile: runs execute --all"] = book.run(
                PY, "-m", "helpers", "runs", "execute", "--all", "--jobs", str(JOBS))
            m["every profile: build the book"] = book.run(JB, "build", ".", "-q")
    m["machine yardstick, at the end"] = yardstick()
    return m


def report(m: dict[str, float]) -> list[dict]:
    """Rows of step, measured value, target and whether it is met."""
    pymrio = m["pymrio calc_system from Z and Y, every square table"]
    strict = m["pymrio calc_system with x given too (stricter)"]
    numpy_ = m["bare numpy A and L, every square table"]
    panel = m["panel: indicators + Leontief, every table"]
    targets = {
        "panel: indicators + Leontief, every table": (
            min(pymrio / 3, 10 * numpy_), "<= pymrio / 3 and <= 10 x bare numpy"),
        "`panel`, whole command, from parsed tables": (pymrio, "< pymrio calc_system"),
        "load every parsed table (warm)": (3.0, "< 3 s"),
        "clean `make book` after set-up": (60.0, "<= 60 s (both editions)"),
        "`make book` again, nothing changed": (5.0, "<= 5 s"),
        "one chapter's prose edited: `make chapter` + `make book`": (30.0, "<= 30 s"),
        "fresh clone `.ci/run`: make check-site": (240.0, "<= 4 min"),
        "fresh clone `.ci/run`, whole": (600.0, "<= 10 min (set-up included)"),
    }
    for name in m:
        if name.startswith("definition sweep"):
            targets[name] = (10.0, "< 10 s")
        if name.startswith("profile runs"):
            targets[name] = (0.5, "< 0.5 s per profile per core")
    rows = []
    for name, value in m.items():
        limit, text = targets.get(name, (None, ""))
        ratio = ""
        if name in ("panel: indicators + Leontief, every table",
                    "`panel`, whole command, from parsed tables"):
            ratio = (f"{pymrio / value:.1f}x faster than pymrio "
                     f"({strict / value:.1f}x the stricter)")
        if name == "panel: indicators + Leontief, every table":
            ratio += f"; {panel / numpy_:.1f}x bare numpy"
        rows.append({"step": name, "seconds": round(value, 3), "target": text,
                     "limit": None if limit is None else round(limit, 3),
                     "met": None if limit is None else value <= limit, "reference": ratio})
    return rows


def verdict(row: dict) -> str:
    """``met``, or ``NOT MET`` and by how much (seconds over the limit, and the share of
    it), or nothing for a step without a target."""
    if row["met"] is None:
        return ""
    if row["met"]:
        return "met"
    over = row["seconds"] - row["limit"]
    return f"NOT MET, by {over:.3g} s ({over / row['limit']:.0%} over)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reference-python", required=True,
                        help="the Python of the benchmark's environment, with pymrio")
    parser.add_argument("--every-profile", action="store_true",
                        help="also run every available profile and build the book with them")
    parser.add_argument("--no-ci", action="store_true",
                        help="leave out the fresh clone's `.ci/run` (about a quarter of an hour)")
    args = parser.parse_args()
    print(f"machine: {machine()}")
    rows = report(measure(os.path.abspath(args.reference_python), args.every_profile,
                          ci=not args.no_ci))
    width = max(len(r["step"]) for r in rows)
    for r in rows:
        print(f"{r['step']:<{width}}  {r['seconds']:8.3f}  {r['target']:<38} "
              f"{verdict(r):<28} {r['reference']}")
    print(json.dumps({"machine": machine(), "steps": rows}))
    if any(r["met"] is False for r in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
