"""Which (source, country, year) tables exist, and loading any of them by that key; and the
value-added panels of sources without inter-sector flows (economy-years, but no tables)."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache, partial

from helpers.data import parsed
from helpers.data.iotable import IOTable
from helpers.data.sources import adb, bea, mic, nbs, oecd, oecd25, prov, wiod
from helpers.data.stacks import TableStack
from helpers.data.value_added import ValueAddedPanel
from helpers.errors import UnknownTableError

#: Sources of input-output tables, in the order a country's default source is chosen.
SOURCES = ("nbs", "nbs42", "bea", "oecd", "wiod", "oecd25", "mic", "prov")
#: Sources of value-added panels: economy x sector aggregates without inter-sector flows.
PANEL_SOURCES = ("adb",)
ALL_SOURCES = SOURCES + PANEL_SOURCES
#: Sources whose tables are commodity-by-industry (not square); every other source's are.
COMMODITY_BY_INDUSTRY = ("bea",)
SQUARE_SOURCES = tuple(s for s in SOURCES if s not in COMMODITY_BY_INDUSTRY)
SOURCE_LABELS = {
    "nbs": "China NBS input-output table, most detailed edition of the year",
    "nbs42": "China NBS 42-sector non-competitive-import table",
    "bea": "US BEA summary Use and Import tables (2017 schema), each year from BEA's newest "
           "release that has it (2025 release: 2022-2024; 2024 release: 2012-2021)",
    "oecd": "OECD Input-Output Tables, 2021 edition",
    "wiod": "WIOD 2016 release, national input-output tables",
    "oecd25": "OECD Inter-Country Input-Output tables, 2025 edition, national total-use tables",
    "mic": "Japan MIC benchmark input-output tables",
    "prov": "China's provincial 42-sector input-output tables (competitive-import)",
    "adb": "ADB MRIO (July 2023 release), economy x sector summary",
}
#: Tables that fail the balance check at the source; excluded, with the reason.
EXCLUDED = {
    ("wiod", "LUX", 2014): "input rows of H52/H53 do not add up to gross output (2% gap)",
    ("wiod", "ROU", 2014): "input rows of R_S do not add up to gross output (45% gap)",
}


@dataclass(frozen=True, order=True)
class TableKey:
    source: str
    country: str
    year: int

    def __str__(self) -> str:
        return f"{self.source}:{self.country}:{self.year}"


@lru_cache(maxsize=1)
def available() -> tuple[TableKey, ...]:
    """Every table that can be loaded, sorted by source, country, year."""
    keys = [TableKey("nbs", "CHN", y) for y in nbs.DETAILED]
    keys += [TableKey("nbs42", "CHN", y) for y in nbs.NONCOMPETITIVE_42]
    keys += [TableKey("bea", "USA", y) for y in bea.YEARS]
    keys += [TableKey("oecd", c, y) for c in oecd.COUNTRIES for y in oecd.YEARS]
    keys += [TableKey("wiod", c, y) for c in wiod.COUNTRIES for y in wiod.YEARS]
    keys += [TableKey("oecd25", c, oecd25.YEAR) for c in oecd25.COUNTRIES]
    keys += [TableKey("mic", "JPN", y) for y in mic.YEARS]
    keys += [TableKey("prov", c, y) for c in prov.PROVINCES for y in prov.YEARS]
    keys = [k for k in keys if (k.source, k.country, k.year) not in EXCLUDED]
    return tuple(sorted(keys, key=lambda k: (SOURCES.index(k.source), k.country, k.year)))


@lru_cache(maxsize=1)
def panel_keys() -> tuple[TableKey, ...]:
    """Every economy-year of the value-added panels, sorted by source, country, year."""
    keys = [TableKey("adb", c, y) for c in adb.COUNTRIES_62 for y in adb.YEARS_62]
    keys += [TableKey("adb", c, y) for c in adb.COUNTRIES_72 for y in adb.YEARS_72]
    return tuple(sorted(keys))


def _describe_options(source: str | None, country: str | None,
                      keys: tuple[TableKey, ...] | None = None,
                      sources: tuple[str, ...] = SOURCES) -> str:
    keys = available() if keys is None else keys
    if source is not None and source not in sources:
        return f"valid sources: {', '.join(sources)}"
    if country is not None and not any(k.country == country for k in keys):
        return f"valid countries: {', '.join(sorted({k.country for k in keys}))}"
    pool = [k for k in keys if (source is None or k.source == source)
            and (country is None or k.country == country)]
    if not pool and source is not None:
        countries = sorted({k.country for k in keys if k.source == source})
        return f"{source} covers {', '.join(countries)}"
    by_source: dict[str, list[int]] = {}
    for k in pool:
        by_source.setdefault(k.source, []).append(k.year)
    return "available: " + "; ".join(
        f"{s} {country or ''} {min(ys)}-{max(ys)} ({', '.join(map(str, ys))})".replace("  ", " ")
        for s, ys in by_source.items()
    )


def resolve(country: str, year: int, source: str | None = None) -> TableKey:
    """The table for a country and year; without a source, the first in ``SOURCES`` that has it."""
    country = country.upper()
    if source in PANEL_SOURCES:
        raise UnknownTableError(
            f"{source} ({SOURCE_LABELS[source]}) has no inter-sector flows, so no input-output "
            f"indicators; for its value added use `python -m helpers value-added {country} "
            f"{year} --source {source}`")
    if source is not None and source not in SOURCES:
        raise UnknownTableError(f"unknown source {source!r}; {_describe_options(source, None)}")
    if (source, country, year) in EXCLUDED:
        raise UnknownTableError(
            f"{source} {country} {year} is excluded: {EXCLUDED[(source, country, year)]}"
        )
    for k in available():
        if k.country == country and k.year == year and (source is None or k.source == source):
            return k
    what = f"{source + ' ' if source else ''}{country} {year}"
    hint = ""
    if any(k.country == country and k.year == year for k in panel_keys()):
        hint = (f"; {country} {year} has value added only: `python -m helpers value-added "
                f"{country} {year}`")
    raise UnknownTableError(f"no table for {what}; {_describe_options(source, country)}{hint}")


@dataclass(frozen=True)
class ParseUnit:
    """Raw files parsed together into one stack of tables (one source, one scheme)."""

    source: str
    name: str
    files: tuple[str, ...]

    def parse(self) -> TableStack:
        """Parse and validate the unit's tables from raw files (no cache)."""
        keys = [k for k in available() if unit_of(k) == self]
        if self.source in ("nbs", "nbs42"):
            year = keys[0].year
            sectors = nbs.DETAILED[year] if self.source == "nbs" else 42
            return TableStack.of(nbs.load(year, sectors, self.source))
        if self.source == "bea":
            return TableStack.from_tables([bea.load(k.year) for k in keys])
        if self.source == "oecd":
            return TableStack.from_tables([oecd.load(k.country, k.year) for k in keys])
        if self.source == "oecd25":
            return TableStack.of(oecd25.load(keys[0].country))
        if self.source == "mic":
            return TableStack.of(mic.load(keys[0].year))
        if self.source == "prov":
            return TableStack.from_tables([prov.load(k.country, k.year) for k in keys])
        country = keys[0].country
        excluded = tuple(y for (s, c, y) in EXCLUDED if s == "wiod" and c == country)
        return wiod.parse_country(country, excluded)


