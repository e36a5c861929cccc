"""Which sectors count, and how much: producer-service weights by category, extra mapping
judgements, and the manufacturing range with each industry's technology level."""

from __future__ import annotations

import pandas as pd

from helpers.data.classify import PS_CATEGORIES, TAXONOMIES
from helpers.errors import ClassificationError
from helpers.measures.definitions import DEFAULT, Definition


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
