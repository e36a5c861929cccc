"""Sphinx extension: MyST builds docutils' default settings once, not once per fragment.

myst-parser (3.0) computes ``options.get("document", make_document())`` each time it renders
Markdown, so it builds a new document, and docutils' default settings with it (an option
parser over every component: about 2 ms), even when it is handed the document to render
into. The Chinese edition renders each of its thousands of translated messages this way.
Here ``make_document`` builds the settings once per parser class and gives each document
its own shallow copy of them, which is what a fresh build would hold.
"""

from __future__ import annotations

import copy
from functools import cache

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser as RSTParser
from docutils.utils import new_document
from sphinx.application import Sphinx


@cache
def _defaults(parser_cls: type) -> object:
    return get_default_settings(parser_cls)


def make_document(source_path: str = "notset", parser_cls: type = RSTParser) -> nodes.document:
    """A new docutils document with the parser class's default settings (as myst-parser's
    own ``make_document``)."""
    return new_document(source_path, settings=copy.copy(_defaults(parser_cls)))


def setup(app: Sphinx) -> dict:
    from myst_parser.mdit_to_docutils import base

    base.make_document = make_document
    return {"parallel_read_safe": True, "parallel_write_safe": True}
