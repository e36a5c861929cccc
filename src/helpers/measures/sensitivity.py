"""How each definitional choice moves the producer-service input indicators."""

from __future__ import annotations

import itertools

import pandas as pd

from helpers.data.classify import classification_for
from helpers.data.iotable import IOTable
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, INTENSITY_PRESETS, Definition
from helpers.measures.indicators import ps_input_summary

MANUFACTURING_RANGES = {
    "with repair and waste": (True, True),
    "without waste recycling": (True, False),
    "without repair": (False, True),
    "without repair and waste": (False, False),
}


def definition_grid(with_origin: bool) -> list[tuple[dict[str, str], Definition]]:
    """Every combination of the choices, each with a readable label per choice."""
    grid = []
    origins = ("total", "domestic") if with_origin else ("total",)
    for passenger, scope, (mrange, (repair, waste)), origin, preset in itertools.product(
        (True, False), ("wholesale", "wholesale_retail"), MANUFACTURING_RANGES.items(),
        origins, INTENSITY_PRESETS,
    ):
        labels = {
            "passenger transport": "in" if passenger else "out",
            "trade": "wholesale" if scope == "wholesale" else "wholesale + retail",
            "manufacturing": mrange, "inputs": origin, "technology levels": preset,
        }
        d = DEFAULT.but(passenger_transport=passenger, trade_scope=scope, include_repair=repair,
                        include_waste=waste, origin=origin, taxonomy=INTENSITY_PRESETS[preset][0],
                        intensity=INTENSITY_PRESETS[preset][1])
        grid.append((labels, d))
    return grid


def sensitivity_table(table: IOTable) -> pd.DataFrame:
    """One row per definition: value, share, and the technology split's shares."""
    cls = classification_for(table)
    rows = []
    for labels, d in definition_grid(table.Z_imported is not None):
        s = ps_input_summary(table, d, cls)
        row = {**labels, "value": s["ps_input_value"], "share": s["ps_input_share"]}
        for level in INTENSITY_LEVELS:
            row[f"{level}_value"] = s["ps_input_value_by_intensity"][level]
            row[f"{level}_share"] = s["ps_input_share_by_intensity"][level]
        row["is_default"] = d == DEFAULT
        rows.append(row)
    return pd.DataFrame(rows)
