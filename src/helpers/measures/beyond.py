"""The measures beyond the report over many tables, as tidy frames: linkage indices,
extraction losses, the decomposition of China's detailed tables and producer-service value
added in manufactured exports."""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES
from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.data.units import convert
from helpers.measures import (
    core,
    decomposition,
    embodied,
    extraction,
    linkages,
    rd_break,
    system,
)
from helpers.measures.definitions import DEFAULT, Definition

#: The peers the report compares China with.
PEERS = ("USA", "DEU", "JPN")
#: China's detailed tables five years apart: the benchmark (census-year) tables of 2002, 2007,
#: 2012 and 2017, and the 2020 extension table (延长表), the latest detailed one.
BENCHMARK_YEARS = (2002, 2007, 2012, 2017, 2020)


def keys(source: str, countries: tuple[str, ...] | None = None,
         years: tuple[int, ...] | None = None) -> list[catalog.TableKey]:
    """Every available table of a source, optionally of some countries and years."""
    return [k for k in catalog.available() if k.source == source
            and (countries is None or k.country in countries)
            and (years is None or k.year in years)]


def _ids(key: catalog.TableKey) -> dict:
    return {"source": key.source, "country": key.country, "year": key.year}


def _tables(table_keys: list[catalog.TableKey], rd_capitalised: bool
            ) -> list[tuple[catalog.TableKey, IOTable]]:
    """The tables of ``table_keys``; with ``rd_capitalised``, those that can be put on the
    capitalised treatment of R&D, put on it (:mod:`helpers.measures.rd_break`)."""
    tables = [(k, catalog.load(k)) for k in table_keys]
    if not rd_capitalised:
        return tables
    return [(k, rd_break.capitalise_rd(t)) for k, t in tables if rd_break.harmonisable(t)]


def linkage_table(table_keys: list[catalog.TableKey], definition: Definition = DEFAULT, *,
                  common: bool = False, rd_capitalised: bool = False) -> pd.DataFrame:
    """One row per table and category: ``backward`` and ``forward`` indices, on each table's
    own sectors or (``common``) on the common sector list, optionally with R&D capitalised in
    the tables before 2017 (tables that cannot be are left out)."""
    measure = linkages.common_linkage_results if common else linkages.linkage_results
    rows = []
    for key, table in _tables(table_keys, rd_capitalised):
        result = measure(TableStack.of(table), definition)
        rows += [{**_ids(key), "category": c, "backward": float(result["backward"][0, i]),
                  "forward": float(result["forward"][0, i])}
                 for i, c in enumerate(PS_CATEGORIES)]
    return pd.DataFrame(rows)


def extraction_table(table_keys: list[catalog.TableKey],
                     definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per table: the full extraction's loss (per unit of manufacturing output and of
    its final demand) and the two partial extractions (:mod:`helpers.measures.extraction`),
    with the basis of the flows."""
    rows = []
    for k in table_keys:
        table = catalog.load(k)
        rows.append({**_ids(k), "basis": system.basis(TableStack.of(table), definition),
                     **extraction.extraction(table, definition)})
    return pd.DataFrame(rows)


def negative_final_demand(key: catalog.TableKey, definition: Definition = DEFAULT) -> int:
    """How many manufacturing industries of a table have negative final demand as the system
    closes it (``x - Z 1``): in a competitive-import table, products imported more than
    finally used."""
    stack = TableStack.of(catalog.load(key))
    f = system.final_demand(system.flows(stack, definition), stack.x)
    return int((f[0, core.arrays_for(stack, definition).mfg] < 0).sum())


def decomposition_table(country: str = "CHN", years: tuple[int, ...] = BENCHMARK_YEARS,
                        source: str = "nbs", unit: str = "trillion CNY",
                        definition: Definition = DEFAULT, *,
                        rd_capitalised: bool = False) -> pd.DataFrame:
    """One row per pair of consecutive years: start and end values, the observed change, its
    three effects (average of the polar forms) and technology's two parts, in ``unit``
    (current prices); optionally with R&D capitalised in the tables before 2017."""
    keys = [catalog.resolve(country, y, source) for y in years]
    tables = [t for _, t in _tables(keys, rd_capitalised)]
    if len(tables) < len(keys):
        raise rd_break.RDBreakError("R&D cannot be capitalised in every table of "
                                    f"{country} {years}")
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
