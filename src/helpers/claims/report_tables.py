"""The report's tables rebuilt from the checked claims registry, published beside computed."""

from __future__ import annotations

import pandas as pd

from helpers.claims.metrics import currency
from helpers.claims.metrics import evaluate as evaluate_metric
from helpers.claims.registry import printed
from helpers.data import catalog
from helpers.data.classify import load_classification
from helpers.data.sources import bea
from helpers.errors import HelpersError
from helpers.measures import value_added
from helpers.measures.definitions import DEFAULT

LEVEL_ORDER = {"total": 0, "high": 1, "medium": 2, "low": 3}


def blank_missing(df: pd.DataFrame, text: str = "") -> pd.DataFrame:
    """Missing cells shown as ``text`` (for display only)."""
    return df.astype(object).where(df.notna(), text)


def table3(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 3, one row per year and technology level: published and regenerated values (a
    proxy's open figure, from another source and year, is not a regenerated one: left out)."""
    checked = printed(checked)
    t3 = checked[checked["id"].str.startswith("t3.")].copy()
    proxy = t3["check"] != "regenerate"
    t3.loc[proxy, "computed"] = float("nan")
    t3.loc[proxy, "outcome"] = "n/a"
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
    """``source year`` of a single-metric formula (``ps_input:bea:USA:2023:share``); the
    release of a source published in several is :func:`release_of`'s."""
    parts = formula.split(":")
    return f"{parts[1].upper()} {parts[3]}" if len(parts) == 5 else ""


def release_of(formula: str) -> str:
    """The release a single-metric formula's table comes from, for a source published in
    several (``ps_input:bea:USA:2023:share`` -> BEA's 2025 release), else ''."""
    parts = formula.split(":")
    if len(parts) != 5 or parts[1] != "bea" or not parts[3].isdigit():
        return ""
    return bea.release_of(int(parts[3])).label


def open_year(formula: str) -> int:
    """The year of a single-metric formula's open figure (``va:mic:JPN:2015:ps_va`` -> 2015)."""
    parts = formula.split(":")
    if len(parts) != 5 or not parts[3].isdigit():
        raise HelpersError(f"{formula!r} is not one metric (kind:source:country:year:field)")
    return int(parts[3])


def open_unit(formula: str) -> str:
    """``trillion <currency>`` of a single level metric (``va:mic:JPN:2015:ps_va``), else ''."""
    parts = formula.split(":")
    if len(parts) != 5:
        return ""
    return f"trillion {currency(parts[1], parts[2], int(parts[3]))}"


def table4(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 4: producer-service and manufacturing value added and their ratio, published,
    from the table's own columns, and from open data where it reaches."""
    checked = printed(checked)
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
        "open unit": src["formula"].map(open_unit),
    })
    out["open ratio"] = out["open PS"] / out["open mfg"]
    out = out.reset_index()
    out["economy"] = out["economy"].map(ECONOMIES)
    out["_o"] = out["economy"].map({v: i for i, v in enumerate(ECONOMIES.values())})
    return out.sort_values(["_o", "year"]).drop(columns="_o").reset_index(drop=True)


def table5(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 5 in long form: each economy-year-category share, published and from open data."""
    checked = printed(checked)
    t5 = checked[checked["id"].str.match(r"^t5\.(chn|usa|deu|jpn)\.")]
    t5 = _split_ids(t5, ["economy", "year", "category"])
    t5 = t5[t5["category"] != "total"]
    out = t5[["economy", "year", "category", "value", "computed", "check", "formula"]].copy()
    out["open data"] = out.pop("formula").map(source_of)
    out["economy"] = out["economy"].map(ECONOMIES)
    return out.rename(columns={"value": "published", "computed": "open"}).reset_index(drop=True)


def table6(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 6 with China's Table 3 shares: published beside the nearest open proxy."""
    checked = printed(checked)
    t6 = _split_ids(checked[checked["id"].str.startswith("t6.")], ["year", "economy", "level"])
    out = t6[["year", "economy", "level", "value", "computed", "formula"]].copy()
    out["open data"] = out.pop("formula").map(source_of)
    t3 = _split_ids(checked[checked["id"].str.match(r"^t3\.\d+\.\w+\.share$")],
                    ["year", "level", "kind"])
    t3 = t3[t3["year"].isin(out["year"].unique())]
    china = t3[["year", "level", "value", "computed", "check", "formula"]].assign(economy="chn")
    china["open data"] = [
        source_of(f) if c == "proxy" else (f"NBS {y}" if c == "regenerate" else "")
        for c, f, y in zip(china.pop("check"), china.pop("formula"), china["year"], strict=True)]
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


#: The years the ADB summary covers for all four economies (72-economy file).
ADB_YEARS = range(2017, 2023)
#: The year of the OECD ICIO 2025 edition tables.
OECD25_YEAR = 2022
#: Table 5 categories that ADB's 35 sectors hold alone: the others share ADB's sectors 27
#: (post and telecommunications) and 30 (renting and business activities, with computer
#: services and R&D), or have none (water and environment).
ADB_COMPARABLE = ("finance", "transport", "wholesale")
#: ADB's two mixed sectors: 27 (post and telecommunications) and 30 (renting, computer
#: services, R&D and other business activities).
ADB_MIXED_SECTORS = ("c27", "c30")
#: The Table 5 categories those two sectors hold between them (post, which the report counts
#: in transport, rides along in 27), compared as one sum, and the name of that sum.
ADB_27_30 = ("info_software", "science_tech", "leasing_business")
ADB_27_30_MEASURE = "info + science-tech + business (ADB 27+30)"
#: ADB's sector 19 (sale and repair of motor vehicles and motorcycles; retail sale of fuel):
#: wholesale and retail together, so this book counts half of it as wholesale, as the report's
#: Table 5 note splits China's combined sector 0.5 : 0.5.
ADB_SECTOR_19 = "c19"
#: The two measures sector 19 moves, with the field and the factor that gives their unit.
SECTOR_19_MEASURES = {"wholesale share of producer services (%)": ("wholesale", 100.0),
                      "ratio to manufacturing": ("ps_to_mfg_ratio", 1.0)}
#: Where Tables 5 and 6 pointed for Germany and Japan before the OECD 2025 edition.
EARLIER = {"deu": ("wiod", 2014), "jpn": ("oecd", 2018)}


def nearest_adb_year(year: int) -> int:
    """The ADB year nearest to a published year (ADB's four-economy years are 2017-2022)."""
    return min(max(year, ADB_YEARS.start), ADB_YEARS.stop - 1)


def adb_sector19_sensitivity(year: int = ADB_YEARS.stop - 1) -> pd.DataFrame:
    """ADB's wholesale share of producer-service value added and its producer-service to
    manufacturing ratio for the four economies in ``year``: with half of sector 19 counted as
    wholesale (this book's default), and without it (a zero share of the combined sector)."""
    cls = load_classification("adb_35")
    combined = cls.index[cls["ps_role"] == "trade_combined"].tolist()
    if combined != [ADB_SECTOR_19]:
        raise HelpersError(f"ADB's combined trade sectors are {combined}, expected only "
                           f"{ADB_SECTOR_19}: the sensitivity would not be sector 19's alone")
    panel = catalog.panel_of("adb")
    half = DEFAULT
    without = DEFAULT.but(wholesale_share_of_combined=0.0)
    rows = []
    for eco in ECONOMIES:
        results = {d: value_added.of_panel(panel, eco.upper(), year, d) for d in (half, without)}
        for measure, (field, unit) in SECTOR_19_MEASURES.items():
            with_, wo = (results[d]["ps_va_composition"][field] * unit if field == "wholesale"
                         else results[d][field] for d in (half, without))
            rows.append({"economy": ECONOMIES[eco], "year": year, "measure": measure,
                         "half of sector 19 (this book)": with_,
                         "without sector 19": wo, "difference": with_ - wo})
    return pd.DataFrame(rows)


def _open(kind: str, source: str, economy: str, year: int, fields: tuple[str, ...]) -> float:
    """One open metric, or the sum of several (shares of categories compared together)."""
    return sum(evaluate_metric(f"{kind}:{source}:{economy.upper()}:{year}:{f}") for f in fields)


def _row(table: str, economy: str, year: int, measure: str, published: float,
         kind: str, field: str | tuple[str, ...], adb: bool | tuple[str, ...] = True) -> dict:
    """One published number beside ADB (nearest year) and OECD 2022, with the year gaps.
    A tuple of fields is summed; ``adb`` is True (ADB's same fields), False (no ADB column)
    or ADB's own fields for the same measure."""
    fields = (field,) if isinstance(field, str) else field
    adb_fields = fields if adb is True else adb or ()
    ay = nearest_adb_year(year)
    return {"table": table, "economy": ECONOMIES[economy], "year": year, "measure": measure,
            "published": published,
            "ADB": _open(kind, "adb", economy, ay, adb_fields) if adb_fields else float("nan"),
            "ADB year": ay if adb_fields else pd.NA,
            "ADB gap (years)": abs(year - ay) if adb_fields else pd.NA,
            "OECD 2022": _open(kind, "oecd25", economy, OECD25_YEAR, fields),
            "OECD gap (years)": abs(year - OECD25_YEAR)}


def _ids(checked: pd.DataFrame, pattern: str) -> pd.DataFrame:
    checked = printed(checked)
    return checked[checked["id"].str.match(pattern)]


def open_table4(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 4's ratios (and the US levels, the only ones in USD) beside ADB and OECD 2022."""
    rows = []
    for r in _ids(checked, r"^t4\.\w+\.\d{4}\.(ratio|ps|mfg)$").itertuples():
        _, eco, year, col = r.id.split(".")
        if col == "ratio":
            rows.append(_row("Table 4", eco, int(year), "ratio to manufacturing", r.value,
                             "va", "ratio"))
        elif eco == "usa":
            field = "ps_va" if col == "ps" else "mfg_va"
            rows.append(_row("Table 4", eco, int(year), f"{field} (trillion USD)", r.value,
                             "va", field))
    return pd.DataFrame(rows)


def adb_mixed_categories() -> tuple[str, ...]:
    """The categories this book's ADB classification gives sectors 27 and 30 (each sector
    goes whole to one category), which must lie among :data:`ADB_27_30`."""
    cls = load_classification("adb_35")
    cats = tuple(dict.fromkeys(cls.loc[list(ADB_MIXED_SECTORS), "ps_category"]))
    if not set(cats) <= set(ADB_27_30):
        raise HelpersError(f"ADB sectors {', '.join(ADB_MIXED_SECTORS)} map to {cats}, "
                           f"outside the categories they are compared as: {ADB_27_30}")
    return cats


def open_table5(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 5's shares beside OECD 2022, and beside ADB for the categories it holds alone;
    after each economy-year, the categories ADB's sectors 27 and 30 hold together as one
    row (published: the sum of the printed shares)."""
    groups: dict[tuple[str, int], dict[str, float]] = {}
    for r in _ids(checked, r"^t5\.(chn|usa|deu|jpn)\.\d{4}\.\w+$").itertuples():
        _, eco, year, cat = r.id.split(".")
        if cat != "total":
            groups.setdefault((eco, int(year)), {})[cat] = r.value
    adb_fields = tuple(f"comp_{c}" for c in adb_mixed_categories())
    rows = []
    for (eco, year), shares in groups.items():
        rows += [_row("Table 5", eco, year, cat, value, "va", f"comp_{cat}",
                      adb=cat in ADB_COMPARABLE) for cat, value in shares.items()]
        missing = [c for c in ADB_27_30 if c not in shares]
        if missing:
            raise HelpersError(f"Table 5, {ECONOMIES[eco]} {year}: no registered share for "
                               f"{', '.join(missing)}")
        rows.append(_row("Table 5", eco, year, ADB_27_30_MEASURE,
                         sum(shares[c] for c in ADB_27_30), "va",
                         tuple(f"comp_{c}" for c in ADB_27_30), adb=adb_fields))
    return pd.DataFrame(rows)


def open_table6(checked: pd.DataFrame) -> pd.DataFrame:
    """Table 6's input shares (China's from Table 3) beside OECD 2022 (ADB has no flows here)."""
    rows = []
    for r in _ids(checked, r"^t6\.\d{4}\.\w+\.\w+$").itertuples():
        _, year, eco, level = r.id.split(".")
        field = "share" if level == "total" else f"{level}_share"
        rows.append(_row("Table 6", eco, int(year), level, r.value, "ps_input", field, False))
    for r in _ids(checked, r"^t3\.(2017|2023)\.\w+\.share$").itertuples():
        _, year, level, _ = r.id.split(".")
        field = "share" if level == "total" else f"{level}_share"
        rows.append(_row("Table 6", "chn", int(year), level, r.value, "ps_input", field, False))
    return pd.DataFrame(rows)


def open_comparison(checked: pd.DataFrame) -> pd.DataFrame:
    """Tables 4-6 beside ADB (nearest year) and the OECD 2022 tables, for all four economies,
    with the year between each published and open number."""
    out = pd.concat([open_table4(checked), open_table5(checked), open_table6(checked)],
                    ignore_index=True)
    out["ADB - published"] = out["ADB"] - out["published"]
    out["OECD - published"] = out["OECD 2022"] - out["published"]
    return out


def proxy_moves(checked: pd.DataFrame) -> pd.DataFrame:
    """Germany's and Japan's Table 5 and 6 proxies: the earlier open figure and the OECD 2022
    one that replaced it, beside the published number."""
    rows = []
    pattern = r"^(t5\.(deu|jpn)\.\d{4}\.\w+|t6\.\d{4}\.(deu|jpn)\.\w+)$"
    for r in _ids(checked, pattern).itertuples():
        parts = r.formula.split(":")
        if len(parts) != 5 or parts[1] != "oecd25":
            continue
        kind, source, country, year, field = parts
        before_source, before_year = EARLIER[country.lower()]
        before = evaluate_metric(f"{kind}:{before_source}:{country}:{before_year}:{field}")
        rows.append({"id": r.id, "economy": ECONOMIES[country.lower()], "year": int(r.year),
                     "published": r.value, "before": before,
                     "before source": f"{before_source.upper()} {before_year}",
                     "now": r.computed, "gap before": abs(before - r.value),
                     "gap now": abs(r.computed - r.value)})
    return pd.DataFrame(rows)
