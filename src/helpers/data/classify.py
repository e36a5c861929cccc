"""Sector classifications, kept as reviewed CSV data in ``data/classifications/``.

Each scheme file says, per sector code: its group (manufacturing, producer service, other),
its producer-service category and role, its manufacturing role, and its OECD R&D-intensity
class. An unmapped sector is an error, never a silent zero, and so is a row for a code that
is not a sector of the table being classified.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers import paths
from helpers.data.iotable import IOTable
from helpers.errors import ClassificationError

#: The report's seven producer-service categories, in the order of its Table 5.
PS_CATEGORIES = {
    "science_tech": "Scientific research and technical services (科学研究和技术服务业)",
    "info_software": (
        "Information transmission, software and IT services (信息传输、软件和信息技术服务业)"
    ),
    "finance": "Finance (金融业)",
    "transport": "Transport, storage and post (交通运输、仓储和邮政业)",
    "wholesale": "Wholesale (批发业)",
    "leasing_business": "Leasing and business services (租赁和商务服务业)",
    "water_env_public": "Water, environment and public facilities (水利、环境和公共设施管理业)",
}
GROUPS = ("manufacturing", "producer_service", "other")
PS_ROLES = ("core", "passenger", "retail", "trade_combined")
MFG_ROLES = ("core", "repair", "waste")
#: Technology taxonomies: the column holding each, and its classes.
TAXONOMIES = {
    "oecd2011": ("oecd_2011_class", ("high", "medium-high", "medium-low", "low")),
    "oecd2016": ("oecd_rd_intensity", ("high", "medium-high", "medium", "medium-low", "low")),
}
RD_CLASSES = TAXONOMIES["oecd2016"][1]
COLUMNS = ("code", "name", "name_zh", "group", "ps_category", "ps_role", "mfg_role",
           "oecd_rd_intensity", "oecd_2011_class", "note")


def category_names() -> dict[str, tuple[str, str]]:
    """Each producer-service category's English and Chinese names, by code."""
    names = {}
    for code, label in PS_CATEGORIES.items():
        english, chinese = label.rsplit(" (", 1)
        names[code] = (english, chinese.rstrip(")"))
    return names


def chinese_category_names() -> dict[str, str]:
    """Each producer-service category's Chinese name, by its English name."""
    return dict(category_names().values())


def scheme_path(scheme: str) -> Path:
    return paths.CLASSIFICATIONS / f"{scheme}.csv"


def _shown(path: Path) -> str:
    """A file as messages name it: relative to the project when inside it."""
    return path.relative_to(paths.ROOT).as_posix() if path.is_relative_to(paths.ROOT) else str(path)


def available_schemes() -> list[str]:
    return sorted(p.stem for p in paths.CLASSIFICATIONS.glob("*.csv"))


def parse_classification(df: pd.DataFrame, where: str) -> pd.DataFrame:
    """Validate a classification table; return it indexed by sector code."""
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise ClassificationError(f"{where}: missing columns {missing}; expected {list(COLUMNS)}")
    df = df.fillna("").astype(str)
    codes = df["code"].tolist()
    if len(set(codes)) != len(codes):
        dups = sorted({c for c in codes if codes.count(c) > 1})
        raise ClassificationError(f"{where}: duplicate sector codes {dups}")
    rules = [("group", GROUPS, None), ("ps_category", tuple(PS_CATEGORIES), "producer_service"),
             ("ps_role", PS_ROLES, "producer_service"), ("mfg_role", MFG_ROLES, "manufacturing")]
    rules += [(column, classes, "manufacturing") for column, classes in TAXONOMIES.values()]
    columns = {c: df[c].tolist() for c in {"group", *(r[0] for r in rules)}}
    problems = [
        f"{where}: sector {code} has {column}={value!r}; valid: {', '.join(allowed)}"
        for column, allowed, group in rules
        for code, value, g in zip(codes, columns[column], columns["group"], strict=True)
        if (group is None or g == group) and value not in allowed
    ]
    if problems:
        raise ClassificationError("; ".join(problems[:10]))
    return df.set_index("code", drop=False)


@lru_cache(maxsize=32)
def load_classification(scheme: str) -> pd.DataFrame:
    """The reviewed classification of one scheme, indexed by sector code."""
    path = scheme_path(scheme)
    if not path.exists():
        raise ClassificationError(
            f"no classification file for scheme {scheme!r} ({path}); "
            f"available: {', '.join(available_schemes())}"
        )
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    return parse_classification(df, _shown(path))


def _listed(codes: list[str], limit: int = 20) -> str:
    """Codes as a message lists them: the first ``limit``, then how many in all."""
    more = f" ... ({len(codes)} in all)" if len(codes) > limit else ""
    return ", ".join(codes[:limit]) + more


def check_codes(cls: pd.DataFrame, scheme: str, codes: Iterable[str], where: str) -> None:
    """Refuse a classification of ``scheme`` that leaves one of the sector ``codes`` (those of
    ``where``, a table) unmapped, or has a row for a code that is not one of them."""
    codes = list(dict.fromkeys(codes))
    known = set(codes)
    path = _shown(scheme_path(scheme))
    unmapped = sorted(known - set(cls.index))
    if unmapped:
        raise ClassificationError(
            f"unmapped sectors in {where} (scheme {scheme}): {unmapped[:20]}"
            f"{' ...' if len(unmapped) > 20 else ''}; add them to {path}")
    unknown = [c for c in cls.index if c not in known]
    if unknown:
        raise ClassificationError(
            f"{path}: unknown sector codes {_listed(unknown)}: not sectors of {where} (scheme "
            f"{scheme}); remove their rows or correct the codes; valid codes: {_listed(codes)}")


def classification_for(table: IOTable, cls: pd.DataFrame | None = None) -> pd.DataFrame:
    """The classification of a table's scheme, after checking it maps every sector of the
    table and no other code."""
    cls = load_classification(table.scheme) if cls is None else cls
    check_codes(cls, table.scheme, [*table.products, *table.industries], table.label)
    return cls


#: NBS's official classification of producer services (生产性服务业统计分类, 2019), its ten
#: divisions mapped to the report's seven categories.
OFFICIAL_2019 = paths.CLASSIFICATIONS / "official" / "producer_services_2019.csv"
COVERAGE = ("close", "partial", "outside")


def official_2019() -> pd.DataFrame:
    """The ten divisions of the official 2019 classification, each with the report's category
    it falls in (empty when none), how closely the two coincide and why; checked on load."""
    df = pd.read_csv(OFFICIAL_2019, dtype=str, keep_default_na=False)
    bad_cat = sorted(set(df["report_category"]) - set(PS_CATEGORIES) - {""})
    bad_cov = sorted(set(df["coverage"]) - set(COVERAGE))
    if bad_cat or bad_cov or list(df["code"]) != [f"{i:02d}" for i in range(1, 11)]:
        raise ClassificationError(
            f"{OFFICIAL_2019.name}: expected codes 01..10, categories among "
            f"{list(PS_CATEGORIES)} and coverage among {list(COVERAGE)}; found categories "
            f"{bad_cat} and coverage {bad_cov} outside them")
    return df
