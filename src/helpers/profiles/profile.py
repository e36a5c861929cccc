"""One economy-year as a profile page presents it, read from the cached whole-panel results.

Nothing is computed here that the panel (:mod:`helpers.measures.panel_cache`) does not already hold:
a profile selects its own row, its peers and its own history, and converts units for display.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import pandas as pd

from helpers import paths
from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES
from helpers.data.units import convert
from helpers.errors import HelpersError
from helpers.measures import panel_cache
from helpers.measures.definitions import INTENSITY_LEVELS

ECONOMIES_CSV = paths.DATA / "economies.csv"
#: Which source stands for an economy when several have a table (national sources first;
#: the sources added later come last, so they change no choice between the earlier ones).
PEER_PREFERENCE = ("nbs", "bea", "oecd", "wiod", "nbs42", "mic", "oecd25", "prov")
SOURCE_SHORT = {"nbs": "NBS", "nbs42": "NBS 42-sector", "bea": "BEA", "oecd": "OECD IOT",
                "wiod": "WIOD", "mic": "MIC", "oecd25": "OECD ICIO 2025",
                "prov": "provincial table"}
#: The same in the Chinese edition (acronyms stay as they are).
SOURCE_SHORT_ZH = {**SOURCE_SHORT, "nbs42": "NBS 42部门表", "prov": "省级投入产出表"}
CATEGORY_SHORT = {cat: label.split(" (")[0] for cat, label in PS_CATEGORIES.items()}


@lru_cache(maxsize=1)
def economies() -> pd.DataFrame:
    """English and Chinese names of every economy with a table, indexed by ISO3 code."""
    return pd.read_csv(ECONOMIES_CSV, keep_default_na=False).set_index("iso3")


def economy_name(iso3: str) -> str:
    names = economies()
    if iso3 not in names.index:
        raise HelpersError(f"no name for economy {iso3!r} in {ECONOMIES_CSV.name}; "
                           f"named: {', '.join(names.index)}")
    return str(names.at[iso3, "name"])


def economy_name_zh(iso3: str) -> str:
    economy_name(iso3)  # an unknown code raises, listing the named economies
    return str(economies().at[iso3, "name_zh"])


def display_unit(currency: str) -> str:
    """The unit profile pages show values in."""
    return f"billion {currency}"


@dataclass(frozen=True)
class Profile:
    """One (source, country, year) and the whole panel it is compared with."""

    key: catalog.TableKey
    panel: pd.DataFrame

    @cached_property
    def row(self) -> pd.Series:
        p = self.panel
        hit = p[(p["source"] == self.key.source) & (p["country"] == self.key.country)
                & (p["year"] == self.key.year)]
        if len(hit) != 1:
            raise HelpersError(f"the cached panel has {len(hit)} rows for {self.key}; "
                               "delete the cache folder to recompute it")
        return hit.iloc[0]

    @property
    def name(self) -> str:
        return economy_name(self.key.country)

    @property
    def name_zh(self) -> str:
        return economy_name_zh(self.key.country)

    @property
    def title(self) -> str:
        return (f"{self.name} {self.key.year} ({self.name_zh}, "
                f"{SOURCE_SHORT[self.key.source]} table)")

    @property
    def title_zh(self) -> str:
        """The title of the page's Chinese edition."""
        return f"{self.name_zh} {self.key.year}年（{SOURCE_SHORT[self.key.source]} 投入产出表）"

    @property
    def unit(self) -> str:
        return display_unit(str(self.row["currency"]))

    def indicators(self) -> dict[str, float]:
        """Every number of ``python -m helpers indicators`` for this table, flattened."""
        row = self.row
        skip = set(panel_cache.ID_COLUMNS) | {panel_cache.LEONTIEF_NOTE}
        return {k: float(v) for k, v in row.items()
                if k not in skip and not k.startswith("leontief.")}

    def to_display(self, value: float) -> float:
        return convert(float(value), str(self.row["unit"]), self.unit)

    @property
    def has_leontief(self) -> bool:
        return not self.row[panel_cache.LEONTIEF_NOTE]

    @property
    def leontief_note(self) -> str:
        return str(self.row[panel_cache.LEONTIEF_NOTE])

    def intensity(self) -> pd.DataFrame:
        """Producer-service input by manufacturing technology level."""
        r = self.row
        return pd.DataFrame({
            "technology": list(INTENSITY_LEVELS),
            "value": [self.to_display(r[f"ps_input_value_by_intensity.{lv}"])
                      for lv in INTENSITY_LEVELS],
            "share_pct": [100 * r[f"ps_input_share_by_intensity.{lv}"] for lv in INTENSITY_LEVELS],
        })

    def categories(self) -> pd.DataFrame:
        """The seven categories: input value, mix of inputs, mix of value added, and direct and
        total requirements per 100 of manufacturing output (missing without a square table)."""
        r = self.row
        total_input = r["ps_input_value"]
        rows = []
        for cat in PS_CATEGORIES:
            value = r[f"ps_input_value_by_category.{cat}"]
            rows.append({
                "category": CATEGORY_SHORT[cat],
                "input_value": self.to_display(value),
                "input_mix_pct": 100 * value / total_input if total_input else float("nan"),
                "va_mix_pct": 100 * r[f"ps_va_composition.{cat}"],
                "direct_per_100": 100 * r[f"leontief.direct_by_category.{cat}"],
                "total_per_100": 100 * r[f"leontief.total_by_category.{cat}"],
            })
        return pd.DataFrame(rows)

    def peers(self) -> pd.DataFrame:
        """This table and, for every other economy, the table nearest in year (of this table's
        source first, then national sources first), ranked by producer-service input share; a
        province's peers are the other provinces, a country's the other countries."""
        return self._peers.copy()

    @cached_property
    def _peers(self) -> pd.DataFrame:
        p = self.panel
        pref = {s: i for i, s in enumerate(PEER_PREFERENCE)}
        regional = (p["source"] == "prov") == (self.key.source == "prov")
        others = p[(p["country"] != self.key.country) & regional].assign(
            _gap=(p["year"] - self.key.year).abs(), _pref=p["source"].map(pref),
            _other=p["source"] != self.key.source)
        others = (others.sort_values(["country", "_gap", "_other", "_pref", "year"])
                  .groupby("country", sort=False).head(1).drop(columns=["_gap", "_pref"]))
        me = self.row.to_frame().T
        out = pd.concat([me, others], ignore_index=True)
        out = pd.DataFrame({
            "economy": [economy_name(c) for c in out["country"]],
            "country": out["country"], "year": out["year"].astype(int),
            "source": out["source"],
            "ps_input_share_pct": 100 * out["ps_input_share"].astype(float),
            "ps_to_mfg_ratio": out["ps_to_mfg_ratio"].astype(float),
            "total_per_100": 100 * out["leontief.total"].astype(float),
            "is_self": [True] + [False] * (len(out) - 1),
        })
        out = out.sort_values("ps_input_share_pct", ascending=False, kind="stable")
        out.insert(0, "rank", range(1, len(out) + 1))
        return out.reset_index(drop=True)

    def rank(self, column: str = "ps_input_share_pct") -> tuple[int, int]:
        """This economy's place among its peers by ``column`` (1 = highest), and their number."""
        peers = self.peers().dropna(subset=[column])
        order = peers[column].rank(ascending=False, method="min")
        return int(order[peers["is_self"]].iloc[0]), len(peers)

    def trend(self) -> pd.DataFrame:
        """Every table of this economy (all sources), with this one flagged."""
        p = self.panel
        mine = p[p["country"] == self.key.country]
        return pd.DataFrame({
            "year": mine["year"].astype(int), "source": mine["source"],
            "ps_input_share_pct": 100 * mine["ps_input_share"].astype(float),
            "ps_to_mfg_ratio": mine["ps_to_mfg_ratio"].astype(float),
            "is_self": (mine["source"] == self.key.source) & (mine["year"] == self.key.year),
        }).sort_values(["source", "year"]).reset_index(drop=True)

    def previous(self) -> pd.Series | None:
        """The same source's table before this one, if any."""
        t = self.trend()
        same = t[(t["source"] == self.key.source) & (t["year"] < self.key.year)]
        return None if same.empty else same.iloc[-1]


def load(country: str, year: int, source: str | None = None,
         panel: pd.DataFrame | None = None) -> Profile:
    """The profile of one economy-year; unknown keys raise an error listing what exists."""
    key = catalog.resolve(country, int(year), source)
    return Profile(key, panel_cache.load() if panel is None else panel)
