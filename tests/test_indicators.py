"""Indicators on a hand-made table whose answers are worked out by hand."""

from __future__ import annotations

import math

import pytest

from helpers.errors import ClassificationError, TableValidationError
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.definitions import OECD2016_INTENSITY as DEFAULT_2016
from helpers.measures.indicators import ps_input_summary, ps_inputs_by_industry, value_added_summary


def test_default_definition(toy_table, toy_cls):
    s = ps_input_summary(toy_table, DEFAULT, toy_cls)
    # M1: finance 10 + passenger 4 + half of combined trade 4 = 18; M2: 5; R1: half of 2 = 1
    assert s["ps_input_value"] == pytest.approx(24)
    assert s["mfg_intermediate_input"] == pytest.approx(170)
    assert s["ps_input_share"] == pytest.approx(24 / 170)
    assert s["ps_input_share_by_intensity"]["high"] == pytest.approx(18 / 100)
    assert s["ps_input_share_by_intensity"]["medium"] == pytest.approx(1 / 20)
    assert s["ps_input_share_by_intensity"]["low"] == pytest.approx(5 / 50)
    assert s["ps_input_value_by_category"] == pytest.approx(
        {"science_tech": 0, "info_software": 0, "finance": 15, "transport": 4,
         "wholesale": 5, "leasing_business": 0, "water_env_public": 0})


@pytest.mark.parametrize(
    ("definition", "value", "denominator"),
    [
        (Definition(passenger_transport=False), 20, 170),
        (Definition(trade_scope="wholesale_retail"), 24 + 4 + 2 + 1, 170),
        (Definition(wholesale_share_of_combined=0.25), 24 - 2 - 0.5, 170),
        (Definition(include_repair=False), 23, 150),
        (Definition(include_waste=False), 19, 120),
        (Definition(origin="domestic"), 20, 170),
    ],
)
def test_each_choice_moves_the_result(toy_table, toy_cls, definition, value, denominator):
    s = ps_input_summary(toy_table, definition, toy_cls)
    assert s["ps_input_value"] == pytest.approx(value)
    assert s["mfg_intermediate_input"] == pytest.approx(denominator)


def test_intensity_mapping_is_a_parameter(toy_table, toy_cls):
    d = Definition(taxonomy="oecd2016",
                   intensity=(("high", "high"), ("medium", "low"), ("medium-low", "low")))
    s = ps_input_summary(toy_table, d, toy_cls)
    assert s["ps_input_share_by_intensity"]["low"] == pytest.approx((5 + 1) / 70)
    assert math.isnan(s["ps_input_share_by_intensity"]["medium"])


def test_unmapped_intensity_class_is_an_error(toy_table, toy_cls):
    with pytest.raises(ClassificationError, match="no technology level"):
        ps_input_summary(toy_table, Definition(intensity=(("high", "high"),)), toy_cls)


def test_taxonomy_selects_the_class_column(toy_table, toy_cls):
    s2011 = ps_input_summary(toy_table, DEFAULT, toy_cls)  # R1 medium-low -> medium, M2 low
    s2016 = ps_input_summary(toy_table, Definition(taxonomy="oecd2016",
                                                   intensity=DEFAULT_2016), toy_cls)
    assert s2011["ps_input_share_by_intensity"]["medium"] == pytest.approx(1 / 20)
    assert s2011["ps_input_share_by_intensity"]["low"] == pytest.approx(5 / 50)
    assert s2016["ps_input_value_by_intensity"] == s2011["ps_input_value_by_intensity"]


def test_by_industry_rows_add_up(toy_table, toy_cls):
    df = ps_inputs_by_industry(toy_table, DEFAULT, toy_cls)
    assert list(df.index) == ["M1", "M2", "R1"]
    cats = [c for c in df.columns if c not in ("name", "technology", "ps_total",
                                               "intermediate_input")]
    assert (df[cats].sum(axis=1) - df["ps_total"]).abs().max() < 1e-12


def test_value_added(toy_table, toy_cls):
    s = value_added_summary(toy_table, DEFAULT, toy_cls)
    assert s["mfg_va"] == pytest.approx(65)
    assert s["ps_va"] == pytest.approx(60 + 8 + 6)  # finance, passenger, half the combined trade
    assert s["ps_to_mfg_ratio"] == pytest.approx(74 / 65)
    assert sum(s["ps_va_composition"].values()) == pytest.approx(1)


def test_domestic_origin_needs_an_import_split(toy_table, toy_cls):
    from dataclasses import replace

    no_split = replace(toy_table, Z_imported=None)
    with pytest.raises(TableValidationError, match="no imported-input split"):
        ps_input_summary(no_split, Definition(origin="domestic"), toy_cls)


@pytest.mark.parametrize("bad", [{"trade_scope": "retail"}, {"origin": "foreign"},
                                 {"taxonomy": "oecd1990"},
                                 {"denominator": "gdp"}, {"wholesale_share_of_combined": 1.5}])
def test_invalid_definition(bad):
    with pytest.raises(ValueError):
        Definition(**bad)


def test_extra_ps_reclassifies_and_names_bad_codes():
    from helpers.data import catalog
    from helpers.measures.alternatives import US_WATER_ENV_ALTERNATIVES, value_added_under

    table = catalog.load_table("USA", 2023, "bea")
    alts = value_added_under(table, US_WATER_ENV_ALTERNATIVES)
    base = alts.iloc[0]
    plus_utilities = alts.loc["+ utilities"]
    utilities_va = float(table.va["22"])
    assert plus_utilities["ps_va"] == pytest.approx(base["ps_va"] + utilities_va)
    assert plus_utilities["water_env_public"] > 4 * base["water_env_public"]
    assert alts.drop(columns=["ps_va", "ratio"]).sum(axis=1).to_numpy() == pytest.approx(100)
    bad = DEFAULT.but(extra_ps=(("bea_summary", "9999", "finance"),))
    with pytest.raises(ClassificationError, match="'9999', not in scheme 'bea_summary'"):
        value_added_summary(table, bad)
    with pytest.raises(ClassificationError, match="valid: science_tech"):
        value_added_summary(table, DEFAULT.but(extra_ps=(("bea_summary", "22", "water"),)))
    with pytest.raises(ClassificationError, match="is manufacturing"):
        value_added_summary(table, DEFAULT.but(extra_ps=(("bea_summary", "334", "finance"),)))
