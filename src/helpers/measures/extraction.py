"""Hypothetical extraction of the producer-service block (Dietzenbacher, van der Linden and
Steenge 1993; Miller and Blair 2009, section 12.2).

Variant: full extraction. Every producer-service sector's row and column of ``A`` are removed
(its sales to, and purchases from, every sector, the block's own transactions included),
final demand ``f`` stays as it is, and the economy's output becomes
``x_e = (I - A_e)^-1 f``. A sector counted only in part (a combined wholesale and retail
sector, with the wholesale share ``w``) keeps ``1 - w`` of its row and of its column. Final
demand is the one the table implies (:mod:`helpers.measures.system`).

The loss is what manufacturing (in the definition's range) would no longer produce:
``loss_share`` is ``sum over manufacturing of (x - x_e)`` per unit of manufacturing's final
demand ``sum over manufacturing of f``, and ``loss_of_output`` the same loss per unit of
manufacturing output.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square


def extracted(A: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """``A`` with each sector's row and column scaled by its kept part (tables x sectors;
    0 removes a sector's row and column, 1 keeps them)."""
    return kept[:, :, None] * A * kept[:, None, :]


def extraction_results(stack: TableStack, definition: Definition = DEFAULT,
                       cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Manufacturing output lost when producer services are extracted, per table:
    ``loss`` (in the table's unit), ``loss_share`` (per unit of manufacturing final demand)
    and ``loss_of_output`` (per unit of manufacturing output)."""
    check_square(stack)
    arr = core.arrays_for(stack, definition, cls)
    Z = system.flows(stack, definition)
    A = system.input_coefficients(Z, stack.x)
    f = system.final_demand(Z, stack.x)
    kept = np.broadcast_to(1.0 - arr.W_products.sum(axis=1), stack.x.shape)
    x_e = system.solve(extracted(A, kept), f)
    x = system.solve(A, f)  # equals the table's output, up to rounding
    loss = (x - x_e)[:, arr.mfg].sum(axis=1)
    return {"loss": loss, "loss_share": core.ratio(loss, f[:, arr.mfg].sum(axis=1)),
            "loss_of_output": core.ratio(loss, x[:, arr.mfg].sum(axis=1))}


def extraction(table: IOTable, definition: Definition = DEFAULT,
               cls: pd.DataFrame | None = None) -> dict[str, float]:
    """:func:`extraction_results` of one table, as numbers."""
    flat = extraction_results(TableStack.of(table), definition, cls)
    return {k: float(v[0]) for k, v in flat.items()}
