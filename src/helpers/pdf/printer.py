"""Print the prepared single page with headless Chromium, offline: charts as SVG, page
numbers in the footer, the contents' page numbers filled in by a second printing of the
pages before the book's first chapter (the title page, the contents and the landing page)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpers.errors import HelpersError
from helpers.sitecheck.browser import launch

HERE = Path(__file__).parent
#: vega-embed asked for SVG (vector) instead of a canvas, and each chart's drawing recorded.
SVG_CHARTS = """(() => {
  const drawn = []; window.__pdfCharts = drawn;
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(fn) {
      embed = (el, spec, opts) => {
        const result = fn(el, spec, Object.assign({}, opts, {renderer: "svg"}));
        drawn.push(result.then(() => null, (e) => el + ": " + e));
        return result;
      };
    },
  });
})();"""
WAIT_CHARTS = """async () => {
  const errors = (await Promise.all(window.__pdfCharts || [])).filter((e) => e);
  await document.fonts.ready;
  return {errors, drawn: (window.__pdfCharts || []).length,
          charts: document.querySelectorAll(".book-chart").length,
          svg: document.querySelectorAll(".book-chart svg").length};
}"""
SET_PAGES = """(pages) => {
  for (const el of document.querySelectorAll(".pdf-contents-page"))
    el.textContent = pages[el.dataset.doc] ?? "";
}"""
FOOTER = ('<div style="width:100%;font-size:8px;color:#555;text-align:center;'
          'font-family:sans-serif"><span class="pageNumber"></span></div>')
MARGIN = {"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
#: The text's width on A4 within those margins, in CSS pixels: the page is laid out at
#: this width before tables too wide for it are scaled.
TEXT_WIDTH = round((210 - 32) / 25.4 * 96)


class PrintError(HelpersError):
    """The page could not be printed as the book needs it."""


@dataclass(frozen=True)
class Printed:
    """The printed book, the pages it holds (``prepare.js``'s entries) and its chart count.

    When ``front`` is not empty, it holds the book's first pages printed again with the
    contents' page numbers, which replace the first ``front_pages`` pages of ``pdf``
    (:func:`helpers.pdf.outline.finish`); otherwise ``pdf`` is whole.
    """

    pdf: bytes
    entries: list[dict]
    charts: int
    front: bytes = b""
    front_pages: int = 0


def _offline(route: object) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def print_book(page_path: Path, prepare_args: dict,
               page_numbers: Callable[[bytes, list[dict]], dict[str, int]]) -> Printed:
    """Print ``page_path`` once to find each page's first page, then, with the numbers in
    the contents, the pages before the first chapter and that chapter's first page again.

    Where that page reads as in the first printing, the numbers moved nothing, and the
    pages before it replace the first printing's. Otherwise the whole book is printed again
    until its numbers settle."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            page = browser.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
            page.route("**/*", _offline)
            page.add_init_script(SVG_CHARTS)
            page.goto(page_path.resolve().as_uri(), wait_until="load", timeout=180_000)
            state = page.evaluate(WAIT_CHARTS)
            if state["errors"] or problems or state["svg"] != state["charts"]:
                raise PrintError(
                    f"{state['svg']} of {state['charts']} charts drew as SVG; "
                    + "; ".join([*state["errors"], *problems]))
            page.emulate_media(media="print")
            page.set_viewport_size({"width": TEXT_WIDTH, "height": 1200})
            page.add_style_tag(path=str(HERE / "print.css"))
            entries = page.evaluate((HERE / "prepare.js").read_text(encoding="utf-8"),
                                    prepare_args)
            pdf = _print(page)
            numbers = page_numbers(pdf, entries)
            page.evaluate(SET_PAGES, {d: str(n) for d, n in numbers.items()})
            first = min(numbers.values())  # the first chapter's first page
            front = _print(page, page_ranges=f"1-{first}")
            if _page_text(front, first) == _page_text(pdf, first):
                return Printed(pdf, entries, state["charts"], front, first - 1)
            for _ in range(3):  # numbers can move a page only if the contents grow
                again = _print(page)
                before, numbers = numbers, page_numbers(again, entries)
                if numbers == before:
                    return Printed(again, entries, state["charts"])
                page.evaluate(SET_PAGES, {d: str(n) for d, n in numbers.items()})
            raise PrintError("the contents' page numbers did not settle after four printings")
        finally:
            browser.close()


def _print(page: object, page_ranges: str = "") -> bytes:
    return page.pdf(format="A4", margin=MARGIN, print_background=True,
                    display_header_footer=True, header_template="<div></div>",
                    footer_template=FOOTER, outline=False, tagged=False,
                    page_ranges=page_ranges)


def _page_text(pdf: bytes, number: int) -> str | None:
    """The text of page ``number`` (from 1) of ``pdf``; ``None`` if it has no such page."""
    import pypdfium2

    doc = pypdfium2.PdfDocument(pdf)
    try:
        if number > len(doc):
            return None
        return doc[number - 1].get_textpage().get_text_range()
    finally:
        doc.close()
