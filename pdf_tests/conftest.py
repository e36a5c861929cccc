"""The printed editions (``make pdf``) beside the site they were printed from."""

from __future__ import annotations

import io
import os
import re
import unicodedata
from concurrent.futures import ProcessPoolExecutor
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


def _every_nth_page_text(pdf: Path, start: int, step: int) -> list[str]:
    reader = PdfReader(pdf)
    return [reader.pages[i].extract_text() or "" for i in range(start, len(reader.pages), step)]


def page_texts(pdf: Path, workers: int | None = None) -> list[str]:
    """The text of each of ``pdf``'s pages, as pypdf extracts it, ``workers`` processes each
    reading every ``workers``-th page (default: one a core)."""
    workers = workers or os.cpu_count() or 1
    with ProcessPoolExecutor(workers) as pool:
        shares = list(pool.map(_every_nth_page_text, [pdf] * workers, range(workers),
                               [workers] * workers))
    texts = [""] * sum(map(len, shares))
    for start, share in enumerate(shares):
        texts[start::workers] = share
    return texts


@dataclass
class Printed:
    """One edition's PDF and the built site pages it holds."""

    edition: site.Edition

    @cached_property
    def reader(self) -> PdfReader:
        return PdfReader(io.BytesIO(self.edition.pdf.read_bytes()))

    @cached_property
    def pages(self) -> list[str]:
        """Each page's text, without its footer (the page number, last); read on every core
        (pypdf's text extraction is pure Python: about 40 s a book on one core)."""
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
