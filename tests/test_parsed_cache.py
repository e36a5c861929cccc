"""Raw files are verified when read, and the parsed-table cache is keyed by what it was
made from: a damaged cache file is parsed again, stale ones go."""

from __future__ import annotations

import shutil

import pytest

from helpers import paths
from helpers.data import catalog, fetch, parsed
from helpers.errors import ChecksumMismatchError, DataFetchError

NBS = "nbs-ionet/china_2020_42.rda"


@pytest.fixture
def raw_copy(tmp_path, monkeypatch):
    """A private copy of one raw file, with ``data/raw`` pointed at it."""
    dest = tmp_path / "raw" / NBS
    dest.parent.mkdir(parents=True)
    shutil.copy(paths.raw_path(NBS), dest)
    monkeypatch.setattr(paths, "RAW", tmp_path / "raw")
    return dest


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CACHE", tmp_path / "cache")
    return tmp_path / "cache" / parsed.FOLDER


def test_one_changed_byte_is_an_error_naming_the_file(raw_copy):
    assert fetch.verified_path(NBS) == raw_copy
    data = bytearray(raw_copy.read_bytes())
    data[len(data) // 2] ^= 0x01
    raw_copy.write_bytes(bytes(data))
    with pytest.raises(ChecksumMismatchError, match=rf"{NBS}.*python -m helpers fetch"):
        fetch.verified_path(NBS)


def test_truncated_or_deleted_raw_file_is_an_error(raw_copy):
    raw_copy.write_bytes(raw_copy.read_bytes()[:100])
    with pytest.raises(ChecksumMismatchError, match=NBS):
        fetch.verified_path(NBS)
    raw_copy.unlink()
    with pytest.raises(DataFetchError, match=rf"missing file {NBS}"):
        fetch.verified_path(NBS)


def test_unlisted_raw_file_is_an_error(raw_copy):
    other = raw_copy.parent / "not-listed.rda"
    other.write_bytes(b"x")
    with pytest.raises(DataFetchError, match="not listed in sources.csv"):
        fetch.verified_path("nbs-ionet/not-listed.rda")


def test_parsed_once_then_read_from_the_cache(cache):
    unit = catalog.unit_of(catalog.resolve("CHN", 2020, "nbs42"))
    calls = []

    def parse():
        calls.append(1)
        return unit.parse()

    first = parsed.cached(unit.name, unit.files, parse)
    second = parsed.cached(unit.name, unit.files, parse)
    assert len(calls) == 1 and second.keys == first.keys
    assert (second.Z == first.Z).all()


def test_damaged_cache_file_is_parsed_again(cache):
    unit = catalog.unit_of(catalog.resolve("CHN", 2020, "nbs42"))
    parsed.cached(unit.name, unit.files, unit.parse)
    path = parsed.cache_path(unit.name, unit.files)
    path.write_bytes(path.read_bytes()[:200])
    again = parsed.cached(unit.name, unit.files, unit.parse)
    assert len(again) == 1 and path.stat().st_size > 200


def test_changed_parsing_code_means_a_new_key_and_no_stale_file(cache, monkeypatch):
    unit = catalog.unit_of(catalog.resolve("CHN", 2020, "nbs42"))
    parsed.cached(unit.name, unit.files, unit.parse)
    old = parsed.cache_path(unit.name, unit.files)
    monkeypatch.setattr(parsed, "code_hash", lambda: "changed code")
    new = parsed.cache_path(unit.name, unit.files)
    assert new != old
    parsed.cached(unit.name, unit.files, unit.parse)
    assert new.exists() and not old.exists()


def test_a_long_frame_is_kept_and_read_back_unchanged(cache):
    import pandas as pd

    from helpers.data.sources import snaama

    snaama.table.cache_clear()
    first = snaama.table()
    kept = list(cache.glob("un-snaama-*.npz"))
    assert len(kept) == 1, "the parsed workbook is kept once"
    snaama.table.cache_clear()
    again = snaama.table()  # read back from the kept file
    pd.testing.assert_frame_equal(first, again)
    kept[0].write_bytes(b"not an npz")  # damaged: parsed again
    snaama.table.cache_clear()
    pd.testing.assert_frame_equal(first, snaama.table())
    snaama.table.cache_clear()
