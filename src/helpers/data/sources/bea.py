"""US BEA summary input-output tables, 2017 schema, in two releases (vintages).

Use table (producers' prices, before redefinitions): 73 commodities (71 industries' products
plus ``Used`` and ``Other``) by 71 industries, with ``Total Intermediate``, ``Total Value
Added`` and ``Total Industry Output`` rows. The Import table gives the imported part of each
flow. Million USD.

Two releases are kept side by side (:data:`RELEASES`): BEA's 2024 release (``bea-useeior/``,
tables for 2012-2023) and its 2025 release (``bea-useeior-2025/``, the 2024 tables and 2022-2023
as revised). The ``bea`` source reads each year from the newest release that has it
(:func:`release_of`); an older release stays readable by name (``load(2023, release="2024")``),
so results from its tables can be reproduced.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.sources.rda import read_single
from helpers.errors import TableValidationError, UnknownTableError

REL_TOL = 1e-3
ABS_TOL = 50.0  # million USD: integer cells


@dataclass(frozen=True)
class Release:
    """One BEA release of the summary tables, as mirrored: its folder and table years."""

    name: str
    folder: str
    years: tuple[int, ...]
    label: str


#: BEA's releases, oldest first.
RELEASES = {
    "2024": Release("2024", "bea-useeior", tuple(range(2012, 2024)),
                    "BEA 2024 release (tables for 2012-2023)"),
    "2025": Release("2025", "bea-useeior-2025", (2022, 2023, 2024),
                    "BEA 2025 release (2024 tables; 2022-2023 revised)"),
}
#: Every year of the ``bea`` source: the union of the releases' years.
YEARS = tuple(sorted({y for r in RELEASES.values() for y in r.years}))
#: The newest release, whose value added by industry the ``bea`` source reads.
NEWEST = list(RELEASES)[-1]


def release_of(year: int, release: str | None = None) -> Release:
    """The release a year's tables come from: the named one, or the newest that has the year.
    An unknown release, or a year the release lacks, is an error naming what exists."""
    if release is not None:
        if release not in RELEASES:
            raise UnknownTableError(
                f"unknown BEA release {release!r}; valid releases: {', '.join(RELEASES)}")
        rel = RELEASES[release]
        if year not in rel.years:
            raise UnknownTableError(
                f"{rel.label} has no {year} table; its years: {rel.years[0]}-{rel.years[-1]}")
        return rel
    for rel in reversed(RELEASES.values()):
        if year in rel.years:
            return rel
    raise UnknownTableError(f"no BEA table for {year}; available: {YEARS[0]}-{YEARS[-1]}")


def use_file(year: int, release: str | None = None) -> str:
    """The Use table of a year, from :func:`release_of`'s release."""
    folder = release_of(year, release).folder
    return f"{folder}/Summary_Use_{year}_PRO_BeforeRedef_17sch.rda"


def import_file(year: int, release: str | None = None) -> str:
    """The Import table of a year, from :func:`release_of`'s release."""
    folder = release_of(year, release).folder
    return f"{folder}/Summary_Import_{year}_BeforeRedef_17sch.rda"


def value_added_file(release: str = NEWEST) -> str:
    """Value added by summary industry of a release."""
    return f"{RELEASES[release].folder}/Summary_ValueAdded_IO_17sch.rda"


VALUE_ADDED_FILE = value_added_file("2024")
INDUSTRY_NAMES_FILE = "bea-useeior/Summary_IndustryCodeName_2017.rda"
COMMODITY_NAMES_FILE = "bea-useeior/Summary_CommodityCodeName_2017.rda"


def industry_codes() -> list[str]:
    df = read_single(INDUSTRY_NAMES_FILE)
    return [str(c) for c in df.iloc[:, 0]]


def commodity_codes() -> list[str]:
    df = read_single(COMMODITY_NAMES_FILE)
    return [str(c) for c in df.iloc[:, 0]]


def load(year: int, source: str = "bea", release: str | None = None) -> IOTable:
    """Load the BEA summary Use and Import tables of one year and validate them: from the
    newest release that has the year, or from ``release`` (e.g. ``"2024"``)."""
    rel = release_of(year, release)
    use = read_single(use_file(year, rel.name))
    imp = read_single(import_file(year, rel.name))
    industries, commodities = industry_codes(), commodity_codes()
    missing = [c for c in industries if c not in use.columns] + [
        r for r in commodities if r not in use.index
    ]
    if missing:
        raise TableValidationError(f"{use_file(year, rel.name)}: codes missing: {missing[:10]}")
    Z = use.loc[commodities, industries].astype(float).fillna(0.0)
    Zi = imp.reindex(index=commodities, columns=industries).astype(float).fillna(0.0)

    def row(code: str) -> pd.Series:
        return use.loc[code, industries].astype(float)

    table = IOTable(
        source=source, country="USA", year=year, unit="million USD", currency="USD",
        scheme="bea_summary", Z=Z, tii=row("Total Intermediate"), va=row("Total Value Added"),
        x=row("Total Industry Output"), Z_imported=Zi,
        notes=("BEA summary Use table, producers' prices, before redefinitions",),
    )
    return table.validate(REL_TOL, ABS_TOL)


def value_added_by_industry(release: str = NEWEST) -> pd.DataFrame:
    """BEA value added by summary industry (million USD), industries x years, of a release
    (the newest by default: 1997-2024)."""
    if release not in RELEASES:
        raise UnknownTableError(
            f"unknown BEA release {release!r}; valid releases: {', '.join(RELEASES)}")
    df = read_single(value_added_file(release)).astype(float)
    df.columns = [int(c) for c in df.columns]
    return df
