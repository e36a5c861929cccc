"""The vectorised core: every table's indicators and Leontief requirements as array products.

Weights of sectors in the seven producer-service categories, the manufacturing range and
its technology levels depend only on a classification scheme, its sector codes and the
:class:`Definition`; :func:`scheme_arrays` builds them once per combination. A stack of
same-scheme tables is then a handful of batched products: ``W.T @ Z[:, :, mfg]`` for
producer-service inputs, ``W.T @ va`` for value added, and one batched inverse of ``I - A``
for the total requirements (kept per stack, so a sweep over definitions inverts once).
Results are flat: one array per indicator, one entry per table in the stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.data.classify import PS_CATEGORIES, load_classification
from helpers.data.stacks import TableStack
from helpers.errors import ClassificationError, TableValidationError
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, Definition
from helpers.measures.weights import manufacturing_industries, ps_weights, with_extra_ps

CATEGORIES = tuple(PS_CATEGORIES)
#: Flat result names, in the order ``python -m helpers indicators`` prints them.
INPUT_FIELDS = (
    "ps_input_value", "mfg_intermediate_input", "ps_input_share",
    *(f"ps_input_share_by_intensity.{lv}" for lv in INTENSITY_LEVELS),
    *(f"ps_input_value_by_intensity.{lv}" for lv in INTENSITY_LEVELS),
    *(f"ps_input_value_by_category.{c}" for c in CATEGORIES),
)
VA_FIELDS = (
    "ps_va", "mfg_va", "ps_to_mfg_ratio", "ps_va_share_of_total_va", "mfg_va_share_of_total_va",
    *(f"ps_va_composition.{c}" for c in CATEGORIES),
)
LEONTIEF_FIELDS = (
    "direct", "total", "multiplier",
    *(f"direct_by_category.{c}" for c in CATEGORIES),
    *(f"total_by_category.{c}" for c in CATEGORIES),
)


@dataclass(frozen=True)
class SchemeArrays:
    """A scheme's sectors under one definition, as arrays.

    ``W_products`` (products x categories) and ``W_industries`` (industries x categories) are
    producer-service weights; ``mfg`` the positions of manufacturing industries within the
    range; ``levels`` (levels x manufacturing industries) marks each one's technology level.
    """

    W_products: np.ndarray
    W_industries: np.ndarray
    mfg: np.ndarray
    levels: np.ndarray


def build_scheme_arrays(cls: pd.DataFrame, scheme: str, products: tuple[str, ...],
                        industries: tuple[str, ...], definition: Definition) -> SchemeArrays:
    """Weights, manufacturing range and technology levels of one set of sector codes."""
    codes = set(products) | set(industries)
    unmapped = sorted(codes - set(cls.index))
    if unmapped:
        raise ClassificationError(
            f"unmapped sectors in scheme {scheme}: {unmapped[:20]}"
            f"{' ...' if len(unmapped) > 20 else ''}; add them to "
            f"data/classifications/{scheme}.csv")
    cls = with_extra_ps(cls, scheme, definition)
    prod, ind = pd.Index(products), pd.Index(industries)
    mfg = manufacturing_industries(cls, ind, definition)
    positions = ind.get_indexer(mfg.index)
    tech = mfg["technology"].to_numpy()
    return SchemeArrays(
        W_products=ps_weights(cls, prod, definition)[list(CATEGORIES)].to_numpy(dtype=float),
        W_industries=ps_weights(cls, ind, definition)[list(CATEGORIES)].to_numpy(dtype=float),
        mfg=positions,
        levels=np.array([tech == lv for lv in INTENSITY_LEVELS], dtype=float),
    )


@lru_cache(maxsize=4096)
def scheme_arrays(scheme: str, products: tuple[str, ...], industries: tuple[str, ...],
                  definition: Definition = DEFAULT) -> SchemeArrays:
    """:func:`build_scheme_arrays` for a scheme's reviewed classification, built once."""
    return build_scheme_arrays(load_classification(scheme), scheme, products, industries,
                               definition)


