"""The browser checks of ``make check-site`` fail, naming the page, on a broken site: a chart
that does not draw, a CSV link that differs from its chart, a dead link or anchor, a page too
wide for a phone, a request leaving the site, a search that finds nothing. The small site is
built here (a two-page Sphinx book with the book's Chinese search, plus hand-written pages);
skipped where Chromium or Playwright is not installed."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.paths import ROOT
from helpers.sitecheck.browser import chromium

playwright_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.skipif(chromium() is None, reason="Chromium is not installed")

PAGES = """\
生产性服务业
============

科技服务业是生产性服务业的一部分。制造业的中间投入中, 生产性服务业投入的比重在上升。
Producer services feed manufacturing.
"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="_static/favicon.svg">'
            '<script src="_static/vega-bundle.js"></script></head>'
            f'<body><h1 id="top">{title}</h1>{body}</body></html>')


def _explorer(dead: bool) -> dict:
    """An explorer over a small grid: switch ``a`` moves the line; switch ``b`` moves it too,
    unless ``dead``, when both of its values give the same rows."""
    import pandas as pd

    from helpers.book import charts
    from helpers.book.explorer import explorer_chart

    charts.enable()
    rows = [{"a": a, "b": b, "series": "s", "year": y,
             "value": y - 2000 + 10 * a + (0 if dead else 5 * b)}
            for a in (0, 1) for b in (0, 1) for y in (2000, 2001, 2002)]
    controls = {"a": ("A", {0: "off", 1: "on"}, 0), "b": ("B", {0: "no", 1: "yes"}, 0)}
    return explorer_chart(pd.DataFrame(rows), controls, "value", "value").to_dict()


