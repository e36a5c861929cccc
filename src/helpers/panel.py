"""Indicators over many tables at once, as tidy DataFrames for chapters and profiles."""

from __future__ import annotations

import pandas as pd

from helpers import catalog
from helpers.definitions import DEFAULT, INTENSITY_LEVELS, Definition
from helpers.indicators import ps_input_summary
from helpers.units import convert


def ps_input_table(keys: list[catalog.TableKey], definition: Definition = DEFAULT,
                   unit: str | None = None) -> pd.DataFrame:
    """One row per table: producer-service input value, share, and the technology split.

    ``unit`` converts values (e.g. ``"trillion CNY"``); shares are fractions.
    """
    rows = []
    for key in keys:
        table = catalog.load(key)
        s = ps_input_summary(table, definition)
        to = unit or table.unit
        row = {"source": key.source, "country": key.country, "year": key.year, "unit": to,
               "value": convert(s["ps_input_value"], table.unit, to),
               "share": s["ps_input_share"]}
        for level in INTENSITY_LEVELS:
            row[f"{level}_value"] = convert(s["ps_input_value_by_intensity"][level], table.unit, to)
            row[f"{level}_share"] = s["ps_input_share_by_intensity"][level]
        rows.append(row)
    return pd.DataFrame(rows)


def keys_for(source: str, country: str | None = None) -> list[catalog.TableKey]:
    """Every available table of a source (and country)."""
    return [k for k in catalog.available()
            if k.source == source and (country is None or k.country == country)]
