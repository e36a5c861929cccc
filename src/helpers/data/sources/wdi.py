"""World Bank World Development Indicators bulk CSVs (``worldbank-wdi/``).

Standard World Bank layout: four preamble lines, then one row per country and indicator with
one column per year. Read into a long table: ``country, indicator, year, value``. The rows
include aggregates (the world, regions, income groups); the country metadata file tells them
apart: only economies have a region.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from helpers.data.fetch import verified_path
from helpers.errors import HelpersError

FILES = (
    "worldbank-wdi/API_NV.SRV.TOTL.ZS_DS2_en_csv_v2_35142.csv",
    "worldbank-wdi/API_NV.IND.TOTL.ZS_DS2_en_csv_v2_102950.csv",
    "worldbank-wdi/science-and-technology-raw-2021.csv",
)
METADATA = "worldbank-wdi/Metadata_Country_API_NV.IND.TOTL.ZS_DS2_en_csv_v2_102950.csv"
INDICATORS = {
    "NV.SRV.TOTL.ZS": "Services, value added (% of GDP)",
    "NV.IND.TOTL.ZS": "Industry (including construction), value added (% of GDP)",
    "TX.VAL.TECH.CD": "High-technology exports (current US$)",
    "TX.VAL.TECH.MF.ZS": "High-technology exports (% of manufactured exports)",
    "BX.GSR.ROYL.CD": "Charges for the use of intellectual property, receipts (BoP, current US$)",
}


@lru_cache(maxsize=4)
def _read(relpath: str) -> pd.DataFrame:
    df = pd.read_csv(verified_path(relpath), skiprows=4, encoding="utf-8-sig")
    years = [c for c in df.columns if str(c).isdigit()]
    long = df.melt(id_vars=["Country Code", "Indicator Code"], value_vars=years,
                   var_name="year", value_name="value").dropna(subset=["value"])
    long = long.rename(columns={"Country Code": "country", "Indicator Code": "indicator"})
    long["year"] = long["year"].astype(int)
    return long[["country", "indicator", "year", "value"]]


def series(indicator: str, countries: list[str] | None = None) -> pd.DataFrame:
    """One WDI indicator as ``country, year, value`` (only years with data)."""
    if indicator not in INDICATORS:
        raise HelpersError(f"unknown WDI indicator {indicator!r}; known: {', '.join(INDICATORS)}")
    frames = [d[d["indicator"] == indicator] for d in map(_read, FILES)]
    out = pd.concat(frames).drop(columns="indicator")
    if countries is not None:
        unknown = sorted(set(countries) - set(out["country"]))
        if unknown:
            raise HelpersError(f"no {indicator} data for {unknown}")
        out = out[out["country"].isin(countries)]
    return out.sort_values(["country", "year"]).reset_index(drop=True)


@lru_cache(maxsize=1)
def economies() -> frozenset[str]:
    """Codes of the economies in the country metadata (those with a region), aggregates out."""
    meta = pd.read_csv(verified_path(METADATA), encoding="utf-8-sig")
    missing = {"Country Code", "Region"} - set(meta.columns)
    if missing:
        raise HelpersError(f"{METADATA}: missing columns {sorted(missing)}")
    return frozenset(meta.loc[meta["Region"].notna(), "Country Code"])


def lead(indicator: str, country: str, year: int) -> float:
    """How far one economy's value lies above the largest other economy's in a year (negative
    when another is larger), aggregates left out; in the indicator's unit."""
    data = series(indicator)
    data = data[(data["year"] == year) & data["country"].isin(economies())]
    own = data.loc[data["country"] == country, "value"]
    others = data.loc[data["country"] != country, "value"]
    if own.empty or others.empty:
        raise HelpersError(f"no WDI {indicator} value for {country} {year}, or no other "
                           f"economy's to compare it with")
    return float(own.iloc[0] - others.max())
