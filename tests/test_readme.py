"""The README and the maintainer's guide (CONTRIBUTING.md) stay true: the README short, its
two commands and its list of what CI runs those of `.ci/run`, every make target and
`python -m helpers` command either names one that exists, and every relative link resolves."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from helpers.cli import build_parser
from helpers.paths import ROOT

README = ROOT / "README.md"
GUIDE = ROOT / "CONTRIBUTING.md"
DOCS = [README, GUIDE]
CI = ROOT / ".ci" / "run"

#: The README is read in a few minutes; the maintainer's guide holds the rest.
README_WORDS = 1_500

FENCED = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)(.+?)\1", re.DOTALL)
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
MAKE = re.compile(r"(?:^|[\s;&|(])make ([a-z][\w./-]*)")
HELPERS = re.compile(r"python -m helpers((?: [^\s#`|;]+)*)")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _code(text: str) -> list[str]:
    """Every piece of code in Markdown ``text``: fenced blocks and inline code spans."""
    blocks = FENCED.findall(text)
    rest = FENCED.sub("", text)
    return blocks + [m.group(2) for m in INLINE_CODE.finditer(rest)]


def _commands(block: str) -> list[str]:
    """The commands of a shell block, without comments, blank lines or shell set-up."""
    lines = (line.split("#", 1)[0].strip() for line in block.splitlines())
    return [line for line in lines if line and not line.startswith(("set ", "cd "))]


def _section(text: str, title: str) -> str:
    """The body of the ``## title`` section of ``text``."""
    found = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text,
                      re.MULTILINE | re.DOTALL)
    assert found, f"no section '## {title}'"
    return found.group(1)


def make_targets() -> set[str]:
    """The Makefile's targets (rules whose target is a plain name)."""
    names = re.findall(r"^([\w./-]+(?:[ \t]+[\w./-]+)*)[ \t]*:(?!=)", _text(ROOT / "Makefile"),
                       re.MULTILINE)
    return {n for line in names for n in line.split()}


def cli_commands(parser: argparse.ArgumentParser | None = None) -> dict[str, set[str]]:
    """Each ``python -m helpers`` subcommand with its own subcommands (empty if none)."""
    parser = parser or build_parser()
    commands: dict[str, set[str]] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                nested = [a for a in sub._actions if isinstance(a, argparse._SubParsersAction)]
                commands[name] = {n for a in nested for n in a.choices}
    return commands


def named_make_targets(text: str) -> set[str]:
    """The make targets the code in ``text`` runs."""
    return {m for code in _code(text) for m in MAKE.findall(code)}


def named_cli_commands(text: str) -> set[tuple[str, ...]]:
    """The ``python -m helpers`` commands the code in ``text`` runs: (command,) or
    (command, subcommand), options and arguments left out."""
    named = set()
    for code in _code(text):
        for args in HELPERS.findall(code):
            words = args.split()
            if words and not words[0].startswith("-"):
                named.add(tuple(words[:2]))
    return named


def unknown_cli_commands(named: set[tuple[str, ...]],
                         commands: dict[str, set[str]]) -> list[str]:
    """The ``named`` commands that are not ``commands``: an unknown command, or a word in a
    subcommand's place that is not one (an option or a placeholder may stand there)."""
    wrong = []
    for name, *rest in sorted(named):
        if name not in commands:
            wrong.append(name)
        elif commands[name] and rest and re.fullmatch(r"[a-z][a-z-]*", rest[0]) \
                and rest[0] not in commands[name]:
            wrong.append(f"{name} {rest[0]}")
    return wrong


def relative_links(path: Path) -> list[str]:
    """The targets of the Markdown links in ``path`` that are not URLs (code left out)."""
    text = INLINE_CODE.sub(lambda m: m.group(2), FENCED.sub("", _text(path)))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z][a-z+.-]*:", t)]


def heading_anchors(text: str) -> set[str]:
    """The anchors a Markdown renderer gives the headings of ``text`` (GitHub's rule: lower
    case, punctuation dropped, spaces as hyphens)."""
    titles = re.findall(r"^#{1,6} (.+)$", FENCED.sub("", text), re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", t.strip().lower()).replace(" ", "-") for t in titles}


def test_readme_is_short() -> None:
    words = len(_text(README).split())
    assert words < README_WORDS, f"README.md has {words} words; move detail to CONTRIBUTING.md"


def test_readme_states_the_two_commands() -> None:
    section = _section(_text(README), "Two commands")
    blocks = FENCED.findall(section)
    assert blocks and _commands(blocks[0]) == ["make book", "make test"]


def test_readme_says_what_ci_runs() -> None:
    """The code block after the README's sentence linking `.ci/run` is what `.ci/run` runs,
    in its order, and holds the README's two commands."""
    text = _text(README)
    link = text.find("](.ci/run)")
    assert link >= 0, "the README does not link .ci/run"
    said = FENCED.search(text, link)
    assert said, "no code block after the README's link to .ci/run"
    ci = _commands(_text(CI))
    assert _commands(said.group(1)) == ci, f".ci/run runs {ci}"
    assert {"make book", "make test"} <= set(ci)


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_make_targets_exist(doc: Path) -> None:
    named = named_make_targets(_text(doc))
    assert named, f"{doc.name} names no make target"
    missing = named - make_targets()
    assert not missing, f"{doc.name} names make targets the Makefile lacks: {sorted(missing)}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_named_cli_commands_exist(doc: Path) -> None:
    named = named_cli_commands(_text(doc))
    assert named, f"{doc.name} names no python -m helpers command"
    wrong = unknown_cli_commands(named, cli_commands())
    assert not wrong, f"{doc.name} names commands python -m helpers lacks: {wrong}"


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_relative_links_resolve(doc: Path) -> None:
    links = relative_links(doc)
    assert links, f"{doc.name} has no relative link"
    anchors = heading_anchors(_text(doc))
    broken = []
    for target in links:
        path, _, anchor = target.partition("#")
        if path and not (doc.parent / path).exists():
            broken.append(target)
        elif not path and anchor not in anchors:
            broken.append(target)
    assert not broken, f"{doc.name}: links to nothing: {broken}"


def test_the_checks_catch_what_they_should() -> None:
    """The parsers find what a stale document would hold."""
    stale = ("Run `make bok`, then `python -m helpers panl`, `python -m helpers runs lst`,\n"
             "and read [the guide](MISSING.md).\n\n```bash\nmake test\n```\n")
    assert named_make_targets(stale) - make_targets() == {"bok"}
    named = named_cli_commands(stale)
    assert unknown_cli_commands(named, cli_commands()) == ["panl", "runs lst"]
    assert [t for t in LINK.findall(stale)] == ["MISSING.md"]
    assert _commands("set -euo pipefail\ncd x\nmake test  # tests\n") == ["make test"]
    assert "make" not in named_make_targets("the others would make up most of its pages")
    assert heading_anchors("## The Chinese edition (中文版)\n") == {"the-chinese-edition-中文版"}
