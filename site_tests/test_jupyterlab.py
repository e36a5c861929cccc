"""JupyterLab as an editor uses it (`make lab`): a chapter's `.md` opens as a notebook in
offline Chromium, its cells show, its charts draw, and its Markdown cells are rendered as MyST
(jupyterlab-myst), with every request beyond the local server blocked.

What MyST rendering gives an editor, and what it cannot: no cell shows a directive's fence or
option lines; a cross-reference is a link; a `{glue:figure}` is a collapsed box and a
`{glue:text}` role shows the glued name, while the values themselves show beneath the code
cell that glues them ("Glued for the book"). A sample page checks the MyST a chapter may add:
an admonition, a numbered figure, a reference to it, and math.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path

import pytest

from helpers.book import lab
from helpers.paths import ROOT
from helpers.sitecheck.browser import Watch

CHAPTER = "chapters/concepts"
SAMPLE = "chapters/myst-sample"

#: A page of MyST that chapters may use and JupyterLab can render as the book does.
SAMPLE_MD = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A sample of MyST

```{note}
An admonition.
```

```{figure} dot.svg
:name: fig-dot
:width: 120px

A dot, captioned.
```

{numref}`fig-dot` shows a dot; $y = x^2$ is inline math.

```{code-cell} ipython3
1 + 1
```
"""
DOT_SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
           '<circle cx="20" cy="20" r="15" fill="#369"/></svg>\n')

#: A rendered Markdown cell: jupyterlab-myst's widget, or JupyterLab's own renderer.
RENDERED = ".myst, .jp-RenderedMarkdown"

#: MyST source a rendered cell must not show: a directive's fence (``` or :::) or option
#: line (`:name: fig-table1`), or a role's name before its content (`{glue:text}t2_early`).
RAW_MYST = re.compile(r"^\s*(```|:::|:[\w-]+:(\s|$))|\{[a-z]+(:[\w-]+)?\}\S", re.MULTILINE)


#: One JupyterLab for the module: its checks run together, in one process of a parallel run.
pytestmark = pytest.mark.xdist_group("jupyterlab")


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("lab") / "book"
    (root / "chapters").mkdir(parents=True)
    for suffix in (".md", ".ipynb"):
        shutil.copy2(ROOT / f"{CHAPTER}{suffix}", root / f"{CHAPTER}{suffix}")
    shutil.copy2(ROOT / "jupytext.toml", root / "jupytext.toml")
    (root / f"{SAMPLE}.md").write_text(SAMPLE_MD, encoding="utf-8")
    (root / "chapters" / "dot.svg").write_text(DOT_SVG, encoding="utf-8")
    lab.write_settings()
    server = lab.Server(root, uuid.uuid4().hex, app="lab")
    yield server
    server.stop()


def _open(page: object, server: lab.Server, path: str, where: str) -> None:
    """Open ``path`` in JupyterLab, in a workspace of its own (nothing else open), and wait
    until its notebook's cells show."""
    workspace = uuid.uuid4().hex[:8]
    page.goto(f"{server.base}/lab/workspaces/{workspace}/tree/{path}?token={server.token}")
    cells = "document.querySelectorAll('.jp-Notebook .jp-Cell').length"
    try:
        page.wait_for_function(f"{cells} > 1", timeout=90_000)
    except Exception:
        pytest.fail(f"{where}: the notebook's cells did not show")


def _markdown_cells(page: object, where: str) -> list[tuple[bool, str]]:
    """Each Markdown cell, brought into view in turn (JupyterLab renders what is in view):
    whether MyST rendered it (rather than JupyterLab's own Markdown renderer), and its text as
    shown."""
    cells = page.locator(".jp-Notebook .jp-MarkdownCell")
    try:
        page.locator(f".jp-Notebook .jp-MarkdownCell :is({RENDERED})").first.wait_for(
            timeout=30_000)
    except Exception:
        pytest.fail(f"{where}: no Markdown cell was rendered")
    found = []
    for i in range(cells.count()):
        cell = cells.nth(i)
        cell.scroll_into_view_if_needed()
        rendered = cell.locator(f":is({RENDERED})").first
        try:
            rendered.wait_for(timeout=5_000)
            page.wait_for_function("e => e.innerText.trim().length > 0",
                                   arg=rendered.element_handle(), timeout=5_000)
        except Exception:
            pytest.fail(f"{where}: Markdown cell {i} was not rendered")
        found.append((rendered.evaluate("e => e.matches('.myst')"), rendered.inner_text()))
    return found


