"""UN National Accounts Main Aggregates (``un-snaama/``): GDP and its breakdown by country,
current USD, 1970-2024, for every country (no regional aggregates).

One workbook; its first sheet holds a title row, a blank row, then ``CountryID`` (the UN M49
number), ``Country``, ``IndicatorName`` and one column per year. Read into a long table
``country, item, year, value`` (USD): ``country`` is the ISO3 code the ISO number has in
ADB's ``countries.xlsx`` (which lists every ISO country), or ``M49-<number>`` for the few
former or partial countries without one (the USSR, Zanzibar, ...).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.data import parsed
from helpers.data.fetch import verified_path
from helpers.data.sources.adb import COUNTRIES_FILE, economy_numbers
from helpers.data.sources.excel import read_sheet
from helpers.errors import HelpersError, TableValidationError

FILE = "un-snaama/Download-GDPcurrent-USD-countries.xlsx"
SHEET = "Download-GDPcurrent-USD-countri"
#: The items a metric can name, and the workbook's name for each.
ITEMS = {
    "gdp": "Gross Domestic Product (GDP)",
    "total_va": "Total Value Added",
    "manufacturing": "Manufacturing (ISIC D)",
    "industry": "Mining, Manufacturing, Utilities (ISIC C-E)",
}


def parse(path: Path, iso: dict[int, str], where: str = FILE) -> pd.DataFrame:
    """The workbook at ``path`` as ``country, item, year, value``, for the items in
    :data:`ITEMS`; ``iso`` maps ISO numbers to ISO3 codes. Errors name ``where``."""
    raw = read_sheet(path, where, SHEET, header=2)
    missing = {"CountryID", "IndicatorName"} - set(raw.columns)
    if missing:
        raise TableValidationError(f"{where}: missing columns {sorted(missing)}; it has "
                                   f"{list(raw.columns)[:6]}")
    names = {v: k for k, v in ITEMS.items()}
    absent = set(names) - set(raw["IndicatorName"])
    if absent:
        raise TableValidationError(f"{where}: no rows for {sorted(absent)}")
    raw = raw[raw["IndicatorName"].isin(names)]
    ids = pd.to_numeric(raw["CountryID"], errors="coerce")
    if ids.isna().any():
        raise TableValidationError(f"{where}: CountryID holds values that are not numbers")
    years = [c for c in raw.columns if str(c).isdigit()]
    long = raw.assign(country=[iso.get(int(i), f"M49-{int(i)}") for i in ids],
                      item=raw["IndicatorName"].map(names)).melt(
        id_vars=["country", "item"], value_vars=years, var_name="year", value_name="value")
    long = long.dropna(subset=["value"])
    long["year"] = long["year"].astype(int)
    return long.reset_index(drop=True)


@lru_cache(maxsize=1)
def table() -> pd.DataFrame:
    """The verified workbook, parsed (see :func:`parse`), through the parsed-table cache."""
    def fresh() -> parsed.StoredFrame:
        iso = economy_numbers(verified_path(COUNTRIES_FILE), "iso_num")
        return parsed.StoredFrame(parse(verified_path(FILE), iso))

    return parsed.cached("un-snaama", (FILE, COUNTRIES_FILE), fresh,
                         parsed.StoredFrame.from_bytes).frame


def _item(item: str) -> pd.DataFrame:
    if item not in ITEMS:
        raise HelpersError(f"unknown UN national-accounts item {item!r}; valid: "
                           f"{', '.join(ITEMS)}")
    data = table()
    return data[data["item"] == item]


def value(item: str, country: str, year: int) -> float:
    """One country's value of an item in a year, USD."""
    data = _item(item)
    hit = data.loc[(data["country"] == country) & (data["year"] == year), "value"]
    if hit.empty:
        years = data.loc[data["country"] == country, "year"]
        have = f"{years.min()}-{years.max()}" if len(years) else "none"
        raise HelpersError(f"no UN {item} value for {country} {year}; its years: {have}")
    return float(hit.iloc[0])


def lead(item: str, country: str, year: int) -> float:
    """How far one country's value lies above the largest other country's in a year (negative
    when another is larger), USD."""
    own = value(item, country, year)
    data = _item(item)
    others = data.loc[(data["country"] != country) & (data["year"] == year), "value"]
    if others.empty:
        raise HelpersError(f"no other country has a UN {item} value for {year}")
    return own - float(others.max())
