"""Named computations that registry claims point to, e.g. ``ps_input:nbs:CHN:2017:share``.

A metric expression is ``kind:source:country:year:field``. Kinds:

- ``ps_input``: fields ``value`` (trillion of the table's currency), ``share``, ``high_share``,
  ``medium_share``, ``low_share``, ``high_value``, ``medium_value``, ``low_value`` (shares in %)
  and ``cat_<category>`` (one category's input value, trillion).
  Needs inter-sector flows: any input-output source (``nbs``, ``nbs42``, ``bea``, ``oecd``,
  ``wiod``, ``oecd25``, ``mic``), not a value-added panel (``adb``).
- ``va``: fields ``ps_va``, ``mfg_va`` (trillion of the source's currency: JPY for ``mic``,
  USD for ``oecd25``, ``adb``, ``wiod`` and ``oecd``), ``ratio`` (or ``ps_to_mfg_ratio``),
  ``ps_share_of_va``, ``mfg_share_of_va`` (%), ``comp_<category>`` (% of producer-service value
  added) and ``cat_va_<category>`` (trillion). Works on every source, the ``adb`` panel
  included; a category the source's sectors cannot separate (``adb`` has no science-and-technology
  or water-and-environment sector) is an error, not a zero.
- ``wdi``: a World Bank series, ``wdi:<indicator>:<country>:<year>:<field>`` with fields
  ``value`` (as published), ``trillion`` (value / 10^12), ``change_from_<year>`` (% change)
  and ``lead`` (the value less the largest other economy's that year, aggregates left out:
  positive when the economy ranks first).
- ``prov``: China's provinces compared, ``prov:<measure>:<economy>:<year>:<field>`` with a
  measure of :data:`helpers.measures.provinces.MEASURES` and a field of
  :data:`helpers.measures.provinces.FIELDS` (``rank`` 1 for the highest of the 31 provinces,
  ``less_next`` the value less the highest other province's, ``share_of_provinces`` in %,
  ``median`` of the 31); economy ``CHN`` with ``value`` is the national table.
- ``provcheck``: the provincial tables checked, ``provcheck:official:CN-GD:<year>:max_abs_diff``
  (the compiled Guangdong table against the bureau's own file, 10 thousand CNY) and
  ``provcheck:<va|tii|output>:CHN:<year>:percent_of_national`` (the 31 provinces' sum as % of
  the national table's).
- ``un``: UN national accounts, ``un:<item>:<country>:<year>:<field>`` with an item of
  :data:`helpers.data.sources.snaama.ITEMS` (``manufacturing``, ``gdp``, ...) and fields
  ``value`` (USD), ``trillion`` (trillion USD), ``share_of_va`` (% of total value added) and
  ``lead`` (trillion USD over the largest other country that year).
"""

from __future__ import annotations

from functools import cache

from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES, load_classification
from helpers.data.sources import snaama, wdi
from helpers.data.units import convert
from helpers.errors import HelpersError
from helpers.measures import provinces, value_added
from helpers.measures.definitions import DEFAULT
from helpers.measures.indicators import ps_input_summary

KINDS = ("ps_input", "va", "wdi", "un", "prov", "provcheck")
PS_INPUT_FIELDS = ("value", "share", *(f"{lvl}_{w}" for w in ("share", "value")
                                       for lvl in ("high", "medium", "low")), "cat_<category>")
VA_FIELDS = ("ps_va", "mfg_va", "ratio", "ps_to_mfg_ratio", "ps_share_of_va", "mfg_share_of_va",
             "comp_<category>", "cat_va_<category>")
WDI_FIELDS = ("value", "trillion", "change_from_<year>", "lead")
UN_FIELDS = ("value", "trillion", "share_of_va", "lead")


class MetricError(HelpersError):
    """A metric expression that cannot be parsed or evaluated."""


def _key(source: str, country: str, year: str, sources: tuple[str, ...]) -> catalog.TableKey:
    """The catalogue key of a metric's economy-year; a clear error when it does not exist."""
    if source not in sources:
        flows = "" if source not in catalog.PANEL_SOURCES else (
            f" ({source} has value added but no inter-sector flows, so only 'va' metrics)")
        raise MetricError(f"unknown source {source!r} for this kind{flows}; valid: "
                          f"{', '.join(sources)}")
    if not year.isdigit():
        raise MetricError(f"year {year!r} is not a number")
    try:
        return catalog.resolve_value_added(country, int(year), source)
    except HelpersError as exc:
        raise MetricError(str(exc)) from None


@cache
def _ps_input(key: catalog.TableKey) -> tuple[dict, str]:
    table = catalog.load(key)
    return ps_input_summary(table, DEFAULT), table.unit


@cache
def _va(key: catalog.TableKey) -> dict:
    return value_added.of_key(key, DEFAULT)


@cache
def _separable(scheme: str) -> frozenset[str]:
    """The producer-service categories a sector scheme has at least one sector for."""
    cls = load_classification(scheme)
    return frozenset(cls.loc[cls["group"] == "producer_service", "ps_category"])


def _scheme(key: catalog.TableKey) -> str:
    if key.source in catalog.PANEL_SOURCES:
        return catalog.panel_of(key.source).scheme
    return catalog.load(key).scheme


def currency(source: str, country: str, year: int) -> str:
    """The currency a source reports an economy-year in (``USD``, ``CNY``, ``JPY``)."""
    return _va(_key(source, country, str(year), catalog.ALL_SOURCES))["currency"]


