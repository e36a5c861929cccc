"""Domestic producer-service value added embodied in manufactured exports.

From a square table with a domestic/imported split and exports of domestic products:
with domestic coefficients ``A_d``, ``L_d = (I - A_d)^-1`` and value-added coefficients
``v = va / x``, the producer-service value added in manufacturing's exports ``e_m`` (exports
of the products in the definition's manufacturing range, zero elsewhere) is
``v_ps' L_d e_m``, where ``v_ps`` keeps each producer-service sector's value-added
coefficient times its weight in a category. ``share`` divides it by the exports ``sum(e_m)``;
``direct_share`` keeps only the first round, ``v_ps' A_d e_m``: the value added of the
services manufacturers exporting buy directly. Imported services, and domestic services
embodied in imported inputs, are not counted: this is the domestic content only.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.errors import TableValidationError
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square

#: Square sources with both an import split and exports.
SOURCES = system.DOMESTIC_SOURCES


def embodied_results(stack: TableStack, definition: Definition = DEFAULT,
                     cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Per table: ``ps_va_in_exports`` and ``mfg_exports`` (the table's unit), ``share`` and
    ``direct_share`` (of those exports), ``domestic_va_share`` (all domestic value added in
    them) and ``share_by_category.<c>``. The definition's origin is ignored: always domestic."""
    check_square(stack)
    if stack.Z_imported is None:
        # exports of a competitive-import table include re-exported imports (processing
        # trade), so proportionality would overstate their domestic content: published
        # splits only
        raise TableValidationError(f"{stack.labels[0]} has no imported-input split; sources "
                                   f"with one and exports: {', '.join(SOURCES)}")
    if stack.exports is None:
        raise TableValidationError(f"{stack.labels[0]} has no exports of domestic products; "
                                   f"sources with them and an import split: {', '.join(SOURCES)}")
    arr = core.arrays_for(stack, definition, cls)
    Z = system.flows(stack, definition.but(origin="domestic"))
    A = system.input_coefficients(Z, stack.x)
    v = np.divide(stack.va, stack.x, out=np.zeros_like(stack.va), where=stack.x > 0)
    e_m = np.zeros_like(stack.x)
    e_m[:, arr.mfg] = stack.exports[:, arr.mfg]
    exports = e_m.sum(axis=1)
    output = system.solve(A, e_m)  # output of every sector that the exports call forth
    v_ps = v[:, :, None] * arr.W_products[None]  # tables x sectors x categories
    by_category = np.einsum("tsc,ts->tc", v_ps, output)
    first_round = np.einsum("tsc,ts->tc", v_ps, (A @ e_m[:, :, None])[:, :, 0])
    total = by_category.sum(axis=1)
    out = {"ps_va_in_exports": total, "mfg_exports": exports,
           "share": core.ratio(total, exports),
           "direct_share": core.ratio(first_round.sum(axis=1), exports),
           "domestic_va_share": core.ratio((v * output).sum(axis=1), exports)}
    for i, c in enumerate(core.CATEGORIES):
        out[f"share_by_category.{c}"] = core.ratio(by_category[:, i], exports)
    return out


def embodied(table: IOTable, definition: Definition = DEFAULT,
             cls: pd.DataFrame | None = None) -> dict[str, float]:
    """:func:`embodied_results` of one table, as numbers."""
    flat = embodied_results(TableStack.of(table), definition, cls)
    return {k: float(v[0]) for k, v in flat.items()}
