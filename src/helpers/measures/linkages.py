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
table's own sectors, so the average they are relative to is that table's average sector, and a
series of tables with different sector lists mixes averages. :func:`common_linkage_results`
computes them instead on one list every table can be summed to (:data:`COMMON_SECTORS`: the
seven categories, manufacturing by technology level, everything else), so a series compares
like with like.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, Definition
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


#: The common sector list: the seven categories, manufacturing at each technology level of the
#: definition, and the rest of the economy.
COMMON_SECTORS = (*core.CATEGORIES, *(f"manufacturing_{lv}" for lv in INTENSITY_LEVELS),
                  "other")


def common_aggregator(stack: TableStack, definition: Definition = DEFAULT,
                      cls: pd.DataFrame | None = None) -> np.ndarray:
    """The (common sectors x sectors) matrix summing a square table's sectors into
    :data:`COMMON_SECTORS`; each column sums to one."""
    arr = core.arrays_for(stack, definition, cls)
    n_cat = len(core.CATEGORIES)
    S = np.zeros((len(COMMON_SECTORS), len(stack.products)))
    S[:n_cat] = arr.W_products.T
    S[n_cat:n_cat + len(INTENSITY_LEVELS), arr.mfg] = arr.levels
    S[-1] = 1.0 - S[:-1].sum(axis=0)
    return S


def common_linkage_results(stack: TableStack, definition: Definition = DEFAULT,
                           cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """:func:`linkage_results` on the common sector list: each table summed to
    :data:`COMMON_SECTORS` first, and the indices of its seven categories returned."""
    check_square(stack)
    S = common_aggregator(stack, definition, cls)
    Z = np.einsum("cs,tsu,du->tcd", S, system.flows(stack, definition), S)
    x = stack.x @ S.T
    n_cat = len(core.CATEGORIES)
    backward = dispersion(system.inverse(system.input_coefficients(Z, x)), axis=1)
    forward = dispersion(system.inverse(system.output_coefficients(Z, x)), axis=2)
    return {"backward": backward[:, :n_cat], "forward": forward[:, :n_cat]}


def linkages(table: IOTable, definition: Definition = DEFAULT,
             cls: pd.DataFrame | None = None) -> dict[str, dict[str, float]]:
    """One table's category indices: ``{"backward": {category: index}, "forward": {...}}``."""
    flat = linkage_results(TableStack.of(table), definition, cls)
    return {side: dict(zip(core.CATEGORIES, map(float, values[0]), strict=True))
            for side, values in flat.items()}
