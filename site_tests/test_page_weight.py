"""What each built page loads: the search scripts and index only on the search pages, the
Vega bundle only on pages with a chart (the theme and jupyter-book would put both on every
page: up to 1.6 MB a page)."""

from __future__ import annotations

import re

from helpers.sitecheck.pages import site_pages

SCRIPT = re.compile(r'<script[^>]*\ssrc="([^"]+)"')


def _scripts(html: str) -> set[str]:
    return {src.split("?")[0].rsplit("/", 1)[-1] for src in SCRIPT.findall(html)}


def test_only_the_search_pages_load_the_search_index(site):
    pages = site_pages(site)
    wrong = [name for name in pages if name.rsplit("/", 1)[-1] != "search.html"
             and _scripts((site / name).read_text(encoding="utf-8"))
             & {"searchindex.js", "searchtools.js"}]
    assert not wrong, f"{len(wrong)} pages load the search index, e.g. {wrong[:5]}"
    for search in ("search.html", "zh/search.html"):
        assert "searchindex.js" in _scripts((site / search).read_text(encoding="utf-8"))


def test_the_vega_bundle_is_loaded_where_a_chart_is_and_only_there(site):
    problems = []
    for name in site_pages(site):
        html = (site / name).read_text(encoding="utf-8")
        charted, loaded = 'class="book-chart"' in html, "vega-bundle.js" in _scripts(html)
        if charted != loaded:
            problems.append(f"{name}: {'a chart without' if charted else 'no chart, but'} "
                            "the Vega bundle")
    assert not problems, "\n".join(problems[:10])
