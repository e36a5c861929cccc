"""A built page checked from its HTML alone, without a browser: its links and anchors resolve,
everything it loads is a file of the site, and each chart's inline spec is whole, is drawn
into its own container, and has CSV links that hold the spec's data.

``make check-site`` runs this on every generated profile page in every run, also on those
the browser leaves out of that run (:func:`helpers.sitecheck.pages.page_widths`)."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from helpers.sitecheck.checks import csv_problems, target, target_problems

#: The base the pages' relative URLs are resolved against (never fetched).
BASE = "http://site.invalid/"
#: Elements that make the browser fetch a URL as the page loads, and the attribute holding it.
_LOADS = {"script": "src", "img": "src", "iframe": "src", "source": "src", "video": "src",
          "audio": "src", "embed": "src", "object": "data"}
#: ``<link rel>`` values that make the browser fetch the link as the page loads.
_LOADED_RELS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut", "manifest"}
#: How a chart's script hands its spec over: ``var s={...};``.
_SPEC_START = "var s="


@dataclass
class Chart:
    """One ``.book-chart`` block: its container's id, its script and its CSV links."""

    container: str | None = None
    script: str = ""
    csvs: list[str] = field(default_factory=list)


class _Parse(HTMLParser):
    """Ids, links, loaded URLs and chart blocks of one page, in one pass."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.loads: list[tuple[str, str]] = []
        self.charts: list[Chart] = []
        self._depth = 0  # open <div>s inside the current chart block; 0: outside any
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {name: value or "" for name, value in attrs}
        if "id" in given:
            self.ids.add(given["id"])
        if tag == "a" and "name" in given:
            self.ids.add(given["name"])
        chart = self.charts[-1] if self._depth else None
        if tag == "div":
            if chart is not None:
                self._depth += 1
                if chart.container is None and "id" in given:
                    chart.container = given["id"]
            elif "book-chart" in given.get("class", "").split():
                self.charts.append(Chart())
                self._depth = 1
        if tag == "a" and "href" in given:
            if chart is not None and "download" in given:
                chart.csvs.append(given["href"])
            else:
                self.links.append(given["href"])
        if tag == "link" and "href" in given:
            rels = set(given.get("rel", "").lower().split())
            (self.loads.append((tag, given["href"])) if rels & _LOADED_RELS
             else self.links.append(given["href"]))
        if _LOADS.get(tag) in given:
            self.loads.append((tag, given[_LOADS[tag]]))
        self._in_script = tag == "script"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        if tag == "div" and self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._in_script and self._depth:
            self.charts[-1].script += data


def link_problems(root: Path, name: str, parsed: _Parse) -> list[str]:
    """Every link into the site reaches a file, and every ``#anchor`` an id on its page."""
    links = [(href, urljoin(BASE + name, href)) for href in parsed.links]
    return target_problems(links, root, BASE, root / name, parsed.ids)


def load_problems(root: Path, name: str, parsed: _Parse) -> list[str]:
    """Everything the page loads is a file of the site: nothing is fetched from elsewhere."""
    problems = []
    for tag, url in dict.fromkeys(parsed.loads):
        if url.startswith(("data:", "blob:", "about:")):
            continue
        found = target(root, BASE, urljoin(BASE + name, url))
        if found is None:
            problems.append(f"<{tag}> loads from outside the site: {url}")
        elif not found[0].is_file():
            problems.append(f"<{tag}> loads a file the site does not have: {url}")
    return problems


def _spec(script: str) -> dict | None:
    start = script.find(_SPEC_START)
    if start < 0:
        return None
    try:
        spec, _ = json.JSONDecoder().raw_decode(script, start + len(_SPEC_START))
    except json.JSONDecodeError:
        return None
    return spec if isinstance(spec, dict) else None


def _csv_text(href: str) -> str | None:
    head, _, data = href.partition(",")
    if not head.startswith("data:text/csv") or not head.endswith(";base64"):
        return None
    try:
        return base64.b64decode(data, validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None


def chart_problems(parsed: _Parse) -> list[str]:
    """Each chart's spec reads as JSON and is embedded into its own container, and each CSV
    link holds the rows of the spec's dataset, in order."""
    problems = []
    for number, chart in enumerate(parsed.charts, start=1):
        name = f"chart {chart.container or f'{number} (no container)'}"
        spec = _spec(chart.script)
        if spec is None:
            problems.append(f"{name}: no spec that reads as JSON in its script")
            continue
        if chart.container is None or f'vegaEmbed("#{chart.container}"' not in chart.script:
            problems.append(f"{name}: its script does not draw into its container")
        problems += csv_problems(name, [_csv_text(href) for href in chart.csvs],
                                 list((spec.get("datasets") or {}).items()))
    return problems


def page_problems(root: Path, name: str) -> list[str]:
    """Every problem of the built page ``name`` (relative to ``root``) found in its HTML, each
    naming the page."""
    path = root / name
    if not path.is_file():
        return [f"{name}: no such page in {root}"]
    parsed = _Parse()
    parsed.feed(path.read_text(encoding="utf-8"))
    parsed.close()
    problems = (link_problems(root, name, parsed) + load_problems(root, name, parsed)
                + chart_problems(parsed))
    return [f"{name}: {p}" for p in problems]
