"""A definition sweep: every combination of the :class:`Definition` switches over the whole
panel, to show how much each definitional choice moves each table's numbers.

The switches are the yes/no choices of the definition and its technology presets:
passenger transport, trade scope, repair, waste recycling, origin of inputs, denominator and
the four technology-level presets (2^6 x 4 = 256 variants). Each variant is one pass of the
vectorised core over every source-and-scheme stack; the Leontief inverses are computed once
per stack and origin and reused. Domestic-origin variants of tables without a published import
split are missing (NaN), not errors: the sweep does not estimate one by proportionality.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from helpers.data import catalog
from helpers.data.stacks import TableStack
from helpers.measures import core
from helpers.measures.definitions import INTENSITY_PRESETS, Definition

#: Each switch and its values; ``intensity`` names a preset of :data:`INTENSITY_PRESETS`.
SWITCHES: dict[str, tuple] = {
    "passenger_transport": (True, False),
    "trade_scope": ("wholesale", "wholesale_retail"),
    "include_repair": (True, False),
    "include_waste": (True, False),
    "origin": ("total", "domestic"),
    "denominator": ("tii", "flows"),
    "intensity": tuple(INTENSITY_PRESETS),
}


def definition_of(choice: dict) -> Definition:
    """The :class:`Definition` of one combination of switch values."""
    taxonomy, intensity = INTENSITY_PRESETS[choice["intensity"]]
    rest = {k: v for k, v in choice.items() if k != "intensity"}
    return Definition(taxonomy=taxonomy, intensity=intensity, **rest)


def variants() -> list[dict]:
    """Every combination of the switches, in a fixed order (the default first)."""
    names = list(SWITCHES)
    return [dict(zip(names, values, strict=True))
            for values in itertools.product(*SWITCHES.values())]


def _results(stack: TableStack, definition: Definition) -> dict[str, np.ndarray]:
    n = len(stack)
    if definition.origin == "domestic" and stack.Z_imported is None:
        out = {f: np.full(n, np.nan) for f in core.INPUT_FIELDS}
    else:
        out = core.input_results(stack, definition)
    out.update(core.value_added_results(stack, definition))
    if stack.is_square and not (definition.origin == "domestic" and stack.Z_imported is None):
        out.update({f"leontief.{k}": v
                    for k, v in core.leontief_results(stack, definition).items()})
    else:
        out.update({f"leontief.{k}": np.full(n, np.nan) for k in core.LEONTIEF_FIELDS})
    return out


def sweep(choices: list[dict] | None = None) -> pd.DataFrame:
    """Every table's results under every variant (default: all of :func:`variants`): one row
    per variant and table, the switch values first, then the table, then the results."""
    choices = variants() if choices is None else choices
    stacks = catalog.scheme_stacks()
    ids = {"source": np.concatenate([[st.source] * len(st) for st in stacks]),
           "country": np.concatenate([st.countries for st in stacks]),
           "year": np.concatenate([st.years for st in stacks])}
    per_variant = len(ids["year"])
    columns: dict[str, list[np.ndarray]] = {}
    for choice in choices:
        definition = definition_of(choice)
        parts = [_results(st, definition) for st in stacks]
        for field in parts[0]:
            columns.setdefault(field, []).append(np.concatenate([p[field] for p in parts]))
    frame: dict[str, object] = {"variant": np.repeat(np.arange(len(choices)), per_variant)}
    for name in SWITCHES:
        frame[name] = np.repeat([c[name] for c in choices], per_variant)
    for name, values in ids.items():
        frame[name] = np.tile(values, len(choices))
    frame.update({field: np.concatenate(parts) for field, parts in columns.items()})
    return pd.DataFrame(frame)
