"""Structural decomposition (结构分解) of the change in producer-service inputs into
manufacturing between two tables.

Both tables are first aggregated to one common set of nine sectors: the seven producer-service
categories, manufacturing (in the definition's range) and everything else, so tables with
different classifications compare (a sector counted in part, such as a combined wholesale and
retail sector, is split by its weight; the rest of it goes to "other"). On that table,
producer-service inputs into manufacturing are ``P = a_pm x_m``, with ``a_pm`` the summed
input coefficients of the seven categories in manufacturing and ``x = L f``. So ``P = g f``
with ``g = a_pm L[m, :]`` (technology: the coefficients, directly and through the inverse),
and ``f = l s``: the level of final demand ``l = sum(f)`` and its structure ``s = f / l``.

The change ``P1 - P0`` is split into the three effects by the two polar decompositions
(technology first with the start year's weights for the rest, and its mirror image) and their
average (Dietzenbacher and Los 1998). Each polar form, hence the average, adds up to the
observed change exactly.

Technology is two effects, since ``g = a r`` with ``a = a_pm`` and ``r = L[m, :]``:
``technology_intensity``, the change in manufacturing's producer-service coefficients (how
much it buys per unit of output), and ``technology_linkage``, the change in manufacturing's
row of the Leontief inverse (how much manufacturing output each unit of final demand calls
forth, through every other sector's coefficients). Within each polar form, technology's
change ``a1 r1 - a0 r0`` is split by the average of the two orderings of ``a`` and ``r``:
``(a1 - a0) (r0 + r1) / 2`` and ``(a0 + a1) / 2 (r1 - r0)``, which add up to it exactly, so
the two parts add up to ``technology``.

Values are in the tables' unit and at current prices (nominal): a level effect includes
inflation, and relative price changes fall into all three effects.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.errors import HelpersError
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square

#: The common sectors both tables are aggregated to.
SECTORS = (*core.CATEGORIES, "manufacturing", "other")
MFG = SECTORS.index("manufacturing")
EFFECTS = ("technology", "final_demand_structure", "final_demand_level")
#: The two parts of the technology effect.
TECHNOLOGY_PARTS = ("technology_intensity", "technology_linkage")


class IncomparableTablesError(HelpersError):
    """Two tables that cannot be decomposed against each other."""


@dataclass(frozen=True)
class Aggregated:
    """One table on the common sectors: flows ``Z`` (9 x 9) and output ``x``."""

    label: str
    year: int
    unit: str
    Z: np.ndarray
    x: np.ndarray

    @property
    def A(self) -> np.ndarray:
        return system.input_coefficients(self.Z[None], self.x[None])[0]

    @property
    def f(self) -> np.ndarray:
        return system.final_demand(self.Z[None], self.x[None])[0]

    @property
    def ps_inputs(self) -> float:
        """Producer-service inputs into manufacturing."""
        return float(self.Z[:MFG, MFG].sum())


def aggregator(stack: TableStack, definition: Definition = DEFAULT,
               cls: pd.DataFrame | None = None) -> np.ndarray:
    """The (9 x sectors) matrix that sums a table's sectors into :data:`SECTORS`; each
    column sums to one."""
    arr = core.arrays_for(stack, definition, cls)
    S = np.zeros((len(SECTORS), len(stack.products)))
    S[:MFG] = arr.W_products.T
    S[MFG, arr.mfg] = 1.0
    S[-1] = 1.0 - S[:-1].sum(axis=0)
    return S


def aggregate(table: IOTable, definition: Definition = DEFAULT,
              cls: pd.DataFrame | None = None) -> Aggregated:
    """A square table on the common sectors, with flows of the definition's origin."""
    stack = TableStack.of(table)
    check_square(stack)
    S = aggregator(stack, definition, cls)
    Z = system.flows(stack, definition)[0]
    return Aggregated(label=table.label, year=table.year, unit=table.unit, Z=S @ Z @ S.T,
                      x=S @ stack.x[0])


def _technology(A: np.ndarray) -> tuple[float, np.ndarray]:
    """``a = a_pm`` and ``r = L[m, :]``, so that ``g = a r`` is producer-service input into
    manufacturing per unit of each sector's final demand."""
    L = system.inverse(A[None])[0]
    return float(A[:MFG, MFG].sum()), L[MFG]


def polar(g0: np.ndarray, s0: np.ndarray, l0: float, g1: np.ndarray, s1: np.ndarray,
          l1: float, first: bool) -> dict[str, float]:
    """One polar decomposition of ``g1 s1 l1 - g0 s0 l0``: ``first`` weighs technology's change
    at the start year's structure and level, structure's at the end year's technology and
    start level, level's at the end year's technology and structure; the other the reverse."""
    if first:
        return {"technology": (g1 - g0) @ s0 * l0, "final_demand_structure": g1 @ (s1 - s0) * l0,
                "final_demand_level": g1 @ s1 * (l1 - l0)}
    return {"technology": (g1 - g0) @ s1 * l1, "final_demand_structure": g0 @ (s1 - s0) * l1,
            "final_demand_level": g0 @ s0 * (l1 - l0)}


def technology_parts(a0: float, r0: np.ndarray, a1: float, r1: np.ndarray,
                     weights: np.ndarray) -> dict[str, float]:
    """Technology's change ``(a1 r1 - a0 r0) @ weights`` split into intensity and linkage
    parts, each the average over the two orderings of ``a`` and ``r``."""
    return {"technology_intensity": float((a1 - a0) * (r0 + r1) / 2 @ weights),
            "technology_linkage": float((a0 + a1) / 2 * (r1 - r0) @ weights)}


def decompose_aggregated(start: Aggregated, end: Aggregated) -> dict:
    """The three effects (average of the two polar forms), technology's two parts, the
    observed ``total_change``, ``start`` and ``end`` values, both polar forms and the unit."""
    if start.unit != end.unit:
        raise IncomparableTablesError(
            f"{start.label} is in {start.unit} and {end.label} in {end.unit}: decompose "
            "tables in the same unit")
    parts = []
    for table in (start, end):
        f = table.f
        level = float(f.sum())
        a, r = _technology(table.A)
        parts.append((a, r, f / level, level))
    (a0, r0, s0, l0), (a1, r1, s1, l1) = parts
    g0, g1 = a0 * r0, a1 * r1
    forms = [polar(g0, s0, l0, g1, s1, l1, first) for first in (True, False)]
    for form, weights in zip(forms, (s0 * l0, s1 * l1), strict=True):
        form.update(technology_parts(a0, r0, a1, r1, weights))
    names = (*EFFECTS, *TECHNOLOGY_PARTS)
    out: dict = {k: float((forms[0][k] + forms[1][k]) / 2) for k in names}
    out.update(total_change=end.ps_inputs - start.ps_inputs, start=start.ps_inputs,
               end=end.ps_inputs, unit=start.unit, prices="current (nominal)",
               polar_start_weights={k: float(forms[0][k]) for k in names},
               polar_end_weights={k: float(forms[1][k]) for k in names})
    return out


def decompose(start: IOTable, end: IOTable, definition: Definition = DEFAULT,
              cls: tuple[pd.DataFrame | None, pd.DataFrame | None] = (None, None)) -> dict:
    """:func:`decompose_aggregated` of two tables (``start`` the earlier) on the common
    sectors; ``cls`` optionally gives each table's classification."""
    if start.year >= end.year:
        raise IncomparableTablesError(
            f"the start table ({start.label}) must be earlier than the end table ({end.label})")
    return decompose_aggregated(aggregate(start, definition, cls[0]),
                                aggregate(end, definition, cls[1]))
