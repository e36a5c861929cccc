"""The two built editions side by side: every English page has its Chinese twin, with the
same glued numbers, and each page's language switch leads to its twin."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.book.sphinx_i18n import EDITION_DIR

_GLUED = re.compile(r'<span class="pasted-(?:text|inline)[^"]*">(.*?)</span>', re.S)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_SWITCH = re.compile(r'<a class="language-switch-link" href="([^"]+)"')


def pages(site: Path) -> list[str]:
    """The English edition's pages (not search, index or static files)."""
    zh = site / EDITION_DIR
    skip = {"search.html", "genindex.html"}
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if zh not in p.parents and p.name not in skip
                  and "_static" not in p.parts and "_sources" not in p.parts)


def glued_numbers(page: Path) -> list[str]:
    """Every number inside the page's glued values, sorted."""
    text = page.read_text(encoding="utf-8")
    return sorted(n for span in _GLUED.findall(text)
                  for n in _NUMBER.findall(re.sub(r"<[^>]+>", "", span)))


def number_problems(site: Path) -> list[str]:
    """Pages missing from the Chinese edition, or whose glued numbers differ from the English
    page's; one line each, naming the page."""
    zh = site / EDITION_DIR
    problems = []
    for page in pages(site):
        if not (zh / page).exists():
            problems.append(f"{page}: no Chinese edition of this page")
            continue
        en_numbers, zh_numbers = glued_numbers(site / page), glued_numbers(zh / page)
        if en_numbers != zh_numbers:
            only = sorted(set(en_numbers) ^ set(zh_numbers))[:10]
            problems.append(f"{page}: glued numbers differ between the editions "
                            f"({', '.join(only) or 'counts differ'})")
    return problems


def switch_problems(site: Path) -> list[str]:
    """Pages whose language switch does not lead to the same page in the other edition."""
    zh = site / EDITION_DIR
    bad = []
    for page in pages(site):
        for here, other in ((site, zh), (zh, site)):
            if not (here / page).exists():
                continue
            links = _SWITCH.findall((here / page).read_text(encoding="utf-8"))
            target = ((here / page).parent / links[0]).resolve() if links else None
            if target != (other / page).resolve() or not target.exists():
                bad.append(f"{(here / page).relative_to(site)}: language switch -> "
                           f"{links[:1] or 'none'}")
    return bad
