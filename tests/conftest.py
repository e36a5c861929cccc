"""Shared fixtures: a small hand-made table with known answers, and raw-data guards."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.classify import parse_classification
from helpers.data.iotable import IOTable

CODES = ["M1", "M2", "R1", "S1", "P1", "T1", "W1", "O1"]


@pytest.fixture
def toy_cls() -> pd.DataFrame:
    rows = [
        # code, group, ps_category, ps_role, mfg_role, oecd_rd_intensity, oecd_2011_class
        ("M1", "manufacturing", "", "", "core", "high", "high"),
        ("M2", "manufacturing", "", "", "waste", "medium-low", "low"),
        ("R1", "manufacturing", "", "", "repair", "medium", "medium-low"),
        ("S1", "producer_service", "finance", "core", "", "", ""),
        ("P1", "producer_service", "transport", "passenger", "", "", ""),
        ("T1", "producer_service", "wholesale", "trade_combined", "", "", ""),
        ("W1", "producer_service", "wholesale", "retail", "", "", ""),
        ("O1", "other", "", "", "", "", ""),
    ]
    df = pd.DataFrame(rows, columns=["code", "group", "ps_category", "ps_role", "mfg_role",
                                     "oecd_rd_intensity", "oecd_2011_class"])
    df["name"], df["name_zh"], df["note"] = df["code"], "", ""
    return parse_classification(df, "toy")


@pytest.fixture
def toy_table() -> IOTable:
    """Columns are using industries; every column's inputs + value added = output."""
    Z = pd.DataFrame(0.0, index=CODES, columns=CODES)
    Z.loc["S1", "M1"], Z.loc["P1", "M1"], Z.loc["T1", "M1"], Z.loc["W1", "M1"] = 10, 4, 8, 2
    Z.loc["O1", "M1"] = 76  # M1 intermediate input = 100
    Z.loc["S1", "M2"], Z.loc["O1", "M2"] = 5, 45  # M2 intermediate input = 50
    Z.loc["T1", "R1"], Z.loc["O1", "R1"] = 2, 18  # R1 intermediate input = 20
    Z.loc["O1", "S1"] = 30
    Z.loc["O1", "O1"] = 10
    Zi = Z * 0.0
    Zi.loc["S1", "M1"] = 4  # imported finance
    tii = Z.sum(axis=0)
    va = pd.Series({"M1": 50, "M2": 10, "R1": 5, "S1": 60, "P1": 8, "T1": 12, "W1": 4, "O1": 40},
                   dtype=float)
    return IOTable(source="toy", country="TOY", year=2000, unit="units", currency="XXX",
                   scheme="toy", Z=Z, tii=tii, va=va, x=tii + va, Z_imported=Zi).validate(1e-9)
