"""Sphinx extension: each page's sidebar written out as HTML once, not twice.

pydata-sphinx-theme's ``generate_toctree_html`` returns the sidebar as a BeautifulSoup
tree, cached per page, and the sidebar's template is rendered twice per page (once by the
theme to see whether it is empty, once in the page), so the tree was turned into HTML twice:
about a tenth of the writing of a page. ``book_sidebar`` (called by the book's copy of the
template, ``templates/sbt-sidebar-nav.html``) takes the theme's arguments and returns the
theme's HTML, made once per page.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def add_sidebar(app: Sphinx, pagename: str, templatename: str, context: dict,
                doctree: object) -> None:
    """``book_sidebar(kind, **options)`` for the page's templates: the theme's
    ``generate_toctree_html`` with the same arguments, as a string made once."""
    done: dict[tuple, str] = {}

    def book_sidebar(kind: str = "sidebar", **options: object) -> str:
        key = (kind, *sorted(options.items()))
        if key not in done:
            done[key] = str(context["generate_toctree_html"](kind, **options))
        return done[key]

    context["book_sidebar"] = book_sidebar


def setup(app: Sphinx) -> dict:
    # before the theme's own handlers, which render the sidebar to see whether it is empty
    app.connect("html-page-context", add_sidebar, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
