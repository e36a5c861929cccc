"""The PDF's table of contents: the book's ``_toc.yml`` with only the profiles it prints."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers.errors import HelpersError

#: Where the generated profile pages live (see ``helpers.profiles.layout``).
RUNS = "chapters/profiles/runs/"
ECONOMIES = "chapters/profiles/economies/"


class TocError(HelpersError):
    """A table of contents the PDF cannot follow."""


@dataclass(frozen=True)
class Entry:
    """One page of the book in reading order: its document, its depth and its part."""

    doc: str
    level: int
    part: str


def read(path: Path) -> dict:
    """The parsed ``_toc.yml``; an error names the file if it has no parts."""
    toc = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(toc, dict) or "root" not in toc or not toc.get("parts"):
        raise TocError(f"{path} is not a jupyter-book table of contents with 'root' and "
                       "'parts'")
    return toc


def _keep(items: list[dict], runs: set[str]) -> list[dict]:
    kept = []
    for item in items:
        doc = item["file"]
        if doc.startswith(RUNS) and doc.removeprefix(RUNS) not in runs:
            continue
        item = dict(item)
        if "sections" in item:
            item["sections"] = _keep(item["sections"], runs)
            if not item["sections"]:
                del item["sections"]
                if doc.startswith(ECONOMIES):
                    continue  # an economy none of whose profiles is a default run
        kept.append(item)
    return kept


def filtered(toc: dict, runs: set[str]) -> dict:
    """``toc`` with only the profiles named in ``runs`` (slugs such as ``chn-2020-nbs``)."""
    out = copy.deepcopy(toc)
    out["parts"] = [{**part, "chapters": _keep(part.get("chapters", []), runs)}
                    for part in toc["parts"]]
    out["parts"] = [part for part in out["parts"] if part["chapters"]]
    return out


def entries(toc: dict) -> list[Entry]:
    """Every page after the root, depth first, each with its depth (1 for a chapter)."""
    found: list[Entry] = []

    def walk(items: list[dict], level: int, part: str) -> None:
        for item in items:
            found.append(Entry(item["file"], level, part))
            walk(item.get("sections", []), level + 1, part)

    for part in toc["parts"]:
        walk(part.get("chapters", []), 1, part.get("caption", ""))
    return found


def write(toc: dict, path: Path) -> Path:
    """Write ``toc`` as YAML to ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(toc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path
