"""The ADB comparison's choice for sector 19 (sale and repair of motor vehicles; retail sale
of fuel), made visible: half of it counts as wholesale, and the sensitivity table shows the
comparison without it. Hand check: the US wholesale share without sector 19 is sector 20's
value added over producer services less half of sector 19's."""

from __future__ import annotations

import pytest

from helpers.claims import report_tables
from helpers.data import catalog
from helpers.measures import value_added


@pytest.fixture(scope="module")
def table():
    return report_tables.adb_sector19_sensitivity(2022).set_index(["economy", "measure"])


def test_one_row_per_economy_and_measure(table):
    assert len(table) == 8
    assert set(table.index.get_level_values("measure")) == set(report_tables.SECTOR_19_MEASURES)


def test_without_sector_19_by_hand(table):
    panel = catalog.panel_of("adb")
    i = panel.row("USA", 2022)
    sectors = list(panel.sectors)
    va19, va20 = (panel.va[i][sectors.index(c)] for c in ("c19", "c20"))
    ps_va = value_added.of_panel(panel, "USA", 2022)["ps_va"]  # million USD, as the panel
    share = table.loc[("United States", "wholesale share of producer services (%)")]
    assert share["half of sector 19 (this book)"] == pytest.approx(
        100 * (va20 + va19 / 2) / ps_va)
    assert share["without sector 19"] == pytest.approx(100 * va20 / (ps_va - va19 / 2))
    assert share["difference"] == pytest.approx(1.857, abs=1e-3)


def test_china_has_no_sector_19_value_added(table):
    assert (table.loc["China", "difference"] == 0).all()


def test_the_ratio_moves_by_less_than_a_tenth(table):
    ratios = table.xs("ratio to manufacturing", level="measure")["difference"]
    assert ratios.max() == pytest.approx(0.0722, abs=1e-4)
    assert (ratios >= 0).all()
