"""The report's tables set beside open data: Table 5's categories that ADB's sectors 27 and
30 hold only together are compared as one sum."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.claims import registry as claims
from helpers.claims import report_tables as rt
from helpers.claims.metrics import evaluate
from helpers.data.classify import PS_CATEGORIES
from helpers.errors import HelpersError

COMBINED = rt.ADB_27_30_MEASURE
T5_COLUMNS = [("usa", y) for y in (2023, 2024, 2025)] + [("chn", y) for y in (2023, 2024, 2025)] \
    + [(e, y) for e in ("deu", "jpn") for y in (2023, 2024)]


@pytest.fixture(scope="module")
def checked() -> pd.DataFrame:
    return claims.run_checks()


@pytest.fixture(scope="module")
def t5(checked) -> pd.DataFrame:
    return rt.open_table5(checked)


def _column(t5: pd.DataFrame, eco: str, year: int) -> pd.DataFrame:
    rows = t5[(t5["economy"] == rt.ECONOMIES[eco]) & (t5["year"] == year)]
    return rows.set_index("measure")


def test_one_combined_row_closes_each_column(t5):
    combined = t5[t5["measure"] == COMBINED]
    assert len(combined) == len(T5_COLUMNS)
    for eco, year in T5_COLUMNS:
        col = _column(t5, eco, year)
        assert list(col.index)[-1] == COMBINED
        assert set(col.index[:-1]) == set(PS_CATEGORIES) and len(col) == len(PS_CATEGORIES) + 1


@pytest.mark.parametrize(("eco", "year"), T5_COLUMNS)
def test_combined_row_sums_the_printed_and_open_shares(t5, checked, eco, year):
    col = _column(t5, eco, year)
    row = col.loc[COMBINED]
    printed = sum(checked.loc[f"t5.{eco}.{year}.{c}", "value"] for c in rt.ADB_27_30)
    assert row["published"] == pytest.approx(printed)
    # OECD: the sum of the three categories' own rows
    assert row["OECD 2022"] == pytest.approx(sum(col.loc[c, "OECD 2022"] for c in rt.ADB_27_30))
    # ADB: everything its producer services hold besides the three sectors it keeps apart
    # (it has no science-and-technology or water-and-environment sector)
    alone = sum(col.loc[c, "ADB"] for c in rt.ADB_COMPARABLE)
    assert row["ADB"] == pytest.approx(100 - alone)
    ay = rt.nearest_adb_year(year)
    assert row["ADB year"] == ay and row["ADB gap (years)"] == abs(year - ay)
    assert row["ADB"] == pytest.approx(
        evaluate(f"va:adb:{eco.upper()}:{ay}:comp_info_software")
        + evaluate(f"va:adb:{eco.upper()}:{ay}:comp_leasing_business"))


def test_single_categories_adb_holds_only_together_stay_without_adb(t5):
    alone = t5[t5["measure"].isin(rt.ADB_27_30)]
    assert alone["ADB"].isna().all() and alone["OECD 2022"].notna().all()


def test_adb_sectors_27_and_30_fall_in_the_combined_categories(monkeypatch):
    assert set(rt.adb_mixed_categories()) == {"info_software", "leasing_business"}
    real = rt.load_classification

    def moved(scheme: str) -> pd.DataFrame:
        cls = real(scheme).copy()
        cls.loc["c30", "ps_category"] = "finance"
        return cls

    monkeypatch.setattr(rt, "load_classification", moved)
    with pytest.raises(HelpersError, match=r"c27, c30 map to .*'finance'"):
        rt.adb_mixed_categories()


def test_a_table5_column_without_one_of_the_combined_shares_is_an_error(checked):
    cut = checked.drop(index="t5.jpn.2024.science_tech")
    with pytest.raises(HelpersError, match="Table 5, Japan 2024: no registered share for "
                                           "science_tech"):
        rt.open_table5(cut)
