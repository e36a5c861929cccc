"""The GitHub Actions workflows (.github/workflows) hold together: each loads as YAML, every
job has a runner and steps, every action is pinned to a version, the triggers, caches and
permissions are the ones the README describes, and CI runs what `.ci/run` runs, in its order.
A broken workflow fails these checks (the last tests)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers.paths import DATA, ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
CI_SCRIPT = ROOT / ".ci" / "run"
NAMES = ("ci", "pages", "links")

#: owner/repo[/path]@vN[.N[.N]] or @<commit sha>; local actions (./path) need no version.
PINNED = re.compile(r"^(\./\S+|[\w.-]+/[\w.-]+(/[\w./-]+)?@(v\d+(\.\d+){0,2}|[0-9a-f]{40}))$")
MAKE = re.compile(r"(?:^|[\s;&|(])make ((?:[a-z][\w./-]* ?)+)")


def load(path: Path) -> dict[str, Any]:
    """A workflow file as a mapping (YAML 1.1 reads the key ``on`` as True: it is renamed)."""
    doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(doc, dict):
        raise ValueError(f"{path.name} is not a mapping")
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def triggers(doc: dict[str, Any]) -> dict[str, Any]:
    """The events of a workflow's ``on`` as a mapping (a name or a list of names too)."""
    on = doc.get("on")
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on or {})


def steps(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """Every step of every job, in order."""
    return [s for job in (doc.get("jobs") or {}).values() if isinstance(job, dict)
            for s in (job.get("steps") or []) if isinstance(s, dict)]


def script_commands(text: str) -> list[str]:
    """The commands of a shell script: no comments, blank lines or shell set-up."""
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith(("set ", "cd "))]


def make_targets(commands: list[str]) -> list[str]:
    """The make targets the commands run, in order; ``bash .ci/run`` counts as its own."""
    found: list[str] = []
    for command in commands:
        if re.fullmatch(r"(bash )?\.ci/run", command):
            found += make_targets(script_commands(CI_SCRIPT.read_text(encoding="utf-8")))
        for group in MAKE.findall(command):
            found += group.split()
    return found


def run_commands(doc: dict[str, Any]) -> list[str]:
    """The shell commands of every ``run`` step, in order."""
    return [c for s in steps(doc) if isinstance(s.get("run"), str)
            for c in script_commands(s["run"])]


def uses(doc: dict[str, Any], action: str) -> list[dict[str, Any]]:
    """The steps that use ``action`` (any version)."""
    return [s for s in steps(doc) if str(s.get("uses", "")).split("@")[0] == action]


def structure_problems(doc: dict[str, Any]) -> list[str]:
    """What makes a workflow malformed for GitHub Actions, one line each."""
    problems = []
    if not doc.get("on"):
        problems.append("no trigger (on:)")
    jobs = doc.get("jobs")
    if not isinstance(jobs, dict) or not jobs:
        return [*problems, "no jobs"]
    for name, job in jobs.items():
        if not isinstance(job, dict):
            problems.append(f"job {name} is not a mapping")
            continue
        if not job.get("runs-on"):
            problems.append(f"job {name} has no runs-on")
        needs = job.get("needs", [])
        for need in [needs] if isinstance(needs, str) else needs:
            if need not in jobs:
                problems.append(f"job {name} needs {need}, which is no job")
        job_steps = job.get("steps")
        if not isinstance(job_steps, list) or not job_steps:
            problems.append(f"job {name} has no steps")
            continue
        for i, step in enumerate(job_steps, start=1):
            where = f"job {name} step {i}"
            if not isinstance(step, dict) or ("uses" in step) == ("run" in step):
                problems.append(f"{where} has neither or both of uses and run")
                continue
            if "uses" in step and not PINNED.match(str(step["uses"])):
                problems.append(f"{where} uses {step['uses']!r}, not pinned to a version")
            for key, value in step.items():
                if isinstance(value, str) and value.count("${{") != value.count("}}"):
                    problems.append(f"{where}: unbalanced expression in {key}")
    return problems


