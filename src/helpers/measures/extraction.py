"""Hypothetical extraction of producer services (Dietzenbacher, van der Linden and Steenge
1993; Miller and Lahr 2001; Miller and Blair 2009, section 12.2).

Full extraction. Every producer-service sector's row and column of ``A`` are removed (its
sales to, and purchases from, every sector, the block's own transactions included), final
demand ``f`` stays as it is, and output becomes ``x_e = (I - A_e)^-1 f``. A sector counted
only in part (a combined wholesale and retail sector, with the wholesale share ``w``) keeps
``1 - w`` of its row and of its column. Final demand is the one the table implies
(:mod:`helpers.measures.system`). In this demand-driven model, removing producer services'
*sales* changes no other sector's output (their buyers simply need less of them), so the
manufacturing output lost is the output that producer services' own *purchases* call forth,
directly and through other sectors: manufacturing output absorbed by producer services'
input needs. ``loss_of_output`` is that loss per unit of manufacturing output (the reading
the book uses); ``loss_share`` is the same loss per unit of manufacturing's final demand,
which is net of imports in a competitive-import table and can be small or negative, so it is
kept for reference only.

Two partial extractions answer the questions about manufacturing and producer services
directly, each removing only manufacturing's purchases from producer services (the
producer-service rows in the manufacturing columns):

- ``ps_output_pulled``, demand-driven: the share of producer services' output that exists
  because manufacturing buys services, directly and through the services' own supply
  chains (``A`` with the block removed, ``f`` fixed).
- ``mfg_output_supported``, supply-driven (Ghosh): the share of manufacturing output that
  producer services' supply to manufacturing supports, directly and downstream, with every
  sector's primary inputs fixed (``B = Z / x`` by row with the block removed,
  ``x' = v (I - B_e)^-1``). It rests on Ghosh's assumption of fixed output shares, so it is
  an index of dependence, not a forecast.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.measures import core, system
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.leontief import check_square


def extracted(A: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """``A`` with each sector's row and column scaled by its kept part (tables x sectors;
    0 removes a sector's row and column, 1 keeps them)."""
    return kept[:, :, None] * A * kept[:, None, :]


def without_block(C: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Coefficients ``C`` (tables x sectors x sectors) less the block of ``rows`` (each
    sector's part, 0 to 1) in ``columns`` (0 or 1): ``C * (1 - rows columns')``."""
    return C * (1.0 - np.outer(rows, columns))[None]


def extraction_results(stack: TableStack, definition: Definition = DEFAULT,
                       cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Full and partial extraction per table: ``loss`` (manufacturing output lost under full
    extraction, in the table's unit), ``loss_of_output`` and ``loss_share`` (that loss per
    unit of manufacturing output and of its final demand), ``ps_output_pulled`` and
    ``mfg_output_supported`` (the partial extractions, shares of output)."""
    check_square(stack)
    arr = core.arrays_for(stack, definition, cls)
    Z = system.flows(stack, definition)
    A = system.input_coefficients(Z, stack.x)
    f = system.final_demand(Z, stack.x)
    ps = arr.W_products.sum(axis=1)
    kept = np.broadcast_to(1.0 - ps, stack.x.shape)
    x = system.solve(A, f)  # equals the table's output, up to rounding
    x_e = system.solve(extracted(A, kept), f)
    loss = (x - x_e)[:, arr.mfg].sum(axis=1)
    mfg = np.zeros(len(ps))
    mfg[arr.mfg] = 1.0
    x_pulled = system.solve(without_block(A, ps, mfg), f)
    ps_output = x @ ps
    B = system.output_coefficients(Z, stack.x)
    v = stack.x - Z.sum(axis=1)  # primary inputs (with imports, on the domestic basis)
    x_pushed = system.solve(without_block(B, ps, mfg).transpose(0, 2, 1), v)
    mfg_output = x[:, arr.mfg].sum(axis=1)
    return {"loss": loss, "loss_share": core.ratio(loss, f[:, arr.mfg].sum(axis=1)),
            "loss_of_output": core.ratio(loss, mfg_output),
            "ps_output_pulled": core.ratio((x - x_pulled) @ ps, ps_output),
            "mfg_output_supported": core.ratio((x - x_pushed)[:, arr.mfg].sum(axis=1),
                                               mfg_output)}


def extraction(table: IOTable, definition: Definition = DEFAULT,
               cls: pd.DataFrame | None = None) -> dict[str, float]:
    """:func:`extraction_results` of one table, as numbers."""
    flat = extraction_results(TableStack.of(table), definition, cls)
    return {k: float(v[0]) for k, v in flat.items()}
