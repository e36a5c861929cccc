"""The built site, served locally, and one offline headless Chromium for the whole run (one
per process of a parallel run), with a tab per window width reused from page to page."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers.sitecheck.serve import serve

ROOT = Path(__file__).resolve().parents[1]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--site", default=str(ROOT / "_build" / "html"),
                     help="the built site to check (default: _build/html)")
    parser.addoption("--screenshots", default=str(ROOT / "_build" / "screenshots"),
                     help="where the chapter pages' screenshots go")


def pytest_report_header(config: pytest.Config) -> str:
    from helpers.sitecheck.pages import ROTATION_ENV, rotation

    turn = rotation(ROOT)
    if turn is None:
        return "profile pages: every one at every width"
    return (f"profile pages: each at one width, turn {turn} "
            f"({ROTATION_ENV}={turn} repeats this run; {ROTATION_ENV}=all checks both)")


@pytest.fixture(scope="session")
def site(pytestconfig: pytest.Config) -> Path:
    root = Path(pytestconfig.getoption("--site"))
    if not (root / "index.html").is_file():
        pytest.exit(f"no built site in {root}: run `make book` first", returncode=2)
    return root


@pytest.fixture(scope="session")
def screenshots(pytestconfig: pytest.Config) -> Path:
    folder = Path(pytestconfig.getoption("--screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def base(site: Path) -> Iterator[str]:
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    from helpers.sitecheck.browser import launch

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def tabs(browser: object, base: str) -> Iterator[dict[int, object]]:
    from helpers.sitecheck.browser import WIDTHS, Tab

    opened = {width: Tab(browser, base, width) for width in WIDTHS}
    yield opened
    for tab in opened.values():
        tab.close()
