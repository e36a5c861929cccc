"""China's provincial 42-sector input-output tables (``china-provincial-io/YYYY/CN-XX.xls``).

One sheet per file: title rows, a row of column codes (``01``..``42``, then final uses:
consumption, capital formation, ``EX`` exports, ``OF`` outflow to other provinces, ``TFU``,
``IM`` imports, ``IF`` inflow from other provinces, ``ERR``, ``GO``), then product rows
``01``..``42`` (the code in the third column), ``TII``, ``VA001``..``VA004``, ``TVA``, ``TI``.
10 thousand CNY, producers' prices. They are competitive-import tables: a province's
intermediate use includes what it buys from other provinces and from abroad, so ``Z`` is the
total of all origins. The part from outside the province (imports and inflows from other
provinces) is estimated by proportionality (:func:`outside_shares`) and kept as ``Z_imported``,
so ``Z_domestic`` is the in-province flows. The 2012 tables use NBS's 2012
42-sector list (``nbs_2015_42``, the 2015 extension table's), the 2017 tables NBS's 2017 one.
Economies are named by their ISO 3166-2:CN code (``CN-GD`` Guangdong).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.imports import proportional_share
from helpers.data.iotable import IOTable, check_identity
from helpers.errors import TableValidationError

YEARS = (2012, 2017)
#: The 31 provinces, autonomous regions and municipalities (ISO 3166-2:CN), in code order.
PROVINCES = ("CN-AH", "CN-BJ", "CN-CQ", "CN-FJ", "CN-GD", "CN-GS", "CN-GX", "CN-GZ", "CN-HA",
             "CN-HB", "CN-HE", "CN-HI", "CN-HL", "CN-HN", "CN-JL", "CN-JS", "CN-JX", "CN-LN",
             "CN-NM", "CN-NX", "CN-QH", "CN-SC", "CN-SD", "CN-SH", "CN-SN", "CN-SX", "CN-TJ",
             "CN-XJ", "CN-XZ", "CN-YN", "CN-ZJ")
#: The national table of the same layout (2012 only; 2017's national table is ``nbs42``).
NATIONAL = "CHN"
SCHEMES = {2012: "nbs_2015_42", 2017: "nbs_2017_42"}
SECTORS = tuple(f"{i:02d}" for i in range(1, 43))
#: The bureau's own Guangdong files, to check the compiled copies against.
OFFICIAL = {2012: "china-provincial-io/official/CN-GD-2012.xlsx",
            2017: "china-provincial-io/official/CN-GD-2017.xlsx"}
OFFICIAL_NATIONAL_2017 = "china-provincial-io/official/CN-national-2017-42.xls"
UNIT = "10 thousand CNY"
#: Cells are published to 4-6 decimals; the balance identities hold to rounding.
REL_TOL = 1e-6
ABS_TOL = 1.0  # 10 thousand CNY
#: Columns every provincial table has (the national one has no ``OF``/``IF``).
FINAL_COLUMNS = ("EX", "OF", "TFU", "IM", "IF", "ERR", "GO")
NATIONAL_FINAL_COLUMNS = ("EX", "TFU", "IM", "ERR", "GO")
CODE_COLUMN = 2
NOTE = ("provincial statistics bureau's 42-sector table, producers' prices; competitive-import: "
        "intermediate use includes inflows from other provinces and imports")


def raw_file(code: str, year: int) -> str:
    """Where a province's (or, for ``CHN`` 2012, the nation's) table sits in the raw data."""
    name = "CN-national" if code == NATIONAL else code
    return f"china-provincial-io/{year}/{name}.xls"


def read_rows(path: Path, where: str) -> list[list[object]]:
    """The first sheet's cells, row by row (``.xls`` with xlrd, ``.xlsx`` with openpyxl); a
    file that is not a workbook is an error naming ``where``."""
    try:
        if path.suffix == ".xlsx":
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
            finally:
                book.close()
        import xlrd

        sheet = xlrd.open_workbook(str(path), on_demand=True).sheet_by_index(0)
        return [sheet.row_values(r) for r in range(sheet.nrows)]
    except Exception as exc:  # xlrd/openpyxl raise many kinds for a damaged file
        raise TableValidationError(f"{where} cannot be read as an Excel workbook "
                                   f"({type(exc).__name__}: {exc})") from None


def _code(cell: object) -> str:
    """A cell as a sector or row code: 1, 1.0 and '01' are all ``01``."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return f"{int(cell):02d}"
    return "" if cell is None else str(cell).strip()


def _number(cell: object) -> float:
    if cell is None or cell == "":
        return 0.0
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    return float("nan")