def unit_of(key: TableKey) -> ParseUnit:
    """The parse unit that holds a table."""
    if key.source == "nbs":
        return ParseUnit("nbs", f"nbs-{key.year}", (nbs.raw_file(key.year,
                                                                 nbs.DETAILED[key.year]),))
    if key.source == "nbs42":
        return ParseUnit("nbs42", f"nbs42-{key.year}", (nbs.raw_file(key.year, 42),))
    if key.source == "bea":
        files = [f for y in bea.YEARS for f in (bea.use_file(y), bea.import_file(y))]
        return ParseUnit("bea", "bea", (*files, bea.INDUSTRY_NAMES_FILE,
                                        bea.COMMODITY_NAMES_FILE))
    if key.source == "oecd":
        return ParseUnit("oecd", f"oecd-{key.country}", (oecd.raw_file(key.country),))
    if key.source == "oecd25":
        return ParseUnit("oecd25", f"oecd25-{key.country}", (oecd25.raw_file(key.country),))
    if key.source == "mic":
        return ParseUnit("mic", f"mic-{key.year}", (mic.raw_file(key.year),))
    if key.source == "prov":
        return ParseUnit("prov", f"prov-{key.year}",
                         tuple(prov.raw_file(c, key.year) for c in prov.PROVINCES))
    return ParseUnit("wiod", f"wiod-{key.country}", (wiod.raw_file(key.country),))


def _expected(keys: list[TableKey]) -> dict:
    """What a parsed-table cache file of these tables must hold."""
    return {"tables": sorted([k.source, k.country, k.year] for k in keys)}


def _parse_unit(unit: ParseUnit, refresh: bool = False) -> TableStack:
    return parsed.cached(unit.name, unit.files, unit.parse,
                         expect=_expected([k for k in available() if unit_of(k) == unit]),
                         refresh=refresh)


@cache
def stack_of(unit: ParseUnit) -> TableStack:
    """One unit's tables, from the parsed-table cache (cached per process)."""
    return _parse_unit(unit)


def units(keys: tuple[TableKey, ...] | None = None) -> list[ParseUnit]:
    """The parse units of ``keys`` (default: every available table), in catalogue order."""
    return list(dict.fromkeys(unit_of(k) for k in (available() if keys is None else keys)))


#: Sources whose tables all share one scheme: their units are also kept as one stack.
ONE_SCHEME = ("bea", "nbs42", "oecd", "oecd25", "wiod")


def _source_stack(source: str, source_units: list[ParseUnit],
                  refresh: bool = False) -> TableStack:
    """Every table of a one-scheme source as one stack, itself kept in the parsed-table
    cache (keyed by all the source's raw files), so a warm read is one file, not one a unit."""
    files = tuple(f for u in source_units for f in u.files)
    keys = [k for k in available() if unit_of(k) in source_units]
    return parsed.cached(f"{source}-all", files,
                         lambda: TableStack.concat([stack_of(u) for u in source_units]),
                         expect=_expected(keys), refresh=refresh)


