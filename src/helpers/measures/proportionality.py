"""How good is import proportionality? A test on tables that publish the split.

NBS's 42-sector tables of 2017, 2018 and 2020 book imported and domestic flows apart. Summing
each product's imported intermediate flows and spreading them over its users in proportion to
their purchases (every industry buying the same imported share of a product) gives the
estimate the book makes for tables without the split; comparing the measures on the
estimate with the same measures on the published split shows the error of the assumption
that every user imports alike (the imported total of each product is right by construction).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from helpers.data import catalog
from helpers.data.iotable import IOTable
from helpers.errors import TableValidationError
from helpers.measures import extraction, leontief, linkages
from helpers.measures.definitions import DEFAULT

DOMESTIC = DEFAULT.but(origin="domestic")


def proportional_twin(table: IOTable) -> IOTable:
    """The table with its published import split replaced by import proportionality over
    intermediate users (each product's imported share of intermediate use, applied to every
    industry alike)."""
    if table.Z_imported is None:
        raise TableValidationError(f"{table.label} publishes no import split to test against; "
                                   "sources with one: nbs42, wiod")
    used = table.Z.sum(axis=1)
    share = (table.Z_imported.sum(axis=1) / used.where(used > 0)).fillna(0.0).clip(0.0, 1.0)
    return replace(table, Z_imported=table.Z.mul(share, axis=0))


def measures(table: IOTable) -> dict[str, float]:
    """The domestic-basis measures the book reads: the extractions, the total requirement and
    the forward index of scientific and technical services."""
    ex = extraction.extraction(table, DOMESTIC)
    req = leontief.ps_requirements(table, DOMESTIC)
    return {"loss_of_output": ex["loss_of_output"], "ps_output_pulled": ex["ps_output_pulled"],
            "mfg_output_supported": ex["mfg_output_supported"], "total": req["total"],
            "science_tech_forward": linkages.linkages(table, DOMESTIC)["forward"]["science_tech"]}


def comparison(keys: list[catalog.TableKey]) -> pd.DataFrame:
    """One row per table and measure: the value on the published split, on the proportional
    estimate, and their difference."""
    rows = []
    for key in keys:
        table = catalog.load(key)
        published, estimated = measures(table), measures(proportional_twin(table))
        rows += [{"year": key.year, "measure": m, "published": published[m],
                  "proportional": estimated[m],
                  "difference": estimated[m] - published[m]} for m in published]
    out = pd.DataFrame(rows)
    if not np.isfinite(out[["published", "proportional"]].to_numpy()).all():
        raise TableValidationError("a measure is not finite on one of the tables")
    return out
