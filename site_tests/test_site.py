"""Every page of the built site in offline Chromium: it loads cleanly, its charts draw and
their CSV links hold the charts' data, its links resolve, it never scrolls sideways, and
search finds what the book says (English and Chinese), in both editions (the Chinese one
in ``zh/``); and every control of an interactive chart changes what it draws. Of the
generated profile pages, the browser loads a rotating eighth in each run; every page's
HTML is checked in every run (links, anchors, what it loads, its charts' specs and CSVs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.sitecheck.browser import WIDTHS
from helpers.sitecheck.page import check_page, explorer_problems, search_problems
from helpers.sitecheck.pages import chapter_pages, page_widths, rotation, site_pages
from helpers.sitecheck.static import page_problems

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
PAGES = site_pages(SITE)
CHAPTERS = set(chapter_pages(SITE))
#: Every page at both widths, but one in four generated profile pages of each edition, at one
#: width, turning from commit to commit (helpers.sitecheck.pages.page_widths;
#: SITE_ROTATION=all: every page at both).
TURN = rotation(ROOT)
CHECKS = page_widths(PAGES, WIDTHS, TURN)
#: Pages with interactive charts, and how many controls each must offer.
EXPLORERS = [("chapters/beyond.html", 6)]

#: A query and a page it must find.
SEARCHES = [
    ("Leontief inverse", "chapters/recommendations.html"),
    ("hypothetical extraction", "chapters/beyond.html"),
    ("感应度系数", "chapters/beyond.html"),
    ("Guangdong", "chapters/guangdong.html"),
    ("scorecard", "chapters/appendix_scorecard.html"),
    ("producer services", "index.html"),
    ("科技服务业", "chapters/appendix_methods.html"),
    ("科技推广和应用服务", "chapters/appendix_methods.html"),
    ("生产性服务业投入", "chapters/beyond.html"),  # the one page with the phrase itself
    ("生产性服务业 投入", "chapters/problems.html"),
    ("制造业", "chapters/underlying_logic.html"),
    ("广东", "chapters/guangdong.html"),
    ("广东实践", "chapters/guangdong.html"),
]
#: The same in the Chinese edition (``zh/``): phrases of its translated pages, and English
#: words of the pages not yet translated.
ZH_SEARCHES = [
    ("全生命周期", "zh/chapters/concepts.html"),
    ("生活性服务业", "zh/chapters/concepts.html"),
    ("核对结果一览", "zh/index.html"),
    ("核心测算", "zh/index.html"),
    ("两业融合", "zh/index.html"),
    ("里昂惕夫逆矩阵", "zh/chapters/recommendations.html"),
    ("假设抽取法", "zh/chapters/beyond.html"),
    ("广东实践", "zh/chapters/guangdong.html"),
    ("显示性比较优势", "zh/chapters/status.html"),
    ("研发支出资本化", "zh/chapters/problems.html"),
]


@pytest.mark.parametrize(("name", "width"), CHECKS, ids=[f"{n}-{w}" for n, w in CHECKS])
def test_page(tabs, site, screenshots, name, width):
    shot = None
    if name in CHAPTERS:
        shot = screenshots / f"{name.removesuffix('.html').replace('/', '-')}-{width}.png"
    # links are the same at every width: checked once, at the first width the page is checked
    first = next(w for n, w in CHECKS if n == name)
    problems = check_page(tabs[width], site, name, links=width == first, screenshot=shot)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", PAGES)
def test_page_html(site, name):
    problems = page_problems(site, name)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_search(tabs, query, expected):
    problems = search_problems(tabs[WIDTHS[0]], query, expected)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("name", "minimum"), EXPLORERS)
def test_explorer_controls_change_the_chart(tabs, name, minimum):
    problems = explorer_problems(tabs[WIDTHS[0]], name, minimum)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("query", "expected"), ZH_SEARCHES)
def test_search_chinese_edition(tabs, query, expected):
    problems = search_problems(tabs[WIDTHS[0]], query, expected, edition="zh/")
    assert not problems, "\n".join(problems)
