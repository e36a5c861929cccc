"""How Japan's MIC benchmark tables draw manufacturing value added differently from national
accounts: machinery repair (a manufacturing sector in MIC's classification, as in NBS's) and,
in every sector's value added, business entertainment spending (row ``ohcr``), which national
accounts count as intermediate input. Trillion JPY, from the raw tables."""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.classify import load_classification
from helpers.data.fetch import verified_path
from helpers.data.sources import mic
from helpers.data.sources.excel import read_sheet
from helpers.errors import HelpersError, UnknownTableError

#: The value-added row of business entertainment spending (交際費) in MIC's tables.
ENTERTAINMENT_ROW = "ohcr"
BILLION_PER_TRILLION = 1000.0


def _manufacturing(year: int) -> pd.DataFrame:
    if year not in mic.YEARS:
        raise UnknownTableError(f"no MIC benchmark table for {year}; MIC years: "
                                f"{', '.join(map(str, mic.YEARS))}")
    cls = load_classification(mic.scheme(year))
    return cls[cls["group"] == "manufacturing"]


def entertainment_in_manufacturing(year: int) -> float:
    """Business entertainment spending booked as value added by MIC's manufacturing sectors,
    trillion JPY (row ``ohcr`` of the raw table, summed over them)."""
    relpath = mic.raw_file(year)
    cells = read_sheet(verified_path(relpath), relpath, mic.SHEET, header=None, dtype=object)
    codes = [str(c).strip() for c in cells.iloc[mic.HEADER_ROW]]
    rows = cells[cells.iloc[:, 0].astype(str).str.strip() == ENTERTAINMENT_ROW]
    if len(rows) != 1:
        raise HelpersError(f"{relpath}: expected one {ENTERTAINMENT_ROW!r} row, found {len(rows)}")
    cols = [codes.index(c) for c in _manufacturing(year)["code"]]
    return float(pd.to_numeric(rows.iloc[0, cols]).sum()) / BILLION_PER_TRILLION


def repair_value_added(year: int) -> float:
    """Value added of MIC's manufacturing repair sectors (machinery repair), trillion JPY."""
    codes = _manufacturing(year).query("mfg_role == 'repair'")["code"]
    table = catalog.load_table("JPN", year, "mic")
    return float(table.va[list(codes)].sum()) / BILLION_PER_TRILLION


def scope(year: int) -> dict[str, float]:
    """MIC's manufacturing value added, its repair and entertainment parts, and what is left
    without both (closer to national accounts' manufacturing), trillion JPY."""
    codes = list(_manufacturing(year)["code"])
    table = catalog.load_table("JPN", year, "mic")
    total = float(table.va[codes].sum()) / BILLION_PER_TRILLION
    repair, entertainment = repair_value_added(year), entertainment_in_manufacturing(year)
    return {"mfg_va": total, "repair": repair, "entertainment": entertainment,
            "without_both": total - repair - entertainment}
