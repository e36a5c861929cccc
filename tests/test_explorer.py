"""The definition explorer's grid (from the whole-panel sweep) and its chart."""

from __future__ import annotations

import numpy as np
import pytest

from helpers.book import charts
from helpers.book.explorer import explorer_chart
from helpers.measures import explorer, panel_cache
from helpers.measures.definitions import DEFAULT


@pytest.fixture(scope="module")
def grid():
    return explorer.load()


def test_grid_holds_every_variant_and_its_default_is_the_panel(grid):
    assert len(explorer.choices()) == 2 ** len(explorer.SWITCHES)
    variants = grid[list(explorer.SWITCHES)].drop_duplicates()
    assert len(variants) == len(explorer.choices())
    assert set(zip(grid["source"], grid["country"], strict=True)) == set(explorer.SERIES)
    default = grid
    for switch in explorer.SWITCHES:
        default = default[default[switch] == getattr(DEFAULT, switch)]
    panel = panel_cache.load().set_index(["source", "country", "year"])
    expected = panel.loc[list(zip(default["source"], default["country"], default["year"],
                                  strict=True)), "ps_input_share"]
    assert np.allclose(default["share"], expected, rtol=1e-9)
    # tables without an import split have no domestic-inputs rows
    assert grid[(grid["source"] == "nbs") & (grid["origin"] == "domestic")].empty
    assert grid["share"].between(0.02, 0.6).all()


def test_grid_is_cached_by_the_panel_fingerprint(grid):
    assert explorer.cache_path().exists()
    assert panel_cache.fingerprint() in explorer.cache_path().name


def test_explorer_chart_binds_one_radio_control_per_switch(grid):
    charts.enable()
    controls = {"origin": ("Inputs", {"total": "total", "domestic": "domestic"}, "total"),
                "trade_scope": ("Trade", {"wholesale": "w", "wholesale_retail": "w+r"},
                                "wholesale")}
    small = grid[grid["passenger_transport"] & grid["include_repair"] & grid["include_waste"]
                 & (grid["denominator"] == "tii")]
    spec = explorer_chart(small, controls, "share", "share").to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert set(params) == set(controls)
    assert params["origin"]["bind"]["input"] == "radio"
    assert params["origin"]["value"] == "total"
    rows, combos = spec["datasets"].values()
    assert len(combos) == 4 and len(rows) == len(small)
    assert "datum.origin == origin && datum.trade_scope == trade_scope" in str(spec["transform"])
