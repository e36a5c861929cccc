"""Shared fixtures: a small hand-made table with known answers, raw-data guards, and for
profile runs a template that fails and a way to compare two executions of a run."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from helpers.data.classify import parse_classification
from helpers.data.iotable import IOTable
from helpers.profiles import runs


@pytest.fixture(scope="session")
def bar_chart_spec() -> dict:
    """A small Vega-Lite bar chart with one named dataset of two rows, as the book's charts
    are written into its pages (the site checks' tests draw it and damage it)."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"name": "data-1"},
        "datasets": {"data-1": [{"sector": "finance", "share": 1.5},
                                {"sector": "logistics", "share": 2.25}]},
        "mark": "bar",
        "encoding": {"x": {"field": "sector", "type": "nominal"},
                     "y": {"field": "share", "type": "quantitative"}},
    }


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


#: What differs between two executions of the same run: papermill's and nbclient's timings.
TIMINGS = ("start_time", "end_time", "duration")


def _comparable(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    for metadata in [nb.metadata, *(c.metadata for c in nb.cells)]:
        for key in TIMINGS:
            metadata.get("papermill", {}).pop(key, None)
        metadata.pop("execution", None)
    for cell in nb.cells:
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.pop("id")  # papermill gives the injected cell a random id
    return nb


@pytest.fixture
def comparable() -> Callable[[Path], nbformat.NotebookNode]:
    """Reads a generated profile without what differs between two executions of a run."""
    return _comparable


@pytest.fixture
def failing_book(tmp_path: Path) -> runs.Layout:
    """A scratch book whose template prints the country, fails with a cell error for USA and
    kills its kernel for DEU."""
    layout = runs.scratch_book(tmp_path / "failing-book")
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Profile"),
        nbformat.v4.new_code_cell("country = 'CHN'\nyear = 2020\nsource = 'nbs'",
                                  metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell(
            "import os\n"
            "if country == 'USA':\n    raise RuntimeError(f'broken profile for {country}')\n"
            "if country == 'DEU':\n    os._exit(3)\n"
            "print(country)"),
    ])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    layout.template.parent.mkdir(parents=True)
    nbformat.write(nb, layout.template)
    return layout
