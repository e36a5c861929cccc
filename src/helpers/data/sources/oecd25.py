"""OECD Inter-Country Input-Output tables, 2025 edition, as national total-use tables
(``oecd-icio-2025-ttl/CCC2022ttl.csv``).

One table per economy for 2022, 50 industries (ISIC Rev.4, the 2025 coding), million current
USD. Rows ``TTL_<industry>`` are the use of each product, domestic and imported together (no
import split). Total intermediate input (``TTL_INT_FNL``) is the flows plus two rows checked
against the files: ``IMP_OTHER`` (imports not assigned to one of the 50 products) and
``TXS_INT_FNL`` (net taxes on products).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.data.fetch import verified_path
from helpers.data.iotable import IOTable
from helpers.data.sources.oecd import table_from_rows
from helpers.errors import TableValidationError

FOLDER = "oecd-icio-2025-ttl"
YEAR = 2022
COUNTRIES = (
    "AGO", "ARE", "ARG", "AUS", "AUT", "BEL", "BGD", "BGR", "BLR", "BRA", "BRN", "CAN", "CHE",
    "CHL", "CHN", "CIV", "CMR", "COD", "COL", "CRI", "CYP", "CZE", "DEU", "DNK", "EGY", "ESP",
    "EST", "FIN", "FRA", "GBR", "GRC", "HKG", "HRV", "HUN", "IDN", "IND", "IRL", "ISL", "ISR",
    "ITA", "JOR", "JPN", "KAZ", "KHM", "KOR", "LAO", "LTU", "LUX", "LVA", "MAR", "MEX", "MLT",
    "MMR", "MYS", "NGA", "NLD", "NOR", "NZL", "PAK", "PER", "PHL", "POL", "PRT", "ROU", "RUS",
    "SAU", "SEN", "SGP", "STP", "SVK", "SVN", "SWE", "THA", "TUN", "TUR", "TWN", "UKR", "USA",
    "VNM", "ZAF",
)
INDUSTRIES = (
    "A01", "A02", "A03", "B05", "B06", "B07", "B08", "B09", "C10T12", "C13T15", "C16", "C17_18",
    "C19", "C20", "C21", "C22", "C23", "C24A", "C24B", "C25", "C26", "C27", "C28", "C29", "C301",
    "C302T309", "C31T33", "D", "E", "F", "G", "H49", "H50", "H51", "H52", "H53", "I", "J58T60",
    "J61", "J62_63", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T",
)
#: Rows booked in total intermediate input besides the flows (found by checking the identity
#: on every file: without ``IMP_OTHER`` it fails by up to 3,000 million USD).
OTHER_INTERMEDIATE_ROWS = ("IMP_OTHER", "TXS_INT_FNL")
REL_TOL = 1e-3
ABS_TOL = 0.5  # million USD: cells published to 0.001, about 55 summed per identity
NOTE = ("OECD ICIO 2025 ed., national total-use table; flows at basic prices, domestic and "
        "imported; tii adds IMP_OTHER and net product taxes")


def raw_file(country: str) -> str:
    return f"{FOLDER}/{country}{YEAR}ttl.csv"


def read_frame(path: Path, where: str) -> pd.DataFrame:
    """One file as a frame indexed by its row labels; a file that is not such a CSV is an error
    naming ``where``."""
    try:
        return pd.read_csv(path, index_col=0)
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise TableValidationError(f"{where} cannot be read as a CSV table "
                                   f"({type(exc).__name__}: {exc})") from None


def parse(path: Path, country: str, where: str | None = None,
          source: str = "oecd25") -> IOTable:
    """The validated table in one file; errors name ``where`` (default: the path)."""
    where = where or str(path)
    return table_from_rows(
        read_frame(path, where), [f"TTL_{c}" for c in INDUSTRIES], list(INDUSTRIES),
        OTHER_INTERMEDIATE_ROWS, where=where, rel_tol=REL_TOL, abs_tol=ABS_TOL,
        source=source, country=country, year=YEAR, unit="million USD", currency="USD",
        scheme="oecd25_50", notes=(NOTE,),
    )


def load(country: str, source: str = "oecd25") -> IOTable:
    """Load one economy's 2022 table (its raw file verified first) and validate it."""
    relpath = raw_file(country)
    return parse(verified_path(relpath), country, relpath, source)
