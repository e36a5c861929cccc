"""Evidence for the wholesale share of a combined wholesale-and-retail sector.

China's NBS tables have one sector for wholesale and retail trade, and the book counts half
of it as wholesale (``Definition.wholesale_share_of_combined``, the value of the report's
Table 5 note). Tables that split the two, NBS's own detailed tables from 2017 on among them,
give the share directly: wholesale's part of the two sectors' output, and of their sales to
manufacturing (the flows the report's ratio counts).
"""

from __future__ import annotations

import pandas as pd

from helpers.data import catalog
from helpers.data.stacks import TableStack
from helpers.errors import TableValidationError
from helpers.measures import core
from helpers.measures.definitions import DEFAULT

#: The wholesale and the retail sector (motor-vehicle trade excluded) of schemes that split
#: them: NBS's detailed tables from 2017 on, and WIOD.
SPLIT_SECTORS = {"nbs_2017_149": ("105", "106"), "nbs_2018_153": ("109", "110"),
                 "wiod_56": ("G46", "G47")}


def wholesale_shares(keys: list[catalog.TableKey]) -> pd.DataFrame:
    """One row per table: wholesale's share of wholesale plus retail output
    (``output_share``) and of their sales to manufacturing (``sales_to_mfg_share``)."""
    rows = []
    for key in keys:
        table = catalog.load(key)
        if table.scheme not in SPLIT_SECTORS:
            raise TableValidationError(
                f"{table.label}: scheme {table.scheme} does not split wholesale and retail; "
                f"schemes that do: {', '.join(SPLIT_SECTORS)}")
        w, r = SPLIT_SECTORS[table.scheme]
        mfg = core.arrays_for(TableStack.of(table), DEFAULT).mfg
        to_mfg = table.Z.iloc[:, mfg].sum(axis=1)
        rows.append({"source": key.source, "country": key.country, "year": key.year,
                     "output_share": table.x[w] / (table.x[w] + table.x[r]),
                     "sales_to_mfg_share": to_mfg[w] / (to_mfg[w] + to_mfg[r])})
    return pd.DataFrame(rows)
