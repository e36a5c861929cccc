"""This book's own scenarios (not the report's): what closing a producer-service gap would take.

With manufacturing's total intermediate input held at its observed level, a target economy's
producer-service intensity (each category's share of manufacturing intermediate input) is
applied to the base economy; the difference is the extra producer-service input needed, in the
base table's unit, by category. Services replace goods inputs one for one; nothing else moves.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.classify import PS_CATEGORIES
from helpers.data.iotable import IOTable
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.indicators import ps_input_summary


def category_intensity(table: IOTable, definition: Definition = DEFAULT) -> pd.Series:
    """Each category's producer-service input as a share of manufacturing intermediate input."""
    s = ps_input_summary(table, definition)
    return pd.Series(s["ps_input_value_by_category"]) / s["mfg_intermediate_input"]


def gap_to(base: IOTable, target: IOTable, definition: Definition = DEFAULT) -> pd.DataFrame:
    """Per category: base and target intensity (%), and the extra input the base economy would
    need at the target's intensity (base unit; negative where the base already uses more)."""
    s = ps_input_summary(base, definition)
    denom = s["mfg_intermediate_input"]
    base_i, target_i = category_intensity(base, definition), category_intensity(target, definition)
    out = pd.DataFrame({
        "category": [PS_CATEGORIES[c].split(" (")[0] for c in base_i.index],
        "base_pct": 100 * base_i.to_numpy(),
        "target_pct": 100 * target_i.to_numpy(),
        "extra_input": ((target_i - base_i) * denom).to_numpy(),
    }, index=base_i.index)
    out.index.name = "key"
    return out
