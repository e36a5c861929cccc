"""Value-added panels: output, intermediate input and value added by economy, year and sector,
for sources that publish no inter-sector flows (so no input-output table).

A :class:`ValueAddedPanel` holds one row per economy-year and one column per sector for each
measure, like a :class:`~helpers.data.stacks.TableStack` without ``Z``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from helpers.data import npz
from helpers.data.iotable import check_identity
from helpers.data.stacks import Keyed
from helpers.errors import TableValidationError

#: The measures a panel holds, each (rows, sectors).
MEASURES = ("output", "intermediate", "va", "final_demand", "exports")
_META = ("source", "scheme", "unit", "currency", "countries", "years", "sectors", "notes")


@dataclass(frozen=True, eq=False)
class ValueAddedPanel(Keyed):
    """Economy-years (rows) by sectors (columns) of one source and sector scheme.

    ``output`` is gross output, ``intermediate`` intermediate input, ``va`` value added (so
    ``output = intermediate + va``), ``final_demand`` sales to final users (domestic and
    foreign) and ``exports`` sales abroad (intermediate and final).
    """

    source: str
    scheme: str
    unit: str
    currency: str
    countries: tuple[str, ...]
    years: tuple[int, ...]
    sectors: tuple[str, ...]
    output: np.ndarray
    intermediate: np.ndarray
    va: np.ndarray
    final_demand: np.ndarray
    exports: np.ndarray
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        shape = (len(self.years), len(self.sectors))
        bad = [f"{m} is {getattr(self, m).shape}, expected {shape}" for m in MEASURES
               if getattr(self, m).shape != shape]
        if len(self.countries) != len(self.years):
            bad.append(f"{len(self.countries)} countries for {len(self.years)} years")
        if bad:
            raise TableValidationError(f"{self.source} panel is malformed: " + "; ".join(bad))

    @cached_property
    def _rows(self) -> dict[tuple[str, int], int]:
        return {(c, y): i for i, (c, y) in enumerate(zip(self.countries, self.years,
                                                          strict=True))}

    def row(self, country: str, year: int) -> int:
        """Position of an economy-year; ``KeyError`` if the panel does not hold it."""
        return self._rows[(country, year)]

    def frame(self, country: str, year: int) -> pd.DataFrame:
        """One economy-year: sectors (rows) by measures (columns)."""
        i = self.row(country, year)
        return pd.DataFrame({m: getattr(self, m)[i] for m in MEASURES},
                            index=pd.Index(self.sectors, name="sector"))

    def validate(self, rel_tol: float, abs_tol: float = 0.0, where: str = "") -> ValueAddedPanel:
        """Check that every value is finite and ``output = intermediate + va`` per sector
        within ``rel_tol * |output| + abs_tol``; errors name ``where`` and the economy-year."""
        prefix = f"{where}: " if where else ""
        for m in MEASURES:
            values = getattr(self, m)
            if not np.isfinite(values).all():
                i = int(np.flatnonzero(~np.isfinite(values).all(axis=1))[0])
                raise TableValidationError(f"{prefix}{self.labels[i]}: {m} has missing or "
                                           "infinite values")
        labels = [f"{prefix}{label}" for label in self.labels]
        check_identity(labels, list(self.sectors), self.unit, self.output,
                       self.intermediate + self.va - self.output,
                       "intermediate input + value added differs from output", rel_tol, abs_tol)
        return self

    def select(self, mask: np.ndarray) -> ValueAddedPanel:
        """The rows where ``mask`` is true."""
        idx = np.flatnonzero(mask)
        return ValueAddedPanel(
            source=self.source, scheme=self.scheme, unit=self.unit, currency=self.currency,
            countries=tuple(self.countries[i] for i in idx),
            years=tuple(self.years[i] for i in idx), sectors=self.sectors,
            notes=self.notes, **{m: getattr(self, m)[idx] for m in MEASURES},
        )

    @classmethod
    def concat(cls, panels: list[ValueAddedPanel]) -> ValueAddedPanel:
        """The rows of several panels of one source, scheme, unit and sector list."""
        first = panels[0]
        for p in panels[1:]:
            if (p.source, p.scheme, p.unit, p.sectors) != (first.source, first.scheme,
                                                           first.unit, first.sectors):
                raise TableValidationError(f"{p.source} panels cannot be joined: source, "
                                           "scheme, unit or sectors differ")
        return cls(
            source=first.source, scheme=first.scheme, unit=first.unit, currency=first.currency,
            countries=tuple(c for p in panels for c in p.countries),
            years=tuple(y for p in panels for y in p.years), sectors=first.sectors,
            notes=first.notes,
            **{m: np.concatenate([getattr(p, m) for p in panels]) for m in MEASURES},
        )

    def to_bytes(self) -> bytes:
        """The panel as the bytes of an ``.npz`` file."""
        return npz.dumps({k: getattr(self, k) for k in _META},
                         {m: getattr(self, m) for m in MEASURES})

    @classmethod
    def from_bytes(cls, data: bytes) -> ValueAddedPanel:
        """The panel :meth:`to_bytes` wrote."""
        meta, arrays = npz.loads(data)
        fields = {k: tuple(meta[k]) if isinstance(meta[k], list) else meta[k] for k in _META}
        fields["years"] = tuple(int(y) for y in fields["years"])
        return cls(**fields, **{m: arrays[m] for m in MEASURES})

    def describe(self) -> dict:
        """What the panel holds, as a cache entry records it: its rows and their shape."""
        return {"tables": sorted(list(k) for k in self.keys), "shape": list(self.va.shape)}
