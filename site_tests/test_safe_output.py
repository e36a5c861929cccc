"""Hostile strings in a chart's data, a table's cells and caption, and a glued note, rendered
by the book's own functions into one page with the book's Vega bundle: in offline Chromium
the page stays whole (an element placed after them all exists), the chart draws, no script
fails, and every string reads back as text."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from helpers.book import charts, glue_view
from helpers.book.present import html_table, searchable_table
from helpers.sitecheck import checks
from helpers.sitecheck.browser import Watch
from helpers.sitecheck.serve import serve

#: Strings that, written raw into a page, open a comment or a script, close one, break out of
#: an attribute, read as an entity or end a JavaScript line.
HOSTILE = ["<!--", "<script>", "</script>", "\"quotes'", "&amp;", "\u2028", "\u2029", "]]>",
           "<!--<script>alert(1)</script>", "a\u2028b\u2029c"]
#: Inside other text: a table cell's surrounding whitespace is trimmed (pandas).
CELLS = [f"x{h}y" for h in HOSTILE]


def _chart() -> str:
    charts.enable()
    df = pd.DataFrame({"label": HOSTILE, "value": range(1, len(HOSTILE) + 1)})
    spec = alt.Chart(df, title=HOSTILE[8]).mark_bar().encode(
        x="value:Q", y=alt.Y("label:N", title=HOSTILE[0]), tooltip=["label"]).to_dict()
    return charts.render_html(spec)


def _page() -> str:
    body = (_chart()
            + searchable_table(pd.DataFrame({"cell": HOSTILE}), "filtered",
                               caption="".join(HOSTILE))
            + f'<div id="plain">{html_table(pd.DataFrame({"cell": CELLS})).data}</div>'
            + f'<div id="note">{glue_view._texts_table([(h, h) for h in HOSTILE])["text/html"]}'
            + '</div><p id="sentinel">end of page</p>')
    return ('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>hostile</title>'
            '<link rel="icon" href="data:,">'  # no icon to ask the server for
            '<script src="_static/vega-bundle.js"></script></head>'
            f"<body>{body}</body></html>")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    charts.write_bundle(root / "_static" / "vega-bundle.js")
    (root / "index.html").write_text(_page(), encoding="utf-8")
    return root


_TEXTS_JS = """() => ({
  sentinel: document.querySelectorAll("#sentinel").length,
  filtered: [...document.querySelectorAll("#filtered tbody td")].map((e) => e.textContent),
  caption: document.querySelector("#filtered caption")?.textContent ?? null,
  plain: [...document.querySelectorAll("#plain tbody td")].map((e) => e.textContent),
  note: [...document.querySelectorAll("#note tbody td")].map((e) => e.textContent),
  labels: Object.values(window.__bookCharts || {}).map((c) =>
    c.view ? c.view.data(Object.keys(c.spec.datasets)[0]).map((r) => r.label) : null),
  charts: document.querySelectorAll(".book-chart").length,
})"""


def test_hostile_strings_stay_data_in_a_real_browser(browser, hostile_site):
    with serve(hostile_site) as base:
        context = browser.new_context(viewport={"width": 1000, "height": 900})
        try:
            page = context.new_page()
            watch = Watch(base)
            watch.attach(page)
            page.goto(base + "index.html", wait_until="load")
            problems = checks.wait_for_charts(page) + checks.chart_problems(page)
            found = page.evaluate(_TEXTS_JS)
        finally:
            context.close()
    assert watch.problems + problems == []  # no script or console error; the chart drew
    assert found["sentinel"] == 1, "content after the hostile strings was swallowed"
    assert found["charts"] == 1 and found["labels"] == [HOSTILE]
    assert found["filtered"] == HOSTILE and found["caption"] == "".join(HOSTILE)
    assert found["plain"] == CELLS
    assert found["note"] == [x for h in HOSTILE for x in (h, h)]
