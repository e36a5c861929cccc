"""One vocabulary for the Chinese edition's tables and charts: whole cells and labels that mean
the same on every page (economies, producer-service categories, sectors, units, statuses,
column headers), each with one Chinese form.

It is read from the project's data, so it stays single-sourced: economy names from
``data/economies.csv``, sector names from the classifications' ``name_zh`` column, and the
rest from ``locales/zh_CN/vocabulary.csv`` (english, chinese, kind, note), which editors
extend when a table gains a column or a label. The Chinese build uses a page's own catalogue
first and this vocabulary for what the catalogue leaves in English.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from helpers import paths

VOCABULARY = Path("locales") / "zh_CN" / "vocabulary.csv"
COLUMNS = ("english", "chinese", "kind", "note")


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def hand_entries(root: Path = paths.ROOT) -> dict[str, str]:
    """The reviewed entries of ``locales/zh_CN/vocabulary.csv``."""
    path = root / VOCABULARY
    if not path.exists():
        return {}
    rows = _rows(path)
    if rows and tuple(rows[0]) != COLUMNS:
        raise ValueError(f"{VOCABULARY}: header {tuple(rows[0])}, expected {COLUMNS}")
    return {r["english"].strip(): r["chinese"].strip() for r in rows
            if r["english"].strip() and r["chinese"].strip()}


#: Where one English sector name has several Chinese forms, the first of these sources wins:
#: China's own names, then the international classifications, then the national ones.
PRECEDENCE = ("nbs", "oecd25", "oecd", "wiod", "adb", "bea", "mic")


def _precedence(path: Path) -> tuple[int, str]:
    source = path.stem.split("_")[0]
    return (PRECEDENCE.index(source) if source in PRECEDENCE else len(PRECEDENCE), path.stem)


def data_entries(root: Path = paths.ROOT) -> dict[str, str]:
    """Economy and sector names with their Chinese names, from the project's data files."""
    out: dict[str, str] = {}
    economies = root / "data" / "economies.csv"
    if economies.exists():
        out.update({r["name"]: r["name_zh"] for r in _rows(economies) if r.get("name_zh")})
    for path in sorted((root / "data" / "classifications").glob("*.csv"), key=_precedence):
        for r in _rows(path):
            if r.get("name") and r.get("name_zh"):
                out.setdefault(r["name"], r["name_zh"])
    return out


def sources(root: Path = paths.ROOT) -> list[Path]:
    """The files the vocabulary is read from."""
    return [root / VOCABULARY, root / "data" / "economies.csv",
            *sorted((root / "data" / "classifications").glob("*.csv"))]


@cache
def vocabulary(root: Path = paths.ROOT) -> dict[str, str]:
    """Every entry, the reviewed ones winning over those read from the data."""
    return {**data_entries(root), **hand_entries(root)}
