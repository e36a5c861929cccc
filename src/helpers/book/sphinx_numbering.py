"""Sphinx extension: figures, tables and code blocks numbered page by page.

Without a numbered table of contents Sphinx counts each kind of numbered object across the
whole book, so a profile's first figure could be Fig. 69. This restarts the count on every
page, in the order Sphinx numbered them: each page's first figure is Fig. 1, its first
table Table 1.

A captioned figure whose name starts with ``tbl-`` (a ``glue:figure`` holding an HTML table)
is a table: it is numbered with the tables and captioned "Table n" (表 n in the Chinese
edition), while charts stay "Fig. n" (图 n), so the book's own tables and figures never share
a sequence or a word.
"""

from __future__ import annotations

import copy

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: Where the book-wide numbers Sphinx assigned are kept between builds (in the pickled
#: environment).
SPHINX_NUMBERS = "_book_wide_fignumbers"


#: The name prefix that makes a figure a table.
TABLE_PREFIX = "tbl-"


class table_figure(nodes.figure):  # noqa: N801 - docutils names node classes in lower case
    """A captioned figure that holds a table: numbered, and captioned, as a table (it is
    written as the figure it is: Sphinx's translators look a node's visitor up by its
    class's ancestry)."""


def is_table(node: nodes.figure) -> bool:
    """Whether a figure is named as a table (``tbl-...``)."""
    return any(name.startswith(TABLE_PREFIX) for name in [*node["ids"], *node["names"]])


def mark_tables(app: Sphinx, doctree: nodes.document) -> None:
    """Make every figure named as a table a :class:`table_figure`."""
    for node in list(doctree.findall(nodes.figure)):
        if type(node) is nodes.figure and is_table(node):
            table = table_figure(node.rawsource, *node.children, **node.attributes)
            node.replace_self(table)
            for ident in table["ids"]:  # references find their target by id
                doctree.ids[ident] = table


def restore_book_wide(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Give Sphinx back its own numbers of the last build before it numbers again: it
    rewrites every page whose numbers differ from the last build's, and would otherwise
    compare its book-wide numbers with the per-page ones, rewriting every page with a figure
    (and the pages listing it) on every build."""
    saved = getattr(env, SPHINX_NUMBERS, None)
    if saved is not None:
        env.toc_fignumbers = saved
    return []


def restart_per_page(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Renumber ``env.toc_fignumbers`` from 1 on each page, for each kind of object."""
    setattr(env, SPHINX_NUMBERS, copy.deepcopy(env.toc_fignumbers))
    for by_type in env.toc_fignumbers.values():
        for figtype, numbers in by_type.items():
            ordered = sorted(numbers, key=numbers.__getitem__)
            by_type[figtype] = {ident: (i,) for i, ident in enumerate(ordered, start=1)}
    return []


def setup(app: Sphinx) -> dict:
    app.add_enumerable_node(table_figure, "table")
    app.connect("doctree-read", mark_tables)
    # around Sphinx's own numbering, which also listens to env-get-updated (priority 500)
    app.connect("env-get-updated", restore_book_wide, priority=100)
    app.connect("env-get-updated", restart_per_page, priority=900)
    # env_version: a build made before tables were told apart is read again
    return {"env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