def arrays_for(stack: TableStack, definition: Definition,
               cls: pd.DataFrame | None = None) -> SchemeArrays:
    if cls is None:
        return scheme_arrays(stack.scheme, stack.products, stack.industries, definition)
    return build_scheme_arrays(cls, stack.scheme, stack.products, stack.industries, definition)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den``, NaN where ``den`` is zero."""
    num, den = np.broadcast_arrays(np.asarray(num, dtype=float), np.asarray(den, dtype=float))
    out = np.full(num.shape, np.nan)
    np.divide(num, den, out=out, where=den != 0)
    return out


def input_results(stack: TableStack, definition: Definition = DEFAULT,
                  cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Producer-service inputs into manufacturing, per table: value, share of intermediate
    input, and their split by technology level and by category."""
    arr = arrays_for(stack, definition, cls)
    if definition.origin == "domestic":
        if stack.Z_domestic is None:
            raise TableValidationError(f"{stack.labels[0]} has no imported-input split: "
                                       "only origin='total' is available")
        Z = stack.Z_domestic
    else:
        Z = stack.Z
    flows = np.einsum("pc,tpm->tcm", arr.W_products, Z[:, :, arr.mfg])  # tables x cat x mfg
    per_industry = flows.sum(axis=1)
    denom_all = stack.tii if definition.denominator == "tii" else stack.Z.sum(axis=1)
    denom = denom_all[:, arr.mfg]
    value_by_level = per_industry @ arr.levels.T
    denom_by_level = denom @ arr.levels.T
    total, den = per_industry.sum(axis=1), denom.sum(axis=1)
    out = {"ps_input_value": total, "mfg_intermediate_input": den,
           "ps_input_share": _ratio(total, den)}
    share_by_level = _ratio(value_by_level, denom_by_level)
    for i, lv in enumerate(INTENSITY_LEVELS):
        out[f"ps_input_share_by_intensity.{lv}"] = share_by_level[:, i]
    for i, lv in enumerate(INTENSITY_LEVELS):
        out[f"ps_input_value_by_intensity.{lv}"] = value_by_level[:, i]
    by_category = flows.sum(axis=2)
    for i, c in enumerate(CATEGORIES):
        out[f"ps_input_value_by_category.{c}"] = by_category[:, i]
    return out


def value_added_results(stack: TableStack, definition: Definition = DEFAULT,
                        cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Producer-service and manufacturing value added, their ratio, shares and composition."""
    arr = arrays_for(stack, definition, cls)
    by_cat = stack.va @ arr.W_industries
    ps_va, mfg_va = by_cat.sum(axis=1), stack.va[:, arr.mfg].sum(axis=1)
    total = stack.va.sum(axis=1)
    out = {"ps_va": ps_va, "mfg_va": mfg_va, "ps_to_mfg_ratio": _ratio(ps_va, mfg_va),
           "ps_va_share_of_total_va": _ratio(ps_va, total),
           "mfg_va_share_of_total_va": _ratio(mfg_va, total)}
    composition = _ratio(by_cat, ps_va[:, None])
    for i, c in enumerate(CATEGORIES):
        out[f"ps_va_composition.{c}"] = composition[:, i]
    return out


def coefficient_stacks(stack: TableStack) -> tuple[np.ndarray, np.ndarray]:
    """Direct coefficients ``A`` and total coefficients ``(I - A)^-1 - I`` of every table
    (columns of industries without output are zero in ``A``); kept on the stack."""
    cached = stack.__dict__.get("_coefficients")
    if cached is not None:
        return cached
    x = stack.x
    A = stack.Z / np.where(x > 0, x, 1.0)[:, None, :]
    A = np.where((x > 0)[:, None, :], A, 0.0)
    eye = np.eye(A.shape[1])
    total = np.linalg.inv(eye - A) - eye
    stack.__dict__["_coefficients"] = (A, total)
    return A, total


def leontief_results(stack: TableStack, definition: Definition = DEFAULT,
                     cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Output-weighted producer-service requirements per unit of manufacturing output, direct
    and total, overall and by category (square tables only)."""
    arr = arrays_for(stack, definition, cls)
    A, total = coefficient_stacks(stack)
    xm = stack.x[:, arr.mfg]
    weights = xm / xm.sum(axis=1, keepdims=True)
    direct_by_cat = np.einsum("pc,tpm,tm->tc", arr.W_products, A[:, :, arr.mfg], weights)
    total_by_cat = np.einsum("pc,tpm,tm->tc", arr.W_products, total[:, :, arr.mfg], weights)
    direct, tot = direct_by_cat.sum(axis=1), total_by_cat.sum(axis=1)
    out = {"direct": direct, "total": tot, "multiplier": _ratio(tot, direct)}
    for i, c in enumerate(CATEGORIES):
        out[f"direct_by_category.{c}"] = direct_by_cat[:, i]
    for i, c in enumerate(CATEGORIES):
        out[f"total_by_category.{c}"] = total_by_cat[:, i]
    return out
