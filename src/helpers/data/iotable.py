"""One validated structure for every input-output table the book uses."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.errors import TableValidationError


@dataclass(frozen=True)
class IOTable:
    """An input-output table in one currency and unit.

    ``Z`` holds intermediate flows, supplying product (rows) by using industry (columns),
    total of domestic and imported supply. ``Z_imported`` is the imported part where the
    source separates it (``None`` otherwise). ``exports`` are exports of domestically
    produced products, by product, where the source gives them (``None`` otherwise).
    ``import_share`` is, for a table in competitive-import form (imports in the rows, no
    split), each product's imports as a share of its use at home (intermediate and final use,
    exports left out), from the table's own import and use columns (``None`` otherwise): the
    basis of the domestic estimate by import proportionality. ``tii``
    is the source's own total intermediate input per industry, which may exceed ``Z``'s
    column sums by net product taxes or other rows the source books there
    (``other_intermediate``). ``va`` is value added and ``x`` gross output, both by industry.
    """

    source: str
    country: str
    year: int
    unit: str
    currency: str
    scheme: str
    Z: pd.DataFrame
    tii: pd.Series
    va: pd.Series
    x: pd.Series
    Z_imported: pd.DataFrame | None = None
    exports: pd.Series | None = None
    import_share: pd.Series | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def industries(self) -> pd.Index:
        return self.Z.columns

    @property
    def products(self) -> pd.Index:
        return self.Z.index

    @property
    def Z_domestic(self) -> pd.DataFrame:
        """Domestic intermediate flows; equals ``Z`` when the source has no import split."""
        if self.Z_imported is None:
            raise TableValidationError(
                f"{self.label} has no imported-input split: only origin='total' is available"
            )
        return self.Z - self.Z_imported

    @property
    def other_intermediate(self) -> pd.Series:
        """Part of ``tii`` not in ``Z`` (e.g. net taxes on products)."""
        return self.tii - self.Z.sum(axis=0)

    @property
    def label(self) -> str:
        return f"{self.source} {self.country} {self.year}"

    def validate(
        self, rel_tol: float, abs_tol: float = 0.0, other_expected: pd.Series | None = None
    ) -> IOTable:
        """Check shape, labels and balance; raise ``TableValidationError`` listing violations.

        Two identities must hold per industry within ``rel_tol * |x| + abs_tol``: ``tii + va =
        x``, and ``sum(Z) + other_expected = tii``, where ``other_expected`` is what the source
        books in total intermediate input besides the flows (zero if ``None``). ``abs_tol``
        absorbs the rounding of published cells.
        """
        problems: list[str] = []
        ind = self.industries
        for name, s in (("tii", self.tii), ("va", self.va), ("x", self.x)):
            if not s.index.equals(ind):
                problems.append(f"{name} is not indexed by the table's industries")
        if self.Z_imported is not None and not (
            self.Z_imported.index.equals(self.Z.index)
            and self.Z_imported.columns.equals(self.Z.columns)
        ):
            problems.append("Z_imported does not have Z's rows and columns")
        if self.import_share is not None and not (
            self.import_share.index.equals(self.products)
            and bool(((self.import_share >= 0) & (self.import_share <= 1)).all())
        ):
            problems.append("import_share is not a share in [0, 1] of each product")
        if ind.has_duplicates or self.products.has_duplicates:
            problems.append("duplicate sector codes")
        if not np.isfinite(self.Z.to_numpy()).all():
            problems.append("Z has missing or infinite values")
        if problems:
            raise TableValidationError(f"{self.label} is malformed: " + "; ".join(problems))
        other = None if other_expected is None else other_expected.to_numpy(dtype=float)[None]
        check_balance([self.label], list(ind), self.unit, self.Z.to_numpy(dtype=float)[None],
                      self.tii.to_numpy(dtype=float)[None], self.va.to_numpy(dtype=float)[None],
                      self.x.to_numpy(dtype=float)[None], rel_tol, abs_tol, other)
        return self


def check_balance(labels: list[str], industries: list[str], unit: str, Z: np.ndarray,
                  tii: np.ndarray, va: np.ndarray, x: np.ndarray, rel_tol: float,
                  abs_tol: float = 0.0, other_expected: np.ndarray | None = None) -> None:
    """Check the two balance identities of a stack of tables at once.

    ``Z`` is (tables, products, industries), the rest (tables, industries). Per industry,
    ``tii + va = x`` and ``sum(Z) + other_expected = tii`` must hold within
    ``rel_tol * |x| + abs_tol``; the first table that fails raises ``TableValidationError``
    naming it, the identity and its worst industries.
    """
    expected = 0.0 if other_expected is None else other_expected
    check_identity(labels, industries, unit, x, tii + va - x,
                   "intermediate input + value added differs from gross output", rel_tol, abs_tol)
    check_identity(labels, industries, unit, x, (tii - Z.sum(axis=1)) - expected,
                   "intermediate flows do not add up to total intermediate input", rel_tol,
                   abs_tol)


def check_identity(labels: list[str], sectors: list[str], unit: str, x: np.ndarray,
                   diff: np.ndarray, what: str, rel_tol: float, abs_tol: float = 0.0) -> None:
    """Check that ``diff`` (tables x sectors) is within ``rel_tol * |x| + abs_tol`` everywhere;
    the first table that fails raises ``TableValidationError`` naming it, ``what`` failed and
    its worst sectors. A missing (NaN) value fails too."""
    gap = np.abs(diff)
    bad = ~(gap <= rel_tol * np.abs(x) + abs_tol)
    if not bad.any():
        return
    t = int(np.flatnonzero(bad.any(axis=1))[0])
    rel = pd.Series(gap[t] / np.clip(np.abs(x[t]), 1.0, None), index=sectors)[bad[t]]
    worst = ", ".join(f"{k} ({v:.2%})" for k, v in rel.fillna(np.inf).sort_values().tail(5).items())
    raise TableValidationError(
        f"{labels[t]} is unbalanced: {what} by more than {rel_tol:.2%} "
        f"(+{abs_tol:g} {unit}) in {int(bad[t].sum())} sectors; worst: {worst}"
    )
