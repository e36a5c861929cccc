"""US BEA summary input-output tables, 2017 schema (``bea-useeior/``).

Use table (producers' prices, before redefinitions): 73 commodities (71 industries' products
plus ``Used`` and ``Other``) by 71 industries, with ``Total Intermediate``, ``Total Value
Added`` and ``Total Industry Output`` rows. The Import table gives the imported part of each
flow. Million USD.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.sources.rda import read_single
from helpers.errors import TableValidationError

YEARS = tuple(range(2012, 2024))
REL_TOL = 1e-3
ABS_TOL = 50.0  # million USD: integer cells


def use_file(year: int) -> str:
    return f"bea-useeior/Summary_Use_{year}_PRO_BeforeRedef_17sch.rda"


def import_file(year: int) -> str:
    return f"bea-useeior/Summary_Import_{year}_BeforeRedef_17sch.rda"


VALUE_ADDED_FILE = "bea-useeior/Summary_ValueAdded_IO_17sch.rda"
INDUSTRY_NAMES_FILE = "bea-useeior/Summary_IndustryCodeName_2017.rda"
COMMODITY_NAMES_FILE = "bea-useeior/Summary_CommodityCodeName_2017.rda"


def industry_codes() -> list[str]:
    df = read_single(INDUSTRY_NAMES_FILE)
    return [str(c) for c in df.iloc[:, 0]]


def commodity_codes() -> list[str]:
    df = read_single(COMMODITY_NAMES_FILE)
    return [str(c) for c in df.iloc[:, 0]]


def load(year: int, source: str = "bea") -> IOTable:
    """Load the BEA summary Use and Import tables of one year and validate them."""
    use = read_single(use_file(year))
    imp = read_single(import_file(year))
    industries, commodities = industry_codes(), commodity_codes()
    missing = [c for c in industries if c not in use.columns] + [
        r for r in commodities if r not in use.index
    ]
    if missing:
        raise TableValidationError(f"{use_file(year)}: codes missing: {missing[:10]}")
    Z = use.loc[commodities, industries].astype(float).fillna(0.0)
    Zi = imp.reindex(index=commodities, columns=industries).astype(float).fillna(0.0)

    def row(code: str) -> pd.Series:
        return use.loc[code, industries].astype(float)

    table = IOTable(
        source=source, country="USA", year=year, unit="million USD", currency="USD",
        scheme="bea_summary", Z=Z, tii=row("Total Intermediate"), va=row("Total Value Added"),
        x=row("Total Industry Output"), Z_imported=Zi,
        notes=("BEA summary Use table, producers' prices, before redefinitions",),
    )
    return table.validate(REL_TOL, ABS_TOL)


def value_added_by_industry() -> pd.DataFrame:
    """BEA value added by summary industry, 1997-2023 (million USD), industries x years."""
    df = read_single(VALUE_ADDED_FILE).astype(float)
    df.columns = [int(c) for c in df.columns]
    return df
