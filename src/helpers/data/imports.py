"""Imports in tables of competitive-import form, and the domestic estimate they allow.

A competitive-import table books imported and domestic supply of a product in one row. Its
import column gives each product's imports; assuming every user of a product (each industry
and each final buyer at home) takes the same share of it from abroad (import
proportionality), the imported part of every flow is that share of the flow. The share is
``imports / use at home``, use at home being intermediate use plus final use less exports.
"""

from __future__ import annotations

import pandas as pd

from helpers.errors import TableValidationError


def proportional_share(imports: pd.Series, home_use: pd.Series, where: str) -> pd.Series:
    """Each product's imports as a share of its use at home, clipped to [0, 1] (a share above
    one, where re-exported imports exceed the rest of the use, counts as fully imported);
    zero where a product has no use at home. Negative imports are an error naming
    ``where`` and the products."""
    bad = imports.index[imports < 0]
    if len(bad):
        raise TableValidationError(f"{where}: negative imports of {list(bad[:10])}; imports "
                                   "must be booked as positive amounts")
    share = imports / home_use.where(home_use > 0)
    return share.fillna(0.0).clip(0.0, 1.0).astype(float)
