"""Classification files: every scheme valid, and bad files rejected with a clear message."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from helpers import paths
from helpers.data.classify import (
    available_schemes,
    check_codes,
    classification_for,
    load_classification,
    parse_classification,
)
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


# --- codes against a table's sectors ----------------------------------------------------

EXTRA = {**GOOD, "code": "X9", "name": "not a sector of the table"}


def test_extra_code_is_rejected_naming_it_and_the_valid_codes(toy_table, toy_cls):
    extra = parse_classification(pd.concat([toy_cls, pd.DataFrame([EXTRA])]), "toy")
    with pytest.raises(ClassificationError,
                       match=r"toy\.csv: unknown sector codes X9: not sectors of toy TOY 2000 "
                             r"\(scheme toy\).*valid codes: M1, M2, R1"):
        classification_for(toy_table, extra)
    assert classification_for(toy_table, toy_cls) is toy_cls  # the same file without it


def test_missing_code_is_still_named(toy_table, toy_cls):
    with pytest.raises(ClassificationError, match=r"unmapped sectors in toy TOY 2000.*'O1'"):
        check_codes(toy_cls.drop(index="O1"), "toy", toy_table.products, toy_table.label)


@pytest.fixture
def classifications(tmp_path, monkeypatch):
    """A private copy of the classification files, read instead of the committed ones."""
    folder = tmp_path / "classifications"
    shutil.copytree(paths.CLASSIFICATIONS, folder)
    monkeypatch.setattr(paths, "CLASSIFICATIONS", folder)
    load_classification.cache_clear()
    yield folder
    load_classification.cache_clear()


def test_extra_row_in_a_real_file_is_rejected(classifications):
    from helpers.data import catalog
    from helpers.measures.indicators import indicators

    table = catalog.load_table("CHN", 2020, "nbs")
    path = classifications / f"{table.scheme}.csv"
    row = pd.DataFrame([{**GOOD, "code": "999", "name": "unknown sector"}])
    with path.open("a", encoding="utf-8", newline="") as f:
        row.to_csv(f, header=False, index=False)
    pattern = (rf"{path.name}: unknown sector codes 999: not sectors of {table.label}.*"
               rf"valid codes: {table.products[0]}, {table.products[1]}")
    with pytest.raises(ClassificationError, match=pattern):
        classification_for(table)
    with pytest.raises(ClassificationError, match=pattern):
        indicators(table)


def test_extra_code_is_rejected_by_the_vectorised_measures(toy_table, toy_cls):
    from helpers.measures.core import build_scheme_arrays
    from helpers.measures.definitions import DEFAULT

    extra = parse_classification(pd.concat([toy_cls, pd.DataFrame([EXTRA])]), "toy")
    with pytest.raises(ClassificationError, match="unknown sector codes X9"):
        build_scheme_arrays(extra, "toy", tuple(toy_table.products),
                            tuple(toy_table.industries), DEFAULT)


def test_every_scheme_file_has_exactly_the_sectors_of_its_tables():
    from helpers.data import catalog

    for stack in catalog.scheme_stacks():
        check_codes(load_classification(stack.scheme), stack.scheme,
                    [*stack.products, *stack.industries], f"the {stack.source} tables")
    for source in catalog.PANEL_SOURCES:
        panel = catalog.panel_of(source)
        check_codes(load_classification(panel.scheme), panel.scheme, panel.sectors,
                    f"the {source} panel")
    used = {s.scheme for s in catalog.scheme_stacks()}
    used |= {catalog.panel_of(s).scheme for s in catalog.PANEL_SOURCES}
    assert used == set(available_schemes())  # no file left unchecked
