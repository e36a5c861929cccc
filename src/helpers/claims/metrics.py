"""Named computations that registry claims point to, e.g. ``ps_input:nbs:CHN:2017:share``.

A metric expression is ``kind:source:country:year:field``. Kinds:

- ``ps_input``: fields ``value`` (trillion of the table's currency), ``share``, ``high_share``,
  ``medium_share``, ``low_share``, ``high_value``, ``medium_value``, ``low_value`` (shares in %).
- ``va``: fields ``ps_va``, ``mfg_va`` (trillion), ``ratio``, ``ps_share_of_va`` (%), and
  ``comp_<category>`` (% of producer-service value added), ``cat_va_<category>`` (trillion).
- ``wdi``: a World Bank series, ``wdi:<indicator>:<country>:<year>:<field>`` with fields
  ``value`` (as published), ``trillion`` (value / 10^12) and ``change_from_<year>`` (% change).
"""

from __future__ import annotations

from functools import cache

from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES
from helpers.data.sources import wdi
from helpers.data.units import convert
from helpers.errors import HelpersError
from helpers.measures.definitions import DEFAULT
from helpers.measures.indicators import ps_input_summary, value_added_summary


class MetricError(HelpersError):
    """A metric expression that cannot be parsed or evaluated."""


@cache
def _summaries(source: str, country: str, year: int) -> tuple[dict, dict, str]:
    table = catalog.load_table(country, year, source)
    return ps_input_summary(table, DEFAULT), value_added_summary(table, DEFAULT), table.unit


def _trillion(value: float, unit: str) -> float:
    currency = unit.split()[-1]
    return convert(value, unit, f"trillion {currency}")


def _wdi_value(indicator: str, country: str, year: int) -> float:
    data = wdi.series(indicator, [country])
    hit = data.loc[data["year"] == year, "value"]
    if hit.empty:
        raise MetricError(f"no WDI {indicator} value for {country} {year}; years with data: "
                          f"{data['year'].min()}-{data['year'].max()}")
    return float(hit.iloc[0])


def _wdi(indicator: str, country: str, year: int, field: str) -> float:
    value = _wdi_value(indicator, country, year)
    if field == "value":
        return value
    if field == "trillion":
        return value / 1e12
    if field.startswith("change_from_") and field[12:].isdigit():
        return 100 * (value / _wdi_value(indicator, country, int(field[12:])) - 1)
    raise MetricError(f"WDI field {field!r}; valid: value, trillion, change_from_<year>")


def evaluate(expr: str) -> float:
    """The value of one metric expression, in the unit the report prints."""
    parts = expr.split(":")
    if len(parts) != 5:
        raise MetricError(f"metric {expr!r} is not kind:source:country:year:field")
    kind, source, country, year, field = parts
    if kind == "wdi":
        if not year.isdigit():
            raise MetricError(f"metric {expr!r}: year {year!r} is not a number")
        return _wdi(source, country, int(year), field)
    try:
        ps, va, unit = _summaries(source, country, int(year))
    except ValueError as exc:
        raise MetricError(f"metric {expr!r}: year {year!r} is not a number") from exc
    if kind == "ps_input":
        if field == "value":
            return _trillion(ps["ps_input_value"], unit)
        if field == "share":
            return 100 * ps["ps_input_share"]
        level, _, what = field.partition("_")
        if level in ("high", "medium", "low") and what == "share":
            return 100 * ps["ps_input_share_by_intensity"][level]
        if level in ("high", "medium", "low") and what == "value":
            return _trillion(ps["ps_input_value_by_intensity"][level], unit)
    elif kind == "va":
        if field in ("ps_va", "mfg_va"):
            return _trillion(va[field], unit)
        if field == "ratio":
            return va["ps_to_mfg_ratio"]
        if field == "ps_share_of_va":
            return 100 * va["ps_va_share_of_total_va"]
        if field.startswith("comp_") and field[5:] in PS_CATEGORIES:
            return 100 * va["ps_va_composition"][field[5:]]
        if field.startswith("cat_va_") and field[7:] in PS_CATEGORIES:
            return _trillion(va["ps_va"] * va["ps_va_composition"][field[7:]], unit)
    raise MetricError(f"metric {expr!r}: unknown kind or field; see helpers.claims.metrics")
