"""The checks of a built page from its HTML alone (``helpers.sitecheck.static``), which cover
the generated pages the browser leaves out of a run: each damage below is found and named,
and a sound page passes. Pages are written here around the book's own chart HTML."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from helpers.book.charts import render_html
from helpers.sitecheck.static import page_problems

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
    "data": {"name": "data-1"},
    "datasets": {"data-1": [{"sector": "finance", "share": 1.5},
                            {"sector": "logistics", "share": 2.25}]},
    "mark": "bar",
    "encoding": {"x": {"field": "sector", "type": "nominal"},
                 "y": {"field": "share", "type": "quantitative"}},
}
PAGE = "chapters/profiles/runs/abc-2022-x.html"


def _page(body: str, head: str = "") -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8">'
            '<link rel="stylesheet" href="../../../_static/book.css">'
            '<script src="../../../_static/vega-bundle.js"></script>'
            '<link rel="next" title="Next" href="../economies/abc.html">'
            f'{head}</head><body><h1 id="top">A</h1>{body}</body></html>')


SOUND = (render_html(SPEC) + '<a href="#top">top</a> <a href="../economies/abc.html#years">'
         'years</a> <a href="https://example.org/x">out</a> <a href="../../../">home</a>')


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, text in {"index.html": "<p id='x'></p>", "_static/book.css": "",
                       "_static/vega-bundle.js": "",
                       "chapters/profiles/economies/abc.html": '<h2 id="years">Y</h2>'}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _check(site: Path, html: str) -> list[str]:
    (site / PAGE).parent.mkdir(parents=True, exist_ok=True)
    (site / PAGE).write_text(html, encoding="utf-8")
    return page_problems(site, PAGE)


def test_a_sound_page_passes(site):
    assert _check(site, _page(SOUND)) == []


def _csv_link(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(("body", "head", "expected"), [
    (SOUND.replace("#years", "#months"), "",
     "missing anchor: ../economies/abc.html#months"),
    (SOUND.replace('href="#top"', 'href="#bottom"'), "", "missing anchor: #bottom"),
    (SOUND + '<a href="../economies/xyz.html">gone</a>', "",
     "dead link: ../economies/xyz.html"),
    (SOUND, '<script src="https://cdn.example.org/vega.js"></script>',
     "<script> loads from outside the site: https://cdn.example.org/vega.js"),
    (SOUND, '<link rel="stylesheet" href="//fonts.example.org/a.css">',
     "<link> loads from outside the site: //fonts.example.org/a.css"),
    (SOUND + '<img src="../../../_images/none.png">', "",
     "<img> loads a file the site does not have: ../../../_images/none.png"),
    (SOUND.replace('"share":2.25', '"share":2.5'), "",
     "CSV of data-1: row 2, share: '2.25' in the CSV, 2.5 in the chart"),
    (SOUND.replace(render_html(SPEC).split('href="')[1].split('"')[0],
                   _csv_link("sector,share\nfinance,1.5\n")), "",
     "CSV of data-1: 1 rows in the CSV, 2 in the chart"),
    (SOUND.replace('"mark":"bar"}', '"mark":"bar"'), "", "no spec that reads as JSON"),
    (SOUND.replace('vegaEmbed("#chart-', 'vegaEmbed("#other-'), "",
     "its script does not draw into its container"),
    (SOUND.replace("Download the data", "").split('<p class="chart-data">')[0] + "</div>", "",
     "0 CSV links for 1 datasets"),
], ids=["anchor elsewhere", "anchor here", "dead link", "outside script", "outside style",
        "missing image", "csv value", "csv rows", "broken spec", "other container",
        "no csv link"])
def test_a_damaged_page_is_named_with_its_problem(site, body, head, expected):
    problems = _check(site, _page(body, head))
    assert len(problems) == 1 and problems[0].startswith(f"{PAGE}: "), problems
    assert expected in problems[0], problems


def test_a_missing_page_is_named(site):
    assert page_problems(site, "chapters/none.html") == [
        f"chapters/none.html: no such page in {site}"]
