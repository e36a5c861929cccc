"""Fetching raw files: mirror, download, checksum mismatch, missing file, no partial files."""

from __future__ import annotations

import hashlib

import pytest

from helpers.data.fetch import SourceFile, fetch_one, read_sources, verified_path
from helpers.errors import ChecksumMismatchError, DataFetchError

CONTENT = b"year,value\n2020,1\n"
SHA = hashlib.sha256(CONTENT).hexdigest()


def item(url: str = "https://example.org/nonexistent/upstream.csv", sha: str = SHA,
         path: str = "set/file.csv", size: int = len(CONTENT)) -> SourceFile:
    return SourceFile(path, size, sha, url, "pub", "terms")


@pytest.fixture
def mirror(tmp_path):
    m = tmp_path / "mirror"
    (m / "set").mkdir(parents=True)
    (m / "set" / "file.csv").write_bytes(CONTENT)
    return m


def test_from_mirror_then_present(tmp_path, mirror):
    raw = tmp_path / "raw"
    assert fetch_one(item(), raw, mirror) == "mirror"
    assert (raw / "set" / "file.csv").read_bytes() == CONTENT
    assert fetch_one(item(), raw, mirror) == "present"


def test_from_upstream_url_when_mirror_lacks_it(tmp_path, mirror, monkeypatch):
    upstream = mirror / "set" / "file.csv"
    opened = []

    def urlopen(url, timeout):
        opened.append(url)
        return open(upstream, "rb")

    monkeypatch.setattr("urllib.request.urlopen", urlopen)
    how = fetch_one(item(url="https://example.org/file.csv"), tmp_path / "raw",
                    tmp_path / "empty")
    assert how == "download" and opened == ["https://example.org/file.csv"]


def test_checksum_mismatch_names_the_file_and_leaves_nothing(tmp_path, mirror):
    raw = tmp_path / "raw"
    with pytest.raises(ChecksumMismatchError, match=r"checksum mismatch for set/file\.csv"):
        fetch_one(item(sha="0" * 64), raw, mirror)
    assert not any(p.is_file() for p in raw.rglob("*"))


def test_corrupt_local_copy_is_replaced(tmp_path, mirror):
    raw = tmp_path / "raw"
    (raw / "set").mkdir(parents=True)
    (raw / "set" / "file.csv").write_bytes(b"truncated")
    assert fetch_one(item(), raw, mirror) == "mirror"
    assert (raw / "set" / "file.csv").read_bytes() == CONTENT


def test_missing_everywhere_is_a_clear_error(tmp_path):
    with pytest.raises(DataFetchError, match=r"missing file set/file\.csv.*HELPERS_DATA_MIRROR"):
        fetch_one(item(), tmp_path / "raw", tmp_path / "empty")
    assert not (tmp_path / "raw" / "set" / "file.csv").exists()


def test_unfetched_file_is_a_clear_error():
    with pytest.raises(DataFetchError, match="python -m helpers fetch"):
        verified_path("no-such-set/no-such-file.csv")


def test_sources_csv_is_well_formed():
    rows = read_sources()
    assert len(rows) == len({r.path for r in rows}) > 0
    for r in rows:
        assert len(r.sha256) == 64 and int(r.sha256, 16) >= 0
        assert r.upstream_url.startswith("https://")
        assert r.publisher and r.terms


def test_wrong_pinned_checksum_keeps_the_good_local_file(tmp_path, mirror):
    raw = tmp_path / "raw"
    assert fetch_one(item(), raw, mirror) == "mirror"
    with pytest.raises(ChecksumMismatchError, match="left as it was"):
        fetch_one(item(sha="1" * 64), raw, mirror)
    assert (raw / "set" / "file.csv").read_bytes() == CONTENT
    assert not [p for p in raw.rglob("*.part")]


HEADER = "path,bytes,sha256,upstream_url,publisher,terms\n"


