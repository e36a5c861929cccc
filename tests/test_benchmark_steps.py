"""The benchmark's clean ``make book`` runs what ``make book`` runs."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

from helpers import paths


def _benchmark():
    spec = importlib.util.spec_from_file_location("bench_run", paths.ROOT / "benchmarks" / "run.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _recipe(target: str) -> list[str]:
    """The command lines of a Makefile target's recipe."""
    lines = (paths.ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{re.escape(target)}:", line))
    out = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        out.append(line.strip())
    return out


def _program(word: str) -> str:
    """A command's program by name: ``$(BIN)/python`` and ``.venv/bin/python`` are both
    ``python``."""
    return Path(word.replace("$(BIN)/", "")).name if "/" in word else word


def test_clean_book_steps_follow_the_makefile():
    bench = _benchmark()
    steps = [[_program(w) for w in step] for step in bench.BOOK_STEPS]
    steps = [["python" if s[0].startswith("python") else s[0], *s[1:]] for s in steps]
    [recipe] = _recipe("book")
    words = [_program(w) for w in recipe.split()]
    words = words[:words.index("$(if")] if "$(if" in words else words
    jobs = re.search(r"^JOBS\s*\?=\s*(\d+)", (paths.ROOT / "Makefile").read_text(), re.M)
    assert steps[1] == [w.replace("$(JOBS)", jobs.group(1)) for w in words], (
        "the benchmark's clean make book is not the Makefile's")
    assert steps[0][:4] == ["python", "-m", "helpers", "charts-bundle"]


def test_edited_chapter_steps_follow_the_makefile():
    bench = _benchmark()
    steps = [[_program(w) for w in step] for step in bench.CHAPTER_STEPS]
    steps = [["python" if s[0].startswith("python") else s[0], *s[1:]] for s in steps]
    chapter = bench.EDITED_CHAPTER
    recipe = [line for line in _recipe("chapter") if not line.startswith("@")]
    recipe = " ".join(recipe).replace("\\ ", "").replace("$(CHAPTER_MD:.md=.ipynb)",
                                                              chapter.replace(".md", ".ipynb"))
    words = [_program(w) for w in recipe.replace("$(CHAPTER_MD)", chapter).split()]
    assert [w for step in steps for w in step] == words


def test_ci_steps_are_the_ci_scripts():
    bench = _benchmark()
    script = (paths.ROOT / ".ci" / "run").read_text()
    assert re.findall(r"^make (\S+)$", script, re.M) == list(bench.CI_STEPS)


def test_a_missed_target_says_by_how_much():
    bench = _benchmark()
    measured = {"pymrio calc_system from Z and Y, every square table": 2.0,
                "pymrio calc_system with x given too (stricter)": 1.5,
                "bare numpy A and L, every square table": 0.1,
                "panel: indicators + Leontief, every table": 0.8,  # over pymrio / 3
                "clean `make book` after set-up": 90.0,
                "`make book` again, nothing changed": 1.0,
                "machine yardstick, at the start": 1.2}
    rows = {r["step"]: r for r in bench.report(measured)}
    assert bench.verdict(rows["clean `make book` after set-up"]) == "NOT MET, by 30 s (50% over)"
    assert bench.verdict(rows["panel: indicators + Leontief, every table"]).startswith("NOT MET")
    assert bench.verdict(rows["`make book` again, nothing changed"]) == "met"
    assert bench.verdict(rows["machine yardstick, at the start"]) == ""  # no target


def test_the_yardstick_times_its_workload_in_a_new_process(monkeypatch):
    bench = _benchmark()
    monkeypatch.setattr(bench, "YARDSTICK_RUNS", 1)
    seconds = bench.yardstick()
    assert 0 < seconds < 60
