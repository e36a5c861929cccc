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


ECONOMIES = {"chn": "China", "usa": "United States", "deu": "Germany", "jpn": "Japan"}


def _split_ids(df: pd.DataFrame, names: list[str]) -> pd.DataFrame:
    parts = df["id"].str.split(".", expand=True)
    out = df.copy()
    for i, name in enumerate(names):
        out[name] = parts[i + 1]
    return out


def source_of(formula: str) -> str:
    """``source year`` of a single-metric formula (``ps_input:bea:USA:2023:share``)."""
    parts = formula.split(":")
    return f"{parts[1].upper()} {parts[3]}" if len(parts) == 5 else ""


def table4(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 4: producer-service and manufacturing value added and their ratio, published,
    from the table's own columns, and from open data where it reaches."""
    t4 = _split_ids(checked[checked["id"].str.startswith("t4.")], ["economy", "year", "col"])
    wide = t4.pivot(index=["economy", "year"], columns="col", values=["value", "computed"])
    src = t4[t4["col"] == "ps"].set_index(["economy", "year"])
    out = pd.DataFrame({
        "unit": t4[t4["col"] == "ps"].set_index(["economy", "year"])["unit"],
        "published PS": wide[("value", "ps")], "published mfg": wide[("value", "mfg")],
        "published ratio": wide[("value", "ratio")],
        "ratio of published values": wide[("computed", "ratio")],
        "open PS": wide[("computed", "ps")], "open mfg": wide[("computed", "mfg")],
        "open data": src["formula"].map(source_of),
    })
    out["open ratio"] = out["open PS"] / out["open mfg"]
    out = out.reset_index()
    out["economy"] = out["economy"].map(ECONOMIES)
    out["_o"] = out["economy"].map({v: i for i, v in enumerate(ECONOMIES.values())})
    return out.sort_values(["_o", "year"]).drop(columns="_o").reset_index(drop=True)


def table5(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 5 in long form: each economy-year-category share, published and from open data."""
    t5 = checked[checked["id"].str.match(r"^t5\.(chn|usa|deu|jpn)\.")]
    t5 = _split_ids(t5, ["economy", "year", "category"])
    t5 = t5[t5["category"] != "total"]
    out = t5[["economy", "year", "category", "value", "computed", "check", "formula"]].copy()
    out["open data"] = out.pop("formula").map(source_of)
    out["economy"] = out["economy"].map(ECONOMIES)
    return out.rename(columns={"value": "published", "computed": "open"}).reset_index(drop=True)


def table6(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 6 with China's Table 3 shares: published beside the nearest open proxy."""
    t6 = _split_ids(checked[checked["id"].str.startswith("t6.")], ["year", "economy", "level"])
    out = t6[["year", "economy", "level", "value", "computed", "formula"]].copy()
    out["open data"] = out.pop("formula").map(source_of)
    t3 = _split_ids(checked[checked["id"].str.match(r"^t3\.\d+\.\w+\.share$")],
                    ["year", "level", "kind"])
    t3 = t3[t3["year"].isin(out["year"].unique())]
    china = t3[["year", "level", "value", "computed", "check"]].assign(economy="chn")
    china["open data"] = china.pop("check").map({"regenerate": "NBS " , "cite": ""})
    china["open data"] = china["open data"] + china["year"].where(china["computed"].notna(), "")
    out = pd.concat([out, china[out.columns]], ignore_index=True)
    out["economy"] = out["economy"].map(ECONOMIES)
    out["_l"] = out["level"].map(LEVEL_ORDER)
    out = out.sort_values(["year", "economy", "_l"], ascending=[False, True, True])
    return (out.drop(columns="_l").rename(columns={"value": "published", "computed": "open"})
            .reset_index(drop=True))


def table1(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 1 in long form: service category, life-cycle stage, rating (1-3 stars)."""
    t1 = _split_ids(checked[checked["id"].str.startswith("t1.")], ["service", "stage"])
    out = t1[["service", "stage", "value", "measure"]].rename(columns={"value": "stars"})
    out["stars"] = out["stars"].astype(int)
    return out.reset_index(drop=True)


def stage_bands(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 2's producer-service share-of-GDP bands (midpoint +- half the precision)."""
    rows = []
    for key, name in (("early", "early"), ("middle", "middle"), ("late", "late")):
        r = checked.loc[f"t2.{key}.ps_gdp"]
        rows.append({"stage": f"{name}: Table 2", "low": r["value"] - r["precision"] / 2,
                     "high": r["value"] + r["precision"] / 2})
    return pd.DataFrame(rows)
