"""One altair theme for the book and a renderer that works offline.

Charts render in the built site from a single local Vega bundle (``_static/vega-bundle.js``,
written by ``python -m helpers charts-bundle``): the HTML output only calls ``vegaEmbed``,
never a CDN. Each chart's data can be downloaded as CSV from a link beneath it. In Jupyter
the Vega-Lite mimetype is also present, so editors see the chart natively.
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

from helpers.book.present import round_frame

#: Significant digits of chart data: beyond anything a chart or tooltip shows, and robust to
#: last-bit differences between machines (so a chart's spec, and its id, are reproducible).
CHART_DIGITS = 8

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


def render_html(spec: dict) -> str:
    """HTML that draws ``spec`` with the page's global ``vegaEmbed`` and links its data as CSV."""
    text = json.dumps(spec, sort_keys=True, separators=(",", ":"))
    chart_id = "chart-" + hashlib.sha1(text.encode()).hexdigest()[:12]
    links = []
    csvs = datasets_csv(spec)
    for i, csv_text in enumerate(csvs.values()):
        b64 = base64.b64encode(csv_text.encode("utf-8")).decode("ascii")
        suffix = f"-{i + 1}" if len(csvs) > 1 else ""
        links.append(
            f'<a download="{chart_id}{suffix}.csv" href="data:text/csv;base64,{b64}">'
            f"Download the data behind this chart (CSV{suffix})</a>"
        )
    safe = text.replace("</", "<\\/")
    return (
        f'<div class="book-chart"><div id="{chart_id}"></div>'
        f'<script type="text/javascript">(function(){{var s={safe};'
        f'if(window.vegaEmbed){{vegaEmbed("#{chart_id}",s,{{actions:false}});}}'
        f'else{{document.getElementById("{chart_id}").textContent='
        f'"Chart needs vega-bundle.js";}}}})();</script>'
        f'<p class="chart-data">{" · ".join(links)}</p></div>'
    )


def book_data(data: object) -> dict:
    """The book's data transformer: no row limit, floats rounded to ``CHART_DIGITS``."""
    if isinstance(data, pd.DataFrame):
        data = round_frame(data, CHART_DIGITS)
    return alt.to_values(data)


def book_renderer(spec: dict, **_: object) -> dict:
    mime = f"application/vnd.vegalite.v{alt.SCHEMA_VERSION.lstrip('v').split('.')[0]}+json"
    return {
        mime: spec,
        "text/html": render_html(spec),
        "text/plain": html.escape(f"<altair chart: {spec.get('title', spec.get('mark', ''))}>"),
    }


def enable() -> None:
    """Register and enable the book's theme and renderer (call once per notebook)."""
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
