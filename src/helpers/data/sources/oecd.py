"""OECD Input-Output Tables, 2021 edition (``nbs-ionet/OECD21ed_CCC_1995to2018.rda``).

One table per year, 45 ISIC Rev.4 industries, million USD. Flows are at basic prices; total
intermediate consumption (``TTL_INT_FNL``) adds net taxes on products (``TXS_IMP_FNL``,
``TXS_INT_FNL``). No split of imported inputs: the tables are in competitive-import form, and
their import column ``IMPO`` gives each product's share of imports in its use at home.

:func:`table_from_rows` is the layout every OECD table shares (product rows, then
``TTL_INT_FNL``, ``VALU`` and ``OUTPUT``), used by this loader and by the 2025 edition's
(:mod:`helpers.data.sources.oecd25`).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from helpers.data.imports import proportional_share
from helpers.data.iotable import IOTable
from helpers.data.sources.rda import read_single
from helpers.errors import TableValidationError

COUNTRIES = ("CHN", "JPN")
YEARS = tuple(range(1995, 2019))
REL_TOL = 1e-3
ABS_TOL = 5.0  # million USD: cells published to 0.1
TAX_ROWS = ("TXS_IMP_FNL", "TXS_INT_FNL")
#: Rows of total intermediate input, value added and output in every OECD table.
TII_ROW, VA_ROW, OUTPUT_ROW = "TTL_INT_FNL", "VALU", "OUTPUT"
#: Final use at home, by product (exports ``EXPO`` and imports ``IMPO`` are the other two).
FINAL_HOME = ("HFCE", "NPISH", "GGFC", "GFCF", "INVNT", "CONS_ABR", "CONS_NONRES")


def raw_file(country: str) -> str:
    return f"nbs-ionet/OECD21ed_{country}_1995to2018.rda"


def table_from_rows(df: pd.DataFrame, product_rows: list[str], industries: list[str],
                    other_rows: tuple[str, ...], *, where: str, rel_tol: float, abs_tol: float,
                    **identity: object) -> IOTable:
    """A validated table from an OECD-layout frame (row labels as index, industries as columns).

    ``product_rows`` are the flow rows, in the order of ``industries`` (their codes); the
    ``other_rows`` are what the source books in total intermediate input besides the flows.
    ``identity`` holds the :class:`IOTable` fields other than the arrays (source, country,
    year, unit, currency, scheme, notes). A missing row or column, a cell that is not a
    number, or a failed balance check is an error naming ``where``.
    """
    needed = [*product_rows, *other_rows, TII_ROW, VA_ROW, OUTPUT_ROW]
    missing_rows = [r for r in needed if r not in df.index]
    missing_cols = [c for c in industries if c not in df.columns]
    if missing_rows or missing_cols:
        raise TableValidationError(
            f"{where}: missing rows {missing_rows[:10]} and columns {missing_cols[:10]}; "
            f"expected rows {needed[0]}..{needed[-1]} and columns {industries[0]}.."
            f"{industries[-1]}")
    block = df.loc[needed, industries].apply(pd.to_numeric, errors="coerce").astype(float)
    if not np.isfinite(block.to_numpy()).all():
        bad = block.index[~np.isfinite(block.to_numpy()).all(axis=1)]
        raise TableValidationError(f"{where}: rows {list(bad[:10])} hold empty or non-numeric "
                                   "cells")
    Z = block.loc[product_rows].set_axis(industries, axis=0)
    table = IOTable(Z=Z, tii=block.loc[TII_ROW], va=block.loc[VA_ROW], x=block.loc[OUTPUT_ROW],
                    **identity)
    try:
        return table.validate(rel_tol, abs_tol,
                              other_expected=block.loc[list(other_rows)].sum())
    except TableValidationError as exc:
        raise TableValidationError(f"{where}: {exc}") from None


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
    table = table_from_rows(
        df, products, industries, TAX_ROWS, where=raw_file(country), rel_tol=REL_TOL,
        abs_tol=ABS_TOL, source=source, country=country, year=year, unit="million USD",
        currency="USD", scheme="oecd_45",
        notes=("OECD IOT 2021 ed.; flows at basic prices, tii at purchasers' prices",),
    )
    return replace(table, import_share=import_shares(df, products, where=f"{key} of "
                                                     f"{raw_file(country)}"))


def import_shares(df: pd.DataFrame, products: list[str], where: str) -> pd.Series:
    """Each product's imports (``IMPO``, booked negative) as a share of its use at home: the
    flows plus every final-use column but exports (``EXPO``) and imports."""
    missing = [c for c in (*FINAL_HOME, "EXPO", "IMPO") if c not in df.columns]
    if missing:
        raise TableValidationError(f"{where}: no final-use column(s) {missing}")
    rows = df.loc[products]
    numeric = rows[[*products, *FINAL_HOME, "IMPO"]].apply(pd.to_numeric, errors="coerce")
    home_use = numeric[products].sum(axis=1) + numeric[list(FINAL_HOME)].sum(axis=1)
    return proportional_share(-numeric["IMPO"].astype(float), home_use, where)