def cache_keys(doc: dict[str, Any]) -> dict[str, str]:
    """Each cached path with its key."""
    return {str(s["with"]["path"]): str(s["with"]["key"])
            for s in uses(doc, "actions/cache") if isinstance(s.get("with"), dict)}


def cache_problems(doc: dict[str, Any]) -> list[str]:
    """The environment cached by the lock file and pyproject.toml, the raw data by
    data/sources.csv."""
    keys = cache_keys(doc)
    raw = (DATA / "raw").relative_to(ROOT).as_posix()  # where fetch writes (by default)
    problems = []
    if not all(f in keys.get(".venv", "") for f in ("requirements.lock", "pyproject.toml")):
        problems.append(".venv is not cached by requirements.lock and pyproject.toml")
    if "data/sources.csv" not in keys.get(raw, ""):
        problems.append(f"{raw} is not cached by data/sources.csv")
    return problems


def ci_problems(doc: dict[str, Any]) -> list[str]:
    """CI on push and pull request, running the make targets of `.ci/run` in its order, and
    keeping the site, the PDFs and the screenshots."""
    problems = []
    if not {"push", "pull_request"} <= set(triggers(doc)):
        problems.append("CI does not run on push and pull_request")
    expected = make_targets(script_commands(CI_SCRIPT.read_text(encoding="utf-8")))
    ran = iter(make_targets(run_commands(doc)))
    if not all(target in ran for target in expected):  # in order: ran is consumed
        problems.append(f"CI does not run {expected} in this order (.ci/run's)")
    kept = {str(s.get("with", {}).get("path")): s for s in uses(doc, "actions/upload-artifact")}
    for path in ("_build/html", "_build/pdf/*.pdf", "_build/screenshots"):
        if path not in kept:
            problems.append(f"CI does not upload {path}")
    if "always()" not in str(kept.get("_build/screenshots", {}).get("if", "")):
        problems.append("CI does not upload the screenshots always (when a check fails)")
    return problems


def pages_problems(doc: dict[str, Any]) -> list[str]:
    """Pages from main (and by hand): the book and its PDFs built, _build/html deployed."""
    problems = []
    on = triggers(doc)
    if "main" not in ((on.get("push") or {}).get("branches") or []) \
            or "workflow_dispatch" not in on:
        problems.append("Pages does not run on push to main and workflow_dispatch")
    perms = doc.get("permissions") or {}
    if perms.get("pages") != "write" or perms.get("id-token") != "write":
        problems.append("Pages lacks the permissions pages: write and id-token: write")
    if not doc.get("concurrency"):
        problems.append("Pages has no concurrency group")
    if make_targets(run_commands(doc))[:2] != ["book", "pdf"]:
        problems.append("Pages does not run make book, then make pdf")
    for action in ("actions/configure-pages", "actions/upload-pages-artifact",
                   "actions/deploy-pages"):
        if not uses(doc, action):
            problems.append(f"Pages does not use {action}")
    upload = uses(doc, "actions/upload-pages-artifact")
    if upload and (upload[0].get("with") or {}).get("path") != "_build/html":
        problems.append("Pages does not publish _build/html")
    return problems


def links_problems(doc: dict[str, Any]) -> list[str]:
    """The link check weekly (and by hand), after building the book; and every page of the
    site in the browser at both widths."""
    on = triggers(doc)
    problems = []
    crons = [c.get("cron", "") for c in on.get("schedule") or [] if isinstance(c, dict)]
    if not crons or "workflow_dispatch" not in on:
        problems.append("Links does not run on a schedule and workflow_dispatch")
    elif not all(len(c.split()) == 5 for c in crons):
        problems.append(f"Links has a cron that is not five fields: {crons}")
    commands = run_commands(doc)
    if "book" not in make_targets(commands):
        problems.append("Links does not build the book")
    if not any("-m helpers check-links" in c and "--site" in c for c in commands):
        problems.append("Links does not run python -m helpers check-links on the site")
    if not any(re.search(r"\bmake check-site\b.*\bSITE_ROTATION=all\b", c) for c in commands):
        problems.append("Links does not load every page in the browser "
                        "(make check-site SITE_ROTATION=all)")
    return problems


