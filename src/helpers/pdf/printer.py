"""Print the prepared single page with headless Chromium, offline: charts as SVG, page
numbers in the footer, the contents' page numbers filled in by a second printing."""

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
    """The printed book, the pages it holds (``prepare.js``'s entries) and its chart count."""

    pdf: bytes
    entries: list[dict]
    charts: int


def _offline(route: object) -> None:
    url = route.request.url
    if url.startswith(("file:", "data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort("blockedbyclient")


def print_book(page_path: Path, prepare_args: dict,
               page_numbers: Callable[[bytes, list[dict]], dict[str, int]]) -> Printed:
    """Print ``page_path`` twice: once to find each page's first page, once with them."""
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
            for _ in range(3):  # numbers can move a page only if the contents grow
                numbers = page_numbers(pdf, entries)
                page.evaluate(SET_PAGES, {d: str(n) for d, n in numbers.items()})
                again = _print(page)
                if page_numbers(again, entries) == numbers:
                    return Printed(again, entries, state["charts"])
                pdf = again
            raise PrintError("the contents' page numbers did not settle after three printings")
        finally:
            browser.close()


def _print(page: object) -> bytes:
    return page.pdf(format="A4", margin=MARGIN, print_background=True,
                    display_header_footer=True, header_template="<div></div>",
                    footer_template=FOOTER, outline=False, tagged=False)
