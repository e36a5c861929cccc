"""The Guangdong documents' figures, arranged for the Guangdong chapter."""

from __future__ import annotations

import pandas as pd

GD_DOCUMENTS = ("000_a429a5f008a327ae.txt", "004_6548d97651490993.txt")
#: Registry ids of Guangdong's published shares of national totals.
NATIONAL_SHARE_IDS = (
    "gd.miit.ai_core_national_share", "gd.miit.industrial_robots_share",
    "gd.miit.service_robots_share", "gd.drones_share", "gd.crossborder_ecommerce_share",
    "gd2.industry_share_national",
)


def figures(checked: pd.DataFrame) -> pd.DataFrame:
    """Every Guangdong claim: where it comes from, what it measures, its value and check."""
    gd = checked[checked["document"].isin(GD_DOCUMENTS)]
    return gd[["location", "entity", "year", "measure", "value", "unit", "relation", "check",
               "note"]].reset_index(drop=True)


def national_shares(checked: pd.DataFrame) -> pd.DataFrame:
    """Guangdong's published shares of national totals (%), with their wording."""
    rows = checked.loc[list(NATIONAL_SHARE_IDS)]
    relation = rows["relation"].map({"gt": "more than", "eq": "about", "lt": "less than"})
    return pd.DataFrame({"measure": rows["measure"].str.replace("Guangdong's share of ", ""),
                         "share": rows["value"], "relation": relation,
                         "note": rows["note"]}).reset_index(drop=True)
