"""ADB multi-regional input-output tables (July 2023 release), per economy x sector summary
(``adb-mrio-summary/``): no inter-sector flows, so a value-added panel, not IO tables.

Two files: ``summary62.parquet`` (62 economies and the rest of the world, 2000 and 2007-2022)
and ``summary.parquet`` (72 economies and the rest of the world, 2017-2022); 35 ADB sectors
(ISIC Rev.3 based), million current USD. Columns ``t`` (year), ``s`` (economy number: its row
in ``countries.xlsx``, column ``mrio62`` or ``mrio``), ``i`` (sector number: ``sectors.xlsx``,
sheet ``mrio``), ``x`` output, ``zuse`` intermediate input, ``va`` value added, ``y`` sales to
final demand (domestic and foreign), ``e`` sales within the economy itself. ``e`` is described
upstream as exports, but in these files it is domestic sales: it is close to output in
non-traded sectors (China's construction), and ``x - e`` summed over sectors is each
economy's exports (USA 2022: 2,976 billion USD). So exports are ``x - e``.

Where the files overlap (2017-2022) the 72-economy file is used: it holds ten more economies,
and on the 62 it shares with the other file the numbers are the same (checked when parsing).
The rest of the world is left out: it is not an economy, and it differs between the files.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.sources.excel import read_sheet
from helpers.data.value_added import MEASURES, ValueAddedPanel
from helpers.errors import TableValidationError

FOLDER = "adb-mrio-summary"
SUMMARY62 = f"{FOLDER}/summary62.parquet"
SUMMARY72 = f"{FOLDER}/summary.parquet"
COUNTRIES_FILE = f"{FOLDER}/countries.xlsx"
SECTORS_FILE = f"{FOLDER}/sectors.xlsx"
FILES = (SUMMARY62, SUMMARY72, COUNTRIES_FILE, SECTORS_FILE)
COUNTRIES_62 = (
    "AUS", "AUT", "BEL", "BGD", "BGR", "BRA", "BRN", "BTN", "CAN", "CHE", "CHN", "CYP", "CZE",
    "DEU", "DNK", "ESP", "EST", "FIN", "FJI", "FRA", "GBR", "GRC", "HKG", "HRV", "HUN", "IDN",
    "IND", "IRL", "ITA", "JPN", "KAZ", "KGZ", "KHM", "KOR", "LAO", "LKA", "LTU", "LUX", "LVA",
    "MDV", "MEX", "MLT", "MNG", "MYS", "NLD", "NOR", "NPL", "PAK", "PHL", "POL", "PRT", "ROU",
    "RUS", "SGP", "SVK", "SVN", "SWE", "THA", "TUR", "TWN", "USA", "VNM",
)
COUNTRIES_72 = tuple(sorted((*COUNTRIES_62, "ARE", "ARG", "ARM", "COL", "ECU", "EGY", "GEO",
                             "KWT", "NZL", "SAU")))
YEARS_62 = (2000, *range(2007, 2017))  # years taken from summary62.parquet
YEARS_72 = tuple(range(2017, 2023))  # years taken from summary.parquet
#: The economy-number column of countries.xlsx for each summary file.
NUMBER_COLUMN = {SUMMARY62: "mrio62", SUMMARY72: "mrio"}
REST_OF_WORLD = "ROW"
#: Parquet column of each panel measure (exports are output less domestic sales ``e``).
COLUMNS = {"output": "x", "intermediate": "zuse", "va": "va", "final_demand": "y",
           "domestic_sales": "e"}
REL_TOL = 1e-6
ABS_TOL = 0.01  # million USD: the files hold unrounded floats
OVERLAP_REL_TOL = 1e-9
NOTE = ("ADB MRIO July 2023 release, economy x sector summary; no inter-sector flows; "
        "final demand includes foreign final demand")


def _need(df: pd.DataFrame, columns: list[str], where: str) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise TableValidationError(f"{where}: missing columns {missing}; it has "
                                   f"{list(df.columns)[:20]}")


def economy_numbers(path: Path, column: str, where: str = COUNTRIES_FILE) -> dict[int, str]:
    """ISO3 code of each economy number in ``column`` (``mrio`` or ``mrio62``)."""
    df = read_sheet(path, where, "Consolidated")
    _need(df, [column, "iso_a3"], where)
    rows = df[df[column].notna()]
    numbers = pd.to_numeric(rows[column], errors="coerce")
    if numbers.isna().any() or numbers.duplicated().any():
        raise TableValidationError(f"{where}: column {column} holds non-numeric or repeated "
                                   "economy numbers")
    return dict(zip(numbers.astype(int), rows["iso_a3"].astype(str), strict=True))


def sector_codes(path: Path, where: str = SECTORS_FILE) -> dict[int, str]:
    """ADB sector code (``c1``..``c35``) of each sector number."""
    df = read_sheet(path, where, "mrio")
    _need(df, ["mrio_code", "ind"], where)
    numbers = pd.to_numeric(df["ind"], errors="coerce")
    if numbers.isna().any() or list(numbers.astype(int)) != list(range(1, 36)):
        raise TableValidationError(f"{where} sheet mrio: expected sectors 1-35 in order")
    return dict(zip(numbers.astype(int), df["mrio_code"].astype(str), strict=True))


def read_summary(path: Path, where: str) -> pd.DataFrame:
    """A summary file's columns; a file that is not such a parquet file is an error naming
    ``where``."""
    import pyarrow
    import pyarrow.parquet as pq

    wanted = ["t", "s", "i", *COLUMNS.values()]
    try:
        df = pq.read_table(path).to_pandas()
    except (OSError, ValueError, pyarrow.ArrowException) as exc:
        raise TableValidationError(f"{where} cannot be read as a parquet file "
                                   f"({type(exc).__name__}: {exc})") from None
    _need(df, wanted, where)
    return df[wanted]


def parse_summary(path: Path, economies: dict[int, str], sectors: dict[int, str],
                  where: str, source: str = "adb") -> ValueAddedPanel:
    """The validated panel of one summary file, the rest of the world left out: every
    economy-year must list each sector once, and output = intermediate input + value added."""
    df = read_summary(path, where)
    unknown = sorted(set(df["s"]) - set(economies))
    if unknown:
        raise TableValidationError(f"{where}: economy numbers {unknown[:10]} are not in "
                                   f"{COUNTRIES_FILE}")
    df = df.assign(country=df["s"].map(economies))
    df = df[df["country"] != REST_OF_WORLD].sort_values(["country", "t", "i"], kind="stable")
    n = len(sectors)
    groups = df[["country", "t"]].drop_duplicates()
    codes = df["i"].to_numpy()
    if len(df) != len(groups) * n or not (codes.reshape(-1, n) == np.arange(1, n + 1)).all():
        raise TableValidationError(f"{where}: expected sectors 1-{n} once for every "
                                   "economy and year")
    arrays = {m: df[c].to_numpy(dtype=float).reshape(-1, n) for m, c in COLUMNS.items()}
    arrays["exports"] = arrays["output"] - arrays.pop("domestic_sales")
    panel = ValueAddedPanel(
        source=source, scheme="adb_35", unit="million USD", currency="USD",
        countries=tuple(groups["country"]), years=tuple(int(y) for y in groups["t"]),
        sectors=tuple(sectors[i] for i in range(1, n + 1)), notes=(NOTE,), **arrays,
    )
    return panel.validate(REL_TOL, ABS_TOL, where)


def _years(panel: ValueAddedPanel, years: tuple[int, ...]) -> ValueAddedPanel:
    return panel.select(np.isin(panel.years, years))


def check_overlap(p62: ValueAddedPanel, p72: ValueAddedPanel) -> None:
    """The economy-years both files hold must agree."""
    shared = [k for k in p62.keys if k[2] in YEARS_72]
    a = np.array([p62.row(c, y) for _, c, y in shared])
    try:
        b = np.array([p72.row(c, y) for _, c, y in shared])
    except KeyError as exc:
        raise TableValidationError(f"{SUMMARY72} lacks {exc.args[0]}, which {SUMMARY62} "
                                   "holds") from None
    for m in MEASURES:
        x, y = getattr(p62, m)[a], getattr(p72, m)[b]
        if not np.allclose(x, y, rtol=OVERLAP_REL_TOL, atol=ABS_TOL):
            raise TableValidationError(f"{SUMMARY62} and {SUMMARY72} disagree on {m} in the "
                                       "years both hold; the rule that the 72-economy file "
                                       "wins there assumes they agree")


def combine(p62: ValueAddedPanel, p72: ValueAddedPanel) -> ValueAddedPanel:
    """One panel: ``YEARS_62`` from the 62-economy file, ``YEARS_72`` from the 72-economy one,
    after checking that both hold exactly the expected economies and years."""
    for panel, where, countries, years in ((p62, SUMMARY62, COUNTRIES_62, (*YEARS_62, *YEARS_72)),
                                           (p72, SUMMARY72, COUNTRIES_72, YEARS_72)):
        expected = {(c, y) for c in countries for y in years}
        got = {(c, y) for _, c, y in panel.keys}
        if got != expected:
            diff = sorted(got ^ expected)[:5]
            raise TableValidationError(f"{where}: economies and years differ from those "
                                       f"expected, e.g. {diff}")
    check_overlap(p62, p72)
    return ValueAddedPanel.concat([_years(p62, YEARS_62), p72])


def load(source: str = "adb") -> ValueAddedPanel:
    """The whole validated ADB panel (raw files verified first)."""
    sectors = sector_codes(verified_path(SECTORS_FILE))
    countries = verified_path(COUNTRIES_FILE)
    p62, p72 = (parse_summary(verified_path(f), economy_numbers(countries, NUMBER_COLUMN[f]),
                              sectors, f, source) for f in (SUMMARY62, SUMMARY72))
    return combine(p62, p72)
