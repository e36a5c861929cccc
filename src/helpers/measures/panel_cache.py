"""Every table's results, computed once for the whole panel and cached on disk.

One row per available table: the core indicators (flattened as in
:func:`flatten`, so a profile shows exactly what ``python -m helpers indicators`` prints) and
the direct and total (Leontief) producer-service requirements. The cache file is keyed by a
fingerprint of everything the numbers depend on (the pinned raw-data checksums, the
classifications and the ``helpers`` source), so any change there recomputes it and nothing
else does; it proves its content when read (:mod:`helpers.cachefile`: the fingerprint, the
CSV's sha256 and size, its tables, shape and columns), and is computed again when it does not.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from helpers import cachefile, paths
from helpers.data import catalog, fetch
from helpers.data.stacks import TableStack
from helpers.measures import core
from helpers.measures.definitions import DEFAULT, Definition

#: What identifies and describes each table (its size: ``products`` rows by ``industries``).
ID_COLUMNS = ["source", "country", "year", "label", "unit", "currency", "products",
              "industries"]
LEONTIEF_NOTE = "leontief.note"


def flatten(result: dict, prefix: str = "") -> dict:
    """A nested indicator dict as one level, with dotted keys (``a.b``)."""
    out: dict = {}
    for key, value in result.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def fingerprint() -> str:
    """A short hash of every input the panel's numbers depend on: the verified content of
    every raw file the catalogue reads, the classifications, and the code of the data and
    measures layers."""
    h = hashlib.sha256()
    for unit in catalog.units():
        for relpath in unit.files:
            h.update(f"{relpath}:{fetch.verified_sha(relpath)}".encode())
    helpers_dir = Path(__file__).resolve().parents[1]
    files = [*sorted(paths.CLASSIFICATIONS.glob("*.csv")),
             *sorted((helpers_dir / "data").rglob("*.py")),
             *sorted((helpers_dir / "measures").rglob("*.py"))]
    h.update(paths.hash_files(files, paths.ROOT).encode())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    """Where the panel for the current fingerprint is (or will be) stored."""
    return paths.CACHE / f"panel-{fingerprint()}.csv"


def stack_results(stack: TableStack, definition: Definition = DEFAULT) -> dict[str, list]:
    """Every result of every table in one stack, as columns (one entry per table)."""
    from helpers.measures.leontief import not_square

    n = len(stack)
    columns: dict[str, object] = {
        "source": [stack.source] * n, "country": list(stack.countries),
        "year": list(stack.years), "label": stack.labels, "unit": [stack.unit] * n,
        "currency": [stack.currency] * n, "products": [len(stack.products)] * n,
        "industries": [len(stack.industries)] * n,
        **core.input_results(stack, definition), **core.value_added_results(stack, definition),
    }
    why = not_square(stack)
    if why is None:
        columns.update({f"leontief.{k}": v
                        for k, v in core.leontief_results(stack, definition).items()})
    columns[LEONTIEF_NOTE] = ["" if why is None else f"{label} is {why}"
                              for label in stack.labels]
    return {k: list(v) if not isinstance(v, np.ndarray) else v for k, v in columns.items()}


def frame(parts: list[dict]) -> pd.DataFrame:
    """One DataFrame from the columns of several stacks (missing columns are NaN)."""
    names = list(dict.fromkeys(k for p in parts for k in p))
    numeric = {k for p in parts for k, v in p.items() if isinstance(v, np.ndarray)}
    data = {}
    for name in names:
        pieces = [p[name] if name in p else [np.nan] * len(p["source"]) for p in parts]
        data[name] = (np.concatenate([np.asarray(x, dtype=float) for x in pieces])
                      if name in numeric else [v for x in pieces for v in x])
    return pd.DataFrame(data)


def compute(keys: Iterable[catalog.TableKey] | None = None, jobs: int = 1,
            definition: Definition = DEFAULT, refresh: bool = False) -> pd.DataFrame:
    """Results for ``keys`` (default: every available table), one row each.

    Tables are read from the parsed-table cache; raw files not yet parsed (every raw file,
    when ``refresh``) are parsed first, on ``jobs`` processes. The arithmetic is one batch of
    array products per source and scheme (:func:`helpers.data.catalog.scheme_stacks`).
    """
    keys = list(catalog.available() if keys is None else keys)
    catalog.parse_raw(jobs, refresh)
    df = frame([stack_results(st, definition) for st in catalog.scheme_stacks()])
    wanted = {(k.source, k.country, k.year): i for i, k in enumerate(keys)}
    pos = [wanted.get((s, c, int(y)), -1)
           for s, c, y in zip(df["source"], df["country"], df["year"], strict=True)]
    df = df.assign(_order=pos)
    df = df[df["_order"] >= 0].sort_values("_order").drop(columns="_order")
    return df.reset_index(drop=True)


def _read(buf: io.BytesIO) -> pd.DataFrame:
    return pd.read_csv(buf, keep_default_na=False, na_values=[""],
                       dtype={LEONTIEF_NOTE: str}).fillna({LEONTIEF_NOTE: ""})


def _describe(f: pd.DataFrame) -> dict:
    return {"tables": sorted([str(s), str(c), int(y)] for s, c, y in
                             zip(f["source"], f["country"], f["year"], strict=True)),
            **cachefile.frame_shape(f)}


def _cached(jobs: int = 1, refresh: bool = False) -> cachefile.CSVFrame:
    """The panel from its cache file when that proves its content, else computed (from the
    raw files when ``refresh``) and kept."""
    entry = cachefile.csv_entry(cache_path(), fingerprint(), _read, _describe, "panel-*.csv")
    expect = {"tables": sorted([k.source, k.country, k.year] for k in catalog.available())}
    return cachefile.get(
        entry, lambda: cachefile.as_csv(_read, compute(jobs=jobs, refresh=refresh)),
        expect, refresh)


def csv_bytes(jobs: int = 1, refresh: bool = False) -> bytes:
    """The whole panel as CSV: what ``python -m helpers panel`` prints."""
    return _cached(jobs, refresh).text


def load(jobs: int = 1, refresh: bool = False) -> pd.DataFrame:
    """The whole panel: read from the cache when it proves its content, else computed and
    cached."""
    return _cached(jobs, refresh).frame.copy()
