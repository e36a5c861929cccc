"""Reading one sheet of an Excel workbook (``openpyxl``), with errors that name the file."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd

from helpers.errors import TableValidationError


def read_sheet(path: Path, where: str, sheet: str, **options: object) -> pd.DataFrame:
    """Sheet ``sheet`` of a workbook (``options`` go to :func:`pandas.read_excel`); a missing
    sheet, or a file that is not a workbook, is an error naming ``where``."""
    try:
        with pd.ExcelFile(path, engine="openpyxl") as book:
            if sheet not in book.sheet_names:
                raise TableValidationError(f"{where} has no sheet {sheet!r}; its sheets: "
                                           f"{', '.join(book.sheet_names)}")
            return pd.read_excel(book, sheet_name=sheet, **options)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise TableValidationError(f"{where} cannot be read as an Excel workbook "
                                   f"({type(exc).__name__}: {exc})") from None
