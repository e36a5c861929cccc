"""One altair theme for the book and a renderer that works offline.

Charts render in the built site from a single local Vega bundle (``_static/vega-bundle.js``,
written by ``python -m helpers charts-bundle``): the HTML output only calls ``vegaEmbed``,
never a CDN. Each chart's data can be downloaded as CSV from a link beneath it.

A chart's output holds its Vega-Lite spec, the same spec compiled to Vega, and a plain-text
stand-in: the same output whoever runs the notebook. JupyterLab draws the compiled Vega
itself, offline and without the notebook being trusted (its Vega renderer reads Vega-Lite
only up to version 5, older than altair's); the book draws the Vega-Lite spec through
``ChartMimeRenderer``, a myst-nb mime-renderer plugin (registered in ``pyproject.toml``)
that turns it into the HTML of ``render_html``, and ignores the compiled copy.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
from pathlib import Path

import altair as alt
import pandas as pd

from helpers.book.mimetypes import VEGA_MIME, VEGALITE_MIME
from helpers.book.present import round_frame
from helpers.book.safe_html import script_json

#: Significant digits of chart data: beyond anything a chart or tooltip shows, and robust to
#: last-bit differences between machines (so a chart's spec, and its id, are reproducible).
CHART_DIGITS = 8

#: The book's text column in a 1400 px window (sphinx-book-theme), in px: every chart fits
#: in it, axes and legends included (a fixed ``width`` sets the plot only).
COLUMN_WIDTH = 768

PALETTE = ["#1f5c99", "#d1495b", "#edae49", "#00798c", "#66a182", "#8d6a9f", "#7a7a7a"]
FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', sans-serif"


def book_theme() -> dict:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 320, "discreteWidth": 560,
                     "stroke": None},
            "range": {"category": PALETTE},
            "axis": {"labelFontSize": 12, "titleFontSize": 12, "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "title": {"fontSize": 14, "anchor": "start"},
        }
    }


def datasets_csv(spec: dict) -> dict[str, str]:
    """Each of a spec's datasets as CSV text, by name."""
    out = {}
    for name, records in (spec.get("datasets") or {}).items():
        buf = io.StringIO()
        pd.DataFrame.from_records(records).to_csv(buf, index=False)
        out[name] = buf.getvalue()
    return out


def chart_id(spec: dict) -> str:
    """A chart's id in the page: a hash of its spec, so the same chart keeps its id."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    return "chart-" + hashlib.sha1(text.encode()).hexdigest()[:12]


def chart_csvs(spec: dict, stem: str | None = None) -> dict[str, str]:
    """The data behind a chart as CSV text by file name: ``<stem>.csv`` (the chart's id
    unless given), numbered ``-1``, ``-2`` ... when the chart has several datasets."""
    stem = stem or chart_id(spec)
    csvs = list(datasets_csv(spec).values())
    return {(f"{stem}-{i + 1}.csv" if len(csvs) > 1 else f"{stem}.csv"): text
            for i, text in enumerate(csvs)}


def render_html(spec: dict) -> str:
    """HTML that draws ``spec`` with the page's global ``vegaEmbed`` and links its data as CSV
    (the spec inline as :func:`script_json`, so no string in it can break the page)."""
    cid = chart_id(spec)
    csvs = chart_csvs(spec)
    links = []
    for i, (name, csv_text) in enumerate(csvs.items()):
        b64 = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
        suffix = f"-{i + 1}" if len(csvs) > 1 else ""
        links.append(
            f'<a download="{html.escape(name)}" href="data:text/csv;base64,{b64}">'
            f"Download the data behind this chart (CSV{suffix})</a>"
        )
    return (
        f'<div class="book-chart"><div id="{cid}"></div>'
        f'<script type="text/javascript">(function(){{var s={script_json(spec)};'
        f'if(window.vegaEmbed){{vegaEmbed("#{cid}",s,{{actions:false}});}}'
        f'else{{document.getElementById("{cid}").textContent='
        f'"Chart needs vega-bundle.js";}}}})();</script>'
        f'<p class="chart-data">{" · ".join(links)}</p></div>'
    )


def book_data(data: object) -> dict:
    """The book's data transformer: no row limit, floats rounded to ``CHART_DIGITS``."""
    if isinstance(data, pd.DataFrame):
        data = round_frame(data, CHART_DIGITS)
    return alt.to_values(data)


def compile_to_vega(spec: dict) -> dict:
    """``spec`` compiled to Vega, offline, declared as the Vega 5 that JupyterLab runs (the
    compiled spec uses nothing newer)."""
    import vl_convert as vlc

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    vega = vlc.vegalite_to_vega(spec, vl_version=version)
    vega["$schema"] = "https://vega.github.io/schema/vega/v5.json"
    return vega


def book_renderer(spec: dict, **_: object) -> dict:
    """A chart's output: the Vega-Lite spec the book draws, its Vega compilation that
    JupyterLab draws, and plain text."""
    return {
        VEGALITE_MIME: spec,
        VEGA_MIME: compile_to_vega(spec),
        "text/plain": html.escape(f"<altair chart: {spec.get('title', spec.get('mark', ''))}>"),
    }


class ChartMimeRenderer:
    """myst-nb plugin: a chart's Vega-Lite output becomes the book's offline chart HTML."""

    #: Ahead of every other mimetype, for every builder; the compiled copy is never shown.
    mime_priority_overrides = [("*", VEGALITE_MIME, 1), ("*", VEGA_MIME, None)]

    @staticmethod
    def handle_mime(renderer: object, data: object, inline: bool) -> list | None:
        mime = getattr(data, "mime_type", None)
        if mime == VEGA_MIME:
            return []  # the copy for JupyterLab: nothing in the book
        if inline or mime != VEGALITE_MIME:
            return None
        from docutils import nodes

        spec = data.content  # type: ignore[attr-defined]
        if isinstance(spec, str):
            spec = json.loads(spec)
        return [nodes.raw(text=render_html(spec), format="html", classes=["output", "text_html"])]


def enable() -> None:
    """Register and enable the book's theme and renderer, and show glued values beneath
    their cells in Jupyter (call once per notebook)."""
    from helpers.book.glue_view import show_glued_values

    show_glued_values()
    alt.theme.register("book", enable=True)(book_theme)
    alt.renderers.register("book", book_renderer)
    alt.renderers.enable("book")
    alt.data_transformers.register("book", book_data)
    alt.data_transformers.enable("book")


def write_bundle(path: Path) -> Path:
    """Write the single offline Vega/Vega-Lite/vega-embed bundle the book's pages load."""
    import vl_convert as vlc

    version = ".".join(alt.SCHEMA_VERSION.split(".")[:2])
    path.parent.mkdir(parents=True, exist_ok=True)
    # Wrapped in a function so its top-level names cannot clash with the theme's scripts;
    # it publishes vegaEmbed, vega and vegaLite on window.
    text = "(function(){\n" + vlc.javascript_bundle(vl_version=version) + "\n})();\n"
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path
