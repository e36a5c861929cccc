"""Bad names, paths and options, as a user types them: every command and make target refuses
them with a message naming the problem (one JSON object when ``--json`` was asked for), never a
traceback; and the claims registry refuses formulas that prove nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from helpers import paths
from helpers.claims import registry
from helpers.errors import HelpersError


def helpers(*args: str, cwd=paths.ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True,
                          text=True, timeout=300, cwd=cwd)


@pytest.mark.parametrize("args", [
    ("indicators", "CHN", "2020", "--source", "nope", "--json"),
    ("indicators", "CHN", "twenty", "--json"),
    ("claims", "--check", "nope", "--json"),
    ("linkages", "CHN", "--json"),
    ("sources", "--json", "--unknown-option"),
    ("runs", "list", "--json", "--jobs", "2"),
])
def test_every_json_error_is_one_json_object(args):
    r = helpers(*args)
    assert r.returncode == 2 and r.stdout == ""
    error = json.loads(r.stderr)  # the whole of stderr is one object
    assert error["type"] == "UsageError" and error["error"].startswith("python -m helpers")
    assert "Traceback" not in r.stderr


def test_usage_errors_without_json_stay_argparse_text():
    r = helpers("indicators", "CHN", "twenty")
    assert r.returncode == 2 and "invalid int value: 'twenty'" in r.stderr
    assert not r.stderr.lstrip().startswith("{")


@pytest.mark.parametrize(("out", "message"), [
    ("no-such-folder/panel.csv", "the folder .*no-such-folder does not exist"),
    (".", "is a folder"),
])
def test_panel_out_names_a_path_it_cannot_write(tmp_path, out, message):
    r = helpers("panel", "--out", str(tmp_path / out))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert re.search(message, r.stderr), r.stderr


def test_a_file_it_cannot_write_is_an_error_naming_it(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    r = helpers("data-bundle", str(blocker / "inside" / "bundle.zip"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert str(blocker) in r.stderr


@pytest.mark.parametrize("damage", ["truncated", "empty", "not json", "json, no notebook",
                                    "cells not a list"])
def test_check_outputs_names_a_broken_notebook(tmp_path, damage):
    good = (paths.ROOT / "chapters" / "concepts.ipynb").read_bytes()
    body = {"truncated": good[: len(good) // 2], "empty": b"", "not json": b"<html>",
            "json, no notebook": b"[1, 2]",
            "cells not a list": b'{"nbformat": 4, "cells": {"a": 1}}'}[damage]
    nb = tmp_path / "concepts.ipynb"
    nb.write_bytes(body)
    r = helpers("check-outputs", str(nb))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert f"{nb} is not a readable notebook" in r.stderr


@pytest.mark.parametrize("name", ["../README", "../index", "", "a b", "concepts/../status",
                                  "'; ls '", 'a"b'])
def test_make_chapter_refuses_a_name_that_is_no_chapter(name):
    before = sorted(p.name for p in paths.ROOT.iterdir())
    r = subprocess.run(["make", "-s", "chapter", f"NAME={name}"], cwd=paths.ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode != 0
    assert "error: no chapter" in r.stdout + r.stderr and "give NAME= one of" in r.stdout
    assert "Traceback" not in r.stdout + r.stderr
    assert sorted(p.name for p in paths.ROOT.iterdir()) == before, "a file was written"


def _with_formulas(**formulas: str):
    df = registry.load_claims().reset_index(drop=True).copy()
    for cid, formula in formulas.items():
        df.loc[df["id"] == cid, ["check", "formula", "expected"]] = [
            "consistency", formula, "match"]
    return df


def _consistency_ids(n: int) -> list[str]:
    df = registry.load_claims()
    return list(df.loc[df["check"] == "consistency", "id"][:n])


def test_a_formula_naming_its_own_claim_is_refused():
    (a,) = _consistency_ids(1)
    problems = registry.validate(_with_formulas(**{a: f"{a} * 1"}))
    assert problems == [f"claim {a!r}: formula names the claim itself, which proves nothing"]


def test_formulas_that_name_each_other_in_a_cycle_are_refused():
    a, b, c = _consistency_ids(3)
    problems = registry.validate(_with_formulas(**{a: b, b: f"({c} + 1) / 2", c: a}))
    assert len(problems) == 1 and "in a cycle" in problems[0]
    assert all(repr(x) in problems[0] for x in (a, b, c))
    two = registry.validate(_with_formulas(**{a: b, b: a}))
    assert len(two) == 1
    assert f"{a!r} -> {b!r} -> {a!r}" in two[0] or f"{b!r} -> {a!r} -> {b!r}" in two[0]


def test_a_formula_naming_an_unknown_claim_is_refused_before_it_runs():
    (a,) = _consistency_ids(1)
    problems = registry.validate(_with_formulas(**{a: "no.such.claim + 1"}))
    assert problems == [f"claim {a!r}: formula names unknown claim 'no.such.claim'"]


def test_the_registry_as_committed_has_no_such_formula():
    assert registry.reference_problems(registry.load_claims()) == []


def test_a_refused_registry_is_a_helpers_error(tmp_path, monkeypatch):
    a, b = _consistency_ids(2)
    csv = tmp_path / "claims.csv"
    _with_formulas(**{a: b, b: a}).to_csv(csv, index=False)
    monkeypatch.setattr(registry, "CLAIMS_CSV", csv)
    registry.load_claims.cache_clear()
    try:
        with pytest.raises(HelpersError, match="in a cycle"):
            registry.load_claims()
    finally:
        registry.load_claims.cache_clear()


@pytest.mark.parametrize(("args", "message"), [
    (("prune-site", "no-such-site"), "no built site in no-such-site"),
    (("lab", "--port", "-1", "--no-browser"), "is not a port"),
    (("lab", "--port", "70000", "--no-browser"), "is not a port"),
    (("execute", "no-such-chapter.ipynb"), "no notebook no-such-chapter.ipynb"),
])
def test_paths_and_ports_it_cannot_use_are_named(tmp_path, args, message):
    r = helpers(*args, cwd=tmp_path)
    assert r.returncode == 2 and message in r.stderr and "Traceback" not in r.stderr
