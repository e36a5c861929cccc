"""English left behind on the Chinese edition's pages.

A page's reading text is its article (headings, paragraphs, tables, captions) and the text its
charts draw (titles, axes, legends, labels, controls), without code, URLs, scripts and the
theme's navigation. Every run of Latin letters in it is a word; a word is allowed when it is an
acronym or code (upper case, as OECD, WIOD, GDP, CSV, ISIC's C26, ISO codes), or on the short
reviewed list :data:`ALLOWED` (names of methods and people the report's readers meet in Latin
letters). The share of the page's text in words that are not allowed, counting each Chinese
character as one unit and each Latin word as one, must stay under :data:`LIMIT`.

Pages not yet there are listed in ``locales/zh_CN/leftover-english.csv`` (a page, or a glob
of generated pages, with the share it may not exceed): a ratchet. The check fails when a page
goes over its limit, and when a listed page has fallen well below its entry, so the list is
lowered as the translation advances and an entry goes once its page is under the limit.
"""

from __future__ import annotations

import csv
import fnmatch
import math
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from helpers.book import outputs

#: The largest share of a Chinese page's text that may be English words.
LIMIT = 0.02
#: Pages still over the limit, with the share each may not exceed.
BASELINE = Path("locales") / "zh_CN" / "leftover-english.csv"
#: Generated pages, listed as one entry each.
GENERATED = ("chapters/profiles/runs/*.html", "chapters/profiles/economies/*.html")
#: How far under its listed share a page may fall before its entry must be lowered.
SLACK = 0.01
#: Words a Chinese research report writes in Latin letters: names of methods and authors, and
#: product names, reviewed one by one.
ALLOWED = frozenset({
    "Leontief", "Ghosh", "Rasmussen", "Miller", "Blair", "Timmer", "Dietzenbacher",
    "Jupyter", "JupyterLab", "Python",
    "Vega", "Vega-Lite", "Chromium", "pandas", "numpy", "pymrio", "et", "al",
    # the language switch names the other edition in its own language; file types
    "English", "ipynb", "md", "pdf", "csv", "zip",
})
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]|[A-Za-z]")
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_URL = re.compile(r"\S*(?:://|www\.)\S*|\S+@\S+\.\S+|\S+\.(?:csv|zip|pdf|html|ipynb|md|po)\b")
_IDENTIFIER = re.compile(r"[A-Za-z][0-9_./:]|[0-9_./:][A-Za-z]")
#: Elements whose text is not reading text.
_SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "tt", "nav", "svg", "math"}


class _ArticleText(HTMLParser):
    """The text inside the page's ``<article>`` (or ``<main>``), outside skipped elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = {"article": 0, "skip": 0}
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("article", "main"):
            self.depth["article"] += 1
        elif tag in _SKIPPED:
            self.depth["skip"] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("article", "main"):
            self.depth["article"] -= 1
        elif tag in _SKIPPED:
            self.depth["skip"] = max(0, self.depth["skip"] - 1)

    def handle_data(self, data: str) -> None:
        if self.depth["article"] > 0 and self.depth["skip"] == 0:
            self.parts.append(data)


def reading_text(html_text: str) -> str:
    """A page's reading text: its article's text and its charts' text."""
    parser = _ArticleText()
    parser.feed(html_text)
    charts = [s for spec in outputs.chart_specs(html_text) for s in outputs.chart_strings(spec)]
    return " ".join([*parser.parts, *charts])


def is_allowed(word: str) -> bool:
    """An acronym or code (upper case, possibly with digits) or a reviewed word."""
    return word.isupper() or word in ALLOWED


@dataclass(frozen=True)
class Leftover:
    """How much of a page is English: its words not allowed, and the share they make."""

    page: str
    units: int
    words: Counter

    @property
    def share(self) -> float:
        return sum(self.words.values()) / self.units if self.units else 0.0

    def describe(self, shown: int = 15) -> str:
        top = ", ".join(f"{w} ({n})" if n > 1 else w for w, n in self.words.most_common(shown))
        return (f"{self.page}: {self.share:.1%} of its text is English "
                f"({sum(self.words.values())} of {self.units} units; limit {LIMIT:.0%}): {top}")


