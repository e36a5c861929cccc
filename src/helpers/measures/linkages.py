"""Rasmussen's linkage indices of the producer-service categories.

Backward: the power of dispersion (影响力系数) of sector j, ``n * colsum_j(L) / sum(L)`` with
``L = (I - A)^-1`` the Leontief inverse: how much output one unit of j's final demand calls
forth in the whole economy, relative to the average sector. Forward: the sensitivity of
dispersion (感应度系数) of sector i, ``n * rowsum_i(G) / sum(G)`` with ``G = (I - B)^-1`` the
Ghosh inverse of the output coefficients ``B = Z / x`` (by row): how much output downstream
one unit of i's primary input supports, relative to the average sector. The unweighted mean
of either index over a table's sectors is 1.

Categories: the index of a category is the output-weighted mean of its sectors' indices, each
sector weighing its gross output times its weight in the category (a combined wholesale and
retail sector counts with the definition's wholesale share). Indices are computed on the
table's own sectors, so the average they are relative to is that table's average sector.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square


def dispersion(inverse: np.ndarray, axis: int) -> np.ndarray:
    """Rasmussen indices of a stack of inverses: ``n * sums / total``, summing over ``axis``
    (1: column sums, the power of dispersion; 2: row sums, the sensitivity of dispersion)."""
    n = inverse.shape[1]
    sums = inverse.sum(axis=axis)
    return n * sums / sums.sum(axis=1, keepdims=True)


def sector_indices(stack: TableStack, definition: Definition = DEFAULT
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Backward (power of dispersion) and forward (sensitivity of dispersion) index of every
    sector of every table (tables x sectors each)."""
    check_square(stack)
    Z = system.flows(stack, definition)
    backward = dispersion(system.inverse(system.input_coefficients(Z, stack.x)), axis=1)
    forward = dispersion(system.inverse(system.output_coefficients(Z, stack.x)), axis=2)
    return backward, forward


def by_category(index: np.ndarray, x: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Output-weighted mean of sector indices per category (tables x categories); NaN for a
    category without output."""
    weights = x[:, :, None] * W[None, :, :]  # tables x sectors x categories
    total = weights.sum(axis=1)
    return core.ratio(np.einsum("ts,tsc->tc", index, weights), total)


def linkage_results(stack: TableStack, definition: Definition = DEFAULT,
                    cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Backward and forward indices of the seven categories, one array (tables x categories)
    each, under keys ``backward`` and ``forward``."""
    arr = core.arrays_for(stack, definition, cls)
    backward, forward = sector_indices(stack, definition)
    return {"backward": by_category(backward, stack.x, arr.W_products),
            "forward": by_category(forward, stack.x, arr.W_products)}


def linkages(table: IOTable, definition: Definition = DEFAULT,
             cls: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """One table's category indices: ``{"backward": {category: index}, "forward": {...}}``."""
    flat = linkage_results(TableStack.of(table), definition, cls)
    return {side: dict(zip(core.CATEGORIES, map(float, values[0]), strict=True))
            for side, values in flat.items()}
