"""One page checked at one width, and one search checked: every problem, named by page.

Each check runs in a :class:`~helpers.sitecheck.browser.Tab` (one window size, reused from
page to page)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from helpers.sitecheck import checks
from helpers.sitecheck.browser import Tab

#: How long a screenshot may take (Playwright's default is 30 s).
SCREENSHOT_MS = 120_000
#: A screenshot shows a page from its top down to this many px at most: what a reader sees
#: of it first. The appendices' full tables run to over 100,000 px, which no one looks at
#: as an image and which took most of the checks' time to paint; the checks themselves
#: cover the whole page.
SCREENSHOT_HEIGHT = 8000


def check_page(tab: Tab, root: Path, name: str, *, links: bool = True,
               screenshot: Path | None = None) -> list[str]:
    """Load ``name`` offline in ``tab``; every problem found, each naming the page and the
    width."""
    page = tab.page
    problems = tab.load(name)
    if not problems:
        problems = checks.wait_for_charts(page)
        problems += checks.chart_problems(page)
        if links:
            problems += checks.link_problems(page, root, tab.base)
        problems += checks.overflow_problems(page)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            height = page.evaluate("() => document.documentElement.scrollHeight")
            page.screenshot(path=str(screenshot), full_page=True, timeout=SCREENSHOT_MS,
                            clip={"x": 0, "y": 0, "width": tab.width,
                                  "height": min(height, SCREENSHOT_HEIGHT)})
        problems = tab.problems + problems
    return [f"{name} at {tab.width} px: {p}" for p in problems]


def search_problems(tab: Tab, query: str, expected: str, edition: str = "") -> list[str]:
    """What is wrong with searching ``query`` on the search page of ``edition`` (``""``, or
    ``"zh/"``): errors on the search page, or ``expected`` (a page, relative to the site)
    missing from the results."""
    where = f"{edition}search.html?q={query}"
    problems = tab.load(f"{edition}search.html?q={quote(query)}")
    if problems:
        return [f"{where}: {p}" for p in problems]
    try:
        found = checks.search_results(tab.page, tab.base)
    except Exception as error:  # noqa: BLE001 - a search that never finishes
        return [f"{where}: no results shown ({error})"]
    problems = [f"{where}: {p}" for p in tab.problems]
    if expected not in found:
        problems.append(f"{where}: does not find {expected} "
                        f"(found {', '.join(found) or 'nothing'})")
    return problems


def explorer_problems(tab: Tab, name: str, minimum: int) -> list[str]:
    """Load ``name`` offline: its charts' controls (at least ``minimum``) each change what
    their chart draws."""
    problems = tab.load(name)
    if not problems:
        problems = checks.wait_for_charts(tab.page) + checks.control_problems(tab.page, minimum)
        problems = tab.problems + problems
    return [f"{name}: {p}" for p in problems]
