"""WIOD 2016 release, national input-output tables (``wiod-2016-niot/CCC_NIOT_nov16.csv``).

43 countries, 2000-2014, 56 ISIC Rev.4 industries, million USD at basic prices. Per year: 56
Domestic and 56 Imports product rows, then totals. Total intermediate input here is gross output
less value added, i.e. the flows (``II_fob``) plus net product taxes and the small adjustment
rows (``TXSP``, ``EXP_adj``, ``PURR``, ``PURNR``, ``IntTTM``). Exports of domestic products
are the ``EXP`` column of the Domestic rows.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.iotable import IOTable, check_balance
from helpers.data.stacks import TableStack
from helpers.errors import TableValidationError

COUNTRIES = (
    "AUS", "AUT", "BEL", "BGR", "BRA", "CAN", "CHE", "CHN", "CYP", "CZE", "DEU", "DNK", "ESP",
    "EST", "FIN", "FRA", "GBR", "GRC", "HRV", "HUN", "IDN", "IND", "IRL", "ITA", "JPN", "KOR",
    "LTU", "LUX", "LVA", "MEX", "MLT", "NLD", "NOR", "POL", "PRT", "ROU", "RUS", "SVK", "SVN",
    "SWE", "TUR", "TWN", "USA",
)
YEARS = tuple(range(2000, 2015))
ADJUSTMENT_ROWS = ("TXSP", "EXP_adj", "PURR", "PURNR", "IntTTM")
#: The final-use column of exports (of the Domestic rows: exports of domestic products).
EXPORTS = "EXP"
REL_TOL = 1e-3
ABS_TOL = 20.0  # million USD: ~120 integer cells summed, each rounded to 1
NOTE = "WIOD 2016 release; basic prices; tii = gross output - value added"


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
    exports = block[block["Origin"] == "Domestic"].set_index("Code")[EXPORTS].astype(float)
    table = IOTable(
        source=source, country=country, year=year, unit="million USD", currency="USD",
        scheme="wiod_56", Z=dom + imp, tii=x - va, va=va, x=x, Z_imported=imp,
        exports=exports, notes=(NOTE,),
    )
    other = totals.loc[list(ADJUSTMENT_ROWS)].sum()
    return table.validate(REL_TOL, ABS_TOL, other_expected=other)


def _block(df: pd.DataFrame, origin: str, codes: list[str], years: list[int],
           where: str) -> np.ndarray:
    """The rows of one origin as a (years, codes, industries) array, after checking that every
    year lists exactly ``codes`` in order."""
    rows = df[df["Origin"] == origin]
    rows = rows[rows["Code"].isin(codes)] if origin == "TOT" else rows
    n = len(codes)
    got_years = rows["Year"].to_numpy()
    got_codes = rows["Code"].to_numpy()
    if (len(rows) != len(years) * n
            or not (got_years.reshape(len(years), n) == np.array(years)[:, None]).all()
            or not (got_codes.reshape(len(years), n) == np.array(codes)[None, :]).all()):
        raise TableValidationError(f"{where}: expected rows {origin} {codes[:3]}... in the same "
                                   "order for every year")
    return rows[list(df.columns[4:60])].to_numpy(dtype=float).reshape(len(years), n, 56)


def parse_country(country: str, exclude_years: tuple[int, ...] = (),
                  source: str = "wiod") -> TableStack:
    """Every year of one country's file as one validated stack (vectorised ``load``)."""
    where = raw_file(country)
    df = read_country(country)
    df = df[~df["Year"].isin(exclude_years)].sort_values("Year", kind="stable")
    years = [int(y) for y in dict.fromkeys(df["Year"])]
    industries = list(df.columns[4:60])
    dom = _block(df, "Domestic", industries, years, where)
    imp = _block(df, "Imports", industries, years, where)
    exports = (df.loc[df["Origin"] == "Domestic", EXPORTS].to_numpy(dtype=float)
               .reshape(len(years), len(industries)))
    totals = ["VA", "GO", *ADJUSTMENT_ROWS]
    tot = df[(df["Origin"] == "TOT") & df["Code"].isin(totals)].copy()
    tot["Code"] = pd.Categorical(tot["Code"], categories=totals)
    tot = tot.sort_values(["Year", "Code"], kind="stable")
    tot_arr = _block(tot.astype({"Code": str}), "TOT", totals, years, where)
    va, x = tot_arr[:, 0], tot_arr[:, 1]
    stack = TableStack(
        source=source, scheme="wiod_56", unit="million USD", currency="USD",
        countries=(country,) * len(years), years=tuple(years), products=tuple(industries),
        industries=tuple(industries), Z=dom + imp, tii=x - va, va=va, x=x, Z_imported=imp,
        exports=exports, notes=(NOTE,),
    )
    if not np.isfinite(stack.Z).all():
        raise TableValidationError(f"{where}: flows have missing or infinite values")
    check_balance(stack.labels, industries, stack.unit, stack.Z, stack.tii, stack.va, stack.x,
                  REL_TOL, ABS_TOL, tot_arr[:, 2:].sum(axis=1))
    return stack
