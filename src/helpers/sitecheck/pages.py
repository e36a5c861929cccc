"""A built site's pages and the anchors each one holds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from bs4 import BeautifulSoup

#: Folders of a Sphinx build that hold no pages of the book.
SKIPPED = ("_static", "_sources", "_images", "_downloads")
#: The folder of the Chinese edition in the built site.
EDITION = "zh/"


def site_pages(root: Path) -> list[str]:
    """Every built page, as a path relative to ``root`` (``chapters/status.html``), in both
    editions (the Chinese one in ``zh/``)."""
    def in_book(parts: tuple[str, ...]) -> bool:
        return (parts[1:] if parts[0] == EDITION.rstrip("/") else parts)[0] not in SKIPPED

    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html")
                  if in_book(p.relative_to(root).parts))


def chapter_pages(root: Path) -> list[str]:
    """The pages worth a screenshot: the landing page, the chapters and the profiles' index,
    in both editions."""
    wanted = {"index.html", "chapters/profiles/index.html"}
    return [p for p in site_pages(root)
            if (rel := p.removeprefix(EDITION)) in wanted
            or (rel.startswith("chapters/") and rel.count("/") == 1)]


@cache
def anchors(path: Path) -> frozenset[str]:
    """The ids (and ``<a name>`` targets) a built page holds."""
    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    return frozenset(ids | {tag["name"] for tag in soup.find_all("a", attrs={"name": True})})
