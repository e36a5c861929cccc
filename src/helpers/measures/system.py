"""The inter-industry system of square tables, as batched arrays: flows of one origin, input
(Leontief) and output (Ghosh) coefficients, and the final demand that closes the system.

Final demand here is what the table implies, ``f = x - Z 1`` by product: with total flows
(competitive-import form) it is final use plus exports less imports (and any statistical
discrepancy), with domestic flows final use of domestic products plus their exports. Either
way ``x = (I - A)^-1 f`` holds exactly, which the extraction and decomposition rely on.
"""

from __future__ import annotations

import numpy as np

from helpers.data.stacks import TableStack
from helpers.errors import TableValidationError
from helpers.measures.definitions import Definition

#: Sources whose tables split intermediate flows by origin and are square.
DOMESTIC_SOURCES = ("nbs42", "wiod", "prov")
#: Regional tables: their inter-industry system is always the in-province flows, since a
#: province uses far more of some products than it makes (Guangdong's coal), and a Leontief
#: or Ghosh model of all-origin flows would treat what it buys in as its own output.
REGIONAL_SOURCES = ("prov",)
#: The two bases a measure of the system can be asked for.
BASES = ("total", "domestic")
#: What each basis label means, for output and the book.
BASIS_LABELS = {
    "total": "total flows (domestic and imported)",
    "domestic": "domestic flows (the table's own import split)",
    "domestic (import proportionality)": "domestic flows, imports taken out by import "
                                          "proportionality",
    "in-province": "in-province flows (imports and inflows from other provinces taken out by "
                   "proportionality)",
}


def basis(stack: TableStack, definition: Definition) -> str:
    """What the system's flows are: ``total`` (all origins), ``domestic`` (the table's own
    split), ``domestic (import proportionality)`` (estimated from a competitive-import
    table's import column) or ``in-province``."""
    if stack.source in REGIONAL_SOURCES:
        return "in-province"
    if definition.origin == "domestic" and stack.Z_imported is None:
        return "domestic (import proportionality)"
    return definition.origin


def flows(stack: TableStack, definition: Definition) -> np.ndarray:
    """Intermediate flows of the definition's origin: total, or domestic only (the table's
    own split, else the flows less their imported part by import proportionality); for a
    regional table, the in-province flows whatever the origin asked for."""
    if definition.origin == "total" and stack.source not in REGIONAL_SOURCES:
        return stack.Z
    if stack.Z_domestic is not None:
        return stack.Z_domestic
    if stack.import_share is not None:
        return stack.Z * (1.0 - stack.import_share[:, :, None])
    raise TableValidationError(
        f"{stack.labels[0]} has neither an imported-input split nor imports by product: "
        f"only the basis 'total' is available (valid bases: {', '.join(BASES)}; the "
        "domestic basis needs a table with the split, sources "
        f"{', '.join(DOMESTIC_SOURCES)}, or in competitive-import form with an import "
        "column, sources nbs, oecd)")


def _per_unit(values: np.ndarray, x: np.ndarray) -> np.ndarray:
    return np.divide(values, x, out=np.zeros_like(values), where=x > 0)


def input_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``A = Z / x`` by column (zero where a sector has no output)."""
    return _per_unit(Z, x[:, None, :])


def output_coefficients(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Ghosh's ``B = Z / x`` by row: the share of each sector's output sold to each other
    sector (zero where a sector has no output)."""
    return _per_unit(Z, x[:, :, None])


def final_demand(Z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """``f = x - Z 1``: the final demand that closes the system (see the module's note)."""
    return x - Z.sum(axis=2)


def inverse(coefficients: np.ndarray) -> np.ndarray:
    """``(I - C)^-1`` of every table (Leontief for ``A``, Ghosh for ``B``)."""
    eye = np.eye(coefficients.shape[1])
    return np.linalg.inv(eye - coefficients)


def solve(coefficients: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """``(I - C)^-1 v`` of every table, by a batched solve (``vectors``: tables x sectors)."""
    eye = np.eye(coefficients.shape[1])
    return np.linalg.solve(eye - coefficients, vectors[:, :, None])[:, :, 0]
