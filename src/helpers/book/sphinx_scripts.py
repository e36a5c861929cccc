"""Sphinx extension: each script once per page, and the Vega bundle only where a chart is.

sphinx-thebe and sphinx-togglebutton register inline scripts that reach each page twice (once
with ``None`` as their file name, once with ``""``, so Sphinx's own check for repeats misses
them), and the second ``const THEBE_JS_URL`` is a script error in the browser (``Identifier
'THEBE_JS_URL' has already been declared``). This drops repeats from each page's scripts.

jupyter-book puts every script of ``_static`` on every page, the 0.9 MB Vega bundle
(``vega-bundle.js``) included; a page without a chart (most profile pages of economies, the
appendices' lists) does not load it.
"""

from __future__ import annotations

from sphinx.application import Sphinx

#: The charts' script, and what a page with a chart holds (``helpers.book.charts``).
CHART_SCRIPT = "vega-bundle.js"
CHART_MARK = 'class="book-chart"'


def _key(script: object) -> tuple:
    # an inline script registered twice can have ``None`` as one filename and ``""`` as other
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return str(filename), tuple(sorted(attributes.items()))


def _unneeded(script: object, body: str) -> bool:
    filename = str(getattr(script, "filename", script) or "")
    return filename.split("?")[0].endswith(CHART_SCRIPT) and CHART_MARK not in body


def page_scripts(app: Sphinx, pagename: str, templatename: str, context: dict,
                 doctree: object) -> None:
    """The page's scripts without repeats, and without the Vega bundle if it has no chart."""
    scripts = context.get("script_files")
    if scripts:
        body = context.get("body") or ""
        seen: set[tuple] = set()
        context["script_files"] = [s for s in scripts if not (
            _unneeded(s, body) or _key(s) in seen or seen.add(_key(s)))]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", page_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
