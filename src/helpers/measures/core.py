"""The vectorised core: every table's indicators and Leontief requirements as array products.

Weights of sectors in the seven producer-service categories, the manufacturing range and
its technology levels depend only on a classification scheme, its sector codes and the
:class:`Definition`; :func:`scheme_arrays` builds them once per combination. A stack of
same-scheme tables is then a handful of batched products: ``W.T @ Z[:, :, mfg]`` for
producer-service inputs, ``va @ W`` for value added, and one batched
solve of ``I - A`` for the total requirements (kept per stack and manufacturing range, so a
sweep over definitions solves once per range).
Results are flat: one array per indicator, one entry per table in the stack.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.data.classify import PS_CATEGORIES, TAXONOMIES, check_codes, load_classification
from helpers.data.stacks import TableStack
from helpers.errors import ClassificationError, TableValidationError
from helpers.measures import system
from helpers.measures.definitions import DEFAULT, INTENSITY_LEVELS, Definition
from helpers.measures.weights import with_extra_ps

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


@dataclass(frozen=True)
class SectorFacts:
    """A classification's facts about a list of sector codes, as arrays."""

    category: np.ndarray  # codes x categories, one-hot (zero for non-producer services)
    ps_role: np.ndarray  # role of producer-service sectors ("" elsewhere)
    is_mfg: np.ndarray
    mfg_role: np.ndarray
    classes: dict[str, np.ndarray]  # technology class per taxonomy

    @classmethod
    def of(cls_, cls: pd.DataFrame, codes: tuple[str, ...]) -> SectorFacts:
        rows = cls.index.get_indexer(list(codes))

        def column(name: str) -> np.ndarray:
            return np.asarray(cls[name].to_numpy(dtype=object)[rows], dtype=str)

        group = column("group")
        is_ps = group == "producer_service"
        cat = column("ps_category")
        return cls_(
            category=np.array([is_ps & (cat == k) for k in CATEGORIES], dtype=float).T,
            ps_role=np.where(is_ps, column("ps_role"), ""),
            is_mfg=group == "manufacturing",
            mfg_role=column("mfg_role"),
            classes={t: column(col) for t, (col, _) in TAXONOMIES.items()},
        )

    def weights(self, definition: Definition) -> np.ndarray:
        """Producer-service weights (codes x categories), as :func:`ps_weights` gives them."""
        wide = definition.trade_scope == "wholesale_retail"
        role_weight = {"core": 1.0, "passenger": float(definition.passenger_transport),
                       "retail": float(wide),
                       "trade_combined": 1.0 if wide else definition.wholesale_share_of_combined}
        w = np.zeros(len(self.ps_role))
        for role, weight in role_weight.items():
            w[self.ps_role == role] = weight
        return self.category * w[:, None]

    def manufacturing(self, definition: Definition) -> tuple[np.ndarray, np.ndarray]:
        """Positions of manufacturing in the definition's range, and their technology level
        (levels x those positions), as :func:`manufacturing_industries` gives them."""
        keep = self.is_mfg.copy()
        if not definition.include_repair:
            keep &= self.mfg_role != "repair"
        if not definition.include_waste:
            keep &= self.mfg_role != "waste"
        positions = np.flatnonzero(keep)
        classes = self.classes[definition.taxonomy][positions]
        mapping = definition.intensity_map
        unknown = sorted(set(classes) - set(mapping))
        if unknown:
            raise ClassificationError(
                f"{definition.taxonomy} classes {unknown} have no technology level in the "
                f"definition; mapped classes: {sorted(mapping)}")
        tech = np.array([mapping[k] for k in classes], dtype=str)
        return positions, np.array([tech == lv for lv in INTENSITY_LEVELS], dtype=float)


@lru_cache(maxsize=256)
def _reviewed_facts(scheme: str, codes: tuple[str, ...]) -> SectorFacts:
    return SectorFacts.of(load_classification(scheme), codes)


@lru_cache(maxsize=256)
def _check_reviewed(scheme: str, products: tuple[str, ...], industries: tuple[str, ...]) -> None:
    """The scheme's reviewed classification maps these sectors, and no other code (once)."""
    check_codes(load_classification(scheme), scheme, [*products, *industries],
                f"the {scheme} tables")


def build_scheme_arrays(cls: pd.DataFrame | None, scheme: str, products: tuple[str, ...],
                        industries: tuple[str, ...], definition: Definition) -> SchemeArrays:
    """Weights, manufacturing range and technology levels of one set of sector codes, from
    ``cls`` (default: the scheme's reviewed classification)."""
    extra = any(s == scheme for s, _, _ in definition.extra_ps)
    if cls is None and not extra:
        _check_reviewed(scheme, products, industries)
        facts_p, facts_i = _reviewed_facts(scheme, products), _reviewed_facts(scheme, industries)
    else:
        cls = load_classification(scheme) if cls is None else cls
        check_codes(cls, scheme, [*products, *industries], f"the {scheme} tables")
        cls = with_extra_ps(cls, scheme, definition)
        facts_p, facts_i = SectorFacts.of(cls, products), SectorFacts.of(cls, industries)
    mfg, levels = facts_i.manufacturing(definition)
    return SchemeArrays(W_products=facts_p.weights(definition),
                        W_industries=facts_i.weights(definition), mfg=mfg, levels=levels)