def _chart(spec: dict, csv: str | None = None) -> str:
    from helpers.book.charts import render_html

    html = render_html(spec)
    if csv is not None:
        start = html.index("base64,") + len("base64,")
        end = html.index('"', start)
        html = html[:start] + base64.b64encode(csv.encode()).decode() + html[end:]
    return html


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, bar_chart_spec: dict) -> Path:
    from sphinx.cmd.build import build_main

    from helpers.book.charts import write_bundle

    src = tmp_path_factory.mktemp("src")
    (src / "conf.py").write_text(
        "extensions = ['helpers.book.sphinx_search_zh']\n"
        "language = 'en'\nhtml_search_language = 'zh'\nhtml_favicon = 'favicon.svg'\n",
        encoding="utf-8")
    shutil.copy2(ROOT / "_static" / "favicon.svg", src / "favicon.svg")
    (src / "index.rst").write_text(
        "Book\n====\n\n.. toctree::\n\n   zh\n   en\n", encoding="utf-8")
    (src / "zh.rst").write_text(PAGES, encoding="utf-8")
    (src / "en.rst").write_text("Leontief\n========\n\nTotal requirements.\n",
                                encoding="utf-8")
    root = tmp_path_factory.mktemp("site")
    assert build_main(["-q", "-b", "html", str(src), str(root)]) == 0
    write_bundle(root / "_static" / "vega-bundle.js")
    broken = {**bar_chart_spec, "mark": "no-such-mark"}
    pages = {
        "good.html": (_chart(bar_chart_spec)
                      + '<a href="zh.html">zh</a> <a href="good.html#top">top</a>'),
        "broken-chart.html": _chart(broken),
        "wrong-csv.html": _chart(bar_chart_spec, csv="sector,share\nfinance,1.5\nlogistics,9\n"),
        "dead-link.html": '<a href="missing.html">gone</a> <a href="zh.html#nowhere">x</a>',
        "too-wide.html": '<div style="width: 900px">a wide table</div>',
        "outside.html": '<img src="https://example.com/logo.png" alt="">',
        "script-error.html": "<script>console.error('boom'); undefinedFunction();</script>",
        "explorer.html": _chart(_explorer(dead=False)),
        "dead-control.html": _chart(_explorer(dead=True)),
    }
    for name, body in pages.items():
        (root / name).write_text(_page(name, body), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[tuple[object, str]]:
    from helpers.sitecheck.browser import launch
    from helpers.sitecheck.serve import serve

    with serve(site) as base, playwright_api.sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser, base
        browser.close()


@pytest.fixture(scope="module")
def tabs(served: tuple[object, str]) -> Iterator[dict[int, object]]:
    """One tab per window width, reused by the checks as ``make check-site`` reuses them."""
    from helpers.sitecheck.browser import Tab

    browser, base = served
    opened = {width: Tab(browser, base, width) for width in (1400, 390)}
    yield opened
    for tab in opened.values():
        tab.close()


def check(site: Path, tabs: dict[int, object], name: str, width: int = 1400) -> list[str]:
    from helpers.sitecheck.page import check_page

    problems = check_page(tabs[width], site, name)
    assert all(p.startswith(f"{name} at {width} px: ") for p in problems), problems
    return problems


def test_a_sound_page_passes(site, tabs):
    assert check(site, tabs, "good.html") == []


def test_a_chart_that_does_not_draw_fails(site, tabs):
    problems = check(site, tabs, "broken-chart.html")
    assert any(p.endswith("no marks drawn") for p in problems), problems
    assert any("Error" in p for p in problems), problems  # the error Vega gave


def test_a_csv_link_that_differs_from_its_chart_fails(site, tabs):
    problems = check(site, tabs, "wrong-csv.html")
    assert any("CSV of data-1: row 2, share: '9'" in p for p in problems), problems


def test_dead_links_and_anchors_fail(site, tabs):
    problems = "\n".join(check(site, tabs, "dead-link.html"))
    assert "dead link: missing.html" in problems
    assert "missing anchor: zh.html#nowhere" in problems


def test_a_page_too_wide_for_a_phone_fails(site, tabs):
    assert check(site, tabs, "too-wide.html", width=1400) == []
    problems = check(site, tabs, "too-wide.html", width=390)
    assert len(problems) == 1 and "scrolls sideways at 390 px" in problems[0], problems
    assert "div (to 908 px: a wide table)" in problems[0]


def test_a_request_leaving_the_site_is_blocked_and_fails(site, tabs):
    problems = "\n".join(check(site, tabs, "outside.html"))
    assert "request outside the site (blocked): https://example.com/logo.png" in problems


def test_a_page_s_problems_do_not_follow_it_in_the_same_tab(site, tabs):
    problems = "\n".join(check(site, tabs, "script-error.html"))
    assert "console error: boom" in problems and "page error:" in problems, problems
    assert check(site, tabs, "good.html") == []


def test_a_missing_page_fails(site, tabs):
    problems = check(site, tabs, "no-such-page.html")
    assert any("HTTP 404" in p for p in problems), problems
    assert check(site, tabs, "good.html") == []


@pytest.mark.parametrize("query", ["科技服务业", "生产性服务业投入", "制造业", "Producer services"])
def test_search_finds_phrases(tabs, query):
    from helpers.sitecheck.page import search_problems

    assert search_problems(tabs[1400], query, "zh.html") == []


def test_a_search_that_finds_nothing_fails(tabs):
    from helpers.sitecheck.page import search_problems

    problems = search_problems(tabs[1400], "量子计算", "zh.html")
    assert problems == ["search.html?q=量子计算: does not find zh.html (found nothing)"]


def test_explorer_controls_that_change_the_chart_pass(site, tabs):
    from helpers.sitecheck.page import explorer_problems

    assert check(site, tabs, "explorer.html") == []
    assert explorer_problems(tabs[1400], "explorer.html", 2) == []
    problems = explorer_problems(tabs[1400], "explorer.html", 3)
    assert problems == ["explorer.html: 2 chart controls, expected at least 3"]


def test_a_control_that_changes_nothing_fails(tabs):
    from helpers.sitecheck.page import explorer_problems

    problems = explorer_problems(tabs[1400], "dead-control.html", 2)
    assert len(problems) == 1 and problems[0].endswith("= yes changes nothing drawn"), problems
    assert explorer_problems(tabs[1400], "good.html", 1) == [
        "good.html: 0 chart controls, expected at least 1"]
