"""One page checked at one width, and one search checked: every problem, named by page."""

from __future__ import annotations

from pathlib import Path

from helpers.sitecheck import checks
from helpers.sitecheck.browser import Watch

#: How long a full-page screenshot may take (Playwright's default is 30 s).
SCREENSHOT_MS = 120_000


def check_page(browser: object, root: Path, base: str, name: str, width: int, *,
               links: bool = True, screenshot: Path | None = None) -> list[str]:
    """Load ``name`` offline at ``width`` px; every problem found, each naming the page."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        watch = Watch(base)
        watch.attach(page)
        page.goto(base + name, wait_until="load")
        problems = checks.wait_for_charts(page)
        problems += checks.chart_problems(page)
        if links:
            problems += checks.link_problems(page, root, base)
        problems += checks.overflow_problems(page)
        if screenshot is not None:
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            # a long page (the appendices' full tables) takes a while to paint whole
            page.screenshot(path=str(screenshot), full_page=True, timeout=SCREENSHOT_MS)
        problems = watch.problems + problems
    finally:
        context.close()
    return [f"{name} at {width} px: {p}" for p in problems]


def search_problems(browser: object, base: str, query: str, expected: str) -> list[str]:
    """What is wrong with searching ``query``: errors on the search page, or ``expected``
    (a page, relative to the site) missing from the results."""
    context = browser.new_context()
    try:
        page = context.new_page()
        watch = Watch(base)
        watch.attach(page)
        try:
            found = checks.search_results(page, base, query)
        except Exception as error:  # noqa: BLE001 - a search that never finishes
            return [f"search.html?q={query}: no results shown ({error})"]
    finally:
        context.close()
    problems = [f"search.html?q={query}: {p}" for p in watch.problems]
    if expected not in found:
        problems.append(f"search.html?q={query}: does not find {expected} "
                        f"(found {', '.join(found) or 'nothing'})")
    return problems


def explorer_problems(browser: object, base: str, name: str, minimum: int) -> list[str]:
    """Load ``name`` offline: its charts' controls (at least ``minimum``) each change what
    their chart draws."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        watch = Watch(base)
        watch.attach(page)
        page.goto(base + name, wait_until="load")
        problems = checks.wait_for_charts(page) + checks.control_problems(page, minimum)
        problems = watch.problems + problems
    finally:
        context.close()
    return [f"{name}: {p}" for p in problems]
