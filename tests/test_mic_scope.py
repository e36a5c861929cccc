"""MIC's manufacturing against national accounts' definition: machinery repair and business
entertainment spending (row ohcr), read off the 2015 benchmark table (billion JPY cells summed
by hand over the 109 manufacturing sectors: 1,696.191 for sector 6632, 3,709.180 for ohcr)."""

from __future__ import annotations

import pytest

from helpers.claims import mic_scope
from helpers.claims.metrics import evaluate
from helpers.errors import UnknownTableError


def test_2015_parts():
    parts = mic_scope.scope(2015)
    assert parts["repair"] == pytest.approx(1.696191)
    assert parts["entertainment"] == pytest.approx(3.70918)
    assert parts["mfg_va"] == pytest.approx(evaluate("va:mic:JPN:2015:mfg_va"))
    assert parts["without_both"] == pytest.approx(
        parts["mfg_va"] - parts["repair"] - parts["entertainment"])


def test_the_registry_notes_quote_the_computed_parts():
    from helpers.claims import registry

    notes = registry.load_claims().loc[["t4.jpn.2023.mfg", "t4.jpn.2024.mfg"], "note"]
    parts = mic_scope.scope(2015)
    for note in notes:
        assert f"{parts['repair']:.2f} trillion JPY" in note
        assert f"{parts['entertainment']:.2f} trillion JPY" in note


def test_an_unknown_year_is_an_error_naming_the_years():
    with pytest.raises(UnknownTableError,
                       match="no MIC benchmark table for 2020; MIC years: 2011, 2015"):
        mic_scope.scope(2020)
