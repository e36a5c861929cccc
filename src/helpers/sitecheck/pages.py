"""A built site's pages and the anchors each one holds."""

from __future__ import annotations

import os
import subprocess
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

#: Folders of a Sphinx build that hold no pages of the book.
SKIPPED = ("_static", "_sources", "_images", "_downloads")
#: The folder of the Chinese edition in the built site.
EDITION = "zh/"
#: Where the generated profile pages are: one per economy-year (all from one template,
#: ``chapters/profiles/template.md``) and one per economy (all written by one function,
#: ``helpers.profiles.index.economy_page``).
GENERATED = ("chapters/profiles/runs/", "chapters/profiles/economies/")
#: Which width each profile page is checked at: a number, or ``all`` for every width.
ROTATION_ENV = "SITE_ROTATION"


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


def rotation(root: Path) -> int | None:
    """The run's rotation: ``$SITE_ROTATION`` (``all``: none, every page at every width),
    else a number taken from the checked-out commit (so it turns with every commit), else 0."""
    given = os.environ.get(ROTATION_ENV, "").strip()
    if given:
        if given == "all":
            return None
        if not given.isdigit():
            raise ValueError(f"{ROTATION_ENV}={given!r}: give a whole number, or 'all'")
        return int(given)
    done = subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True,
                          text=True, check=False)
    return int(done.stdout[:8], 16) if done.returncode == 0 and done.stdout else 0


def page_widths(pages: list[str], widths: tuple[int, ...],
                turn: int | None) -> list[tuple[str, int]]:
    """The checks of a run, as (page, width): every page at every width, except the generated
    profile pages (:data:`GENERATED`: economy-years and economies) when ``turn`` is a number.
    Each of those is checked at one width: the k-th of an edition's generated pages (sorted)
    at ``widths[(k + e + turn) % len(widths)]``, e being 0 in the English edition and 1 in
    the Chinese one. So every run loads every generated page, checks each such page of the
    book at every width (in one edition or the other), and over successive turns checks
    each page at each width."""
    profiles = [p for p in pages if p.removeprefix(EDITION).startswith(GENERATED)]
    place = {}  # a profile page's width index before the turn: its rank in its edition, + e
    for e, in_edition in enumerate(([p for p in profiles if not p.startswith(EDITION)],
                                    [p for p in profiles if p.startswith(EDITION)])):
        place.update({page: k + e for k, page in enumerate(in_edition)})
    checks = []
    for page in pages:
        if turn is None or page not in place:
            checks.extend((page, width) for width in widths)
        else:
            checks.append((page, widths[(place[page] + turn) % len(widths)]))
    return checks


class _Anchors(HTMLParser):
    """Collects the ids of every element and the names of ``<a name>`` targets; builds no
    tree (about six times as fast as BeautifulSoup on the appendices' long pages)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is not None and (name == "id" or (name == "name" and tag == "a")):
                self.found.add(value)

    handle_startendtag = handle_starttag


@cache
def anchors(path: Path) -> frozenset[str]:
    """The ids (and ``<a name>`` targets) a built page holds."""
    parser = _Anchors()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return frozenset(parser.found)
