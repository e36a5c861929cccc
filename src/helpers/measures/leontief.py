"""Direct and total (Leontief) producer-service requirements of manufacturing.

The direct consumption coefficient (直接消耗系数) of product i in industry j is
``a_ij = z_ij / x_j``; the total consumption coefficient (完全消耗系数) is the (i, j) entry of
``(I - A)^-1 - I``: what one unit of j's output needs of i directly and through every round
of intermediate supply. Both are summed over producer-service products and averaged over
manufacturing industries with output weights. Needs a square product-by-product or
industry-by-industry table. The arithmetic is the vectorised core's
(:func:`helpers.measures.core.leontief_results`).
"""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.classify import classification_for
from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.errors import HelpersError
from helpers.measures import core
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.indicators import nest


class NotSquareError(HelpersError):
    """The table's rows and columns are not the same sectors."""


def not_square(stack: TableStack) -> str | None:
    """Why the stack's tables have no Leontief requirements (``None`` when they are square:
    product-by-product or industry-by-industry)."""
    if stack.is_square:
        return None
    return (f"a {len(stack.products)} x {len(stack.industries)} commodity-by-industry table; "
            "Leontief requirements need a square symmetric table (sources "
            f"{', '.join(catalog.SQUARE_SOURCES)})")


def check_square(stack: TableStack) -> None:
    """Raise :class:`NotSquareError`, naming the first table, unless the tables are square."""
    why = not_square(stack)
    if why:
        raise NotSquareError(f"{stack.labels[0]} is {why}")


def coefficients(table: IOTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Direct coefficients ``A`` and total coefficients ``(I - A)^-1 - I``."""
    stack = TableStack.of(table)
    check_square(stack)
    A, total = core.coefficient_stacks(stack)
    idx = table.industries
    return pd.DataFrame(A[0], idx, idx), pd.DataFrame(total[0], idx, idx)


def ps_requirements(table: IOTable, definition: Definition = DEFAULT,
                    cls: pd.DataFrame | None = None) -> dict:
    """Output-weighted producer-service requirements per unit of manufacturing output, direct
    and total, overall and by category."""
    cls = classification_for(table, cls)
    stack = TableStack.of(table)
    check_square(stack)
    flat = core.leontief_results(stack, definition, cls)
    return nest({k: float(v[0]) for k, v in flat.items()})


def square_key(country: str, year: int, source: str | None = None) -> catalog.TableKey:
    """The economy-year's table from ``source``, or without one the first source in the
    catalogue's order whose table is square (an error names the tables there are)."""
    key = catalog.resolve(country, year, source)
    if source is not None:
        return key
    found = [k for k in catalog.available() if (k.country, k.year) == (key.country, year)]
    for k in found:
        if catalog.locate(k)[0].is_square:
            return k
    raise NotSquareError(f"no square table for {key.country} {year}: "
                         f"{', '.join(str(k) for k in found)} "
                         f"{'is' if len(found) == 1 else 'are'} commodity-by-industry")
