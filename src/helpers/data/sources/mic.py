"""Japan MIC benchmark input-output tables, 2011 (188 sectors) and 2015 (185 sectors)
(``mic-japan-io/check_japan_YYYY_NNNxNNN_std.xlsx``).

Billion JPY at producers' prices, aggregated to MIC's standard classification. Sheet
``Value_data``: a title row, a blank row, the column codes, then one row per sector code
(``0111``..``6911``), the nine gross value-added rows (``ohcr`` .. ``subs``, household
consumption outside households, compensation, operating surplus, depreciation, indirect
taxes less subsidies) and ``Total`` (output). Columns: the sectors, final demand (exports,
imports negative) and ``Total``. Flows are domestic and imported together; total intermediate
input is the sum of the flows (the tables book nothing else there).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.iotable import IOTable, check_identity
from helpers.data.sources.excel import read_sheet
from helpers.errors import TableValidationError

FILES = {
    2011: ("mic-japan-io/check_japan_2011_188x188_std.xlsx", 188),
    2015: ("mic-japan-io/check_japan_2015_185x185_std.xlsx", 185),
}
YEARS = tuple(FILES)
SHEET = "Value_data"
VALUE_ADDED_ROWS = ("ohcr", "wage", "ssce", "othp", "opse", "depr", "drsc", "idtx", "subs")
TOTAL = "Total"
HEADER_ROW = 2  # the row of column codes (0-based)
REL_TOL = 1e-6
ABS_TOL = 0.05  # billion JPY: cells given to 0.001
NOTE = "MIC benchmark IO table; producers' prices; flows domestic and imported together"


def raw_file(year: int) -> str:
    return FILES[year][0]


def scheme(year: int) -> str:
    return f"mic_{year}_{FILES[year][1]}"


def _numbers(cells: pd.DataFrame, where: str, what: str) -> np.ndarray:
    values = cells.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    if not np.isfinite(values).all():
        raise TableValidationError(f"{where}: {what} hold empty or non-numeric cells")
    return values


def parse(path: Path, year: int, where: str | None = None, source: str = "mic") -> IOTable:
    """The validated table of one year from its workbook; errors name ``where`` (default: the
    path). Checks the layout, that gross value added and the flows add up to output per
    sector, and that each product's total use (column ``Total``) equals its output."""
    where = where or str(path)
    n = FILES[year][1]
    cells = read_sheet(path, where, SHEET, header=None, dtype=object)
    big_enough = (cells.shape[0] > HEADER_ROW + n + len(VALUE_ADDED_ROWS) + 1
                  and cells.shape[1] > n + 1)
    row_codes = [str(c).strip() for c in cells.iloc[HEADER_ROW + 1:, 0]] if big_enough else []
    col_codes = [str(c).strip() for c in cells.iloc[HEADER_ROW, 1:]] if big_enough else []
    sectors = row_codes[:n]
    if (not big_enough or not all(c.isdigit() and len(c) == 4 for c in sectors)
            or row_codes[:n + len(VALUE_ADDED_ROWS) + 1] != [*sectors, *VALUE_ADDED_ROWS, TOTAL]
            or col_codes[:n] != sectors or col_codes[-1] != TOTAL):
        raise TableValidationError(
            f"{where} sheet {SHEET}: expected {n} sector rows and columns (4-digit codes, the "
            f"same in both), then rows {', '.join(VALUE_ADDED_ROWS)}, {TOTAL} and a last column "
            f"{TOTAL}; found {cells.shape[0]} rows and {cells.shape[1]} columns, row codes "
            f"{row_codes[:2]}..{row_codes[-2:]}, column codes {col_codes[:2]}..{col_codes[-2:]}")
    body = cells.iloc[HEADER_ROW + 1:HEADER_ROW + 2 + n + len(VALUE_ADDED_ROWS)]
    flows = _numbers(body.iloc[:n, 1:n + 1], where, "the flow rows")
    va_rows = _numbers(body.iloc[n:n + len(VALUE_ADDED_ROWS), 1:n + 1], where,
                       "the value-added rows")
    x = _numbers(body.iloc[[-1], 1:n + 1], where, "the Total row")[0]
    supply = _numbers(body.iloc[:n, [len(col_codes)]], where, "the Total column")[:, 0]
    label = f"{source} JPN {year} ({where})"
    check_identity([label], sectors, "billion JPY", x[None], (supply - x)[None],
                   "total use of a product (column Total) differs from its output",
                   REL_TOL, ABS_TOL)
    idx = pd.Index(sectors)
    table = IOTable(
        source=source, country="JPN", year=year, unit="billion JPY", currency="JPY",
        scheme=scheme(year), Z=pd.DataFrame(flows, index=idx, columns=idx),
        tii=pd.Series(flows.sum(axis=0), index=idx), va=pd.Series(va_rows.sum(axis=0), index=idx),
        x=pd.Series(x, index=idx), notes=(NOTE,),
    )
    try:
        return table.validate(REL_TOL, ABS_TOL)
    except TableValidationError as exc:
        raise TableValidationError(f"{where}: {exc}") from None


def load(year: int, source: str = "mic") -> IOTable:
    """Load one year's table (its raw file verified first) and validate it."""
    relpath = raw_file(year)
    return parse(verified_path(relpath), year, relpath, source)
