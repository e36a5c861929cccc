"""Each loader on the real raw files: shapes, balance, known values, bad keys."""

from __future__ import annotations

import pytest

from helpers.data import catalog
from helpers.data.sources import wiod
from helpers.errors import TableValidationError, UnknownTableError


@pytest.mark.parametrize(
    ("source", "country", "year", "n_industries", "has_imports", "unit"),
    [
        ("nbs", "CHN", 2020, 153, False, "10 thousand CNY"),
        ("nbs", "CHN", 2017, 149, False, "10 thousand CNY"),
        ("nbs", "CHN", 2002, 122, False, "10 thousand CNY"),
        ("nbs42", "CHN", 2020, 42, True, "10 thousand CNY"),
        ("oecd", "JPN", 2018, 45, False, "million USD"),
        ("oecd", "CHN", 1995, 45, False, "million USD"),
        ("wiod", "DEU", 2014, 56, True, "million USD"),
        ("bea", "USA", 2023, 71, True, "million USD"),
    ],
)
def test_loader_on_real_data(source, country, year, n_industries, has_imports, unit):
    t = catalog.load_table(country, year, source)
    assert len(t.industries) == n_industries
    assert (t.Z_imported is not None) == has_imports
    assert t.unit == unit and t.country == country and t.year == year
    assert (t.x > 0).sum() >= n_industries - 2
    gap = (t.tii + t.va - t.x).abs().sum() / t.x.sum()
    assert gap < 1e-3
    if has_imports:  # a minor part of inputs (single cells may exceed, e.g. BEA used goods)
        assert 0 < t.Z_imported.to_numpy().sum() < 0.5 * t.Z.to_numpy().sum()


def test_every_available_table_loads():
    for key in catalog.available():
        catalog.load(key)


@pytest.mark.parametrize("country", ["LUX", "ROU"])
def test_excluded_wiod_tables_really_fail_the_balance_check(country):
    with pytest.raises(TableValidationError, match="unbalanced"):
        wiod.load(country, 2014)
    with pytest.raises(UnknownTableError, match="excluded"):
        catalog.resolve(country, 2014, "wiod")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("XYZ", 2020, None), "valid countries: .*CHN"),
        (("CHN", 2019, None), "no table for CHN 2019; available: nbs CHN"),
        (("USA", 2020, "oecd"), "oecd covers CHN, JPN"),
        (("DEU", 2014, "imf"), "unknown source 'imf'; valid sources: nbs"),
    ],
)
def test_unknown_keys_list_what_exists(args, message):
    with pytest.raises(UnknownTableError, match=message):
        catalog.resolve(*args)


def test_default_source_per_country():
    assert catalog.resolve("CHN", 2017).source == "nbs"
    assert catalog.resolve("USA", 2014).source == "bea"
    assert catalog.resolve("JPN", 2014).source == "oecd"
    assert catalog.resolve("DEU", 2014).source == "wiod"
