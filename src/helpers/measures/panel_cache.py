"""Every table's results, computed once for the whole panel and cached on disk.

One row per available table: the core indicators (flattened as in
:func:`flatten`, so a profile shows exactly what ``python -m helpers indicators`` prints) and
the direct and total (Leontief) producer-service requirements. The cache file is named after a
fingerprint of everything the numbers depend on (the pinned raw-data checksums, the
classifications and the ``helpers`` source), so any change there recomputes it and nothing
else does.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data import catalog

ID_COLUMNS = ["source", "country", "year", "label", "unit", "currency"]
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
    """A short hash of every input the panel's numbers depend on."""
    files = [paths.SOURCES_CSV, *sorted(paths.CLASSIFICATIONS.glob("*.csv")),
             *sorted((paths.ROOT / "src" / "helpers").rglob("*.py"))]
    h = hashlib.sha256()
    for f in files:
        h.update(f.relative_to(paths.ROOT).as_posix().encode())
        h.update(f.read_bytes())
    return h.hexdigest()[:16]


def cache_path() -> Path:
    """Where the panel for the current fingerprint is (or will be) stored."""
    return paths.CACHE / f"panel-{fingerprint()}.csv"


def table_row(key: catalog.TableKey) -> dict:
    """All results of one table as a flat row."""
    from helpers.measures.indicators import indicators
    from helpers.measures.leontief import NotSquareError, ps_requirements

    table = catalog.load(key)
    row = {"source": key.source, "country": key.country, "year": key.year,
           "label": table.label, **flatten(indicators(table))}
    try:
        row.update(flatten(ps_requirements(table), "leontief."))
        row[LEONTIEF_NOTE] = ""
    except NotSquareError as exc:
        row[LEONTIEF_NOTE] = str(exc)
    return row


def _rows(keys: list[catalog.TableKey]) -> list[dict]:
    return [table_row(k) for k in keys]


def _batches(keys: Iterable[catalog.TableKey]) -> list[list[catalog.TableKey]]:
    """Tables grouped by source file (source and country), so each process reads a file once."""
    groups: dict[tuple[str, str], list[catalog.TableKey]] = {}
    for k in keys:
        groups.setdefault((k.source, k.country), []).append(k)
    return sorted(groups.values(), key=len, reverse=True)


def compute(keys: Iterable[catalog.TableKey] | None = None, jobs: int = 1) -> pd.DataFrame:
    """Results for ``keys`` (default: every available table), across ``jobs`` processes."""
    keys = list(catalog.available() if keys is None else keys)
    batches = _batches(keys)
    if jobs > 1 and len(batches) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            rows = [r for part in pool.map(_rows, batches) for r in part]
    else:
        rows = [r for b in batches for r in _rows(b)]
    df = pd.DataFrame(rows)
    order = {k: i for i, k in enumerate(keys)}
    df["_order"] = [order[catalog.TableKey(s, c, int(y))]
                    for s, c, y in zip(df["source"], df["country"], df["year"], strict=True)]
    df = df.sort_values("_order").drop(columns="_order").reset_index(drop=True)
    first = [c for c in ID_COLUMNS if c in df.columns]
    return df[first + [c for c in df.columns if c not in first]]


def load(jobs: int = 1, refresh: bool = False) -> pd.DataFrame:
    """The whole panel: read from the cache when it is current, else computed and cached."""
    path = cache_path()
    if path.exists() and not refresh:
        return pd.read_csv(path, keep_default_na=False, na_values=[""],
                           dtype={LEONTIEF_NOTE: str}).fillna({LEONTIEF_NOTE: ""})
    df = compute(jobs=jobs)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob("panel-*.csv"):
        stale.unlink()
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    df.to_csv(tmp, index=False)
    tmp.replace(path)
    return df
