"""Direct and total (Leontief) producer-service requirements of manufacturing.

The direct consumption coefficient (直接消耗系数) of product i in industry j is
``a_ij = z_ij / x_j``; the total consumption coefficient (完全消耗系数) is the (i, j) entry of
``(I - A)^-1 - I``: what one unit of j's output needs of i directly and through every round
of intermediate supply. Both are summed over producer-service products and averaged over
manufacturing industries with output weights. Needs a square product-by-product or
industry-by-industry table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.classify import classification_for
from helpers.data.iotable import IOTable
from helpers.errors import HelpersError
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.indicators import manufacturing_industries, ps_weights, with_extra_ps


class NotSquareError(HelpersError):
    """The table's rows and columns are not the same sectors."""


def coefficients(table: IOTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Direct coefficients ``A`` and total coefficients ``(I - A)^-1 - I``."""
    if list(table.products) != list(table.industries):
        raise NotSquareError(
            f"{table.label} is a {len(table.products)} x {len(table.industries)} "
            "commodity-by-industry table; Leontief requirements need a square symmetric table "
            "(sources nbs, nbs42, oecd, wiod)")
    x = table.x.to_numpy(dtype=float)
    safe = np.where(x > 0, x, 1.0)
    A = table.Z.to_numpy(dtype=float) / safe
    A[:, x <= 0] = 0.0
    total = np.linalg.inv(np.eye(len(x)) - A) - np.eye(len(x))
    idx = table.industries
    return pd.DataFrame(A, idx, idx), pd.DataFrame(total, idx, idx)


def ps_requirements(table: IOTable, definition: Definition = DEFAULT,
                    cls: pd.DataFrame | None = None) -> dict:
    """Output-weighted producer-service requirements per unit of manufacturing output, direct
    and total, overall and by category."""
    cls = with_extra_ps(classification_for(table, cls), table.scheme, definition)
    A, total = coefficients(table)
    mfg = manufacturing_industries(cls, table.industries, definition).index
    W = ps_weights(cls, table.products, definition)
    weights = table.x[mfg] / table.x[mfg].sum()
    direct_by_cat = W.T @ A[mfg] @ weights
    total_by_cat = W.T @ total[mfg] @ weights
    return {
        "direct": float(direct_by_cat.sum()),
        "total": float(total_by_cat.sum()),
        "multiplier": float(total_by_cat.sum() / direct_by_cat.sum()),
        "direct_by_category": direct_by_cat.astype(float).to_dict(),
        "total_by_category": total_by_cat.astype(float).to_dict(),
    }
