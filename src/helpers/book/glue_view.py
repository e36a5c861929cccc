"""What a chapter glues, shown beneath its cell in Jupyter.

myst-nb's ``glue(..., display=False)`` records a value for the book without showing it, so
an editor in JupyterLab would see neither the numbers the prose quotes nor the charts its
figures place. ``show_glued_values`` (called by ``charts.enable``) makes every cell end with
what it glued: a table of the text values by name, then each glued chart or table, drawn as
JupyterLab draws any output. The book never shows this view: cells that glue are removed
from the page (a test checks their tags), and glue directives read the records themselves.
"""

from __future__ import annotations

import html
import re

from helpers.book.mimetypes import VEGA_MIME, VEGALITE_MIME
from helpers.book.present import fmt_glue_value

GLUE_PREFIX = "application/papermill.record/"

#: Output metadata that marks what this view shows (never a chart, table or text of the page).
VIEW_KEY = "glue_view"

_recorded: list[tuple[str, dict]] = []


def _record(msg: dict) -> dict:
    """Display-publisher hook: note each glue record the cell sends, and let it through.

    A glued chart's record keeps only what the book reads (its Vega-Lite spec); the copy
    compiled for JupyterLab goes to the view alone, so the notebook holds each chart twice,
    not four times.
    """
    if msg.get("msg_type") == "display_data":
        content = msg.get("content", {})
        name = content.get("metadata", {}).get("scrapbook", {}).get("name")
        if name:
            data = {k.removeprefix(GLUE_PREFIX): v for k, v in content.get("data", {}).items()}
            _recorded.append((name, data))
            content.get("data", {}).pop(GLUE_PREFIX + VEGA_MIME, None)
    return msg


def _code_span(text: str) -> str:
    """``text`` as one Markdown code span (shown literally): fenced by more backticks than
    any run inside it, on one line."""
    text = re.sub(r"[\r\n]+", " ", text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _texts_table(texts: list[tuple[str, str]]) -> dict:
    rows = "".join(f"<tr><td><code>{html.escape(n)}</code></td><td>{html.escape(v)}</td></tr>"
                   for n, v in texts)
    return {
        "text/html": ('<table class="glued-values"><caption>Glued for the book</caption>'
                      f"<tbody>{rows}</tbody></table>"),
        "text/plain": "\n".join(f"{n} = {v}" for n, v in texts),
    }


def _show(result: object = None) -> None:
    """After each cell: show what it glued, then forget it."""
    from IPython.display import display

    records, _recorded[:] = list(_recorded), []
    texts = [(n, fmt_glue_value(d["text/plain"])) for n, d in records if set(d) == {"text/plain"}]
    if texts:
        display(_texts_table(texts), raw=True, metadata={VIEW_KEY: "values"})
    for name, data in records:
        if set(data) != {"text/plain"}:
            display({"text/markdown": f"Glued as {_code_span(name)}:"}, raw=True,
                    metadata={VIEW_KEY: name})
            shown = {k: v for k, v in data.items() if k != VEGALITE_MIME}
            display(shown, raw=True, metadata={VIEW_KEY: name})


def show_glued_values() -> None:
    """Show glued values beneath their cells from now on, in this kernel (once per kernel;
    outside a kernel, nothing)."""
    from IPython import get_ipython

    shell = get_ipython()
    publisher = getattr(shell, "display_pub", None)
    if shell is None or not hasattr(publisher, "register_hook"):
        return
    if getattr(shell, "_book_glue_view", False):
        return
    publisher.register_hook(_record)
    shell.events.register("post_run_cell", _show)
    shell._book_glue_view = True
