"""The grid behind the definition explorer: China's and the peers' producer-service input
shares under every combination of the definition's yes/no switches, from the whole-panel
sweep (:mod:`helpers.measures.sweep`), computed once and cached like the panel.

The switches are passenger transport, trade scope, repair, waste recycling, origin of inputs
and denominator (2^6 = 64 variants); the technology preset does not move the overall share,
so it stays at its default. The grid keeps the series the chapter shows: China's detailed NBS
tables, its 42-sector NBS tables with the import split, and WIOD for China and the peers.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pandas as pd

from helpers import cachefile, paths
from helpers.measures import panel_cache, sweep
from helpers.measures.definitions import INTENSITY_PRESETS

#: The switches the explorer offers (the sweep's, less the technology preset).
SWITCHES = tuple(k for k in sweep.SWITCHES if k != "intensity")
#: (source, country) of each series, with its label.
SERIES = {("nbs", "CHN"): "China (NBS)", ("nbs42", "CHN"): "China (NBS, 42 sectors)",
          ("wiod", "CHN"): "China (WIOD)", ("wiod", "USA"): "United States (WIOD)",
          ("wiod", "DEU"): "Germany (WIOD)", ("wiod", "JPN"): "Japan (WIOD)"}
#: Each series' source, as the Chinese edition names it.
SOURCES_ZH = {"nbs": "国家统计局", "nbs42": "国家统计局，42部门", "wiod": "WIOD"}


@cache
def _economy_names_zh() -> dict[str, str]:
    """Chinese names of the economies, by ISO3 code (``data/economies.csv``)."""
    with (paths.DATA / "economies.csv").open(encoding="utf-8", newline="") as f:
        return {row["iso3"]: row["name_zh"] for row in csv.DictReader(f)}


def series_zh(source: str, country: str) -> str:
    """A series' label in the Chinese edition: economy (source), e.g. 美国（WIOD）."""
    return f"{_economy_names_zh()[country]}（{SOURCES_ZH[source]}）"


#: (source, country) of each series, with its Chinese label.
SERIES_ZH = {key: series_zh(*key) for key in SERIES}


def choices() -> list[dict]:
    """The explorer's variants: every combination of :data:`SWITCHES`, default preset."""
    default = next(iter(INTENSITY_PRESETS))
    return [c for c in sweep.variants() if c["intensity"] == default]


def compute() -> pd.DataFrame:
    """The grid: one row per variant and table of :data:`SERIES` with a share, the switch
    values, ``series``, ``year`` and ``share`` (fraction of intermediate input)."""
    df = sweep.sweep(choices())
    pairs = pd.MultiIndex.from_arrays([df["source"], df["country"]])
    df = df[pairs.isin(list(SERIES))]
    df = df.assign(series=[SERIES[(s, c)] for s, c in zip(df["source"], df["country"],
                                                           strict=True)])
    df = df[[*SWITCHES, "series", "source", "country", "year", "ps_input_share"]]
    df = df.rename(columns={"ps_input_share": "share"}).dropna(subset=["share"])
    return df.reset_index(drop=True)


def cache_path() -> Path:
    return paths.CACHE / f"explorer-{panel_cache.fingerprint()}.csv"


def load() -> pd.DataFrame:
    """The grid, from the cache when its file proves its content, else computed and cached,
    with each series' Chinese label (``series_zh``, :data:`SERIES_ZH`)."""
    entry = cachefile.csv_entry(cache_path(), panel_cache.fingerprint(), pd.read_csv,
                                cachefile.frame_shape, "explorer-*.csv")
    expect = {"columns": [*SWITCHES, "series", "source", "country", "year", "share"]}
    grid = cachefile.get(entry, lambda: cachefile.as_csv(pd.read_csv, compute()),
                         expect).frame.copy()
    grid["series_zh"] = [SERIES_ZH[key] for key in zip(grid["source"], grid["country"],
                                                       strict=True)]
    return grid
