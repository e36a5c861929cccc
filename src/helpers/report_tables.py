"""The report's tables rebuilt from the checked claims registry, published beside computed."""

from __future__ import annotations

import pandas as pd

LEVEL_ORDER = {"total": 0, "high": 1, "medium": 2, "low": 3}


def blank_missing(df: pd.DataFrame, text: str = "") -> pd.DataFrame:
    """Missing cells shown as ``text`` (for display only)."""
    return df.astype(object).where(df.notna(), text)


def table3(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 3, one row per year and technology level: published and regenerated values."""
    t3 = checked[checked["id"].str.startswith("t3.")].copy()
    parts = t3["id"].str.split(".", expand=True)
    t3["year"], t3["level"], t3["kind"] = parts[1], parts[2], parts[3]
    view = t3.pivot_table(index=["year", "level"], columns="kind",
                          values=["value", "computed"], aggfunc="first", dropna=False)
    view.columns = [f"{'published' if a == 'value' else 'regenerated'} {b}"
                    for a, b in view.columns]
    view["check outcome"] = t3.groupby(["year", "level"])["outcome"].agg(
        lambda s: ", ".join(sorted(set(s))))
    view = view.reset_index()
    view["_order"] = view["level"].map(LEVEL_ORDER)
    view = view.sort_values(["year", "_order"]).drop(columns="_order")
    cols = ["year", "level", "published value", "regenerated value", "published share",
            "regenerated share", "check outcome"]
    return view[cols].round(2).reset_index(drop=True)
