"""Leontief requirements and gap scenarios on a two-sector table solved by hand."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data import catalog
from helpers.data.classify import parse_classification
from helpers.data.iotable import IOTable
from helpers.measures.leontief import NotSquareError, ps_requirements
from helpers.measures.scenarios import gap_to


def two_sector(s_into_m: float) -> tuple[IOTable, pd.DataFrame]:
    """M (manufacturing) and S (finance), both with output 100.

    A = [[0.1, 0.3], [a, 0]] with a = s_into_m / 100; for a = 0.2 the Leontief inverse is
    [[1, 0.3], [0.2, 0.9]] / 0.84, so S's total coefficient in M is 0.2 / 0.84.
    """
    codes = ["M", "S"]
    Z = pd.DataFrame([[10.0, 30.0], [s_into_m, 0.0]], index=codes, columns=codes)
    x = pd.Series(100.0, index=codes)
    tii = Z.sum(axis=0)
    table = IOTable(source="toy", country="TOY", year=2000, unit="units", currency="XXX",
                    scheme="toy2", Z=Z, tii=tii, va=x - tii, x=x).validate(1e-9)
    cls = pd.DataFrame({"code": codes, "name": codes, "name_zh": "", "note": "",
                        "group": ["manufacturing", "producer_service"],
                        "ps_category": ["", "finance"], "ps_role": ["", "core"],
                        "mfg_role": ["core", ""], "oecd_rd_intensity": ["high", ""],
                        "oecd_2011_class": ["high", ""]})
    return table, parse_classification(cls, "toy2")


def test_direct_and_total_requirements_by_hand():
    table, cls = two_sector(20.0)
    r = ps_requirements(table, cls=cls)
    assert r["direct"] == pytest.approx(0.2)
    assert r["total"] == pytest.approx(0.2 / 0.84)
    assert r["multiplier"] == pytest.approx(1 / 0.84)
    assert r["total_by_category"]["finance"] == pytest.approx(0.2 / 0.84)
    assert r["direct_by_category"]["transport"] == 0


def test_commodity_by_industry_table_is_refused_with_the_sources_that_work():
    with pytest.raises(NotSquareError,
                       match=r"73 x 71 commodity-by-industry.*nbs, nbs42, oecd, wiod, "
                             r"oecd25, mic, prov\)"):
        ps_requirements(catalog.load_table("USA", 2023, "bea"))


def test_gap_scenario_closes_the_intensity_gap(monkeypatch):
    base, cls = two_sector(20.0)
    target, _ = two_sector(35.0)
    monkeypatch.setattr("helpers.measures.indicators.classification_for", lambda t, c=None: cls)
    gap = gap_to(base, target)
    # base: 20 of 30 intermediate input; target: 35 of 45
    assert gap.loc["finance", "base_pct"] == pytest.approx(100 * 20 / 30)
    assert gap.loc["finance", "target_pct"] == pytest.approx(100 * 35 / 45)
    assert gap.loc["finance", "extra_input"] == pytest.approx((35 / 45 - 20 / 30) * 30)
    assert gap.drop(index="finance")["extra_input"].abs().sum() == 0


def test_square_sources_are_the_sources_with_square_tables():
    from helpers.data import catalog
    from helpers.measures import panel_cache

    panel = panel_cache.load()
    square = panel.assign(sq=panel["products"] == panel["industries"]).groupby("source")["sq"]
    assert square.all().to_dict() == square.any().to_dict(), "a source mixes table forms"
    assert {s for s, sq in square.all().items() if sq} == set(catalog.SQUARE_SOURCES)
