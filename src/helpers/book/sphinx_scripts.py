"""Sphinx extension: each script once per page.

sphinx-thebe and sphinx-togglebutton register inline scripts that reach each page twice (once
with ``None`` as their file name, once with ``""``, so Sphinx's own check for repeats misses
them), and the second ``const THEBE_JS_URL`` is a script error in the browser (``Identifier
'THEBE_JS_URL' has already been declared``). This drops repeats from each page's scripts.
"""

from __future__ import annotations

from sphinx.application import Sphinx


def _key(script: object) -> tuple:
    # an inline script registered twice can have ``None`` as one filename and ``""`` as other
    filename = getattr(script, "filename", script) or ""
    attributes = getattr(script, "attributes", {}) or {}
    return str(filename), tuple(sorted(attributes.items()))


def drop_repeated_scripts(app: Sphinx, pagename: str, templatename: str, context: dict,
                          doctree: object) -> None:
    scripts = context.get("script_files")
    if scripts:
        seen: set[tuple] = set()
        context["script_files"] = [s for s in scripts if not (_key(s) in seen or seen.add(_key(s)))]


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", drop_repeated_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
