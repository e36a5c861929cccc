"""The measures beyond the report over many tables, as tidy frames: linkage indices,
extraction losses, the decomposition of China's benchmark tables and producer-service value
added in manufactured exports."""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES
from helpers.data.stacks import TableStack
from helpers.data.units import convert
from helpers.measures import core, decomposition, embodied, extraction, linkages, system
from helpers.measures.definitions import DEFAULT, Definition

#: The peers the report compares China with.
PEERS = ("USA", "DEU", "JPN")
#: China's benchmark (census-year) tables, each detailed edition: 2002, 2007, 2012, 2017, 2020.
BENCHMARK_YEARS = (2002, 2007, 2012, 2017, 2020)


def keys(source: str, countries: tuple[str, ...] | None = None,
         years: tuple[int, ...] | None = None) -> list[catalog.TableKey]:
    """Every available table of a source, optionally of some countries and years."""
    return [k for k in catalog.available() if k.source == source
            and (countries is None or k.country in countries)
            and (years is None or k.year in years)]


def _ids(key: catalog.TableKey) -> dict:
    return {"source": key.source, "country": key.country, "year": key.year}


def linkage_table(table_keys: list[catalog.TableKey],
                  definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per table and category: ``backward`` and ``forward`` indices."""
    rows = []
    for key in table_keys:
        result = linkages.linkages(catalog.load(key), definition)
        rows += [{**_ids(key), "category": c, "backward": result["backward"][c],
                  "forward": result["forward"][c]} for c in PS_CATEGORIES]
    return pd.DataFrame(rows)


def extraction_table(table_keys: list[catalog.TableKey],
                     definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per table: the extraction loss (per unit of manufacturing final demand and of
    manufacturing output)."""
    return pd.DataFrame([{**_ids(k), **extraction.extraction(catalog.load(k), definition)}
                         for k in table_keys])


def decomposition_table(country: str = "CHN", years: tuple[int, ...] = BENCHMARK_YEARS,
                        source: str = "nbs", unit: str = "trillion CNY",
                        definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per pair of consecutive years: start and end values, the observed change, its
    three effects (average of the polar forms) and technology's two parts, in ``unit``
    (current prices)."""
    tables = [catalog.load(catalog.resolve(country, y, source)) for y in years]
    rows = []
    for start, end in zip(tables, tables[1:], strict=False):
        r = decomposition.decompose(start, end, definition)
        values = {k: convert(r[k], r["unit"], unit)
                  for k in ("start", "end", "total_change", *decomposition.EFFECTS,
                            *decomposition.TECHNOLOGY_PARTS)}
        rows.append({"period": f"{start.year}-{end.year}", "start_year": start.year,
                     "end_year": end.year, "unit": unit, **values})
    return pd.DataFrame(rows)


def embodied_table(table_keys: list[catalog.TableKey],
                   definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per table: producer-service value added in manufactured exports (``share``,
    first round ``direct_share``), by category, and the report's measure for comparison:
    producer services' share of manufacturing's intermediate input (``input_share``, total
    inputs, and ``domestic_input_share``, domestic inputs only)."""
    rows = []
    for key in table_keys:
        table = catalog.load(key)
        stack = TableStack.of(table)
        total = core.input_results(stack, definition.but(origin="total"))
        domestic = core.input_results(stack, definition.but(origin="domestic"))
        rows.append({**_ids(key), **embodied.embodied(table, definition),
                     "input_share": float(total["ps_input_share"][0]),
                     "domestic_input_share": float(domestic["ps_input_share"][0])})
    return pd.DataFrame(rows)


def largest_output_row_sum(key: catalog.TableKey, definition: Definition = DEFAULT
                           ) -> tuple[str, float]:
    """The sector whose output coefficients ``Z / x`` (by row) sum highest, and that sum: above
    one, a sector's intermediate sales exceed its own output (imports in the rows)."""
    stack = catalog.locate(key)[0]
    i = stack.keys.index((key.source, key.country, key.year))
    Z = system.flows(stack, definition)[i:i + 1]
    sums = system.output_coefficients(Z, stack.x[i:i + 1])[0].sum(axis=1)
    j = int(sums.argmax())
    return stack.products[j], float(sums[j])
