"""China NBS national input-output tables (``nbs-ionet/china_YYYY_NNN.rda``).

Products ``001..`` by industries, then rows ``TII`` (total intermediate input), ``TVA`` (value
added) and ``TI`` (total input = gross output). The 42-sector tables of 2017, 2018 and 2020 are
non-competitive-import tables with an ``Origin`` column (Domestic / Imports / TOT); their flows
are the sum of both origins and the imported part is kept. Exports (column ``EX``) are kept
too: of the Domestic rows where the table splits origins (re-exports of imports left out).
The other tables are in competitive-import form; their import column ``IM`` gives each
product's share of imports in its use at home (:mod:`helpers.data.imports`).
Values in 10 thousand CNY.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.imports import proportional_share
from helpers.data.iotable import IOTable
from helpers.data.sources.rda import read_single
from helpers.errors import TableValidationError

#: Detailed table per year (the book's default NBS table), then the 42-sector import tables.
DETAILED = {2002: 122, 2005: 42, 2007: 135, 2010: 41, 2012: 139, 2015: 42,
            2017: 149, 2018: 153, 2020: 153}
NONCOMPETITIVE_42 = (2017, 2018, 2020)
#: Classification scheme per (year, sector count): tables with the same sector list share one.
SCHEMES = {(2002, 122): "nbs_2002_122", (2005, 42): "nbs_2005_42", (2007, 135): "nbs_2007_135",
           (2010, 41): "nbs_2010_41", (2012, 139): "nbs_2012_139", (2015, 42): "nbs_2015_42",
           (2017, 149): "nbs_2017_149", (2018, 153): "nbs_2018_153",
           (2020, 153): "nbs_2018_153", (2017, 42): "nbs_2017_42", (2018, 42): "nbs_2017_42",
           (2020, 42): "nbs_2017_42"}
#: Final use at home by product: rural and urban households, government, fixed capital
#: formation and inventories (every table has them; their subtotals vary).
HOME_FINAL_USE = ("FU101", "FU102", "FU103", "FU201", "FU202")
#: |TII + TVA - TI| and |sum of flows - TII|, relative to TI: NBS publishes rounded cells.
REL_TOL = 1e-3
ABS_TOL = 100.0  # 10 thousand CNY: rounded cells


def raw_file(year: int, sectors: int) -> str:
    return f"nbs-ionet/china_{year}_{sectors}.rda"


def load(year: int, sectors: int, source: str) -> IOTable:
    """Load one NBS table and validate it."""
    df = read_single(raw_file(year, sectors))
    if not {"Code", "Description"}.issubset(df.columns):
        raise TableValidationError(f"{raw_file(year, sectors)}: no Code/Description columns")
    industries = [c for c in df.columns if str(c).isdigit()]
    is_product = df["Code"].astype(str).str.isdigit()
    if len(industries) != sectors:
        raise TableValidationError(
            f"{raw_file(year, sectors)}: {len(industries)} industry columns, expected {sectors}"
        )
    totals = df[~is_product].set_index("Code")
    missing = {"TII", "TVA", "TI"} - set(totals.index)
    if missing:
        raise TableValidationError(f"{raw_file(year, sectors)}: rows {sorted(missing)} missing")
    if "EX" not in df.columns:
        raise TableValidationError(f"{raw_file(year, sectors)}: no exports column EX")
    if "Origin" in df.columns:
        domestic_rows = df[is_product & (df["Origin"] == "Domestic")].set_index("Code")
        exports = domestic_rows["EX"].astype(float)
        dom = domestic_rows[industries]
        imp = df[is_product & (df["Origin"] == "Imports")].set_index("Code")[industries]
        imp = imp.reindex(dom.index)
        Z = (dom + imp).astype(float)
        Z_imported = imp.astype(float)
        import_share = None
    else:
        rows = df[is_product].set_index("Code")
        Z = rows[industries].astype(float)
        exports = rows["EX"].astype(float)
        Z_imported = None
        missing_use = sorted({"TIU", "IM", *HOME_FINAL_USE} - set(df.columns))
        if missing_use:
            raise TableValidationError(f"{raw_file(year, sectors)}: no column(s) "
                                       f"{missing_use} (needed for imports by product)")
        use = rows[["TIU", "IM", *HOME_FINAL_USE]].astype(float)
        import_share = proportional_share(
            use["IM"], use["TIU"] + use[list(HOME_FINAL_USE)].sum(axis=1),
            raw_file(year, sectors))
    Z.index = Z.index.astype(str)
    Z.columns = Z.columns.astype(str)
    exports.index = Z.index
    if import_share is not None:
        import_share.index = Z.index
    if Z_imported is not None:
        Z_imported.index, Z_imported.columns = Z.index, Z.columns

    def row(code: str) -> pd.Series:
        s = totals.loc[code, industries].astype(float)
        s.index = Z.columns
        return s

    table = IOTable(
        source=source, country="CHN", year=year, unit="10 thousand CNY", currency="CNY",
        scheme=SCHEMES[(year, sectors)], Z=Z, tii=row("TII"), va=row("TVA"), x=row("TI"),
        Z_imported=Z_imported, exports=exports, import_share=import_share,
        notes=(f"NBS {year} {sectors}-sector table, producers' prices",),
    )
    return table.validate(REL_TOL, ABS_TOL)
