"""China's 31 provinces side by side, and the checks of the provincial tables against the
bureau's own files and the national tables.

Measures per province-year come from the panel (the same numbers ``helpers indicators``
prints); ranks count 1 for the highest value among the 31 provinces of that year.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd

from helpers import paths
from helpers.data import catalog
from helpers.data.iotable import IOTable
from helpers.data.sources import prov
from helpers.data.stacks import TableStack
from helpers.errors import HelpersError
from helpers.measures import panel_cache

#: Measures of the provincial comparison, as panel columns (or derived from them).
MEASURES = {
    "ps_input_share": "producer-service share of manufacturing's intermediate input",
    "ps_to_mfg_ratio": "producer-services to manufacturing value-added ratio",
    "ps_share_of_va": "producer-service share of value added",
    "mfg_share_of_va": "manufacturing share of value added",
    "total_va": "value added (10 thousand CNY)",
    "mfg_va": "manufacturing value added (10 thousand CNY)",
    "ps_va": "producer-service value added (10 thousand CNY)",
    "ps_content": "producer-service content of manufacturing output, total (Leontief), "
                  "inputs of all origins",
    "services_va": "services (tertiary-sector) value added (10 thousand CNY)",
    "services_share_of_va": "services (tertiary-sector) share of value added",
}
#: The first services sector of each 42-sector list: NBS's three-sector division counts every
#: sector from wholesale and retail on as tertiary (it also puts mining support and machinery
#: repair there, which the 42 sectors do not separate from mining and manufacturing).
TERTIARY_FROM = {"nbs_2015_42": "29", "nbs_2017_42": "28"}
FIELDS = ("value", "rank", "share_of_provinces", "less_next", "median")
#: The national tables the provinces are compared with, per year.
NATIONAL = {2012: ("prov", "CHN"), 2017: ("nbs42", "CHN")}
PERCENT_MEASURES = ("ps_input_share", "ps_share_of_va", "mfg_share_of_va", "ps_content",
                    "services_share_of_va")
#: Where each province sits in the tile grid of the provincial comparison (column, row).
TILES_CSV = paths.DATA / "province_tiles.csv"


def services_va(table: IOTable) -> float:
    """A 42-sector table's services (tertiary-sector) value added, in its unit."""
    first = TERTIARY_FROM[table.scheme]
    return float(table.va[[c for c in table.va.index if c >= first]].sum())


def _services(rows: pd.DataFrame, tables: list[IOTable]) -> pd.DataFrame:
    total = (rows["ps_va"] / rows["ps_va_share_of_total_va"]).to_numpy()
    va = np.array([services_va(t) for t in tables])
    return pd.DataFrame({"services_va": va, "services_share_of_va": 100 * va / total},
                        index=rows.index)


def _measures(rows: pd.DataFrame, tables: list[IOTable]) -> pd.DataFrame:
    """The comparison's measures from panel rows and their tables (shares in %)."""
    return pd.concat([pd.DataFrame({
        "ps_input_share": 100 * rows["ps_input_share"].to_numpy(),
        "ps_to_mfg_ratio": rows["ps_to_mfg_ratio"].to_numpy(),
        "ps_share_of_va": 100 * rows["ps_va_share_of_total_va"].to_numpy(),
        "mfg_share_of_va": 100 * rows["mfg_va_share_of_total_va"].to_numpy(),
        "total_va": (rows["ps_va"] / rows["ps_va_share_of_total_va"]).to_numpy(),
        "mfg_va": rows["mfg_va"].to_numpy(),
        "ps_va": rows["ps_va"].to_numpy(),
        "ps_content": 100 * rows["leontief.total"].to_numpy(),
    }, index=rows.index), _services(rows, tables)], axis=1)


@cache
def table() -> pd.DataFrame:
    """One row per province-year: ``country``, ``year`` and every measure, with its rank
    among the 31 provinces of that year (``<measure>_rank``, 1 the highest)."""
    panel = panel_cache.load()
    rows = panel[panel["source"] == "prov"].reset_index(drop=True)
    if rows.empty:
        raise HelpersError("the panel has no provincial tables (source prov)")
    tables = [catalog.load(catalog.TableKey("prov", c, int(y)))
              for c, y in zip(rows["country"], rows["year"], strict=True)]
    out = pd.concat([rows[["country", "year"]], _measures(rows, tables)], axis=1)
    for m in MEASURES:
        out[f"{m}_rank"] = (out.groupby("year")[m].rank(ascending=False, method="min")
                            .astype(int))
    return out


def _national_row(year: int) -> pd.DataFrame:
    """The national table's panel row for a year the provincial tables cover (2012: the
    national table in the provincial layout; 2017: NBS's 42-sector table, all origins)."""
    if year not in NATIONAL:
        raise HelpersError(f"no national comparison for {year}; years: "
                           f"{', '.join(map(str, NATIONAL))}")
    source, country = NATIONAL[year]
    if source == "prov":
        return panel_cache.frame([panel_cache.stack_results(
            TableStack.of(prov.load(country, year)))])
    panel = panel_cache.load()
    return panel[(panel["source"] == source) & (panel["country"] == country)
                 & (panel["year"] == year)].reset_index(drop=True)


