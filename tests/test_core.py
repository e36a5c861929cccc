"""The vectorised core against the previous per-table implementation, the fast weights
against the reviewed pandas ones, the sweep, and the stacks behind them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from helpers.book.present import significant
from helpers.data import catalog
from helpers.data.classify import PS_CATEGORIES, load_classification
from helpers.data.sources import wiod
from helpers.data.stacks import TableStack
from helpers.errors import ClassificationError, TableValidationError
from helpers.measures import core, panel_cache, sweep
from helpers.measures.definitions import DEFAULT, Definition
from helpers.measures.weights import manufacturing_industries, ps_weights

#: Every table's results as the previous (per-table pandas) implementation computed them,
#: written with 17 significant digits before the core was vectorised.
REFERENCE = Path(__file__).parent / "data" / "panel_reference.csv.gz"


#: Columns the panel gained after the reference was written: each table's size.
ADDED_SINCE = ("products", "industries")
#: Tables a newer release revised since the reference was made (BEA's 2025 release revised
#: 2022-2023); test_bea_releases checks that the older release still gives the reference's values.
REVISED = {("bea", "USA", 2022), ("bea", "USA", 2023)}


def _text(values: pd.Series) -> pd.Series:
    """Text cells as compared with the reference: a note's list of the sources with square
    tables has grown with the sources since, so it is left out."""
    return values.fillna("").astype(str).str.replace(r" \(sources [a-z0-9, ]+\)", "",
                                                      regex=True)


def _sig(values: pd.Series) -> np.ndarray:
    return np.array([significant(float(v)) for v in values], dtype=float)


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return panel_cache.compute()


def test_whole_panel_equals_previous_implementation_to_10_digits(panel):
    ref = pd.read_csv(REFERENCE, keep_default_na=False, na_values=[""])
    assert [c for c in panel.columns if c not in ADDED_SINCE] == list(ref.columns)
    key = ["source", "country", "year"]
    ref = ref[[k not in REVISED
               for k in zip(ref["source"], ref["country"], ref["year"], strict=True)]]
    ref = ref.reset_index(drop=True)
    in_ref = pd.MultiIndex.from_frame(panel[key]).isin(pd.MultiIndex.from_frame(ref[key]))
    panel = panel[in_ref].reset_index(drop=True)  # tables added since are not in the reference
    panel = panel.drop(columns=list(ADDED_SINCE))
    assert panel.shape == ref.shape, "every reference table must still be in the panel"
    assert (panel[key] == ref[key]).all().all()
    differ = []
    for col in ref.columns:
        if ref[col].dtype.kind in "fi":
            a, b = _sig(ref[col]), _sig(panel[col])
            same = (a == b) | (np.isnan(a) & np.isnan(b))
        else:
            same = (_text(ref[col]) == _text(panel[col]))
        differ += [f"{col} of {ref.at[i, 'label']}" for i in np.flatnonzero(~np.asarray(same))]
    assert not differ, f"{len(differ)} values differ, e.g. {differ[:5]}"


def test_panel_keys_subset_keeps_their_order(panel):
    keys = [catalog.resolve("USA", 2017, "bea"), catalog.resolve("CHN", 2002, "nbs")]
    part = panel_cache.compute(keys)
    assert list(zip(part["source"], part["year"], strict=True)) == [("bea", 2017), ("nbs", 2002)]
    row = panel[(panel["source"] == "bea") & (panel["year"] == 2017)].iloc[0]
    assert part.iloc[0]["ps_input_share"] == row["ps_input_share"]


@pytest.mark.parametrize("choice", sweep.variants()[::17])
def test_fast_weights_equal_the_reviewed_pandas_ones(choice):
    definition = sweep.definition_of(choice)
    for stack in catalog.scheme_stacks():
        arr = core.scheme_arrays(stack.scheme, stack.products, stack.industries, definition)
        cls = load_classification(stack.scheme)
        W = ps_weights(cls, pd.Index(stack.products), definition)[list(PS_CATEGORIES)]
        assert np.array_equal(arr.W_products, W.to_numpy()), stack.scheme
        mfg = manufacturing_industries(cls, pd.Index(stack.industries), definition)
        assert [stack.industries[i] for i in arr.mfg] == list(mfg.index), stack.scheme
        levels = [["high", "medium", "low"][k] for k in arr.levels.argmax(axis=0)]
        assert levels == list(mfg["technology"]), stack.scheme


def test_unknown_technology_class_is_named():
    bad = Definition(intensity=(("high", "high"),))
    stack = catalog.scheme_stacks()[0]
    with pytest.raises(ClassificationError, match="have no technology level"):
        core.scheme_arrays(stack.scheme, stack.products, stack.industries, bad)


def test_sweep_covers_every_variant_and_its_default_is_the_panel(panel):
    choices = sweep.variants()
    assert len(choices) == 256 and len({tuple(c.items()) for c in choices}) == 256
    assert sweep.definition_of(choices[0]) == DEFAULT
    df = sweep.sweep(choices[:2])
    assert len(df) == 2 * len(catalog.available())
    first = df[df["variant"] == 0].set_index(["source", "country", "year"])
    base = panel.set_index(["source", "country", "year"]).loc[first.index]
    assert np.allclose(first["ps_input_share"], base["ps_input_share"], rtol=1e-12)
    assert np.allclose(first["leontief.total"], base["leontief.total"], rtol=1e-12,
                       equal_nan=True)


def test_sweep_domestic_inputs_are_missing_where_no_import_split():
    choice = {**sweep.variants()[0], "origin": "domestic"}
    df = sweep.sweep([choice])
    no_split = df["source"].isin(["nbs", "oecd", "oecd25", "mic"])
    assert df.loc[no_split, "ps_input_share"].isna().all()
    assert df.loc[~no_split, "ps_input_share"].notna().all()
    assert df["ps_to_mfg_ratio"].notna().all()


def test_wiod_one_pass_parse_equals_per_table_load():
    stack = wiod.parse_country("FRA")
    for i, year in enumerate(stack.years[::5]):
        t = wiod.load("FRA", year)
        j = stack.years.index(year)
        assert np.array_equal(stack.Z[j], t.Z.to_numpy()), (i, year)
        assert np.array_equal(stack.Z_imported[j], t.Z_imported.to_numpy())
        assert np.array_equal(stack.tii[j], t.tii.to_numpy())


def test_wiod_unbalanced_year_is_named_unless_excluded():
    with pytest.raises(TableValidationError, match=r"wiod LUX 2014 is unbalanced"):
        wiod.parse_country("LUX")
    assert 2014 not in wiod.parse_country("LUX", (2014,)).years


def test_stack_save_load_round_trip(tmp_path):
    stack = catalog.stack_of(catalog.unit_of(catalog.resolve("CHN", 2020, "nbs42")))
    stack.save(tmp_path / "s.npz")
    back = TableStack.load(tmp_path / "s.npz")
    assert back.keys == stack.keys and back.products == stack.products
    assert np.array_equal(back.Z, stack.Z) and np.array_equal(back.Z_imported, stack.Z_imported)


def test_malformed_stack_and_mixed_concat_are_errors():
    stack = catalog.scheme_stacks()[0]
    with pytest.raises(TableValidationError, match="malformed"):
        TableStack(**{**{k: getattr(stack, k) for k in (
            "source", "scheme", "unit", "currency", "countries", "years", "products",
            "industries", "Z", "tii", "va")}, "x": stack.x[:, :-1]})
    other = next(s for s in catalog.scheme_stacks() if s.scheme != stack.scheme)
    with pytest.raises(TableValidationError, match="cannot be stacked"):
        TableStack.concat([stack, other])
