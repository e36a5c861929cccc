"""Headless Chromium, offline: every request that is not to the local site is blocked and
reported, with console errors, page errors and failed requests."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

#: Chromium without anything that reaches the network by itself.
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

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


def chromium() -> Path | None:
    """The Chromium to drive (``HELPERS_CHROMIUM``, else ``chromium`` on the path), if any."""
    found = os.environ.get("HELPERS_CHROMIUM") or shutil.which("chromium")
    return Path(found) if found and Path(found).exists() else None


def launch(playwright: object):
    """Start headless Chromium offline; raises if none is installed."""
    path = chromium()
    if path is None:
        raise RuntimeError("Chromium not found: install it (apt-get install chromium) "
                           "or set HELPERS_CHROMIUM")
    return playwright.chromium.launch(executable_path=str(path), args=FLAGS, headless=True)


@dataclass
class Watch:
    """What went wrong while a page loaded: one line per problem."""

    base: str
    problems: list[str] = field(default_factory=list)

    def attach(self, page: object) -> None:
        page.add_init_script(CHART_PROBE)
        page.route("**/*", self._route)
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(
            f"request failed: {r.url} ({r.failure})"))
        page.on("response", self._response)

    def _route(self, route: object) -> None:
        url = route.request.url
        if url.startswith(self.base) or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            self.problems.append(f"request outside the site (blocked): {url}")
            route.abort("blockedbyclient")

    def _console(self, message: object) -> None:
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def _response(self, response: object) -> None:
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")
