"""Sphinx extension: figures, tables and code blocks numbered page by page.

Without a numbered table of contents Sphinx counts each kind of numbered object across the
whole book, so a profile's first figure could be Fig. 69. This restarts the count on every
page: each page's first figure is Fig. 1, its first table Table 1, in the order the page
holds them (the order Sphinx numbers them in).

A page's numbers depend on that page alone, so they are counted when the page is read and
kept with the environment. Sphinx's own numbering is replaced for the build it runs in: it
loaded every page's doctree after every build (about 9 s of the Chinese edition's, even when
one page changed) to count across the book.

A captioned figure whose name starts with ``tbl-`` (a ``glue:figure`` holding an HTML table)
is a table: it is numbered with the tables and captioned "Table n" (表 n in the Chinese
edition), while charts stay "Fig. n" (图 n), so the book's own tables and figures never share
a sequence or a word.
"""

from __future__ import annotations

import copy

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors.toctree import TocTreeCollector

#: Each page's numbers, as Sphinx keeps them (``{figtype: {id: (n,)}}``), by page: counted
#: when the page is read, kept in the pickled environment.
PAGE_NUMBERS = "_book_page_fignumbers"


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


def _figtype(env: BuildEnvironment, node: nodes.Element) -> str | None:
    """The kind a node is numbered as, if any: Sphinx's rule (an object of the standard
    domain only with a caption)."""
    for domain in env.domains.values():
        figtype = domain.get_enumerable_node_type(node)
        if domain.name == "std" and not domain.get_numfig_title(node):
            continue
        if figtype:
            return figtype
    return None


def page_numbers(env: BuildEnvironment, doctree: nodes.Node) -> dict[str, dict]:
    """The page's numbered objects, each kind counted from 1 in the order Sphinx walks the
    page (depth first, not into tables of contents)."""
    numbers: dict[str, dict[str, tuple[int]]] = {}

    def walk(node: nodes.Node) -> None:
        for child in node.children:
            if isinstance(child, addnodes.toctree) or not isinstance(child, nodes.Element):
                continue
            figtype = None if isinstance(child, nodes.section) else _figtype(env, child)
            if figtype and child["ids"]:
                of_kind = numbers.setdefault(figtype, {})
                of_kind[child["ids"][0]] = (len(of_kind) + 1,)
            walk(child)

    walk(doctree)
    return numbers


def count_page(app: Sphinx, doctree: nodes.document) -> None:
    """Count the page just read (after its tables are marked as tables)."""
    getattr(app.env, PAGE_NUMBERS)[app.env.docname] = page_numbers(app.env, doctree)


def assign_per_page(env: BuildEnvironment) -> list[str]:
    """In place of Sphinx's ``assign_figure_numbers``: every page's own numbers; the pages
    whose numbers changed since the last build (to be written again)."""
    old = env.toc_fignumbers
    kept = getattr(env, PAGE_NUMBERS)
    env.toc_fignumbers = {} if not env.config.numfig else {
        doc: copy.deepcopy(numbers) for doc, numbers in kept.items()
        if numbers and doc in env.all_docs}
    return [doc for doc, numbers in env.toc_fignumbers.items() if numbers != old.get(doc)]


def _init_env(app: Sphinx) -> None:
    """Give the environment its store of page numbers, and replace Sphinx's numbering in
    this application's table-of-contents collector (not in the class: other builds in the
    same process keep Sphinx's own)."""
    if not hasattr(app.env, PAGE_NUMBERS):
        setattr(app.env, PAGE_NUMBERS, {})
    for listener in app.events.listeners.get("env-get-updated", []):
        collector = getattr(listener.handler, "__self__", None)
        if isinstance(collector, TocTreeCollector):
            collector.assign_figure_numbers = assign_per_page


def _purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    getattr(env, PAGE_NUMBERS, {}).pop(docname, None)


def _merge(app: Sphinx, env: BuildEnvironment, docnames: set[str],
           other: BuildEnvironment) -> None:
    """A page read in another process (parallel reading) brings its numbers."""
    theirs = getattr(other, PAGE_NUMBERS, {})
    getattr(env, PAGE_NUMBERS).update({d: theirs[d] for d in docnames if d in theirs})


def setup(app: Sphinx) -> dict:
    app.add_enumerable_node(table_figure, "table")
    app.connect("builder-inited", _init_env)
    app.connect("doctree-read", mark_tables)
    app.connect("doctree-read", count_page, priority=900)  # after mark_tables
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    # env_version: an environment of a build that numbered book-wide is read again
    return {"env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
