"""The IO-table model rejects malformed and unbalanced tables with a clear message."""

from __future__ import annotations

from dataclasses import replace

import pytest

from helpers.errors import ClassificationError, TableValidationError
from helpers.measures.indicators import ps_input_summary


def test_unbalanced_table_is_reported(toy_table):
    va = toy_table.va.copy()
    va["M1"] += 10
    with pytest.raises(TableValidationError, match=r"unbalanced.*M1"):
        replace(toy_table, va=va).validate(1e-3)


def test_flows_not_adding_up_are_reported(toy_table):
    Z = toy_table.Z.copy()
    Z.loc["O1", "M2"] += 5
    with pytest.raises(TableValidationError, match=r"flows do not add up.*M2"):
        replace(toy_table, Z=Z).validate(1e-3)


def test_tolerance_absorbs_rounding(toy_table):
    va = toy_table.va.copy()
    va["M1"] += 0.01
    replace(toy_table, va=va).validate(1e-3)


def test_malformed_table_is_reported(toy_table):
    with pytest.raises(TableValidationError, match="not indexed"):
        replace(toy_table, va=toy_table.va.iloc[:-1]).validate(1e-3)


def test_unmapped_sector_is_an_error(toy_table, toy_cls):
    with pytest.raises(ClassificationError, match=r"unmapped sectors.*O1"):
        ps_input_summary(toy_table, cls=toy_cls.drop(index="O1"))
