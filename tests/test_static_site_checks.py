"""The checks of a built page from its HTML alone (``helpers.sitecheck.static``), which cover
the generated pages the browser leaves out of a run: each damage below is found and named,
and a sound page passes. Pages are written here around the book's own chart HTML."""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers.book.charts import render_html
from helpers.sitecheck.static import page_problems

PAGE = "chapters/profiles/runs/abc-2022-x.html"
HEAD = ('<link rel="stylesheet" href="../../../_static/book.css">'
        '<script src="../../../_static/vega-bundle.js"></script>'
        '<link rel="next" title="Next" href="../economies/abc.html">')
LINKS = ('<a href="#top">top</a> <a href="../economies/abc.html#years">years</a> '
         '<a href="https://example.org/x">out</a> <a href="../../../">home</a>')


def _page(body: str, head: str = HEAD) -> str:
    return ('<!DOCTYPE html><html><head><meta charset="utf-8">'
            f'{head}</head><body><h1 id="top">A</h1>{body}</body></html>')


def _csv_link(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


@pytest.fixture
def site(tmp_path: Path) -> Path:
    for name, text in {"index.html": "<p id='x'></p>", "_static/book.css": "",
                       "_static/vega-bundle.js": "",
                       "chapters/profiles/economies/abc.html": '<h2 id="years">Y</h2>'}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.fixture
def sound(bar_chart_spec: dict) -> str:
    """A page's body: the book's HTML of a chart, then links into the site and out of it."""
    return render_html(bar_chart_spec) + LINKS


def _check(site: Path, html: str) -> list[str]:
    (site / PAGE).parent.mkdir(parents=True, exist_ok=True)
    (site / PAGE).write_text(html, encoding="utf-8")
    return page_problems(site, PAGE)


def test_a_sound_page_passes(site, sound):
    assert _check(site, _page(sound)) == []


def _without_csv_links(body: str) -> str:
    return body.split('<p class="chart-data">')[0] + "</div>" + LINKS


def _csv_of_one_row(body: str) -> str:
    link = body.split('download="')[1].split('href="')[1].split('"')[0]
    return body.replace(link, _csv_link("sector,share\nfinance,1.5\n"))


#: Each damage: what it does to the sound page's body and head, and the problem named.
DAMAGES: dict[str, tuple[Callable[[str], str], str, str]] = {
    "anchor elsewhere": (lambda b: b.replace("#years", "#months"), HEAD,
                         "missing anchor: ../economies/abc.html#months"),
    "anchor here": (lambda b: b.replace('href="#top"', 'href="#bottom"'), HEAD,
                    "missing anchor: #bottom"),
    "dead link": (lambda b: b + '<a href="../economies/xyz.html">gone</a>', HEAD,
                  "dead link: ../economies/xyz.html"),
    "outside script": (lambda b: b, HEAD + '<script src="https://cdn.example.org/v.js"></script>',
                       "<script> loads from outside the site: https://cdn.example.org/v.js"),
    "outside style": (lambda b: b, HEAD + '<link rel="stylesheet" href="//f.example.org/a.css">',
                      "<link> loads from outside the site: //f.example.org/a.css"),
    "missing image": (lambda b: b + '<img src="../../../_images/none.png">', HEAD,
                      "<img> loads a file the site does not have: ../../../_images/none.png"),
    "csv value": (lambda b: b.replace('"share":2.25', '"share":2.5'), HEAD,
                  "CSV of data-1: row 2, share: '2.25' in the CSV, 2.5 in the chart"),
    "csv rows": (_csv_of_one_row, HEAD, "CSV of data-1: 1 rows in the CSV, 2 in the chart"),
    "broken spec": (lambda b: b.replace('"mark":"bar"}', '"mark":"bar"'), HEAD,
                    "no spec that reads as JSON"),
    "other container": (lambda b: b.replace('vegaEmbed("#chart-', 'vegaEmbed("#other-'), HEAD,
                        "its script does not draw into its container"),
    "no csv link": (_without_csv_links, HEAD, "0 CSV links for 1 datasets"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_page_is_named_with_its_problem(site, sound, damage):
    change, head, expected = DAMAGES[damage]
    body = change(sound)
    assert body != sound or head != HEAD, "the damage changed nothing"
    problems = _check(site, _page(body, head))
    assert len(problems) == 1 and problems[0].startswith(f"{PAGE}: "), problems
    assert expected in problems[0], problems


def test_a_missing_page_is_named(site):
    assert page_problems(site, "chapters/none.html") == [
        f"chapters/none.html: no such page in {site}"]
