"""The link checker, offline: a local HTTP server answers 200, 404, a redirect to a 200 and a
page that refuses HEAD; a closed port stands for an unreachable host; a small folder stands
for the built site."""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from helpers import cli, linkcheck
from helpers.data.fetch import SOURCE_COLUMNS
from helpers.paths import SOURCES_CSV


class _Handler(BaseHTTPRequestHandler):
    """/ok: 200; /missing: 404; /moved: 301 to /ok; /no-head: 405 to HEAD, 200 to GET."""

    def _answer(self, body: bool) -> None:
        if self.path == "/moved":
            self.send_response(301)
            self.send_header("Location", "/ok")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        code = 200 if self.path in ("/ok", "/no-head") else 404
        if self.path == "/no-head" and self.command == "HEAD":
            code = 405
        payload = b"hello" if code == 200 else b"nope"
        self.send_response(code)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        if body:
            self.wfile.write(payload)

    def do_HEAD(self) -> None:
        self._answer(body=False)

    def do_GET(self) -> None:
        self._answer(body=True)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no line per request."""


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The base URL of a local server with the answers of ``_Handler``."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def site(tmp_path: Path, server: str, closed_port: int) -> Path:
    """A built site in miniature: two pages in two folders, linking to the server and to
    places the checker leaves alone (relative links, anchors, mail)."""
    root = tmp_path / "html"
    (root / "zh").mkdir(parents=True)
    (root / "index.html").write_text(
        f'<html><head><link rel="stylesheet" href="_static/x.css"></head><body>'
        f'<a href="{server}/ok#section">ok</a> <a href="{server}/missing">missing</a>'
        f'<a href="chapters/a.html">relative</a> <a href="#top">anchor</a>'
        f'<a href="mailto:someone@example.org">mail</a> <a>no href</a>'
        f'<a href="{server}/ok">ok again</a></body></html>', encoding="utf-8")
    (root / "zh" / "index.html").write_text(
        f'<a href="{server}/moved">跳转</a><a href="http://127.0.0.1:{closed_port}/">gone</a>'
        f'<a href="{server}/ok">ok</a>', encoding="utf-8")
    return root


@pytest.mark.parametrize(("path", "status", "ok"), [
    ("/ok", 200, True),
    ("/missing", 404, False),
    ("/moved", 200, True),
    ("/no-head", 200, True),
])
def test_answers(server: str, path: str, status: int, ok: bool) -> None:
    result = linkcheck.check_url(server + path, timeout=5)
    assert (result.status, result.ok) == (status, ok), result
    if not ok:
        assert result.error == "HTTP 404 Not Found"


def test_an_unreachable_host_is_broken_with_its_reason(closed_port: int) -> None:
    result = linkcheck.check_url(f"http://127.0.0.1:{closed_port}/", timeout=5)
    assert not result.ok and result.status is None
    assert "refused" in (result.error or "").lower()


def test_site_links_are_the_external_ones_by_page(site: Path, server: str,
                                                  closed_port: int) -> None:
    links = linkcheck.site_links(site)
    assert links == {
        f"{server}/ok": ["index.html", "zh/index.html"],
        f"{server}/missing": ["index.html"],
        f"{server}/moved": ["zh/index.html"],
        f"http://127.0.0.1:{closed_port}/": ["zh/index.html"],
    }


def test_check_urls_keeps_order_and_places(site: Path, server: str, closed_port: int) -> None:
    results = linkcheck.check_urls(linkcheck.site_links(site), timeout=5, workers=3)
    assert [(r.url, r.ok) for r in results] == [
        (f"{server}/ok", True), (f"{server}/missing", False), (f"{server}/moved", True),
        (f"http://127.0.0.1:{closed_port}/", False)]
    assert results[0].linked_from == ("index.html", "zh/index.html")
    lines = linkcheck.report(results)
    assert lines[-1] == "4 links checked, 2 broken"
    assert lines[0] == f"broken: {server}/missing: HTTP 404 Not Found (linked from index.html)"


def test_report_shortens_long_lists_of_places() -> None:
    result = linkcheck.LinkResult("https://x.test/", None, "timed out",
                                  tuple(f"p{i}.html" for i in range(5)))
    assert linkcheck.report([result], shown=2)[0] == (
        "broken: https://x.test/: timed out (linked from p0.html, p1.html and 3 more)")


def test_source_urls_come_from_the_sources_table(tmp_path: Path) -> None:
    csv = tmp_path / "sources.csv"
    sha = "0" * 64
    csv.write_text(",".join(SOURCE_COLUMNS) + "\n"
                   f"a/one.csv,1,{sha},https://example.org/one.csv,P,T\n"
                   f"a/two.csv,1,{sha},https://example.org/one.csv,P,T\n"
                   f"b/three.csv,1,{sha},https://example.org/three.csv,P,T\n", encoding="utf-8")
    assert linkcheck.source_urls(csv) == {
        "https://example.org/one.csv": ["sources.csv: a/one.csv", "sources.csv: a/two.csv"],
        "https://example.org/three.csv": ["sources.csv: b/three.csv"]}
    real = linkcheck.source_urls(SOURCES_CSV)
    assert real and all(linkcheck.is_external(u) and u.startswith("https://") for u in real)


def test_merge_keeps_each_place_once() -> None:
    assert linkcheck.merge({"u": ["a", "b"]}, {"u": ["b", "c"], "v": ["d"]}) == {
        "u": ["a", "b", "c"], "v": ["d"]}


@pytest.fixture
def local_sources(monkeypatch: pytest.MonkeyPatch, server: str) -> None:
    """The sources table replaced by one served locally (sources.csv takes https only)."""
    monkeypatch.setattr(linkcheck, "source_urls",
                        lambda csv_path=SOURCES_CSV: {f"{server}/ok": ["sources.csv: x"]})


@pytest.mark.usefixtures("local_sources")
def test_command_lists_the_broken_links_and_fails(site: Path, server: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check-links", "--site", str(site)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == "4 links checked, 2 broken"
    assert f"broken: {server}/missing: HTTP 404 Not Found (linked from index.html)" in out


@pytest.mark.usefixtures("local_sources")
def test_command_json(site: Path, server: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check-links", "--site", str(site), "--json"]) == 1
    captured = capsys.readouterr()
    results = json.loads(captured.out)
    assert {r["url"]: r["ok"] for r in results}[f"{server}/missing"] is False
    assert results[0]["linked_from"] == ["sources.csv: x", "index.html", "zh/index.html"]
    error = json.loads(captured.err)
    assert error["type"] == "BrokenLinks" and f"{server}/missing" in error["error"]
    assert cli.main(["check-links", "--sources-only"]) == 0


def test_command_without_a_site_says_so(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check-links", "--site", str(tmp_path)]) == 2
    assert "no built site in" in capsys.readouterr().err
