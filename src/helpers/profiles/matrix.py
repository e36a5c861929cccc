"""The run matrix: the book's default profile runs, listed in ``data/runs.csv``.

Each row names a source, a country and a year. The country may be ``all`` (every economy the
source has a table for in that year); the year may be ``all`` or ``latest`` (of that country's
tables in the source). ``all`` economies with ``all`` years is refused: a row that large is
better written out."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import catalog
from helpers.errors import HelpersError, UnknownTableError

MATRIX_CSV = paths.DATA / "runs.csv"
#: The report's subject and the three economies it compares China with.
REPORT_ECONOMIES = ("CHN", "USA", "DEU", "JPN")


class RunMatrixError(HelpersError):
    """The run matrix file is malformed or names a table that does not exist."""


def _years(source: str, country: str, token: str) -> list[int]:
    have = sorted(k.year for k in catalog.available()
                  if k.source == source and k.country == country)
    if token == "all":
        return have
    if token == "latest":
        return have[-1:]
    if not token.isdigit():
        raise RunMatrixError(f"year {token!r} is not a year, 'all' or 'latest'")
    return [int(token)]


def _countries(source: str, token: str, year: str) -> list[str]:
    if token != "all":
        return [token]
    if year in ("all", "latest"):
        raise RunMatrixError(f"country 'all' needs a year, not {year!r}: every economy of "
                             f"{source} in one year")
    if not year.isdigit():
        raise RunMatrixError(f"year {year!r} is not a year")
    found = sorted({k.country for k in catalog.available()
                    if k.source == source and k.year == int(year)})
    if not found:
        years = sorted({k.year for k in catalog.available() if k.source == source})
        raise RunMatrixError(f"{source} has no table for {year}; its years: "
                             f"{', '.join(map(str, years))}")
    return found


def default_matrix(path: Path = MATRIX_CSV) -> list[catalog.TableKey]:
    """The book's default runs, from the matrix file (``all`` and ``latest`` expanded)."""
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise RunMatrixError(f"{path.name} cannot be read ({exc}); expected a header "
                             "source,country,year,why and one row per run") from None
    if df.empty:
        raise RunMatrixError(f"{path.name} lists no runs; expected one row per run under "
                             "the header source,country,year,why")
    needed = {"source", "country", "year"}
    if not needed <= set(df.columns):
        raise RunMatrixError(f"{path.name} needs columns {sorted(needed)}; "
                             f"it has {list(df.columns)}")
    keys: list[catalog.TableKey] = []
    for line, r in enumerate(df.itertuples(index=False), start=2):
        try:
            if r.source not in catalog.SOURCES:
                raise UnknownTableError(f"unknown source {r.source!r}; valid sources: "
                                        f"{', '.join(catalog.SOURCES)}")
            found = []
            for country in _countries(r.source, r.country, r.year):
                years = _years(r.source, country, r.year)
                if not years:
                    catalog.resolve(country, 0, r.source)  # raises, listing what exists
                found += [catalog.resolve(country, y, r.source) for y in years]
        except HelpersError as exc:
            raise RunMatrixError(f"{path.name} line {line}: {exc}") from None
        keys += [k for k in found if k not in keys]
    return keys


def printed(keys: list[catalog.TableKey]) -> list[catalog.TableKey]:
    """The runs the PDF edition prints: those of the report's four economies. The profiles of
    every other economy are on the website only; printed, they would make up most of the
    PDF's pages."""
    return [k for k in keys if k.country in REPORT_ECONOMIES]
