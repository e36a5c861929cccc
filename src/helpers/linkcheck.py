"""Check that the book's links still answer: the pinned upstream URL of every raw file in
``data/sources.csv`` and every external (absolute http or https) link of a built site.

Each URL is asked with HEAD first and, if that fails (some servers refuse HEAD), with GET;
redirects are followed. A few URLs are checked at once, each with a timeout.
"""

from __future__ import annotations

import http.client
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from helpers import paths
from helpers.data.fetch import read_sources

#: Seconds to wait for each request.
TIMEOUT = 20.0
#: URLs checked at once.
WORKERS = 4
#: Some servers refuse Python's default user agent.
USER_AGENT = "Mozilla/5.0 (compatible; two-sector-convergence-linkcheck/1.0)"
#: The elements and attributes whose URLs count as the site's links.
LINK_ATTRS = {"a": "href", "area": "href", "link": "href"}


@dataclass(frozen=True)
class LinkResult:
    """The answer to one URL: its final HTTP status (None if none came), the error if it is
    broken (None if it answers), and where it is linked from."""

    url: str
    status: int | None
    error: str | None
    linked_from: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the URL answered."""
        return self.error is None

    def as_dict(self) -> dict[str, object]:
        """The result as JSON-ready values."""
        return {"url": self.url, "ok": self.ok, "status": self.status, "error": self.error,
                "linked_from": list(self.linked_from)}


def is_external(url: str) -> bool:
    """Whether ``url`` is an absolute http or https URL with a host."""
    parts = urllib.parse.urlsplit(url.strip())
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def source_urls(csv_path: Path = paths.SOURCES_CSV) -> dict[str, list[str]]:
    """Every upstream URL of ``data/sources.csv``, with the rows (``sources.csv: <path>``)
    that list it."""
    found: dict[str, list[str]] = {}
    for item in read_sources(csv_path):
        found.setdefault(item.upstream_url, []).append(f"{csv_path.name}: {item.path}")
    return found


class _Links(HTMLParser):
    """The URLs of an HTML page's links (``LINK_ATTRS``), in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = LINK_ATTRS.get(tag)
        self.urls.extend(v for k, v in attrs if k == wanted and v)


def page_links(html: str) -> list[str]:
    """The external links of one HTML page, without their fragments, in order."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return [urllib.parse.urldefrag(u.strip()).url for u in parser.urls if is_external(u)]


def site_links(site: Path) -> dict[str, list[str]]:
    """Every external link of the built site in ``site`` (all its ``.html`` pages, editions in
    sub-folders included), with the pages (relative to ``site``) that link to it."""
    found: dict[str, list[str]] = {}
    for page in sorted(site.rglob("*.html")):
        name = page.relative_to(site).as_posix()
        for url in dict.fromkeys(page_links(page.read_text(encoding="utf-8", errors="replace"))):
            found.setdefault(url, []).append(name)
    return found


def _request(url: str, method: str, timeout: float) -> int:
    """The final status of one request (redirects followed); raises on an error status."""
    req = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.urlopen(req, timeout=timeout) as response:
        if method == "GET":
            response.read(1024)
        return int(response.status)


#: What a failed request raises: HTTP and network errors, timeouts, malformed answers or URLs.
_FAILURES = (OSError, http.client.HTTPException, ValueError)


def _describe(exc: Exception) -> tuple[int | None, str]:
    """An exception from a request as (HTTP status or None, one-line reason)."""
    if isinstance(exc, urllib.error.HTTPError):
        exc.close()
        return exc.code, f"HTTP {exc.code} {exc.reason}".strip()
    if isinstance(exc, urllib.error.URLError):
        return None, str(exc.reason)
    return None, str(exc) or type(exc).__name__


def check_url(url: str, timeout: float = TIMEOUT) -> LinkResult:
    """Ask ``url`` with HEAD, then with GET if HEAD failed; broken if both fail (the reason
    is GET's)."""
    try:
        return LinkResult(url, _request(url, "HEAD", timeout), None)
    except _FAILURES as exc:
        _describe(exc)  # closes an error's response; GET decides
    try:
        return LinkResult(url, _request(url, "GET", timeout), None)
    except _FAILURES as exc:
        status, reason = _describe(exc)
        return LinkResult(url, status, reason)


def check_urls(links: Mapping[str, Iterable[str]], timeout: float = TIMEOUT,
               workers: int = WORKERS,
               check: Callable[[str, float], LinkResult] = check_url) -> list[LinkResult]:
    """Check every URL of ``links`` (URL -> where it is linked from), ``workers`` at a time;
    the results in the order of ``links``."""
    urls = list(links)
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(lambda u: check(u, timeout), urls))
    return [LinkResult(r.url, r.status, r.error, tuple(links[r.url])) for r in results]


def merge(*groups: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    """Several URL -> places mappings as one; a URL in several keeps each place once."""
    merged: dict[str, dict[str, None]] = {}
    for group in groups:
        for url, where in group.items():
            merged.setdefault(url, {}).update(dict.fromkeys(where))
    return {url: list(where) for url, where in merged.items()}


def check_links(site: Path | None, csv_path: Path = paths.SOURCES_CSV,
                timeout: float = TIMEOUT, workers: int = WORKERS) -> list[LinkResult]:
    """Check the upstream URLs of ``csv_path`` and, unless ``site`` is None, the external
    links of the built site in ``site``."""
    links = merge(source_urls(csv_path), site_links(site) if site is not None else {})
    return check_urls(links, timeout, workers)


def report(results: list[LinkResult], shown: int = 3) -> list[str]:
    """One line per broken link (its reason and up to ``shown`` places linking it), then a
    summary line."""
    lines = []
    for r in results:
        if not r.ok:
            where = ", ".join(r.linked_from[:shown])
            more = len(r.linked_from) - shown
            where += f" and {more} more" if more > 0 else ""
            lines.append(f"broken: {r.url}: {r.error} (linked from {where})")
    broken = sum(not r.ok for r in results)
    lines.append(f"{len(results)} links checked, {broken} broken")
    return lines
