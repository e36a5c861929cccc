"""China's break in the treatment of research and development (R&D), and a series on one
treatment.

From the 2017 table on, NBS records R&D as fixed capital formation (SNA 2008): the R&D
product is sold almost entirely to final demand, and industries' purchases of it are no longer
intermediate input. Earlier tables (SNA 1993) book most R&D as intermediate input of the
industries that buy it. A series across the break therefore shows a collapse of R&D's
intermediate sales (and of the forward linkage of scientific and technical services) that is
a change of accounting, not of the economy.

:func:`capitalise_rd` puts an earlier table on the later treatment: the R&D product's
intermediate sales leave the flows and join the buying industries' value added (as
capitalised R&D does: intermediate consumption falls, gross value added rises, output is
unchanged), and the product's output goes to final demand. Tables whose scheme already
capitalises R&D are returned unchanged; a scheme whose R&D is not a separate product cannot be
harmonised, and is an error naming the schemes that can.
"""

from __future__ import annotations

from dataclasses import replace

from helpers.data.iotable import IOTable
from helpers.errors import HelpersError

#: The R&D product of every NBS scheme whose tables expense R&D (before the 2017 table).
EXPENSED_RD = {"nbs_2002_122": "110", "nbs_2005_42": "35", "nbs_2007_135": "117",
               "nbs_2010_41": "34", "nbs_2012_139": "122"}
#: Schemes that expense R&D but book it together with technical services in one product.
NOT_SEPARABLE = {"nbs_2015_42": "36"}
#: Schemes whose tables already capitalise R&D (SNA 2008).
CAPITALISED = ("nbs_2017_149", "nbs_2018_153", "nbs_2017_42")


class RDBreakError(HelpersError):
    """A table that cannot be put on the capitalised treatment of R&D."""


def capitalise_rd(table: IOTable) -> IOTable:
    """The table with R&D treated as fixed capital formation (see the module's note)."""
    if table.scheme in CAPITALISED:
        return table
    if table.scheme not in EXPENSED_RD:
        why = ("books R&D together with technical services"
               if table.scheme in NOT_SEPARABLE else "is not a scheme this module knows")
        raise RDBreakError(f"{table.label} ({table.scheme}) {why}; schemes that can be "
                           f"harmonised: {', '.join([*EXPENSED_RD, *CAPITALISED])}")
    code = EXPENSED_RD[table.scheme]
    sold = table.Z.loc[code]
    Z = table.Z.copy()
    Z.loc[code] = 0.0
    imported = None
    if table.Z_imported is not None:
        imported = table.Z_imported.copy()
        imported.loc[code] = 0.0
    return replace(table, Z=Z, Z_imported=imported, tii=table.tii - sold, va=table.va + sold,
                   notes=(*table.notes, f"R&D (product {code}) capitalised: its intermediate "
                          "sales moved to the buyers' value added"))


def harmonisable(table: IOTable) -> bool:
    """Whether :func:`capitalise_rd` can put the table on the capitalised treatment."""
    return table.scheme in EXPENSED_RD or table.scheme in CAPITALISED