@pytest.mark.parametrize(("body", "message"), [
    ("", r"sources\.csv line 1: header None"),
    (HEADER, "lists no raw files"),
    ("path;bytes\n", "line 1: header"),
    (HEADER + f"a.csv,12,{SHA},https://x,p,t\nb.csv,x,{SHA},https://x,p,t\n",
     r"line 3: bytes 'x' is not a whole number"),
    (HEADER + "a.csv,12,abc,https://x,p,t\n", r"line 2: sha256 'abc' is not 64 hex"),
    (HEADER + "a.csv,12\n", "line 2: expected 6 fields"),
    (HEADER + f"a.csv,12,{SHA},https://x.org/a,p,t\na.csv,12,{SHA},https://x.org/a,p,t\n",
     "more than once"),
])
def test_empty_or_malformed_sources_csv_names_the_line(tmp_path, body, message):
    path = tmp_path / "sources.csv"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(DataFetchError, match=message):
        read_sources(path)


@pytest.mark.parametrize(("path", "url", "message"), [
    ("../outside.csv", "https://x.org/a", r"line 2: path '\.\./outside\.csv' is not a normal"),
    ("set/../../outside.csv", "https://x.org/a", r"line 2: path .* is not a normalised"),
    ("/etc/passwd", "https://x.org/a", r"line 2: path '/etc/passwd' is absolute"),
    ("set//file.csv", "https://x.org/a", "line 2: path .* is not a normalised"),
    ("set\\file.csv", "https://x.org/a", "line 2: path .* backslash"),
    ("set/file.csv", "file:///etc/passwd", r"line 2: upstream_url 'file:///etc/passwd' is not"),
    ("set/file.csv", "http://x.org/a", r"line 2: upstream_url .*\(only https"),
])
def test_sources_csv_paths_stay_inside_and_urls_are_https(tmp_path, path, url, message):
    csv_path = tmp_path / "sources.csv"
    csv_path.write_text(HEADER + f"{path},12,{SHA},{url},p,t\nok.csv,12,{SHA},https://x.org/ok,"
                        "p,t\n", encoding="utf-8")
    with pytest.raises(DataFetchError, match=message):
        read_sources(csv_path)


@pytest.mark.parametrize("bad", [
    item(path="../escaped.csv"), item(path="/tmp/escaped.csv"),
    item(url="file:///etc/hostname"), item(url="ftp://x.org/a"),
])
def test_fetch_refuses_rows_that_leave_its_folders(tmp_path, mirror, bad):
    with pytest.raises(DataFetchError, match="refused to fetch"):
        fetch_one(bad, tmp_path / "raw", mirror)
    assert not (tmp_path / "escaped.csv").exists()
    assert not list(tmp_path.rglob("escaped.csv"))


def test_wrong_size_is_an_error_even_with_the_right_sha(tmp_path, mirror):
    raw = tmp_path / "raw"
    with pytest.raises(ChecksumMismatchError, match=r"size mismatch for set/file\.csv .*: "
                       rf"expected {len(CONTENT) + 1} bytes, got {len(CONTENT)}"):
        fetch_one(item(size=len(CONTENT) + 1), raw, mirror)
    assert not any(p.is_file() for p in raw.rglob("*"))


def test_a_raw_file_of_the_wrong_size_is_refused_when_read(tmp_path, monkeypatch):
    from helpers import paths
    from helpers.data import fetch

    raw = tmp_path / "raw"
    (raw / "set").mkdir(parents=True)
    (raw / "set" / "file.csv").write_bytes(CONTENT)
    monkeypatch.setattr(paths, "RAW", raw)
    monkeypatch.setattr(fetch, "pinned", lambda: {"set/file.csv": SHA})
    monkeypatch.setattr(fetch, "pinned_sizes", lambda: {"set/file.csv": len(CONTENT) - 1})
    with pytest.raises(ChecksumMismatchError, match=r"set/file\.csv .* truncated or changed"):
        verified_path("set/file.csv")
