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
        return [re.sub(r"\n?\d+\s*$", "", p.extract_text() or "") for p in self.reader.pages]

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
