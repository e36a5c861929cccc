"""OECD Input-Output Tables, 2021 edition (``nbs-ionet/OECD21ed_CCC_1995to2018.rda``).

One table per year, 45 ISIC Rev.4 industries, million USD. Flows are at basic prices; total
intermediate consumption (``TTL_INT_FNL``) adds net taxes on products (``TXS_IMP_FNL``,
``TXS_INT_FNL``). No split of imported inputs.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.sources.rda import read_single
from helpers.errors import TableValidationError

COUNTRIES = ("CHN", "JPN")
YEARS = tuple(range(1995, 2019))
REL_TOL = 1e-3
ABS_TOL = 5.0  # million USD: cells published to 0.1
TAX_ROWS = ("TXS_IMP_FNL", "TXS_INT_FNL")


def raw_file(country: str) -> str:
    return f"nbs-ionet/OECD21ed_{country}_1995to2018.rda"


def load(country: str, year: int, source: str = "oecd") -> IOTable:
    """Load the OECD table of one country and year and validate it."""
    tables = read_single(raw_file(country))
    key = f"OECD21ed_{country}_{year}"
    if key not in tables:
        raise TableValidationError(f"{raw_file(country)} holds no table {key}")
    df = tables[key].set_index("Code")
    industries = [c for c in df.columns if str(c).isdigit()]
    products = [c for c in df.index if str(c).isdigit()]
    if len(industries) != 45 or len(products) != 45:
        raise TableValidationError(f"{key}: expected 45 x 45 industries")
    Z = df.loc[products, industries].astype(float)

    def row(code: str) -> pd.Series:
        return df.loc[code, industries].astype(float)

    table = IOTable(
        source=source, country=country, year=year, unit="million USD", currency="USD",
        scheme="oecd_45", Z=Z, tii=row("TTL_INT_FNL"), va=row("VALU"), x=row("OUTPUT"),
        notes=("OECD IOT 2021 ed.; flows at basic prices, tii at purchasers' prices",),
    )
    return table.validate(REL_TOL, ABS_TOL, other_expected=row(TAX_ROWS[0]) + row(TAX_ROWS[1]))
