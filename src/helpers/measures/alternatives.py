"""Mapping judgements made visible: the same indicator under alternative sector mappings.

The report does not say which US industries it counted as "water, environment and public
facilities" (水利、环境和公共设施管理业), China's smallest producer-service category. BEA's
summary industries have no such sector; the candidates below are the ones that hold water
supply, sewage, waste, parks and public-facility management.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.classify import PS_CATEGORIES
from helpers.data.iotable import IOTable
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.indicators import value_added_summary

_W = "water_env_public"
#: Named alternatives for the US category, as ``extra_ps`` triples on top of the default.
US_WATER_ENV_ALTERNATIVES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "waste management only (default)": (),
    "+ utilities": (("bea_summary", "22", _W),),
    "+ utilities, state and local government enterprises": (
        ("bea_summary", "22", _W), ("bea_summary", "GSLE", _W)),
    "+ utilities, all government enterprises": (
        ("bea_summary", "22", _W), ("bea_summary", "GSLE", _W), ("bea_summary", "GFE", _W)),
    "+ other services (except government)": (("bea_summary", "81", _W),),
    "+ utilities and other services": (("bea_summary", "22", _W), ("bea_summary", "81", _W)),
}


def value_added_under(table: IOTable, alternatives: dict[str, tuple[tuple[str, str, str], ...]],
                      base: Definition = DEFAULT) -> pd.DataFrame:
    """Producer-service value added, its ratio to manufacturing and its composition (%) under
    each alternative mapping; one row per alternative."""
    rows = {}
    for name, extra in alternatives.items():
        va = value_added_summary(table, base.but(extra_ps=base.extra_ps + extra))
        rows[name] = {"ps_va": va["ps_va"], "ratio": va["ps_to_mfg_ratio"],
                      **{c: 100 * va["ps_va_composition"][c] for c in PS_CATEGORIES}}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "mapping"
    return out


def distance_to(published: pd.Series, alternatives: pd.DataFrame) -> pd.Series:
    """Mean absolute gap (percentage points) between each alternative's composition and a
    published composition indexed by category."""
    cats = list(published.index)
    return (alternatives[cats] - published.to_numpy()).abs().mean(axis=1).rename("mean_abs_gap")