CHECKS = {"ci": [cache_problems, ci_problems], "pages": [cache_problems, pages_problems],
          "links": [cache_problems, links_problems]}


def all_problems(path: Path, kind: str) -> list[str]:
    """Every problem of the workflow file ``path``, checked as the ``kind`` workflow."""
    try:
        doc = load(path)
    except (yaml.YAMLError, ValueError) as exc:
        return [f"{path.name} does not load: {exc}"]
    problems = structure_problems(doc)
    for check in CHECKS[kind]:
        problems += check(doc)
    return problems


def test_the_three_workflows_are_there() -> None:
    assert set(NAMES) <= {p.stem for p in WORKFLOWS.glob("*.yml")}


@pytest.mark.parametrize("name", NAMES)
def test_workflow_holds_together(name: str) -> None:
    problems = all_problems(WORKFLOWS / f"{name}.yml", name)
    assert not problems, f"{name}.yml: " + "; ".join(problems)


def test_ci_runs_what_ci_script_runs() -> None:
    ci = make_targets(script_commands(CI_SCRIPT.read_text(encoding="utf-8")))
    assert ci and ci[0] == "test", ci  # .ci/run parsed: its targets, tests first
    assert "check-site" in make_targets(run_commands(load(WORKFLOWS / "ci.yml")))


def _broken(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of a workflow with ``old`` replaced by ``new`` (``old`` must be there)."""
    text = (WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {name}.yml"
    path = tmp_path / f"{name}.yml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


@pytest.mark.parametrize(("name", "old", "new", "found"), [
    ("ci", "runs-on: ubuntu-24.04", "runs-onn: ubuntu-24.04", "has no runs-on"),
    ("ci", "actions/checkout@v4", "actions/checkout", "not pinned to a version"),
    ("ci", "actions/checkout@v4", "actions/checkout@main", "not pinned to a version"),
    ("ci", "run: bash .ci/run", "run: make test", "in this order"),
    ("ci", "'requirements.lock', ", "", ".venv is not cached"),
    ("ci", "hashFiles('data/sources.csv')", "github.sha", "data/raw is not cached"),
    ("ci", "  pull_request:", "  workflow_dispatch:", "push and pull_request"),
    ("ci", "path: _build/screenshots", "path: _build/shots", "upload _build/screenshots"),
    ("ci", "screenshots\n        if: always()", "screenshots\n        if: success()", "always"),
    ("pages", "  id-token: write", "  id-token: read", "permissions"),
    ("pages", "branches: [main]", "branches: [gh-pages]", "push to main"),
    ("pages", "run: make pdf", "run: make check-pdf", "make book, then make pdf"),
    ("pages", "needs: build", "needs: built", "needs built, which is no job"),
    ("links", '- cron: "17 5 * * 1"', '- cron: "weekly"', "five fields"),
    ("links", "check-links --site", "check-links --sources-only", "check-links on the site"),
    ("links", "make check-site SITE_ROTATION=all", "make check-site",
     "load every page in the browser"),
    ("links", "    steps:\n", "    steps: []\n    stepz:\n", "has no steps"),
    ("links", "jobs:\n", "jobs:\n  - [", "does not load"),
])
def test_a_broken_workflow_is_caught(tmp_path: Path, name: str, old: str, new: str,
                                     found: str) -> None:
    problems = all_problems(_broken(tmp_path, name, old, new), name)
    assert any(found in p for p in problems), problems


def test_a_step_with_an_unbalanced_expression_is_caught(tmp_path: Path) -> None:
    path = _broken(tmp_path, "ci", "if: always()", "if: ${{ always() }")
    assert any("unbalanced expression" in p for p in all_problems(path, "ci"))