def _by_source() -> dict[str, list[ParseUnit]]:
    by_source: dict[str, list[ParseUnit]] = {}
    for unit in units():
        by_source.setdefault(unit.source, []).append(unit)
    return by_source


def _parse_units(todo: list[ParseUnit], refresh: bool) -> None:
    for unit in todo:
        _parse_unit(unit, refresh)


def parse_raw(jobs: int = 1, refresh: bool = False) -> None:
    """Fill the parsed-table cache: the units with no kept file (every unit, and the
    one-scheme sources' stacks, when ``refresh``) parsed from the raw files on ``jobs``
    processes; with ``refresh`` this process then reads only what was parsed again."""
    todo = [u for u in units()
            if refresh or not parsed.cache_path(u.name, u.files).exists()]
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(partial(_parse_units, refresh=refresh),
                          [todo[i::jobs] for i in range(jobs)]))
    else:
        _parse_units(todo, refresh)
    if refresh:
        for f in (stack_of, scheme_stacks, load, panel_of):
            f.cache_clear()
        for source, source_units in _by_source().items():
            if source in ONE_SCHEME:
                _source_stack(source, source_units, refresh=True)


@cache
def scheme_stacks() -> tuple[TableStack, ...]:
    """Every available table, one stack per source and scheme (cached per process): the
    batches the vectorised measures work on."""
    groups: dict[tuple, list[TableStack]] = {}
    for source, source_units in _by_source().items():
        stacks = ([_source_stack(source, source_units)] if source in ONE_SCHEME
                  else [stack_of(u) for u in source_units])
        for st in stacks:
            groups.setdefault((st.source, st.scheme, st.products, st.industries),
                              []).append(st)
    return tuple(TableStack.concat(g) for g in groups.values())


def _check(key: TableKey) -> None:
    if key not in available():
        raise UnknownTableError(f"no table {key}; {_describe_options(key.source, key.country)}")


def locate(key: TableKey) -> tuple[TableStack, int]:
    """The stack holding a table, and the table's position in it."""
    _check(key)
    stack = stack_of(unit_of(key))
    return stack, stack.keys.index((key.source, key.country, key.year))


@lru_cache(maxsize=128)
def load(key: TableKey) -> IOTable:
    """One validated table (parsed once, then read from the parsed-table cache)."""
    stack, i = locate(key)
    return stack.table(i)


def load_table(country: str, year: int, source: str | None = None) -> IOTable:
    """Resolve and load a table in one call."""
    return load(resolve(country, year, source))


def release_label(key: TableKey) -> str | None:
    """The release (vintage) a table comes from, in words, for sources published in several
    releases (``bea``); ``None`` for the others."""
    if key.source == "bea":
        return bea.release_of(key.year).label
    return None


def release_of(key: TableKey) -> str | None:
    """The name of the release a table comes from (``"2025"``), for sources published in
    several releases; ``None`` for the others."""
    if key.source == "bea":
        return bea.release_of(key.year).name
    return None


def load_release(source: str, year: int, release: str) -> IOTable:
    """A table from a named older release, outside the panel (e.g. ``bea`` 2023 as BEA's 2024
    release first published it), so results from superseded tables can be reproduced."""
    if source != "bea":
        raise UnknownTableError(f"{source!r} is published in one release; sources with several: "
                                "bea")
    return bea.load(year, release=release)


def resolve_value_added(country: str, year: int, source: str | None = None) -> TableKey:
    """The economy-year in an input-output table or a value-added panel; without a source, the
    first in ``ALL_SOURCES`` that has it."""
    country = country.upper()
    keys = (*available(), *panel_keys())
    if source is not None and source not in ALL_SOURCES:
        raise UnknownTableError(f"unknown source {source!r}; valid sources: "
                                f"{', '.join(ALL_SOURCES)}")
    if (source, country, year) in EXCLUDED:
        raise UnknownTableError(
            f"{source} {country} {year} is excluded: {EXCLUDED[(source, country, year)]}")
    for s in ALL_SOURCES if source is None else (source,):
        key = TableKey(s, country, year)
        if key in keys:
            return key
    what = f"{source + ' ' if source else ''}{country} {year}"
    options = _describe_options(source, country, keys, ALL_SOURCES)
    raise UnknownTableError(f"no table or value-added panel for {what}; {options}")


#: The raw files and the loader of each value-added panel.
_PANELS = {"adb": (adb.FILES, adb.load)}


@cache
def panel_of(source: str) -> ValueAddedPanel:
    """The whole validated value-added panel of a source, from the parsed-table cache."""
    if source not in _PANELS:
        raise UnknownTableError(f"{source!r} has no value-added panel; panel sources: "
                                f"{', '.join(PANEL_SOURCES)}")
    files, load_panel = _PANELS[source]
    expect = _expected([k for k in panel_keys() if k.source == source])
    return parsed.cached(source, files, load_panel, ValueAddedPanel.from_bytes, expect)
