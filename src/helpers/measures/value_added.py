"""Producer-service against manufacturing value added for one economy-year, from any source:
the value-added row of an input-output table, or a value-added panel (no inter-sector flows).

The results carry the names :func:`helpers.measures.indicators.indicators` gives them
(``ps_va``, ``mfg_va``, ``ps_to_mfg_ratio``, the shares of total value added and the
seven-category composition), computed by the same code (:func:`core.value_added_arrays`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data import catalog
from helpers.data.iotable import IOTable
from helpers.data.value_added import ValueAddedPanel
from helpers.errors import UnknownTableError
from helpers.measures import core
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.indicators import nest, value_added_summary


def panel_results(panel: ValueAddedPanel, definition: Definition = DEFAULT,
                  cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """The value-added results of every economy-year of a panel, one entry per row."""
    arr = (core.scheme_arrays(panel.scheme, panel.sectors, panel.sectors, definition)
           if cls is None else
           core.build_scheme_arrays(cls, panel.scheme, panel.sectors, panel.sectors, definition))
    return core.value_added_arrays(panel.va, arr)


def panel_frame(panel: ValueAddedPanel, definition: Definition = DEFAULT) -> pd.DataFrame:
    """One row per economy-year of a panel: its identity and value-added results."""
    return pd.DataFrame({"source": panel.source, "country": list(panel.countries),
                         "year": list(panel.years), "unit": panel.unit,
                         "currency": panel.currency, **panel_results(panel, definition)})


def of_panel(panel: ValueAddedPanel, country: str, year: int,
             definition: Definition = DEFAULT) -> dict:
    """The value-added results of one economy-year of a panel, with its identity."""
    try:
        i = panel.row(country, year)
    except KeyError:
        raise UnknownTableError(f"the {panel.source} panel holds no {country} {year}") from None
    flat = {k: float(v[i]) for k, v in panel_results(panel, definition).items()}
    return {"country": country, "year": year, "source": panel.source, "unit": panel.unit,
            "currency": panel.currency, **nest(flat)}


def of_table(table: IOTable, definition: Definition = DEFAULT) -> dict:
    """The value-added results of one input-output table, with its identity."""
    return {"country": table.country, "year": table.year, "source": table.source,
            "unit": table.unit, "currency": table.currency,
            **value_added_summary(table, definition)}


def of_key(key: catalog.TableKey, definition: Definition = DEFAULT) -> dict:
    """The value-added results of a catalogue key: a table's, or a panel's economy-year."""
    if key.source in catalog.PANEL_SOURCES:
        return of_panel(catalog.panel_of(key.source), key.country, key.year, definition)
    return of_table(catalog.load(key), definition)
