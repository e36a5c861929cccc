"""Headless Chromium, offline: every request that is not to the local site is blocked and
reported, with console errors, page errors and failed requests.

Nothing leaves the machine: Chromium resolves no host name but the local ones, so a request
outside the site fails in the browser itself; each one is also reported by name. Requests
are watched, not intercepted: interception would turn Chromium's cache off, and every page
would then fetch and compile the theme's scripts and the Vega bundle again."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: Chromium without anything that reaches the network by itself, and without a name
#: resolver for any host but the local ones (the site is served on 127.0.0.1).
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost"]
#: The window widths every page is checked at: a desktop and a phone.
WIDTHS = (1400, 390)
#: URLs that never leave the page.
LOCAL_SCHEMES = ("data:", "blob:", "about:")

#: Records each chart's vegaEmbed call (``window.__bookCharts[selector]``): its view or error.
CHART_PROBE = """(() => {
  const charts = {}; window.__bookCharts = charts;
  let embed;
  Object.defineProperty(window, "vegaEmbed", {
    configurable: true,
    get() { return embed; },
    set(fn) {
      embed = (el, spec, opts) => {
        const entry = charts[el] = {spec: spec, done: false};
        const result = fn(el, spec, opts);
        result.then((r) => { entry.view = r.view; entry.done = true; },
                    (e) => { entry.error = String(e); entry.done = true; });
        return result;
      };
    },
  });
})();"""


#: The Chromium executables looked for on the path, in order: the headless shell (Debian's
#: ``chromium-headless-shell``, Chromium without its desktop interface) draws the same pages
#: and PDFs as the full browser run headless, with less work (the browser checks take about
#: a fifth less time, the PDFs about a tenth).
EXECUTABLES = ("chromium-headless-shell", "chromium")


def chromium() -> Path | None:
    """The Chromium to drive (``HELPERS_CHROMIUM``, else the first of :data:`EXECUTABLES` on
    the path), if any."""
    found = os.environ.get("HELPERS_CHROMIUM") or next(
        filter(None, map(shutil.which, EXECUTABLES)), None)
    return Path(found) if found and Path(found).exists() else None


def launch(playwright: object):
    """Start headless Chromium offline; raises if none is installed."""
    path = chromium()
    if path is None:
        raise RuntimeError("Chromium not found: install it (apt-get install "
                           "chromium-headless-shell, or chromium) or set HELPERS_CHROMIUM")
    return playwright.chromium.launch(executable_path=str(path), args=FLAGS, headless=True)


@dataclass
class Watch:
    """What went wrong while a page loaded: one line per problem."""

    base: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        page.add_init_script(CHART_PROBE)
        page.on("request", self._request)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)

    def _outside(self, url: str) -> bool:
        return not url.startswith(self.base) and not url.startswith(LOCAL_SCHEMES)

    def _request(self, request: object) -> None:
        if self._outside(request.url):
            self.problems.append(f"request outside the site (blocked): {request.url}")

    def _failed(self, request: object) -> None:
        if not self._outside(request.url):  # an outside request is reported once, above
            self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _console(self, message: object) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response: object) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


class Tab:
    """One browser tab at one window size, reused page after page: it keeps the browser's
    cache and renderer between pages, so each page costs its own loading only. Each load
    starts with an empty list of problems; a tab that stops answering is replaced."""

    def __init__(self, browser: object, base: str, width: int, height: int = 900) -> None:
        self.browser, self.base, self.width, self.height = browser, base, width, height
        self._context = self.page = None
        self.watch = Watch(base)
        self._open()

    def _open(self) -> None:
        self._context = self.browser.new_context(
            viewport={"width": self.width, "height": self.height})
        self.page = self._context.new_page()
        self.watch.attach(self.page)

    def load(self, path: str) -> list[str]:
        """Go to ``path`` (relative to the site) and wait for its ``load`` event; the tab's
        problems are those of this page from here on. The tab passes through a blank page
        first, so that messages the last page sends late (a 404's console line) are counted
        before the list is emptied, not against this page."""
        try:
            self.page.goto("about:blank")
        except Exception:  # noqa: BLE001 - a tab that stopped answering
            self.close()
            self._open()
        self.watch.problems.clear()
        try:
            self.page.goto(self.base + path, wait_until="load")
        except Exception as error:  # noqa: BLE001 - a page that never loads
            found = [f"did not load ({str(error).splitlines()[0]})", *self.watch.problems]
            self.close()
            self._open()
            return found
        return []

    @property
    def problems(self) -> list[str]:
        return self.watch.problems

    def close(self) -> None:
        if self._context is not None:
            self._context.close()
            self._context = None
