"""The Leontief price model: how a change in the price of one producer-service category
passes through to the cost of each manufacturing industry (Miller and Blair 2009, section
2.6; the cost-push form with exogenous prices, section 2.6.3).

Unit prices satisfy ``p' = p' A + v'``: each sector's price is the cost of its inputs per
unit of output plus value added per unit. The sectors of the category are the exogenous
ones: their price changes by ``change`` (a sector counted in part, such as a combined
wholesale and retail sector, by its part of it). Every other sector ``n`` passes on the
change in its input costs, with value added per unit fixed:

- direct: ``dp_n = sum over k of a_kn dp_k``, the first round, the category's share of n's
  costs times the change;
- total: ``dp_N = (I - A_NN')^-1 A_KN' dp_K``, through every round of intermediate supply.

The default basis is domestic (:mod:`helpers.measures.system`): a cut in the price of
services produced at home does not lower the price of imported ones. Results are relative
changes of unit cost (``-0.001`` is a 0.1 % fall), at the table's prices, with no
substitution and no change in margins or wages.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.classify import classification_for
from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.errors import HelpersError
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square

DOMESTIC = DEFAULT.but(origin="domestic")


class PriceShockError(HelpersError):
    """A price change the model cannot take."""


def cost_changes(A: np.ndarray, shocked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Direct and total relative cost change of every sector (one table: ``A`` sectors x
    sectors) when the sectors with a non-zero entry of ``shocked`` change their price by it;
    the shocked sectors' own entries are their given change."""
    K = shocked != 0
    N = ~K
    direct = A.T @ shocked
    total = shocked.astype(float).copy()
    A_NN = A[np.ix_(N, N)]
    total[N] = np.linalg.solve(np.eye(int(N.sum())) - A_NN.T, A[np.ix_(K, N)].T @ shocked[K])
    direct[K] = shocked[K]
    return direct, total


def price_shock(table: IOTable, category: str, change: float,
                definition: Definition = DOMESTIC, cls: pd.DataFrame | None = None) -> dict:
    """The cost change of manufacturing, overall (output-weighted) and by industry, direct and
    total, when ``category``'s price changes by ``change`` (``-0.1``: a 10 % cut)."""
    if category not in core.CATEGORIES:
        raise PriceShockError(f"unknown category {category!r}; valid: "
                              f"{', '.join(core.CATEGORIES)}")
    if not -1.0 < change <= 10.0 or change == 0:
        raise PriceShockError(f"change {change} is not a relative price change in (-1, 10] "
                              "other than 0 (e.g. -0.1 for a 10 % cut)")
    stack = TableStack.of(table)
    check_square(stack)
    arr = core.arrays_for(stack, definition, cls)
    weight = arr.W_products[:, core.CATEGORIES.index(category)]
    if not weight.any():
        raise PriceShockError(f"{table.label} has no sector in category {category!r}")
    Z = system.flows(stack, definition)
    A = system.input_coefficients(Z, stack.x)[0]
    direct, total = cost_changes(A, change * weight)
    mfg = arr.mfg
    x = stack.x[0, mfg]
    named = classification_for(table, cls)
    names = dict(zip(named["code"].astype(str), named["name"], strict=True))
    codes = [stack.industries[j] for j in mfg]
    return {
        "source": table.source, "country": table.country, "year": table.year,
        "basis": system.basis(stack, definition), "category": category, "change": change,
        "manufacturing_cost_change": float(total[mfg] @ x / x.sum()),
        "manufacturing_cost_change_direct": float(direct[mfg] @ x / x.sum()),
        "by_industry": [{"code": c, "name": names.get(c, c), "output_share": float(w),
                         "direct": float(d), "total": float(t)}
                        for c, w, d, t in zip(codes, x / x.sum(), direct[mfg], total[mfg],
                                              strict=True)],
    }


def category_table(table: IOTable, change: float, definition: Definition = DOMESTIC
                   ) -> pd.DataFrame:
    """One row per category: manufacturing's cost change, direct and total, when that
    category's price changes by ``change`` (categories without a sector left out)."""
    rows = []
    stack = TableStack.of(table)
    present = core.arrays_for(stack, definition).W_products.any(axis=0)
    for category, here in zip(core.CATEGORIES, present, strict=True):
        if not here:
            continue
        r = price_shock(table, category, change, definition)
        top = max(r["by_industry"], key=lambda row: row["total"] / change)
        rows.append({"category": category, "direct": r["manufacturing_cost_change_direct"],
                     "total": r["manufacturing_cost_change"], "most_affected": top["name"],
                     "most_affected_code": top["code"], "most_affected_total": top["total"]})
    return pd.DataFrame(rows)
