"""Core indicators: producer-service inputs into manufacturing and value-added comparisons.

All functions are pure: an :class:`IOTable`, its classification and a :class:`Definition` in,
numbers or tidy DataFrames out. Values are in the table's own unit. The numbers come from the
vectorised core (:mod:`helpers.measures.core`) on a stack of one table, so a table computed
alone and the same table computed with the whole panel agree.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.classify import classification_for
from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.measures import core
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.weights import manufacturing_industries, ps_weights, with_extra_ps

__all__ = ["indicators", "manufacturing_industries", "nest", "ps_input_summary",
           "ps_inputs_by_industry", "ps_weights", "value_added_summary", "with_extra_ps"]


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


def nest(flat: dict[str, float]) -> dict:
    """Flat dotted results (``a.b``) as nested dicts, the inverse of flattening."""
    out: dict = {}
    for key, value in flat.items():
        *parents, leaf = key.split(".")
        node = out
        for p in parents:
            node = node.setdefault(p, {})
        node[leaf] = value
    return out


def _first(results: dict) -> dict[str, float]:
    return {k: float(v[0]) for k, v in results.items()}


def ps_input_summary(table: IOTable, definition: Definition = DEFAULT,
                     cls: pd.DataFrame | None = None) -> dict:
    """Producer-service inputs into manufacturing: value, share, technology and category split."""
    cls = classification_for(table, cls)
    return nest(_first(core.input_results(TableStack.of(table), definition, cls)))


def value_added_summary(table: IOTable, definition: Definition = DEFAULT,
                        cls: pd.DataFrame | None = None) -> dict:
    """Producer-service value added, manufacturing value added, their ratio, PS composition."""
    cls = classification_for(table, cls)
    return nest(_first(core.value_added_results(TableStack.of(table), definition, cls)))


def indicators(table: IOTable, definition: Definition = DEFAULT) -> dict:
    """Every core indicator of one table, with its identity (JSON-ready)."""
    cls = classification_for(table)
    stack = TableStack.of(table)
    flat = {**core.input_results(stack, definition, cls),
            **core.value_added_results(stack, definition, cls)}
    return {
        "country": table.country, "year": table.year, "source": table.source,
        "unit": table.unit, "currency": table.currency, **nest(_first(flat)),
    }
