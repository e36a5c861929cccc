"""The precision rule applied mechanically: every ``eq`` row's tolerance is the unit of the
last digit of its printed value, unless its note says why (and names the precision); and the
rows the rule was reapplied to, with their reviewed outcomes."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.claims import registry

ROW = {"id": "x.one", "document": "d", "location": "l", "entity": "CHN", "year": "2023",
       "measure": "m", "value": "12.4", "unit": "percent", "precision": "0.1",
       "check": "consistency", "formula": "x.two", "expected": "match", "relation": "eq",
       "note": "as printed"}


@pytest.fixture(scope="module")
def raw() -> pd.DataFrame:
    return pd.read_csv(registry.CLAIMS_CSV, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def checked() -> pd.DataFrame:
    return registry.run_checks()


@pytest.mark.parametrize(("value", "unit"), [
    ("12.4", 0.1), ("14", 1.0), ("0.80", 0.01), ("1.28", 0.01), ("100", 1.0), ("-3.5", 0.1),
])
def test_printed_precision_is_the_unit_of_the_last_digit(value, unit):
    assert registry.printed_precision(value) == pytest.approx(unit)


def test_a_value_that_is_no_number_is_an_error():
    with pytest.raises(registry.ClaimsError, match="'about 2' is not a number"):
        registry.printed_precision("about 2")


def test_every_row_follows_the_rule_or_says_why(raw):
    assert registry.precision_departures(raw) == []


def test_a_hand_set_precision_without_a_reason_is_caught():
    rows = pd.DataFrame([
        {**ROW, "precision": "5", "value": "20"},                         # caught
        {**ROW, "id": "x.two", "precision": "10", "value": "45",
         "note": "the range 40-50% (midpoint, width as precision)"},     # says why
        {**ROW, "id": "x.three", "precision": "5", "relation": "gt"},     # not eq: no tolerance
        {**ROW, "id": "x.four", "precision": "5", "check": "cite"},       # cited: not checked
        {**ROW, "id": "x.five", "value": "0.80", "precision": "0.01"},    # as printed
    ])
    problems = registry.precision_departures(rows)
    assert problems == ["claim 'x.one': precision 5 where the printed value 20 gives 1, and "
                        "the note does not say why"]


@pytest.mark.parametrize(("cid", "precision", "outcome"), [
    ("s2.hist.usa.it_st_bs_gdp", 1.0, "differs"),          # was 5 and matched
    ("s1.ratio.jpn.since1990", 1.0, "differs"),             # 'about 2': was 0.5
    ("s1.ratio.jpn.since1990.first_year", 1.0, "differs"),
    ("s1.ratio.deu.since1990", 0.1, "match"),               # 'about 1.5': was 0.5
    ("s1.ratio.deu.since1990.first_year", 0.1, "differs"),
    ("t5.usa.2025.total", 0.7, "match"),                    # 99.9 within seven shares' rounding
    ("f2.growth_multiple", 1.0, "match"),                   # on its boundary, said in the note
])
def test_rows_the_rule_was_reapplied_to(checked, cid, precision, outcome):
    row = checked.loc[cid]
    assert row["precision"] == pytest.approx(precision)
    assert row["outcome"] == outcome == row["expected"]


def test_table5_totals_take_the_summed_rounding_of_their_shares(checked):
    totals = checked[checked["id"].str.match(r"^t5\.\w+\.\d{4}\.total$")]
    assert len(totals) == 10
    assert (totals["precision"] == 0.7).all()  # seven shares printed to 0.1: 7 x 0.1
    assert totals["note"].str.contains("not adjusted").all()
    usa_2025 = checked.loc["t5.usa.2025.total"]
    assert usa_2025["computed"] == pytest.approx(99.9)
    assert usa_2025["outcome"] == "match"
