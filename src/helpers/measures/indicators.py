"""Core indicators: producer-service inputs into manufacturing and value-added comparisons.

All functions are pure: an :class:`IOTable`, its classification and a :class:`Definition` in,
numbers or tidy DataFrames out. Values are in the table's own unit.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.classify import PS_CATEGORIES, TAXONOMIES, classification_for
from helpers.data.iotable import IOTable
from helpers.errors import ClassificationError
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, Definition


def ps_weights(
    cls: pd.DataFrame, codes: pd.Index, definition: Definition = DEFAULT
) -> pd.DataFrame:
    """Weight of each sector code (rows) in each producer-service category (columns).

    Core sectors weigh 1; passenger transport 1 or 0; retail 1 with wholesale_retail scope,
    else 0; a combined wholesale-and-retail sector 1 with wholesale_retail scope, else the
    wholesale share. Non-producer-service sectors weigh 0 everywhere.
    """
    c = cls.loc[codes]
    role_weight = {
        "core": 1.0,
        "passenger": 1.0 if definition.passenger_transport else 0.0,
        "retail": 1.0 if definition.trade_scope == "wholesale_retail" else 0.0,
        "trade_combined": (1.0 if definition.trade_scope == "wholesale_retail"
                           else definition.wholesale_share_of_combined),
    }
    is_ps = c["group"] == "producer_service"
    weight = c["ps_role"].map(role_weight).where(is_ps, 0.0).astype(float)
    out = pd.DataFrame(0.0, index=codes, columns=list(PS_CATEGORIES))
    for cat in PS_CATEGORIES:
        out[cat] = weight.where(c["ps_category"] == cat, 0.0)
    return out


def with_extra_ps(cls: pd.DataFrame, scheme: str, definition: Definition) -> pd.DataFrame:
    """The classification with the definition's ``extra_ps`` sectors of this scheme counted as
    core producer services of the given category."""
    extra = [(code, cat) for s, code, cat in definition.extra_ps if s == scheme]
    if not extra:
        return cls
    cls = cls.copy()
    for code, cat in extra:
        if code not in cls.index:
            raise ClassificationError(f"extra_ps names sector {code!r}, not in scheme "
                                      f"{scheme!r}; its codes: {', '.join(cls.index)}")
        if cat not in PS_CATEGORIES:
            raise ClassificationError(f"extra_ps category {cat!r}; valid: "
                                      f"{', '.join(PS_CATEGORIES)}")
        if cls.at[code, "group"] == "manufacturing":
            raise ClassificationError(f"extra_ps sector {code!r} is manufacturing")
        cls.loc[code, ["group", "ps_category", "ps_role"]] = ["producer_service", cat, "core"]
    return cls


def manufacturing_industries(cls: pd.DataFrame, codes: pd.Index,
                             definition: Definition = DEFAULT) -> pd.DataFrame:
    """Manufacturing industries within the definition's range, with their technology level."""
    c = cls.loc[codes]
    keep = c["group"] == "manufacturing"
    if not definition.include_repair:
        keep &= c["mfg_role"] != "repair"
    if not definition.include_waste:
        keep &= c["mfg_role"] != "waste"
    column = TAXONOMIES[definition.taxonomy][0]
    mfg = c.loc[keep, ["name", column]].copy()
    mapping = definition.intensity_map
    unknown = sorted(set(mfg[column]) - set(mapping))
    if unknown:
        raise ClassificationError(
            f"{definition.taxonomy} classes {unknown} have no technology level in the "
            f"definition; mapped classes: {sorted(mapping)}"
        )
    mfg["technology"] = mfg[column].map(mapping)
    return mfg


def ps_inputs_by_industry(table: IOTable, definition: Definition = DEFAULT,
                          cls: pd.DataFrame | None = None) -> pd.DataFrame:
    """Producer-service inputs into each manufacturing industry, by category.

    Columns: ``name``, ``technology``, one column per category, ``ps_total`` and
    ``intermediate_input`` (the share's denominator).
    """
    cls = with_extra_ps(classification_for(table, cls), table.scheme, definition)
    Z = table.Z_domestic if definition.origin == "domestic" else table.Z
    mfg = manufacturing_industries(cls, table.industries, definition)
    W = ps_weights(cls, table.products, definition)
    flows = W.T.to_numpy() @ Z[mfg.index].to_numpy()  # categories x manufacturing industries
    out = mfg[["name", "technology"]].copy()
    for i, cat in enumerate(W.columns):
        out[cat] = flows[i]
    out["ps_total"] = flows.sum(axis=0)
    denom = table.tii if definition.denominator == "tii" else table.Z.sum(axis=0)
    out["intermediate_input"] = denom[mfg.index].to_numpy()
    out.index.name = "industry"
    return out


def _share(num: float, den: float) -> float:
    return float(num / den) if den else float("nan")


def ps_input_summary(table: IOTable, definition: Definition = DEFAULT,
                     cls: pd.DataFrame | None = None) -> dict:
    """Producer-service inputs into manufacturing: value, share, technology and category split."""
    by_ind = ps_inputs_by_industry(table, definition, cls)
    total, denom = float(by_ind["ps_total"].sum()), float(by_ind["intermediate_input"].sum())
    grouped = by_ind.groupby("technology")[["ps_total", "intermediate_input"]].sum()
    by_intensity = {}
    for level in INTENSITY_LEVELS:
        v = grouped.loc[level] if level in grouped.index else pd.Series(
            {"ps_total": 0.0, "intermediate_input": 0.0})
        by_intensity[level] = {"value": float(v["ps_total"]),
                               "share": _share(v["ps_total"], v["intermediate_input"]),
                               "intermediate_input": float(v["intermediate_input"])}
    by_category = {cat: float(by_ind[cat].sum()) for cat in PS_CATEGORIES}
    return {
        "ps_input_value": total,
        "mfg_intermediate_input": denom,
        "ps_input_share": _share(total, denom),
        "ps_input_share_by_intensity": {k: v["share"] for k, v in by_intensity.items()},
        "ps_input_value_by_intensity": {k: v["value"] for k, v in by_intensity.items()},
        "ps_input_value_by_category": by_category,
    }


def value_added_summary(table: IOTable, definition: Definition = DEFAULT,
                        cls: pd.DataFrame | None = None) -> dict:
    """Producer-service value added, manufacturing value added, their ratio, PS composition."""
    cls = with_extra_ps(classification_for(table, cls), table.scheme, definition)
    W = ps_weights(cls, table.industries, definition)
    mfg = manufacturing_industries(cls, table.industries, definition)
    ps_by_cat = W.T.to_numpy() @ table.va.to_numpy()
    ps_va, mfg_va = float(ps_by_cat.sum()), float(table.va[mfg.index].sum())
    gdp_proxy = float(table.va.sum())
    return {
        "ps_va": ps_va,
        "mfg_va": mfg_va,
        "ps_to_mfg_ratio": _share(ps_va, mfg_va),
        "ps_va_share_of_total_va": _share(ps_va, gdp_proxy),
        "mfg_va_share_of_total_va": _share(mfg_va, gdp_proxy),
        "ps_va_composition": {
            cat: _share(v, ps_va) for cat, v in zip(W.columns, ps_by_cat, strict=True)
        },
    }


def indicators(table: IOTable, definition: Definition = DEFAULT) -> dict:
    """Every core indicator of one table, with its identity (JSON-ready)."""
    cls = classification_for(table)
    return {
        "country": table.country, "year": table.year, "source": table.source,
        "unit": table.unit, "currency": table.currency,
        **ps_input_summary(table, definition, cls),
        **value_added_summary(table, definition, cls),
    }