@lru_cache(maxsize=4096)
def scheme_arrays(scheme: str, products: tuple[str, ...], industries: tuple[str, ...],
                  definition: Definition = DEFAULT) -> SchemeArrays:
    """:func:`build_scheme_arrays` for a scheme's reviewed classification, built once."""
    return build_scheme_arrays(None, scheme, products, industries, definition)


def arrays_for(stack: TableStack, definition: Definition,
               cls: pd.DataFrame | None = None) -> SchemeArrays:
    if cls is None:
        return scheme_arrays(stack.scheme, stack.products, stack.industries, definition)
    return build_scheme_arrays(cls, stack.scheme, stack.products, stack.industries, definition)


def ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
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
    flows = arr.W_products.T @ Z[:, :, arr.mfg]  # tables x categories x manufacturing
    per_industry = flows.sum(axis=1)
    denom_all = stack.tii if definition.denominator == "tii" else stack.Z.sum(axis=1)
    denom = denom_all[:, arr.mfg]
    value_by_level = per_industry @ arr.levels.T
    denom_by_level = denom @ arr.levels.T
    total, den = per_industry.sum(axis=1), denom.sum(axis=1)
    out = {"ps_input_value": total, "mfg_intermediate_input": den,
           "ps_input_share": ratio(total, den)}
    share_by_level = ratio(value_by_level, denom_by_level)
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
    return value_added_arrays(stack.va, arrays_for(stack, definition, cls))


def value_added_arrays(va: np.ndarray, arr: SchemeArrays) -> dict[str, np.ndarray]:
    """:func:`value_added_results` of value added by industry ``va`` (rows x industries), for
    any source of it: a stack of tables or a value-added panel."""
    by_cat = va @ arr.W_industries
    ps_va, mfg_va = by_cat.sum(axis=1), va[:, arr.mfg].sum(axis=1)
    total = va.sum(axis=1)
    out = {"ps_va": ps_va, "mfg_va": mfg_va, "ps_to_mfg_ratio": ratio(ps_va, mfg_va),
           "ps_va_share_of_total_va": ratio(ps_va, total),
           "mfg_va_share_of_total_va": ratio(mfg_va, total)}
    composition = ratio(by_cat, ps_va[:, None])
    for i, c in enumerate(CATEGORIES):
        out[f"ps_va_composition.{c}"] = composition[:, i]
    return out


def direct_coefficients(stack: TableStack) -> np.ndarray:
    """Direct coefficients ``A = Z / x`` of every table (zero columns where an industry has
    no output); kept on the stack."""
    cached = stack.__dict__.get("_A")
    if cached is None:
        x = stack.x
        inverse = np.divide(1.0, x, out=np.zeros_like(x), where=x > 0)
        cached = stack.Z * inverse[:, None, :]
        stack.__dict__["_A"] = cached
    return cached


def coefficient_stacks(stack: TableStack) -> tuple[np.ndarray, np.ndarray]:
    """Direct coefficients ``A`` and total coefficients ``(I - A)^-1 - I`` of every table."""
    A = direct_coefficients(stack)
    eye = np.eye(A.shape[1])
    return A, np.linalg.inv(eye - A) - eye


def system_coefficients(stack: TableStack, definition: Definition) -> np.ndarray:
    """Direct coefficients of the definition's origin: ``A`` of total flows (kept on the
    stack; all origins for a regional table too), or of domestic flows
    (:func:`helpers.measures.system.flows`)."""
    if definition.origin == "total":
        return direct_coefficients(stack)
    return system.input_coefficients(system.flows(stack, definition), stack.x)


def total_times(stack: TableStack, weights: np.ndarray, key: tuple,
                definition: Definition = DEFAULT) -> np.ndarray:
    """``((I - A)^-1 - I) @ w`` for one weight vector per table, by one batched solve (no
    inverse), ``A`` of the definition's origin; kept on the stack under ``key`` and the
    origin so a sweep solves once per manufacturing range and origin."""
    memo = stack.__dict__.setdefault("_total_times", {})
    full_key = (definition.origin, *key)
    if full_key not in memo:
        A = system_coefficients(stack, definition)
        eye = np.eye(A.shape[1])
        memo[full_key] = np.linalg.solve(eye - A, weights[:, :, None])[:, :, 0] - weights
    return memo[full_key]


def leontief_results(stack: TableStack, definition: Definition = DEFAULT,
                     cls: pd.DataFrame | None = None) -> dict[str, np.ndarray]:
    """Output-weighted producer-service requirements per unit of manufacturing output, direct
    and total, overall and by category (square tables only), on the definition's origin:
    total flows, or domestic flows (the table's own split, else import proportionality)."""
    arr = arrays_for(stack, definition, cls)
    A = system_coefficients(stack, definition)
    xm = stack.x[:, arr.mfg]
    weights = np.zeros_like(stack.x)  # output weights of manufacturing, zero elsewhere
    weights[:, arr.mfg] = xm / xm.sum(axis=1, keepdims=True)
    direct_by_cat = (A @ weights[:, :, None])[:, :, 0] @ arr.W_products
    total_by_cat = total_times(stack, weights, tuple(arr.mfg), definition) @ arr.W_products
    direct, tot = direct_by_cat.sum(axis=1), total_by_cat.sum(axis=1)
    out = {"direct": direct, "total": tot, "multiplier": ratio(tot, direct)}
    for i, c in enumerate(CATEGORIES):
        out[f"direct_by_category.{c}"] = direct_by_cat[:, i]
    for i, c in enumerate(CATEGORIES):
        out[f"total_by_category.{c}"] = total_by_cat[:, i]
    return out
