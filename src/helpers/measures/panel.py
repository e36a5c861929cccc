"""Indicators over many tables at once, as tidy DataFrames for chapters and profiles."""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.units import convert
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, Definition
from helpers.measures.indicators import ps_input_summary, value_added_summary


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


def value_added_table(keys: list[catalog.TableKey],
                      definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per table: producer-service and manufacturing shares of total value added (%),
    and the producer-service to manufacturing ratio."""
    rows = []
    for key in keys:
        va = value_added_summary(catalog.load(key), definition)
        rows.append({"source": key.source, "country": key.country, "year": key.year,
                     "ps_share_of_va": 100 * va["ps_va_share_of_total_va"],
                     "mfg_share_of_va": 100 * va["mfg_va_share_of_total_va"],
                     "ratio": va["ps_to_mfg_ratio"]})
    return pd.DataFrame(rows)


def four_economies() -> list[catalog.TableKey]:
    """Every open table of China, the US, Germany and Japan (one source per economy-year,
    preferring the national source: NBS, BEA, OECD for Japan, then WIOD)."""
    preference = {"nbs": 0, "bea": 1, "oecd": 2, "wiod": 3}
    chosen: dict[tuple[str, int], catalog.TableKey] = {}
    for key in catalog.available():
        if key.country not in ("CHN", "USA", "DEU", "JPN") or key.source not in preference:
            continue
        if key.source == "oecd" and key.country == "CHN":
            continue
        held = chosen.get((key.country, key.year))
        if held is None or preference[key.source] < preference[held.source]:
            chosen[(key.country, key.year)] = key
    return sorted(chosen.values(), key=lambda k: (k.country, k.year))


def category_output_table(keys: list[catalog.TableKey], category: str,
                          definition: Definition = DEFAULT,
                          unit: str | None = None) -> pd.DataFrame:
    """One row per table: gross output and value added of one producer-service category."""
    from helpers.data.classify import classification_for
    from helpers.measures.weights import ps_weights, with_extra_ps

    rows = []
    for key in keys:
        table = catalog.load(key)
        cls = with_extra_ps(classification_for(table), table.scheme, definition)
        w = ps_weights(cls, table.industries, definition)[category]
        to = unit or table.unit
        rows.append({"source": key.source, "country": key.country, "year": key.year,
                     "unit": to, "output": convert(float(w @ table.x), table.unit, to),
                     "value_added": convert(float(w @ table.va), table.unit, to)})
    return pd.DataFrame(rows)
