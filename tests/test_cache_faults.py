"""Caches prove their content before they are used: a cache file changed by one number,
truncated, emptied, stripped of a column, holding another table's content, unreadable, or in
a folder that cannot be written is never served. The value is rebuilt from the raw data with
one line on stderr naming the file (or computed without caching when it cannot be kept);
never a traceback, never a wrong number."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers import cachefile, paths
from helpers.data import catalog, parsed
from helpers.measures import explorer, panel_cache


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A private cache folder holding a copy of the parsed tables (which these tests trust:
    the ones they damage are parsed again), with the per-process caches in front emptied."""
    _copy_parsed(tmp_path / "cache")
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    for f in (catalog.stack_of, catalog.scheme_stacks, catalog.load, catalog.panel_of):
        f.cache_clear()
    yield tmp_path / "cache"
    for f in (catalog.stack_of, catalog.scheme_stacks, catalog.load, catalog.panel_of):
        f.cache_clear()


def _copy_parsed(cache: Path) -> None:
    if (paths.CACHE / parsed.FOLDER).is_dir():
        shutil.copytree(paths.CACHE / parsed.FOLDER, cache / parsed.FOLDER)


def _change_a_number(text: bytes) -> bytes:
    """The same file with one number of the payload changed, 0.0x to 9.0x (the record left
    as it was)."""
    head, _, payload = text.partition(b"\n")
    i = payload.index(b",0.0", len(payload) // 2)
    return head + b"\n" + payload[:i] + b",9.0" + payload[i + 4:]


def _drop_a_column(text: bytes) -> bytes:
    head, _, payload = text.partition(b"\n")
    lines = payload.decode().splitlines()
    return head + b"\n" + "\n".join(",".join(ln.split(",")[:-1]) for ln in lines).encode()


DAMAGE = {
    "one number changed": _change_a_number,
    "truncated": lambda b: b[: len(b) // 2],
    "emptied": lambda b: b"",
    "a column dropped": _drop_a_column,
    "record removed": lambda b: b.partition(b"\n")[2],
    "not a cache file": lambda b: b"source,country\nnbs,CHN\n",
}


@pytest.mark.parametrize("how", list(DAMAGE))
def test_a_damaged_panel_cache_is_computed_again(cache, capsys, how):
    good = panel_cache.load()
    path = panel_cache.cache_path()
    path.write_bytes(DAMAGE[how](path.read_bytes()))
    capsys.readouterr()
    again = panel_cache.load()
    assert again.equals(good), "the damaged cache was served"
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and path.name in err[0] and "rebuilding it" in err[0], err
    assert panel_cache.csv_bytes() == panel_cache.csv_bytes()  # kept again, now sound
    assert capsys.readouterr().err == ""


def test_a_panel_cache_with_a_forged_record_is_not_served(cache, capsys):
    """The record is rewritten to fit a changed payload: the content no longer holds the
    tables the catalogue has, so it is computed again."""
    good = panel_cache.load()
    path = panel_cache.cache_path()
    record, payload = cachefile._unpack(path.read_bytes())
    lines = payload.decode().splitlines(keepends=True)
    payload = "".join(lines[:-1]).encode()  # the last table's row removed
    entry = cachefile.csv_entry(path, record["key"], panel_cache._read, panel_cache._describe)
    path.write_bytes(cachefile.pack(entry, cachefile.CSVFrame(payload, panel_cache._read(
        io.BytesIO(payload)))))
    capsys.readouterr()
    assert panel_cache.load().equals(good)
    assert "expected" in capsys.readouterr().err


def test_a_parsed_table_file_holding_another_tables_content_is_parsed_again(cache, capsys):
    """nbs 2020's cache file replaced by 2018's (its record and all): the key does not fit;
    and with a record forged to fit, the tables it holds do not: parsed again each time."""
    k18, k20 = (catalog.unit_of(catalog.resolve("CHN", y, "nbs")) for y in (2018, 2020))
    catalog.stack_of(k18), catalog.stack_of(k20)
    p18, p20 = (parsed.cache_path(u.name, u.files) for u in (k18, k20))
    p20.write_bytes(p18.read_bytes())
    catalog.stack_of.cache_clear()
    capsys.readouterr()
    assert catalog.stack_of(k20).keys == [("nbs", "CHN", 2020)]
    assert "built from other inputs" in capsys.readouterr().err

    _, payload = cachefile._unpack(p18.read_bytes())
    forged = cachefile.Entry(p20, parsed.cache_key(k20.files), lambda v: v,
                             lambda b: b, lambda v: parsed_describe(payload))
    p20.write_bytes(cachefile.pack(forged, payload))
    catalog.stack_of.cache_clear()
    capsys.readouterr()
    assert catalog.stack_of(k20).keys == [("nbs", "CHN", 2020)]
    err = capsys.readouterr().err
    assert p20.name in err and "2018" in err and "expected" in err


def parsed_describe(payload: bytes) -> dict:
    from helpers.data.stacks import TableStack

    return TableStack.from_bytes(payload).describe()


def test_refresh_parses_every_raw_file_again(cache, monkeypatch):
    few = [u for u in catalog.units() if u.source == "nbs42"]
    monkeypatch.setattr(catalog, "units", lambda keys=None: few)
    catalog.parse_raw()
    catalog.scheme_stacks()
    files = {p: p.stat().st_mtime_ns for p in (cache / parsed.FOLDER).glob("nbs42-*.npz")}
    assert len(files) == len(few) + 1  # each unit, and the source's stack
    catalog.parse_raw(refresh=True)
    rewritten = [p for p, t in files.items() if p.stat().st_mtime_ns != t]
    assert sorted(rewritten) == sorted(files), "a refresh reused parsed tables"


def test_panel_refresh_means_from_the_raw_files(monkeypatch):
    calls = []
    real = catalog.parse_raw
    monkeypatch.setattr(catalog, "parse_raw", lambda jobs=1, refresh=False: (
        calls.append(refresh), real(jobs, False)))
    monkeypatch.setattr(cachefile, "write", lambda entry, value: True)
    panel_cache.csv_bytes(refresh=True)
    assert calls == [True]


def test_an_unwritable_cache_folder_computes_without_caching(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(paths, "CACHE", blocker / "cache")
    grid = explorer.load()
    err = capsys.readouterr().err
    assert len(grid) > 0
    assert "cannot be written" in err and "computed without caching" in err
    assert "Traceback" not in err


def test_an_unreadable_cache_entry_is_rebuilt(cache, capsys):
    grid = explorer.load()
    path = explorer.cache_path()
    path.unlink()
    path.mkdir()  # a folder where the file should be: reading it fails
    capsys.readouterr()
    again = explorer.load()
    assert again.equals(grid)
    err = capsys.readouterr().err
    assert "cannot be read" in err and "computed without caching" in err


def run(cache: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "HELPERS_CACHE_DIR": str(cache)}
    return subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True,
                          text=True, env=env, timeout=600)


def test_panel_command_never_serves_a_changed_cache(tmp_path):
    cache = tmp_path / "cache"
    _copy_parsed(cache)
    good = run(cache, "panel")
    assert good.returncode == 0, good.stderr
    (path,) = cache.glob("panel-*.csv")
    path.write_bytes(_change_a_number(path.read_bytes()))
    again = run(cache, "panel")
    assert again.returncode == 0, again.stderr
    # recomputed from the parsed tables, equal to the last bits a BLAS kernel may change
    pd.testing.assert_frame_equal(pd.read_csv(io.StringIO(again.stdout)),
                                  pd.read_csv(io.StringIO(good.stdout)), rtol=1e-12)
    assert path.name in again.stderr and "Traceback" not in again.stderr
    record = json.loads(path.read_bytes().partition(b"\n")[0])
    assert record["sha256"] and record["describes"]["shape"][0] == len(catalog.available())