def _raw_lines(text: str) -> list[str]:
    """The lines of ``text`` that show MyST source."""
    return [line for line in text.splitlines() if RAW_MYST.search(line)]


def _check_myst_rendering(page: object, where: str) -> None:
    """The chapter's Markdown cells as MyST: nothing raw, glue as documented."""
    cells = _markdown_cells(page, where)
    raw = {i: _raw_lines(text) for i, (_, text) in enumerate(cells) if _raw_lines(text)}
    assert not raw, f"{where}: Markdown cells show MyST source: {raw}"
    plain = [i for i, (myst, _) in enumerate(cells) if not myst]
    assert not plain, f"{where}: Markdown cells {plain} not rendered as MyST"
    shown = "\n".join(text for _, text in cells)

    # Each {glue:figure} is one collapsed box naming the directive, not its option lines.
    source = (ROOT / f"{CHAPTER}.md").read_text(encoding="utf-8")
    boxes = page.locator(".jp-MarkdownCell .myst details", has_text="glue:figure")
    assert boxes.count() == source.count("```{glue:figure}") > 0, \
        f"{where}: {boxes.count()} glue:figure boxes, not one per directive"
    assert not any(boxes.nth(i).evaluate("e => e.open") for i in range(boxes.count()))

    # A cross-reference is a link; a glued value shows as its name, its value beneath the
    # code cell that glues it.
    assert page.locator(".jp-MarkdownCell .myst a", has_text="problems chapter").count() == 1, \
        f"{where}: the cross-reference to the problems chapter is not a link"
    assert "about t2_early%" in shown, f"{where}: {{glue:text}} does not show the glued name"
    glued = page.locator("table.glued-values tr", has_text="t2_early")
    assert glued.count() == 1 and re.fullmatch(r"t2_early\d+", glued.first.text_content()), \
        f"{where}: the glued value t2_early is not shown beneath its cell"


def test_chapter_in_jupyterlab(browser, lab_server: lab.Server, screenshots: Path) -> None:
    watch = Watch(lab_server.base)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch.attach(page)
    where = f"JupyterLab, {CHAPTER}.md"
    try:
        _open(page, lab_server, f"{CHAPTER}.md", where)
        drawn = ".jp-RenderedVegaCommon5 canvas, .jp-RenderedVegaCommon5 svg"
        try:
            page.wait_for_selector(drawn, timeout=60_000)
        except Exception:
            pytest.fail(f"{where}: no chart drawn")
        box = page.locator(drawn).first.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 100, f"{where}: chart not drawn"
        page.locator(drawn).first.scroll_into_view_if_needed()
        page.screenshot(path=str(screenshots / "jupyterlab-concepts.png"))
        _check_myst_rendering(page, where)
    finally:
        page.close()
    blocked = [p for p in watch.problems if "outside the site" in p]
    assert not blocked, f"{where}: " + "\n".join(blocked)


def test_myst_in_jupyterlab(browser, lab_server: lab.Server) -> None:
    watch = Watch(lab_server.base)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    watch.attach(page)
    where = f"JupyterLab, {SAMPLE}.md"
    try:
        _open(page, lab_server, f"{SAMPLE}.md", where)
        cells = _markdown_cells(page, where)
        raw = [line for _, text in cells for line in _raw_lines(text)]
        assert not raw, f"{where}: MyST source shown: {raw}"
        assert cells and all(myst for myst, _ in cells), f"{where}: not rendered as MyST"
        myst = page.locator(".jp-MarkdownCell .myst")
        assert myst.locator("aside.myst-admonition", has_text="An admonition.").count() == 1, \
            f"{where}: the note is not an admonition"
        figure = myst.locator("figure#fig-dot")
        assert figure.locator("img").count() == 1 and \
            re.search(r"Figure\s1", figure.locator("figcaption").inner_text()), \
            f"{where}: the figure is not a numbered figure with its image"
        try:
            page.wait_for_function(
                "document.querySelector('figure#fig-dot img')?.naturalWidth > 0", timeout=10_000)
        except Exception:
            pytest.fail(f"{where}: the figure's image did not load")
        numref = myst.locator("p a.hover-link[href='#fig-dot']")
        assert numref.count() == 1 and re.fullmatch(r"Figure\s1", numref.inner_text()), \
            f"{where}: the {{numref}} is not a link to the figure"
        assert myst.locator(".katex").count() == 1, f"{where}: the math is not typeset"
    finally:
        page.close()
    problems = [p for p in watch.problems if "outside the site" in p or "error" in p]
    assert not problems, f"{where}: " + "\n".join(problems)
