"""The printed editions (``make pdf``) beside the site they were printed from."""

from __future__ import annotations

import io
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from pypdf import PdfReader

from helpers.pdf import site
from helpers.pdf import toc as tocs


def squash(text: str) -> str:
    """Text compared without whitespace (lines wrap differently in print) and in NFKC form
    (the PDF's text layer may give a CJK ideograph as its compatibility radical)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def clean(el: object) -> str:
    for link in el.select(".headerlink"):
        link.decompose()
    return el.get_text(" ", strip=True)


#: PDFium's mark for a hyphen that ends a line (it cannot tell a soft hyphen from a real one).
LINE_END_HYPHEN = 0xFFFE


def _same_line(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """Two characters' boxes (left, bottom, right, top) overlap by half the lower one's height."""
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap > 0.5 * min(a[3] - a[1], b[3] - b[1])


def _page_text(textpage: object) -> str:
    """A page's characters in the order the page draws them, a line break where PDFium puts
    one and the text really moves to another line. PDFium also breaks where a glyph starts
    left of the last one's end on the same line (the contents page's tightly set titles): such
    a break is dropped."""
    import pypdfium2.raw as pdfium_c

    out: list[str] = []
    last, pending = -1, False  # the last drawn character's index; a break seen after it
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        if code in (0x0D, 0x0A):
            pending = True
            continue
        if pending:
            if last < 0 or not _same_line(textpage.get_charbox(last, loose=True),
                                          textpage.get_charbox(i, loose=True)):
                out.append("\n")
            pending = False
        out.append("-" if code == LINE_END_HYPHEN else chr(code))
        if code != 0x20:
            last = i
    return "".join(out)


def page_texts(pdf: Path) -> list[str]:
    """The text of each of ``pdf``'s pages, as PDFium reads it (mapped to Unicode by the
    fonts' ``/ToUnicode`` maps; see :func:`_page_text` for its lines). About 2 s a book;
    pypdf took about 40 s (pure Python), and poppler's ``pdftotext`` reorders lines mixing
    Chinese and Latin letters and drops spaces."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in doc:
            textpage = page.get_textpage()
            texts.append(_page_text(textpage))
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()


@dataclass
class Printed:
    """One edition's PDF and the built site pages it holds."""

    edition: site.Edition

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.edition.pdf.read_bytes()))

    @cached_property
    def pages(self) -> list[str]:
        """Each page's text, without its footer (the page number, last)."""
        return [re.sub(r"\n?\d+\s*$", "", text) for text in page_texts(self.edition.pdf)]

    @cached_property
    def text(self) -> str:
        return squash("\n".join(self.pages))

    @cached_property
    def entries(self) -> list[tocs.Entry]:
        return tocs.entries(tocs.read(self.edition.work / "_toc.yml"))

    def soup(self, doc: str) -> BeautifulSoup:
        path = self.edition.site / f"{doc}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Each edition's checks in one group, so that a parallel run (``-n 2 --dist loadgroup``)
    checks the two editions side by side, each process reading one PDF once."""
    for item in items:
        spec = getattr(item, "callspec", None)
        if spec is not None and "printed" in spec.params:
            item.add_marker(pytest.mark.xdist_group(f"pdf-{spec.params['printed']}"))


@pytest.fixture(scope="session", params=sorted(site.EDITIONS))
def printed(request: pytest.FixtureRequest) -> Printed:
    ed = site.edition(request.param)
    if not ed.pdf.is_file():
        if request.param == "en":
            pytest.exit(f"no PDF at {ed.pdf}: run `make pdf` first", returncode=2)
        pytest.skip(f"no {request.param} PDF: there is no {request.param} build of the site yet")
    return Printed(ed)


@pytest.fixture(scope="session")
def pdf_root() -> Path:
    return site.PDF_DIR