@cache
def national(year: int) -> dict[str, float]:
    """The national table's measures, as :func:`table` gives the provinces'."""
    source, country = NATIONAL[year]
    nat = (prov.load(country, year) if source == "prov"
           else catalog.load(catalog.TableKey(source, country, year)))
    return {k: float(v) for k, v in _measures(_national_row(year), [nat]).iloc[0].items()}


def categories(economy: str, year: int) -> pd.DataFrame:
    """The seven categories for one economy-year (a province, or ``CHN``): each one's share
    of manufacturing's producer-service input (%, direct) and its total (Leontief) content per
    100 of manufacturing output."""
    from helpers.data.classify import PS_CATEGORIES

    if economy == "CHN":
        row = _national_row(year).iloc[0]
    else:
        panel = panel_cache.load()
        hit = panel[(panel["source"] == "prov") & (panel["country"] == economy)
                    & (panel["year"] == year)]
        if hit.empty:
            raise HelpersError(f"no provincial table for {economy} {year}; provinces: "
                               f"{', '.join(prov.PROVINCES)}")
        row = hit.iloc[0]
    cats = list(PS_CATEGORIES)
    direct = np.array([row[f"ps_input_value_by_category.{c}"] for c in cats], dtype=float)
    total = np.array([row[f"leontief.total_by_category.{c}"] for c in cats], dtype=float)
    return pd.DataFrame({"mix": 100 * direct / direct.sum(), "total_content": 100 * total},
                        index=pd.Index(cats, name="category"))


def value(measure: str, economy: str, year: int, field: str) -> float:
    """One figure of the comparison: ``field`` ``value`` (the economy's), ``rank``,
    ``share_of_provinces`` (% of the 31 provinces' sum), ``less_next`` (the value less the
    highest other province's: positive when the economy ranks first) or ``median`` (of the
    31; any economy)."""
    if measure not in MEASURES:
        raise HelpersError(f"unknown provincial measure {measure!r}; valid: "
                           f"{', '.join(MEASURES)}")
    if field not in FIELDS:
        raise HelpersError(f"unknown field {field!r}; valid: {', '.join(FIELDS)}")
    t = table()
    year_rows = t[t["year"] == year]
    if year_rows.empty:
        raise HelpersError(f"no provincial tables for {year}; years: "
                           f"{', '.join(map(str, prov.YEARS))}")
    if field == "median":
        return float(year_rows[measure].median())
    if economy == "CHN" and field == "value":
        return national(year)[measure]
    hit = year_rows[year_rows["country"] == economy]
    if hit.empty:
        raise HelpersError(f"no provincial table for {economy} {year}; provinces: "
                           f"{', '.join(prov.PROVINCES)}")
    v = float(hit[measure].iloc[0])
    if field == "value":
        return v
    if field == "rank":
        return float(hit[f"{measure}_rank"].iloc[0])
    if field == "share_of_provinces":
        return 100 * v / float(year_rows[measure].sum())
    return v - float(year_rows.loc[year_rows["country"] != economy, measure].max())


def official_difference(year: int) -> float:
    """The largest absolute difference (10 thousand CNY) between a cell of the compiled
    Guangdong table and the same cell of the bureau's own file; the two must hold the same
    rows and columns."""
    compiled, official = prov.compiled_grid(year), prov.official_grid(year)
    if not (compiled.index.equals(official.index) and compiled.columns.equals(official.columns)):
        raise HelpersError(f"the compiled Guangdong {year} table and the bureau's file do not "
                           "hold the same rows and columns")
    return float(np.abs(compiled.to_numpy() - official.to_numpy()).max())


#: Totals of the provinces checked against the national table: row code, and what it is.
TOTALS = {"va": ("TVA", "value added"), "tii": ("TII", "intermediate input"),
          "output": ("TI", "gross output")}


def provinces_over_national(total: str, year: int) -> float:
    """The 31 provinces' sum of a total (``va``, ``tii`` or ``output``) as a percentage of the
    national table's, the same year."""
    if total not in TOTALS:
        raise HelpersError(f"unknown total {total!r}; valid: {', '.join(TOTALS)}")
    if year not in NATIONAL:
        raise HelpersError(f"no national table for {year}; years: "
                           f"{', '.join(map(str, NATIONAL))}")
    attr = {"va": "va", "tii": "tii", "output": "x"}[total]
    provinces = sum(float(getattr(catalog.load(catalog.TableKey("prov", c, year)), attr).sum())
                    for c in prov.PROVINCES)
    source, country = NATIONAL[year]
    nat_table = (prov.load(country, year) if source == "prov"
                 else catalog.load(catalog.TableKey(source, country, year)))
    return 100 * provinces / float(getattr(nat_table, attr).sum())
