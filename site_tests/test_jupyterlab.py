"""JupyterLab as an editor uses it (`make lab`): a chapter's `.md` opens as a notebook in
offline Chromium, its cells show, and its charts draw, with every request beyond the local
server blocked."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

import pytest

from helpers.book import lab
from helpers.paths import ROOT
from helpers.sitecheck.browser import Watch

CHAPTER = "chapters/concepts"


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lab") / "book"
    (root / "chapters").mkdir(parents=True)
    for suffix in (".md", ".ipynb"):
        shutil.copy2(ROOT / f"{CHAPTER}{suffix}", root / f"{CHAPTER}{suffix}")
    shutil.copy2(ROOT / "jupytext.toml", root / "jupytext.toml")
    lab.write_settings()
    server = lab.Server(root, uuid.uuid4().hex, app="lab")
    yield server
    server.stop()


def test_chapter_in_jupyterlab(browser, lab_server: lab.Server, screenshots: Path) -> None:
    watch = Watch(lab_server.base)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch.attach(page)
    where = f"JupyterLab, {CHAPTER}.md"
    try:
        page.goto(f"{lab_server.base}/lab/tree/{CHAPTER}.md?token={lab_server.token}")
        cells = "document.querySelectorAll('.jp-Notebook .jp-Cell').length"
        try:
            page.wait_for_function(f"{cells} > 3", timeout=90_000)
        except Exception:
            pytest.fail(f"{where}: the notebook's cells did not show")
        drawn = ".jp-RenderedVegaCommon5 canvas, .jp-RenderedVegaCommon5 svg"
        try:
            page.wait_for_selector(drawn, timeout=60_000)
        except Exception:
            pytest.fail(f"{where}: no chart drawn")
        box = page.locator(drawn).first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, f"{where}: chart not drawn"
        page.locator(drawn).first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "jupyterlab-concepts.png"))
    finally:
        page.close()
    blocked = [p for p in watch.problems if "outside the site" in p]
    assert not blocked, f"{where}: " + "\n".join(blocked)
