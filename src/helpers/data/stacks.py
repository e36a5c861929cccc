"""Tables of one source file as arrays: a stack of same-shaped tables of one scheme.

A :class:`TableStack` holds every table one parse of raw files yields (one NBS table, 24 OECD
years of a country, 15 WIOD years of a country, 12 BEA years), with the intermediate flows as
a (tables, products, industries) array, the industry rows as (tables, industries) arrays and,
where the source gives them, exports of domestic products as a (tables, products) array.
It is what the parsed-table cache stores and what the vectorised measures read; an
:class:`~helpers.data.iotable.IOTable` of one of its tables is a labelled view.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.data import npz
from helpers.data.iotable import IOTable
from helpers.errors import TableValidationError

_ARRAYS = ("Z", "tii", "va", "x")


class Keyed:
    """Rows identified by ``source`` and per-row ``countries`` and ``years``."""

    source: str
    countries: tuple[str, ...]
    years: tuple[int, ...]

    def __len__(self) -> int:
        return len(self.years)

    @property
    def keys(self) -> list[tuple[str, str, int]]:
        """(source, country, year) of every row, in order."""
        return [(self.source, c, y) for c, y in zip(self.countries, self.years, strict=True)]

    @property
    def labels(self) -> list[str]:
        return [f"{s} {c} {y}" for s, c, y in self.keys]


@dataclass(frozen=True, eq=False)
class TableStack(Keyed):
    """Same-scheme tables of one source, stacked along a first axis."""

    source: str
    scheme: str
    unit: str
    currency: str
    countries: tuple[str, ...]
    years: tuple[int, ...]
    products: tuple[str, ...]
    industries: tuple[str, ...]
    Z: np.ndarray
    tii: np.ndarray
    va: np.ndarray
    x: np.ndarray
    Z_imported: np.ndarray | None = None
    exports: np.ndarray | None = None
    import_share: np.ndarray | None = None
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        t, p, n = len(self.years), len(self.products), len(self.industries)
        shapes = {"Z": (t, p, n), "tii": (t, n), "va": (t, n), "x": (t, n)}
        if self.Z_imported is not None:
            shapes["Z_imported"] = (t, p, n)
        for optional in ("exports", "import_share"):
            if getattr(self, optional) is not None:
                shapes[optional] = (t, p)
        bad = [f"{k} is {getattr(self, k).shape}, expected {v}" for k, v in shapes.items()
               if getattr(self, k).shape != v]
        if len(self.countries) != t:
            bad.append(f"{len(self.countries)} countries for {t} tables")
        if bad:
            raise TableValidationError(f"{self.source} stack is malformed: " + "; ".join(bad))

    @property
    def is_square(self) -> bool:
        return self.products == self.industries

    @cached_property
    def Z_domestic(self) -> np.ndarray | None:
        return None if self.Z_imported is None else self.Z - self.Z_imported

    def table(self, i: int) -> IOTable:
        """Table ``i`` as a labelled :class:`IOTable` (already validated when parsed)."""
        prod, ind = pd.Index(self.products), pd.Index(self.industries)

        def series(a: np.ndarray) -> pd.Series:
            return pd.Series(a[i], index=ind)

        return IOTable(
            source=self.source, country=self.countries[i], year=self.years[i], unit=self.unit,
            currency=self.currency, scheme=self.scheme,
            Z=pd.DataFrame(self.Z[i], index=prod, columns=ind), tii=series(self.tii),
            va=series(self.va), x=series(self.x),
            Z_imported=(None if self.Z_imported is None
                        else pd.DataFrame(self.Z_imported[i], index=prod, columns=ind)),
            exports=None if self.exports is None else pd.Series(self.exports[i], index=prod),
            import_share=(None if self.import_share is None
                          else pd.Series(self.import_share[i], index=prod)),
            notes=self.notes,
        )

    @classmethod
    def from_tables(cls, tables: list[IOTable]) -> TableStack:
        """Stack tables that share source, scheme, unit and sector codes."""
        if not tables:
            raise TableValidationError("no tables to stack")
        first = tables[0]
        for t in tables[1:]:
            same = (t.source, t.scheme, t.unit, list(t.products), list(t.industries)) == (
                first.source, first.scheme, first.unit, list(first.products),
                list(first.industries))
            if not same:
                raise TableValidationError(f"{t.label} cannot be stacked with {first.label}: "
                                           "source, scheme, unit or sector codes differ")
        imported = [t.Z_imported for t in tables]
        exports = [t.exports for t in tables]
        shares = [t.import_share for t in tables]
        return cls(
            source=first.source, scheme=first.scheme, unit=first.unit, currency=first.currency,
            countries=tuple(t.country for t in tables), years=tuple(t.year for t in tables),
            products=tuple(map(str, first.products)), industries=tuple(map(str, first.industries)),
            Z=np.stack([t.Z.to_numpy(dtype=float) for t in tables]),
            tii=np.stack([t.tii.to_numpy(dtype=float) for t in tables]),
            va=np.stack([t.va.to_numpy(dtype=float) for t in tables]),
            x=np.stack([t.x.to_numpy(dtype=float) for t in tables]),
            Z_imported=(None if any(z is None for z in imported)
                        else np.stack([z.to_numpy(dtype=float) for z in imported])),
            exports=(None if any(e is None for e in exports)
                     else np.stack([e.to_numpy(dtype=float) for e in exports])),
            import_share=(None if any(m is None for m in shares)
                          else np.stack([m.to_numpy(dtype=float) for m in shares])),
            notes=first.notes,
        )

    @classmethod
    def concat(cls, stacks: list[TableStack]) -> TableStack:
        """One stack of the tables of several with the same source, scheme, unit and codes."""
        first = stacks[0]
        for st in stacks[1:]:
            if (st.source, st.scheme, st.unit, st.products, st.industries) != (
                    first.source, first.scheme, first.unit, first.products, first.industries):
                raise TableValidationError(f"{st.labels[0]} cannot be stacked with "
                                           f"{first.labels[0]}: source, scheme, unit or sector "
                                           "codes differ")
        if len(stacks) == 1:
            return first
        imported = [st.Z_imported for st in stacks]
        exports = [st.exports for st in stacks]
        shares = [st.import_share for st in stacks]
        return cls(
            source=first.source, scheme=first.scheme, unit=first.unit, currency=first.currency,
            countries=tuple(c for st in stacks for c in st.countries),
            years=tuple(y for st in stacks for y in st.years), products=first.products,
            industries=first.industries, Z=np.concatenate([st.Z for st in stacks]),
            tii=np.concatenate([st.tii for st in stacks]),
            va=np.concatenate([st.va for st in stacks]),
            x=np.concatenate([st.x for st in stacks]),
            Z_imported=(None if any(z is None for z in imported)
                        else np.concatenate(imported)),
            exports=None if any(e is None for e in exports) else np.concatenate(exports),
            import_share=None if any(m is None for m in shares) else np.concatenate(shares),
            notes=first.notes,
        )

    @classmethod
    def of(cls, table: IOTable) -> TableStack:
        """A stack of one table."""
        return cls.from_tables([table])

    def to_bytes(self) -> bytes:
        """The stack as the bytes of an ``.npz`` file."""
        meta = {k: getattr(self, k) for k in ("source", "scheme", "unit", "currency",
                                               "countries", "years", "products",
                                               "industries", "notes")}
        arrays = {k: getattr(self, k) for k in _ARRAYS}
        for optional in ("Z_imported", "exports", "import_share"):
            if getattr(self, optional) is not None:
                arrays[optional] = getattr(self, optional)
        return npz.dumps(meta, arrays)

    @classmethod
    def from_bytes(cls, data: bytes) -> TableStack:
        """The stack :meth:`to_bytes` wrote."""
        meta, arrays = npz.loads(data)
        return cls(
            source=meta["source"], scheme=meta["scheme"], unit=meta["unit"],
            currency=meta["currency"], countries=tuple(meta["countries"]),
            years=tuple(int(y) for y in meta["years"]), products=tuple(meta["products"]),
            industries=tuple(meta["industries"]), Z_imported=arrays.get("Z_imported"),
            exports=arrays.get("exports"), import_share=arrays.get("import_share"),
            notes=tuple(meta["notes"]), **{k: arrays[k] for k in _ARRAYS},
        )

    def describe(self) -> dict:
        """What the stack holds, as a cache entry records it: its tables and their shape."""
        return {"tables": sorted(list(k) for k in self.keys), "shape": list(self.Z.shape)}

    def save(self, path: Path) -> None:
        """Write the stack to an ``.npz`` file."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(self.to_bytes())

    @classmethod
    def load(cls, path: Path) -> TableStack:
        """Read a stack written by :meth:`save`."""
        return cls.from_bytes(path.read_bytes())
