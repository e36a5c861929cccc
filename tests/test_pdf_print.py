"""Printing in Chromium: the contents' page numbers filled in by printing the first pages
again, or the whole book again when the numbers move a page."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from helpers.pdf import outline, printer
from helpers.sitecheck.browser import chromium

pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")

PARAGRAPH = "<p>" + "A line of the book's text, long enough to fill the page. " * 40 + "</p>"
PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body>
<article class="bd-article">
<section id="landing"><h1>Landing</h1><p><em>A small book.</em></p></section>
{docs}
</article></body></html>"""
DOCS = ("a", "b", "c")
ENTRIES = [{"doc": d, "level": 1, "part": "Part"} for d in DOCS]
ARGS = {"entries": ENTRIES, "labels": {"contents": "Contents", "edition": ""},
        "title": "Book", "original": "", "edition": "Printed for a test"}


@pytest.fixture
def book(tmp_path):
    docs = "\n".join(f'<span id="document-{d}"></span><section id="{d}"><h1>Chapter {d}</h1>'
                     + PARAGRAPH * (3 if d == "a" else 1) + "</section>" for d in DOCS)
    path = tmp_path / "index.html"
    path.write_text(PAGE.format(docs=docs), encoding="utf-8")
    return path


def _contents(pdf: bytes) -> dict[str, int]:
    text = PdfReader(io.BytesIO(pdf)).pages[1].extract_text()
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"Chapter (\w)\s*(\d+)", text)}


def _finished(printed: printer.Printed) -> bytes:
    pages = outline.first_pages(printed.pdf, printed.entries)
    return outline.finish(printed.pdf, printed.entries, pages, {}, printed.front,
                          printed.front_pages)


def test_the_first_pages_are_printed_again_with_the_numbers(book):
    printed = printer.print_book(book, ARGS, outline.first_pages)
    pages = outline.first_pages(printed.pdf, printed.entries)
    assert printed.front and printed.front_pages == min(pages.values()) - 1
    pdf = _finished(printed)
    assert _contents(pdf) == pages
    reader = PdfReader(io.BytesIO(pdf))
    for doc, number in pages.items():
        assert f"Chapter {doc}" in reader.pages[number - 1].extract_text()


def test_a_page_moved_by_the_numbers_prints_the_whole_book_again(book, monkeypatch):
    seen = iter(range(1000))
    monkeypatch.setattr(printer, "_page_text", lambda pdf, number: next(seen))
    printed = printer.print_book(book, ARGS, outline.first_pages)
    assert printed.front == b"" and printed.front_pages == 0
    assert _contents(_finished(printed)) == outline.first_pages(printed.pdf, printed.entries)
