"""Classification files: every scheme valid, and bad files rejected with a clear message."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.data.classify import available_schemes, load_classification, parse_classification
from helpers.errors import ClassificationError

GOOD = {"code": "01", "name": "x", "name_zh": "", "group": "manufacturing", "ps_category": "",
        "ps_role": "", "mfg_role": "core", "oecd_rd_intensity": "high",
        "oecd_2011_class": "high", "note": ""}


@pytest.mark.parametrize("scheme", available_schemes())
def test_every_scheme_file_is_valid(scheme):
    cls = load_classification(scheme)
    assert len(cls) > 0
    assert (cls["group"] == "manufacturing").any() and (cls["group"] == "producer_service").any()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"group": "industry"}, "group='industry'"),
        ({"oecd_rd_intensity": "very-high"}, "oecd_rd_intensity='very-high'"),
        ({"group": "producer_service", "ps_category": "retail"}, "ps_category='retail'"),
        ({"mfg_role": "assembly"}, "mfg_role='assembly'"),
        ({"oecd_2011_class": "medium"}, "oecd_2011_class='medium'"),
    ],
)
def test_bad_values_are_rejected(change, message):
    with pytest.raises(ClassificationError, match=message):
        parse_classification(pd.DataFrame([{**GOOD, **change}]), "bad.csv")


def test_duplicate_codes_are_rejected():
    with pytest.raises(ClassificationError, match="duplicate sector codes"):
        parse_classification(pd.DataFrame([GOOD, GOOD]), "dup.csv")


def test_missing_column_is_rejected():
    with pytest.raises(ClassificationError, match="missing columns"):
        parse_classification(pd.DataFrame([GOOD]).drop(columns="group"), "cols.csv")


def test_unknown_scheme_lists_the_available_ones():
    with pytest.raises(ClassificationError, match="available:"):
        load_classification("no_such_scheme")
