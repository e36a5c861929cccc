"""WIOD 2016 release, national input-output tables (``wiod-2016-niot/CCC_NIOT_nov16.csv``).

43 countries, 2000-2014, 56 ISIC Rev.4 industries, million USD at basic prices. Per year: 56
Domestic and 56 Imports product rows, then totals. Total intermediate input here is gross output
less value added, i.e. the flows (``II_fob``) plus net product taxes and the small adjustment
rows (``TXSP``, ``EXP_adj``, ``PURR``, ``PURNR``, ``IntTTM``).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.iotable import IOTable
from helpers.errors import TableValidationError

COUNTRIES = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP",
    "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR",
    "LTU", "LUX", "LVA", "MEX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU", "RUS", "SVK", "SVN",
    "SWE", "TUR", "TWN", "USA",
)
YEARS = tuple(range(2000, 2015))
ADJUSTMENT_ROWS = ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM")
REL_TOL = 1e-3
ABS_TOL = 20.0  # million USD: ~120 integer cells summed, each rounded to 1


def raw_file(country: str) -> str:
    return f"wiod-2016-niot/{country}_NIOT_nov16.csv"


@lru_cache(maxsize=8)
def read_country(country: str) -> pd.DataFrame:
    """All years of one country's file, numbers parsed."""
    df = pd.read_csv(
        verified_path(raw_file(country)), sep=";", skiprows=[1], thousands=" ",
        encoding="utf-8-sig", dtype={"Code": str, "Origin": str},
    )
    if list(df.columns[:4]) != ["Year", "Code", "Description", "Origin"]:
        raise TableValidationError(f"{raw_file(country)}: unexpected header {list(df.columns[:4])}")
    return df


def load(country: str, year: int, source: str = "wiod") -> IOTable:
    """Load one WIOD national table and validate it."""
    df = read_country(country)
    block = df[df["Year"] == year]
    if block.empty:
        raise TableValidationError(f"{raw_file(country)} holds no year {year}")
    industries = list(df.columns[4:60])
    dom = block[block["Origin"] == "Domestic"].set_index("Code")[industries].astype(float)
    imp = block[block["Origin"] == "Imports"].set_index("Code")[industries].astype(float)
    if len(dom) != 56 or not imp.index.equals(dom.index) or list(dom.index) != industries:
        raise TableValidationError(f"{raw_file(country)} {year}: expected 56 Domestic/Imports rows")
    totals = block[block["Origin"] == "TOT"].set_index("Code")[industries].astype(float)
    va, x = totals.loc["VA"], totals.loc["GO"]
    table = IOTable(
        source=source, country=country, year=year, unit="million USD", currency="USD",
        scheme="wiod_56", Z=dom + imp, tii=x - va, va=va, x=x, Z_imported=imp,
        notes=("WIOD 2016 release; basic prices; tii = gross output - value added",),
    )
    other = totals.loc[list(ADJUSTMENT_ROWS)].sum()
    return table.validate(REL_TOL, ABS_TOL, other_expected=other)
