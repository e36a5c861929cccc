"""Sphinx extension: the ``pdf-edition`` role, a link to the PDF of the page's edition.

``{pdf-edition}`the whole book as one PDF``` links to ``_static/two-sector-convergence.pdf``
(``...-zh.pdf`` in a Chinese build), relative to the page. The PDF is written by
``python -m helpers pdf`` after the site is built, so the link is not checked here.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

NAME = "two-sector-convergence"


def pdf_name(language: str) -> str:
    """The PDF's file name for a build in ``language`` (``en``, ``zh_CN``, ...)."""
    return f"{NAME}-zh.pdf" if language.lower().startswith("zh") else f"{NAME}.pdf"


class PdfEditionRole(SphinxRole):
    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        depth = self.env.docname.count("/")
        uri = "../" * depth + "_static/" + pdf_name(self.config.language or "en")
        node = nodes.reference(self.rawtext, self.text, refuri=uri, classes=["book-pdf"])
        return [node], []


def setup(app: Sphinx) -> dict:
    app.add_role("pdf-edition", PdfEditionRole())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
