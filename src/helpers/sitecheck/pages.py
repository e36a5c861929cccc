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
#: The run's turn of the rotation over generated pages: a number, or ``all`` for every page at
#: every width.
ROTATION_ENV = "SITE_ROTATION"
#: One in this many generated pages of each edition is loaded in the browser in a run (each
#: at one width); every page's HTML is checked in every run.
SHARE = 8


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


def generated(page: str) -> bool:
    """Whether ``page`` is a generated profile page (:data:`GENERATED`), in either edition."""
    return page.removeprefix(EDITION).startswith(GENERATED)


def page_widths(pages: list[str], widths: tuple[int, ...], turn: int | None,
                share: int = SHARE) -> list[tuple[str, int]]:
    """The browser checks of a run, as (page, width): every page at every width, except the
    generated profile pages (:func:`generated`) when ``turn`` is a number. Of those, one in
    ``share`` is loaded, at one width: the k-th of an edition's generated pages (sorted), e
    being 0 in the English edition and 1 in the Chinese one, has the slot
    ``(k + e + turn) % (share * len(widths))``; a slot below ``len(widths)`` is the index of
    its width, any other slot leaves the page to the checks of its HTML
    (:mod:`helpers.sitecheck.static`) in this run. So ``share * len(widths)`` successive
    turns check each generated page at each width once."""
    place = {}  # a generated page's slot before the turn: its rank in its edition, + e
    profiles = [p for p in pages if generated(p)]
    for e, in_edition in enumerate(([p for p in profiles if not p.startswith(EDITION)],
                                    [p for p in profiles if p.startswith(EDITION)])):
        place.update({page: k + e for k, page in enumerate(in_edition)})
    checks = []
    for page in pages:
        if turn is None or page not in place:
            checks.extend((page, width) for width in widths)
        elif (slot := (place[page] + turn) % (share * len(widths))) < len(widths):
            checks.append((page, widths[slot]))
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