def _trillion(value: float, unit: str) -> float:
    currency = unit.split()[-1]
    return convert(value, unit, f"trillion {currency}")


def _wdi_value(indicator: str, country: str, year: int) -> float:
    try:
        data = wdi.series(indicator, [country])
    except HelpersError as exc:
        raise MetricError(str(exc)) from None
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
    if field == "lead":
        try:
            return wdi.lead(indicator, country, year)
        except HelpersError as exc:
            raise MetricError(str(exc)) from None
    raise MetricError(f"WDI field {field!r}; valid: {', '.join(WDI_FIELDS)}")


def _un(item: str, country: str, year: int, field: str) -> float:
    if field not in UN_FIELDS:
        raise MetricError(f"UN field {field!r}; valid: {', '.join(UN_FIELDS)}")
    try:
        if field == "lead":
            return snaama.lead(item, country, year) / 1e12
        value = snaama.value(item, country, year)
        if field == "share_of_va":
            return 100 * value / snaama.value("total_va", country, year)
    except HelpersError as exc:
        raise MetricError(str(exc)) from None
    return value / 1e12 if field == "trillion" else value


def _ps_input_field(key: catalog.TableKey, field: str) -> float:
    ps, unit = _ps_input(key)
    if field == "value":
        return _trillion(ps["ps_input_value"], unit)
    if field == "share":
        return 100 * ps["ps_input_share"]
    level, _, what = field.partition("_")
    if level in ("high", "medium", "low") and what == "share":
        return 100 * ps["ps_input_share_by_intensity"][level]
    if level in ("high", "medium", "low") and what == "value":
        return _trillion(ps["ps_input_value_by_intensity"][level], unit)
    if field.startswith("cat_") and field[4:] in PS_CATEGORIES:
        return _trillion(ps["ps_input_value_by_category"][field[4:]], unit)
    raise MetricError(f"ps_input field {field!r}; valid: {', '.join(PS_INPUT_FIELDS)}")


def _category(key: catalog.TableKey, field: str, prefix: str) -> str | None:
    """The category a ``comp_``/``cat_va_`` field names; an error if the source lacks it."""
    if not field.startswith(prefix) or field[len(prefix):] not in PS_CATEGORIES:
        return None
    cat = field[len(prefix):]
    scheme = _scheme(key)
    if cat not in _separable(scheme):
        raise MetricError(f"{key.source} ({scheme} sectors) has no sector for {cat!r}; "
                          f"categories it separates: {', '.join(sorted(_separable(scheme)))}")
    return cat


def _va_field(key: catalog.TableKey, field: str) -> float:
    va = _va(key)
    if field in ("ps_va", "mfg_va"):
        return _trillion(va[field], va["unit"])
    if field in ("ratio", "ps_to_mfg_ratio"):
        return va["ps_to_mfg_ratio"]
    if field in ("ps_share_of_va", "mfg_share_of_va"):
        return 100 * va[field.replace("_share_of_va", "_va_share_of_total_va")]
    if cat := _category(key, field, "comp_"):
        return 100 * va["ps_va_composition"][cat]
    if cat := _category(key, field, "cat_va_"):
        return _trillion(va["ps_va"] * va["ps_va_composition"][cat], va["unit"])
    raise MetricError(f"va field {field!r}; valid: {', '.join(VA_FIELDS)} with a category "
                      f"among {', '.join(PS_CATEGORIES)}")


def _prov(measure: str, economy: str, year: int, field: str) -> float:
    try:
        return provinces.value(measure, economy, year, field)
    except HelpersError as exc:
        raise MetricError(str(exc)) from None


def _provcheck(what: str, economy: str, year: int, field: str) -> float:
    try:
        if what == "official" and economy == "CN-GD" and field == "max_abs_diff":
            return provinces.official_difference(year)
        if what in provinces.TOTALS and economy == "CHN" and field == "percent_of_national":
            return provinces.provinces_over_national(what, year)
    except HelpersError as exc:
        raise MetricError(str(exc)) from None
    raise MetricError("provcheck is official:CN-GD:<year>:max_abs_diff or "
                      f"<{'|'.join(provinces.TOTALS)}>:CHN:<year>:percent_of_national")


def evaluate(expr: str) -> float:
    """The value of one metric expression, in the unit the report prints."""
    parts = expr.split(":")
    if len(parts) != 5:
        raise MetricError(f"metric {expr!r} is not kind:source:country:year:field")
    kind, source, country, year, field = parts
    try:
        if kind in ("wdi", "un"):
            if not year.isdigit():
                raise MetricError(f"year {year!r} is not a number")
            return (_wdi if kind == "wdi" else _un)(source, country, int(year), field)
        if kind == "ps_input":
            return _ps_input_field(_key(source, country, year, catalog.SOURCES), field)
        if kind == "va":
            return _va_field(_key(source, country, year, catalog.ALL_SOURCES), field)
        if kind in ("prov", "provcheck"):
            if not year.isdigit():
                raise MetricError(f"year {year!r} is not a number")
            return (_prov if kind == "prov" else _provcheck)(source, country, int(year), field)
    except MetricError as exc:
        raise MetricError(f"metric {expr!r}: {exc}") from None
    raise MetricError(f"metric {expr!r}: unknown kind {kind!r}; valid: {', '.join(KINDS)} "
                      f"(see helpers.claims.metrics)")