def grid(rows: list[list[object]], where: str,
         final_columns: tuple[str, ...] = FINAL_COLUMNS) -> pd.DataFrame:
    """The table's numbers labelled by its own codes: rows ``01``..``42``, ``TII``,
    ``VA001``..``VA004``, ``TVA``, ``TI``; columns ``01``..``42`` and ``final_columns``.
    A layout that differs, or a cell that is not a number, is an error naming ``where``."""
    header = next((i for i, r in enumerate(rows)
                   if [_code(c) for c in r[CODE_COLUMN + 1:CODE_COLUMN + 43]] == list(SECTORS)),
                  None)
    if header is None:
        raise TableValidationError(
            f"{where}: no row of column codes 01..42 starting in column {CODE_COLUMN + 2}; "
            "expected the provincial 42-sector layout (see data/classifications/README.md)")
    columns = {_code(c): j for j, c in enumerate(rows[header]) if _code(c)}
    missing_cols = [c for c in final_columns if c not in columns]
    row_at = {}
    for i, r in enumerate(rows[header + 1:], header + 1):
        if len(r) > CODE_COLUMN and (c := _code(r[CODE_COLUMN])):
            row_at.setdefault(c, i)
    wanted_rows = [*SECTORS, "TII", "VA001", "VA002", "VA003", "VA004", "TVA", "TI"]
    missing_rows = [c for c in wanted_rows if c not in row_at]
    if missing_cols or missing_rows:
        raise TableValidationError(
            f"{where}: the provincial 42-sector layout has no "
            + "; no ".join(p for p in (
                f"column(s) {', '.join(missing_cols)}" if missing_cols else "",
                f"row(s) {', '.join(missing_rows)}" if missing_rows else "") if p)
            + f"; its column codes: {', '.join(list(columns)[42:])}")
    wanted_cols = [*SECTORS, *final_columns]
    values = np.array([[_number(rows[row_at[r]][columns[c]])
                        if columns[c] < len(rows[row_at[r]]) else 0.0
                        for c in wanted_cols] for r in wanted_rows])
    body = pd.DataFrame(values, index=wanted_rows, columns=wanted_cols)
    bad = body.isna()
    if bad.any().any():
        cells = [f"{r}/{c}" for r, c in zip(*np.nonzero(bad.to_numpy()), strict=True)][:5]
        named = [f"row {wanted_rows[int(r)]} column {wanted_cols[int(c)]}"
                 for r, c in (s.split("/") for s in cells)]
        raise TableValidationError(f"{where}: {int(bad.sum().sum())} cell(s) are not numbers, "
                                   f"e.g. {'; '.join(named)}")
    return body


def outside_shares(g: pd.DataFrame, finals: tuple[str, ...] = FINAL_COLUMNS) -> pd.Series:
    """Per product, the share of what the economy uses that comes from outside it (imports,
    and inflows from other provinces), assumed the same for every user (proportionality):
    ``(IM + IF) / (TIU + TFU - EX - OF)``, the denominator being intermediate and final use
    within the economy. Clipped to [0, 1]; zero where nothing is used."""
    sectors = list(SECTORS)
    outside = g.loc[sectors, [c for c in ("IM", "IF") if c in finals]].sum(axis=1)
    used = (g.loc[sectors, sectors].sum(axis=1) + g.loc[sectors, "TFU"]
            - g.loc[sectors, [c for c in ("EX", "OF") if c in finals]].sum(axis=1))
    # a province's inflow column can be net of outflows and negative: no outside share then
    return proportional_share(outside.clip(lower=0.0), used, "provincial table")


def parse(path: Path, code: str, year: int, where: str | None = None,
          source: str = "prov") -> IOTable:
    """The validated table of one province-year (``code`` ``CHN``: the national 2012 table).
    Checks the layout, the column identities (flows add up to ``TII``, ``TII + TVA = TI``), that
    the value-added rows add up to ``TVA``, and that each product's uses less imports and
    inflows equal its output (column ``GO``) and output equals input (``GO`` = ``TI``)."""
    where = where or str(path)
    finals = NATIONAL_FINAL_COLUMNS if code == NATIONAL else FINAL_COLUMNS
    g = grid(read_rows(path, where), where, finals)
    label = f"{source} {code} {year} ({where})"
    sectors = list(SECTORS)
    Z = g.loc[sectors, sectors]
    x = g.loc["TI", sectors].to_numpy()
    supply = Z.sum(axis=1).to_numpy() + g.loc[sectors, "TFU"].to_numpy() - g.loc[
        sectors, [c for c in ("IM", "IF") if c in finals]].sum(axis=1).to_numpy() + g.loc[
        sectors, "ERR"].to_numpy()
    checks = (
        (g.loc[["VA001", "VA002", "VA003", "VA004"], sectors].sum().to_numpy()
         - g.loc["TVA", sectors].to_numpy(), "value-added rows VA001-VA004 do not add up to TVA"),
        (g.loc[sectors, "GO"].to_numpy() - x, "output (column GO) differs from input (row TI)"),
        (supply - g.loc[sectors, "GO"].to_numpy(),
         "a product's uses less imports and inflows (columns TFU, IM, IF, ERR) differ from its "
         "output (GO)"),
    )
    for diff, what in checks:
        check_identity([label], sectors, UNIT, x[None], diff[None], what, REL_TOL, ABS_TOL)
    exports = g.loc[sectors, "EX"]
    exports.index = Z.index
    table = IOTable(
        source=source, country=code, year=year, unit=UNIT, currency="CNY",
        scheme=SCHEMES[year], Z=Z, tii=g.loc["TII", sectors], va=g.loc["TVA", sectors],
        x=g.loc["TI", sectors], Z_imported=Z.mul(outside_shares(g, finals), axis=0),
        exports=exports, notes=(f"{code} {year}: {NOTE}",),
    )
    try:
        return table.validate(REL_TOL, ABS_TOL)
    except TableValidationError as exc:
        raise TableValidationError(f"{where}: {exc}") from None


def load(code: str, year: int, source: str = "prov") -> IOTable:
    """One province-year's table (its raw file verified first), validated."""
    relpath = raw_file(code, year)
    return parse(verified_path(relpath), code, year, relpath, source)


def official_grid(year: int) -> pd.DataFrame:
    """The Guangdong bureau's own file of ``year``, as :func:`grid` reads it."""
    relpath = OFFICIAL[year]
    return grid(read_rows(verified_path(relpath), relpath), relpath)


def compiled_grid(year: int) -> pd.DataFrame:
    """The compiled Guangdong table of ``year``, as :func:`grid` reads it."""
    relpath = raw_file("CN-GD", year)
    return grid(read_rows(verified_path(relpath), relpath), relpath)