def words_of(text: str) -> list[str]:
    """The Latin-letter words of a text, leaving out URLs, file names and identifiers (a run
    of letters joined to digits, ``_``, ``.``, ``/`` or ``:``, as in ``ps_input_share``,
    ``t5.chn`` or a checksum)."""
    text = CJK.sub(" ", _URL.sub(" ", text))
    return [w for token in text.split() if not _IDENTIFIER.search(token.strip(".,;:()[]"))
            for w in _WORD.findall(token)]


def measure(page: str, html_text: str) -> Leftover:
    """The English words left on one Chinese page."""
    text = reading_text(html_text)
    words = words_of(text)
    bad = Counter(w for w in words if not is_allowed(w))
    return Leftover(page, len(CJK.findall(text)) + len(words), bad)


def site_pages(zh: Path) -> list[Path]:
    """The Chinese edition's pages (not search, index or static files)."""
    return sorted(p for p in zh.rglob("*.html") if p.name not in ("search.html", "genindex.html")
                  and "_static" not in p.parts and "_sources" not in p.parts)


def baseline(root: Path) -> dict[str, float]:
    """The listed pages (or globs) and the share each may not exceed."""
    path = root / BASELINE
    if not path.exists():
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["page"]: float(r["max_share"]) for r in csv.DictReader(f)}


def allowed(page: str, listed: dict[str, float]) -> tuple[str | None, float]:
    """The entry that governs a page (None for the plain limit) and its share."""
    for pattern, share in listed.items():
        if fnmatch.fnmatchcase(page, pattern):
            return pattern, max(share, LIMIT)
    return None, LIMIT


def measure_site(zh: Path) -> list[Leftover]:
    """Every Chinese page, measured."""
    return [measure(p.relative_to(zh).as_posix(), p.read_text(encoding="utf-8"))
            for p in site_pages(zh)]


def problems(zh: Path, listed: dict[str, float] | None = None) -> list[str]:
    """One line for every Chinese page over its limit (:data:`LIMIT`, or its entry in the
    baseline), and for every entry that no page needs at that height any more."""
    listed = {} if listed is None else listed
    found = measure_site(zh)
    out, highest = [], dict.fromkeys(listed, 0.0)
    for f in found:
        entry, limit = allowed(f.page, listed)
        if entry is not None:
            highest[entry] = max(highest[entry], f.share)
        if f.share > limit:
            out.append(f.describe() + (f" (listed at {limit:.1%})" if entry else ""))
    for entry, share in listed.items():
        if highest[entry] < share - SLACK:
            out.append(f"{BASELINE}: {entry} is listed at {share:.1%} but its pages are at "
                       f"most {highest[entry]:.1%}: lower the entry (or remove it under "
                       f"{LIMIT:.0%})")
    return out


def write_baseline(root: Path, zh: Path) -> list[Leftover]:
    """List every page now over the limit at its current share (rounded up to 0.1 %), with
    the generated profile and economy pages as one glob each; returns the pages listed."""
    found = [f for f in measure_site(zh) if f.share > LIMIT]
    groups: dict[str, float] = {}
    for f in found:
        key = next((g for g in GENERATED if fnmatch.fnmatchcase(f.page, g)), f.page)
        groups[key] = max(groups.get(key, 0.0), f.share)
    path = root / BASELINE
    with open(path, "w", newline="", encoding="utf-8") as out:
        w = csv.writer(out, lineterminator="\n")
        w.writerow(["page", "max_share"])
        for page, share in sorted(groups.items()):
            w.writerow([page, f"{math.ceil(share * 1000) / 1000:.3f}"])
    return found
