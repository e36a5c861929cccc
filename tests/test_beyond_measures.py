"""Linkages, hypothetical extraction, structural decomposition and embodied value added, each
on a small table solved by hand (Miller and Blair, *Input-Output Analysis*, 2nd ed., section
2.3: Z = [[150, 500], [200, 100]], x = [1000, 2000]), then on the real tables."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from helpers.data import catalog
from helpers.data.classify import parse_classification
from helpers.data.imports import proportional_share
from helpers.data.iotable import IOTable
from helpers.data.stacks import TableStack
from helpers.errors import TableValidationError
from helpers.measures import (
    core,
    decomposition,
    embodied,
    extraction,
    linkages,
    prices,
    rd_break,
    system,
)
from helpers.measures.leontief import NotSquareError

MB_Z = [[150.0, 500.0], [200.0, 100.0]]
MB_X = [1000.0, 2000.0]


def toy(Z: list[list[float]], x: list[float], ps_role: str = "core",
        Z_imported: list[list[float]] | None = None,
        exports: list[float] | None = None, year: int = 2000) -> tuple[IOTable, pd.DataFrame]:
    """Sector M (manufacturing) and S (finance, with the given role), as a table and its
    classification."""
    codes = ["M", "S"]
    Zt = pd.DataFrame(Z, index=codes, columns=codes)
    Zi = None if Z_imported is None else pd.DataFrame(Z_imported, index=codes, columns=codes)
    total = Zt if Zi is None else Zt + Zi
    xs = pd.Series(x, index=codes)
    tii = total.sum(axis=0)
    table = IOTable(source="toy", country="TOY", year=year, unit="units", currency="XXX",
                    scheme="toy2", Z=total, tii=tii, va=xs - tii, x=xs, Z_imported=Zi,
                    exports=None if exports is None else pd.Series(exports, index=codes),
                    ).validate(1e-9)
    cls = pd.DataFrame({"code": codes, "name": codes, "name_zh": "", "note": "",
                        "group": ["manufacturing", "producer_service"],
                        "ps_category": ["", "wholesale" if ps_role != "core" else "finance"],
                        "ps_role": ["", ps_role], "mfg_role": ["core", ""],
                        "oecd_rd_intensity": ["high", ""], "oecd_2011_class": ["high", ""]})
    return table, parse_classification(cls, "toy2")


# --- linkages ---------------------------------------------------------------------------

def test_rasmussen_indices_by_hand():
    # A = [[.15, .25], [.2, .05]], det(I - A) = .7575, L = [[.95, .25], [.2, .85]] / .7575
    # (Miller and Blair: [[1.2541, .3300], [.2640, 1.1221]]). Column sums 1.15 and 1.10 over
    # .7575, total 2.25: backward = 2 * 1.15 / 2.25 = 46/45 and 2 * 1.10 / 2.25 = 44/45.
    # Ghosh: B = Z / x by row = [[.15, .5], [.1, .05]], G = [[.95, .5], [.1, .85]] / .7575;
    # row sums 1.45 and .95, total 2.4: forward = 2 * 1.45 / 2.4 = 29/24 and 19/24.
    table, cls = toy(MB_Z, MB_X)
    back, fwd = linkages.sector_indices(TableStack.of(table))
    assert back[0] == pytest.approx([46 / 45, 44 / 45], rel=1e-12)
    assert fwd[0] == pytest.approx([29 / 24, 19 / 24], rel=1e-12)
    result = linkages.linkages(table, cls=cls)
    assert result["backward"]["finance"] == pytest.approx(44 / 45, rel=1e-12)
    assert result["forward"]["finance"] == pytest.approx(19 / 24, rel=1e-12)
    assert np.isnan(result["backward"]["science_tech"])  # no sector, no index


def test_category_index_is_the_output_weighted_mean_of_its_sectors():
    # two sectors of one category with indices 1.2 and 0.6, outputs 100 and 300: the
    # category's index is (100 * 1.2 + 300 * 0.6) / 400 = 0.75; with the second sector
    # counted at half weight (a combined trade sector), (120 + 90) / 250 = 0.84.
    index = np.array([[1.2, 0.6, 1.0]])
    x = np.array([[100.0, 300.0, 50.0]])
    W = np.array([[1.0], [1.0], [0.0]])
    assert linkages.by_category(index, x, W)[0, 0] == pytest.approx(0.75)
    W[1, 0] = 0.5
    assert linkages.by_category(index, x, W)[0, 0] == pytest.approx(0.84)


def test_sector_indices_average_one_on_real_tables():
    stack = catalog.stack_of(catalog.unit_of(catalog.resolve("CHN", 2020, "nbs")))
    back, fwd = linkages.sector_indices(stack)
    assert back.mean(axis=1) == pytest.approx(1.0) and fwd.mean(axis=1) == pytest.approx(1.0)
    assert (back > 0).all() and back.std() > 0.05  # not all equal


def test_linkages_need_a_square_table():
    with pytest.raises(NotSquareError, match="commodity-by-industry"):
        linkages.linkages(catalog.load_table("USA", 2017, "bea"))


# --- hypothetical extraction ----------------------------------------------------------------

def test_full_extraction_by_hand():
    # f = x - Z 1 = [1000 - 650, 2000 - 300] = [350, 1700]. Removing S's row and column leaves
    # A_e = [[.15, 0], [0, 0]], so x_e = [350 / .85, 1700] = [7000/17, 1700]. Manufacturing
    # loses 1000 - 7000/17 = 10000/17: per unit of its final demand (10000/17) / 350 =
    # 200/119, and per unit of its output 10/17.
    table, cls = toy(MB_Z, MB_X)
    r = extraction.extraction(table, cls=cls)
    assert r["loss"] == pytest.approx(10000 / 17, rel=1e-12)
    assert r["loss_share"] == pytest.approx(200 / 119, rel=1e-12)
    assert r["loss_of_output"] == pytest.approx(10 / 17, rel=1e-12)


def test_partial_extraction_of_a_sector_counted_in_part():
    # S as a combined wholesale-and-retail sector counted half: its row and column keep half,
    # A_e = [[.15, .125], [.1, .0125]], det(I - A_e) = .85 * .9875 - .125 * .1 = .826875, and
    # x_e(M) = (.9875 * 350 + .125 * 1700) / .826875.
    table, cls = toy(MB_Z, MB_X, ps_role="trade_combined")
    r = extraction.extraction(table, cls=cls)
    assert r["loss"] == pytest.approx(1000 - (0.9875 * 350 + 0.125 * 1700) / 0.826875, rel=1e-12)


def test_partial_extractions_by_hand():
    # Manufacturing's purchases from S removed (a_SM = 0). Demand-driven, f = [350, 1700]:
    # x_S = 1700 / .95, so S loses (2000 - 1700 / .95) / 2000 = 2/19 of its output.
    # Supply-driven: B = [[.15, .5], [.1, .05]], v = x - Z' 1 = [650, 1400]; with b_SM = 0,
    # x'_M = 650 / .85, so manufacturing loses (1000 - 650 / .85) / 1000 = 4/17 of its output.
    table, cls = toy(MB_Z, MB_X)
    r = extraction.extraction(table, cls=cls)
    assert r["ps_output_pulled"] == pytest.approx(2 / 19, rel=1e-12)
    assert r["mfg_output_supported"] == pytest.approx(4 / 17, rel=1e-12)


def test_full_extraction_equals_removing_producer_services_purchases_only():
    # the demand-driven model: deleting the services' sales moves no other sector's output
    stack = catalog.stack_of(catalog.unit_of(catalog.resolve("CHN", 2020, "nbs")))
    arr = core.arrays_for(stack, extraction.DEFAULT)
    A = system.input_coefficients(stack.Z, stack.x)
    f = system.final_demand(stack.Z, stack.x)
    ps = arr.W_products.sum(axis=1)
    columns_only = A * (1.0 - ps)[None, None, :]
    x, x_cols = system.solve(A, f), system.solve(columns_only, f)
    loss_cols = (x - x_cols)[:, arr.mfg].sum(axis=1)
    full = extraction.extraction_results(stack)["loss"]
    assert full == pytest.approx(loss_cols, rel=1e-9)


# --- the domestic basis ---------------------------------------------------------------------

def test_import_proportionality_by_hand():
    shares = proportional_share(pd.Series([10.0, 5.0, 3.0]), pd.Series([100.0, 0.0, 2.0]), "t")
    assert list(shares) == [0.1, 0.0, 1.0]  # no use at home: 0; re-exports beyond use: 1
    with pytest.raises(TableValidationError, match="t: negative imports of \\[1\\]"):
        proportional_share(pd.Series([1.0, -1.0]), pd.Series([5.0, 5.0]), "t")


def test_domestic_basis_by_import_proportionality_by_hand():
    # 20 % of M is imported, none of S: Z_d = [[120, 400], [200, 100]], A_d = [[.12, .2],
    # [.2, .05]], f_d = x - Z_d 1 = [480, 1700]. Extraction leaves x_e(M) = 480 / .88, a loss
    # of 1000 - 480 / .88 = 5/11 of manufacturing output.
    table, cls = toy(MB_Z, MB_X)
    table = replace(table, import_share=pd.Series([0.2, 0.0], index=table.products))
    domestic = extraction.DEFAULT.but(origin="domestic")
    stack = TableStack.of(table)
    assert system.basis(stack, domestic) == "domestic (import proportionality)"
    assert system.flows(stack, domestic)[0] == pytest.approx(np.array([[120, 400], [200, 100]]))
    assert extraction.extraction(table, domestic, cls)["loss_of_output"] == pytest.approx(5 / 11)
    by_hand, _ = toy([[120.0, 400.0], [200.0, 100.0]], MB_X)
    ours, theirs = linkages.linkages(table, domestic, cls), linkages.linkages(by_hand, cls=cls)
    for side in ("backward", "forward"):
        assert ours[side]["finance"] == pytest.approx(theirs[side]["finance"], rel=1e-12)


def test_nbs_import_shares_recomputed_from_the_raw_columns():
    from helpers.data.sources.rda import read_single

    raw = read_single("nbs-ionet/china_2020_153.rda")
    raw = raw[raw["Code"].astype(str).str.isdigit()].set_index("Code")
    home = raw["TIU"] + raw["TFU"] - raw["EX"]
    expected = (raw["IM"] / home).clip(0, 1)
    share = catalog.load_table("CHN", 2020, "nbs").import_share
    assert share.to_numpy() == pytest.approx(expected.to_numpy(), abs=1e-12)
    assert catalog.load_table("CHN", 2020, "nbs42").import_share is None  # published split


def test_system_without_imports_names_the_bases():
    table = catalog.load_table("JPN", 2022, "oecd25")
    with pytest.raises(TableValidationError, match="only the basis 'total' is available "
                                                   "\\(valid bases: total, domestic"):
        linkages.linkages(table, extraction.DEFAULT.but(origin="domestic"))


# --- the price model ------------------------------------------------------------------------

def test_price_shock_by_hand():
    # A 10 % cut in S's price: M's direct cost change is a_SM * -.1 = -.02; in total M also
    # passes on its own cheaper inputs, dp_M = a_SM dp_S / (1 - a_MM) = -.02 / .85.
    table, cls = toy(MB_Z, MB_X)
    r = prices.price_shock(table, "finance", -0.1, extraction.DEFAULT, cls)
    assert r["manufacturing_cost_change_direct"] == pytest.approx(-0.02, rel=1e-12)
    assert r["manufacturing_cost_change"] == pytest.approx(-0.02 / 0.85, rel=1e-12)
    assert r["by_industry"][0]["total"] == pytest.approx(-0.02 / 0.85, rel=1e-12)
    with pytest.raises(prices.PriceShockError, match="unknown category 'rail'; valid: "):
        prices.price_shock(table, "rail", -0.1, cls=cls)
    with pytest.raises(prices.PriceShockError, match="has no sector in category 'transport'"):
        prices.price_shock(table, "transport", -0.1, extraction.DEFAULT, cls)


def test_price_shock_three_sectors_by_hand():
    # A = [[.1, .2, 0], [.3, 0, .1], [0, .4, .2]] (sector 2 shocked by +1): the others solve
    # [[.9, -.3], [-.2, 1]]' [dp_0, dp_1]' = [0, .4]' ... written as p = p A + v, so
    # dp_0 = .1 dp_0 + .3 dp_1 and dp_1 = .2 dp_0 + .4: dp_1 = .4 / (1 - .06 / .9), dp_0 =
    # .3 dp_1 / .9.
    A = np.array([[0.1, 0.2, 0.0], [0.3, 0.0, 0.1], [0.0, 0.4, 0.2]])
    direct, total = prices.cost_changes(A, np.array([0.0, 0.0, 1.0]))
    dp1 = 0.4 / (1 - 0.06 / 0.9)
    assert total == pytest.approx([0.3 * dp1 / 0.9, dp1, 1.0], rel=1e-12)
    assert direct == pytest.approx([0.0, 0.4, 1.0], rel=1e-12)


# --- comparable series ----------------------------------------------------------------------

def test_rd_capitalised_before_2017_and_left_alone_after():
    from helpers.data.classify import load_classification

    for scheme, code in rd_break.EXPENSED_RD.items():
        cls = load_classification(scheme).set_index("code")
        assert "research" in cls.loc[code, "name"].lower(), scheme
    before = catalog.load_table("CHN", 2012, "nbs")
    after = rd_break.capitalise_rd(before)
    sold = before.Z.loc["122"]
    assert sold.sum() > 0 and (after.Z.loc["122"] == 0).all()
    assert (after.va - before.va).to_numpy() == pytest.approx(sold.to_numpy())
    assert (after.x == before.x).all()
    after.validate(1e-3, 100.0)
    t20 = catalog.load_table("CHN", 2020, "nbs")
    assert rd_break.capitalise_rd(t20) is t20
    with pytest.raises(rd_break.RDBreakError, match="together with technical services; "
                                                    "schemes that can be harmonised: nbs_2002"):
        rd_break.capitalise_rd(catalog.load_table("CHN", 2015, "nbs"))


def test_common_sector_list_sums_every_table_once():
    for year in (2002, 2005, 2012, 2020):
        stack = TableStack.of(catalog.load_table("CHN", year, "nbs"))
        S = linkages.common_aggregator(stack)
        assert S.sum(axis=0) == pytest.approx(1.0) and S.shape[0] == len(linkages.COMMON_SECTORS)
        out = linkages.common_linkage_results(stack)
        assert out["forward"].shape == (1, 7)
    # a table already on few sectors: summing to the common list changes nothing but adds
    # empty sectors, which the indices' average counts, so compare ratios between categories
    table, cls = toy(MB_Z, MB_X)
    stack = TableStack.of(table)
    S = linkages.common_aggregator(stack, cls=cls)
    assert S[core.CATEGORIES.index("finance"), 1] == 1.0 and S[-1].sum() == 0.0


# --- structural decomposition ---------------------------------------------------------------

def test_structural_decomposition_by_hand():
    # Start: the Miller-Blair table, P0 = z_SM = 200, f0 = [350, 1700], l0 = 2050;
    # g0 = a_SM L0[M, :] = .2 * [.95, .25] / .7575 = [.19, .05] / .7575 (g0 f0 = 200).
    # End: Z1 = [[180, 500], [300, 100]], x1 = [1200, 2000]: A1 = [[.15, .25], [.25, .05]],
    # det(I - A1) = .745, g1 = .25 * [.95, .25] / .745 = [.2375, .0625] / .745,
    # f1 = [520, 1600], l1 = 2120, P1 = 300 (g1 f1 = 223.5 / .745).
    # g1 f0 = 189.375 / .745 and g0 f1 = 178.8 / .7575.
    # Polar form 1: technology g1 f0 - 200, level 300 * 70 / 2120, structure the rest.
    # Polar form 2: technology 300 - g0 f1, level 200 * 70 / 2050, structure the rest.
    start, cls0 = toy(MB_Z, MB_X)
    end, cls1 = toy([[180.0, 500.0], [300.0, 100.0]], [1200.0, 2000.0], year=2005)
    r = decomposition.decompose(start, end, cls=(cls0, cls1))
    tech1, level1 = 189.375 / 0.745 - 200, 300 * 70 / 2120
    tech2, level2 = 300 - 178.8 / 0.7575, 200 * 70 / 2050
    assert r["start"] == pytest.approx(200) and r["end"] == pytest.approx(300)
    assert r["total_change"] == pytest.approx(100)
    assert r["technology"] == pytest.approx((tech1 + tech2) / 2, rel=1e-12)
    assert r["final_demand_level"] == pytest.approx((level1 + level2) / 2, rel=1e-12)
    assert r["final_demand_structure"] == pytest.approx(
        ((100 - tech1 - level1) + (100 - tech2 - level2)) / 2, rel=1e-12)
    assert r["polar_start_weights"]["technology"] == pytest.approx(tech1, rel=1e-12)
    assert r["polar_end_weights"]["final_demand_level"] == pytest.approx(level2, rel=1e-12)
    # technology = a r: a0 = .2, a1 = .25; r f is manufacturing's output, r0 f0 = 1000,
    # r1 f1 = 1200, r1 f0 = 757.5 / .745, r0 f1 = 894 / .7575. Each polar form's technology
    # splits by the mean of both orderings of a and r.
    i1, k1 = 0.05 * (1000 + 757.5 / 0.745) / 2, 0.225 * (757.5 / 0.745 - 1000)
    i2, k2 = 0.05 * (894 / 0.7575 + 1200) / 2, 0.225 * (1200 - 894 / 0.7575)
    assert i1 + k1 == pytest.approx(tech1, rel=1e-12) and i2 + k2 == pytest.approx(tech2)
    assert r["technology_intensity"] == pytest.approx((i1 + i2) / 2, rel=1e-12)
    assert r["technology_linkage"] == pytest.approx((k1 + k2) / 2, rel=1e-12)


@pytest.mark.parametrize(("y0", "y1"), [(2002, 2007), (2007, 2012), (2012, 2017), (2017, 2020)])
def test_decomposition_adds_up_to_the_observed_change(y0, y1):
    t0, t1 = catalog.load_table("CHN", y0, "nbs"), catalog.load_table("CHN", y1, "nbs")
    r = decomposition.decompose(t0, t1)
    parts = sum(r[k] for k in decomposition.EFFECTS)
    assert parts == pytest.approx(r["total_change"], rel=1e-9)
    split = sum(r[k] for k in decomposition.TECHNOLOGY_PARTS)
    assert split == pytest.approx(r["technology"], rel=1e-9)
    for polar in ("polar_start_weights", "polar_end_weights"):
        form = r[polar]
        assert sum(form[k] for k in decomposition.EFFECTS) == pytest.approx(
            r["total_change"], rel=1e-9)
        assert sum(form[k] for k in decomposition.TECHNOLOGY_PARTS) == pytest.approx(
            form["technology"], rel=1e-9)
    # the decomposed quantity is the core's producer-service input into manufacturing
    for table, value in ((t0, r["start"]), (t1, r["end"])):
        flat = core.input_results(TableStack.of(table))
        assert value == pytest.approx(float(flat["ps_input_value"][0]), rel=1e-12)


def test_decomposition_needs_comparable_tables_in_order():
    t17, t20 = catalog.load_table("CHN", 2017, "nbs"), catalog.load_table("CHN", 2020, "nbs")
    with pytest.raises(decomposition.IncomparableTablesError, match="must be earlier"):
        decomposition.decompose(t20, t17)
    with pytest.raises(decomposition.IncomparableTablesError, match="same unit"):
        decomposition.decompose(catalog.load_table("USA", 2010, "wiod"), t20)


# --- embodied value added -------------------------------------------------------------------

def test_embodied_producer_service_value_added_by_hand():
    # Domestic flows as Miller-Blair, plus 50 of imported M used by M; x = [1000, 2000], so
    # va = x - (domestic + imported inputs) = [600, 1400] and v = [.6, .7]. Exports [300, 100]:
    # manufactured exports e_m = [300, 0]. L_d e_m = [.95, .2] * 300 / .7575, so S's value
    # added in them is .7 * 60 / .7575 and its share .14 / .7575; the first round is
    # v_S a_SM = .7 * .2 = .14. Domestic value added is all but the imported content
    # .05 * .95 / .7575 of the exports.
    table, cls = toy(MB_Z, MB_X, Z_imported=[[50.0, 0.0], [0.0, 0.0]], exports=[300.0, 100.0])
    r = embodied.embodied(table, cls=cls)
    assert r["mfg_exports"] == pytest.approx(300)
    assert r["ps_va_in_exports"] == pytest.approx(42 / 0.7575, rel=1e-12)
    assert r["share"] == pytest.approx(0.14 / 0.7575, rel=1e-12)
    assert r["share_by_category.finance"] == pytest.approx(0.14 / 0.7575, rel=1e-12)
    assert r["direct_share"] == pytest.approx(0.14, rel=1e-12)
    assert r["domestic_va_share"] == pytest.approx(1 - 0.05 * 0.95 / 0.7575, rel=1e-12)


def test_embodied_needs_an_import_split_and_exports():
    with pytest.raises(TableValidationError, match="no imported-input split.*nbs42, wiod"):
        embodied.embodied(catalog.load_table("CHN", 2020, "nbs"))
    table, cls = toy(MB_Z, MB_X, Z_imported=[[0.0, 0.0], [0.0, 0.0]])
    with pytest.raises(TableValidationError, match="no exports"):
        embodied.embodied(table, cls=cls)


def test_exports_are_read_with_the_tables():
    for key in (("CHN", 2020, "nbs42"), ("DEU", 2014, "wiod"), ("CHN", 2017, "nbs")):
        t = catalog.load_table(*key)
        assert t.exports is not None and 0 < t.exports.sum() < t.x.sum() / 2, key


# --- the wholesale share and the official classification -------------------------------------

def test_wholesale_shares_recomputed_from_the_nbs_2020_table():
    from helpers.measures import trade_split

    table = catalog.load_table("CHN", 2020, "nbs")
    mfg = core.arrays_for(TableStack.of(table), extraction.DEFAULT).mfg
    to_mfg = table.Z.iloc[:, mfg].sum(axis=1)
    row = trade_split.wholesale_shares([catalog.resolve("CHN", 2020, "nbs")]).iloc[0]
    assert row["sales_to_mfg_share"] == pytest.approx(to_mfg["109"] / (to_mfg["109"]
                                                                        + to_mfg["110"]))
    assert 0 < row["output_share"] < 1
    with pytest.raises(TableValidationError, match="does not split wholesale and retail; "
                                                   "schemes that do: nbs_2017_149"):
        trade_split.wholesale_shares([catalog.resolve("CHN", 2012, "nbs")])


def test_official_classification_maps_ten_divisions():
    from helpers.data.classify import official_2019

    official = official_2019()
    assert len(official) == 10 and set(official["report_category"]) - {""} <= set(
        core.CATEGORIES)
    assert (official["note"].str.len() > 10).all()


def test_total_requirements_on_the_domestic_basis_by_hand():
    # imports of M are 20 % of its use: A_d = [[.12, .2], [.2, .05]], det(I - A_d) = .796;
    # L_d[S, M] = .2 / .796, so S's total requirement per unit of M is .2 / .796 (direct .2).
    from helpers.measures.leontief import ps_requirements

    table, cls = toy(MB_Z, MB_X)
    table = replace(table, import_share=pd.Series([0.2, 0.0], index=table.products))
    r = ps_requirements(table, extraction.DEFAULT.but(origin="domestic"), cls)
    assert r["direct"] == pytest.approx(0.2) and r["total"] == pytest.approx(0.2 / 0.796)
    assert ps_requirements(table, cls=cls)["total"] == pytest.approx(0.2 / 0.7575)


def test_proportional_twin_keeps_each_products_imports_and_spreads_them_alike():
    from helpers.measures import proportionality

    table, cls = toy(MB_Z, MB_X, Z_imported=[[50.0, 0.0], [0.0, 30.0]])
    twin = proportionality.proportional_twin(table)
    # M's row (200 + 500 of which 50 imported) is 1/14 imported for both users
    assert twin.Z_imported.sum(axis=1).to_numpy() == pytest.approx([50.0, 30.0])
    assert twin.Z_imported.loc["M"].to_numpy() == pytest.approx([200 / 14, 500 / 14])
    with pytest.raises(TableValidationError, match="publishes no import split"):
        proportionality.proportional_twin(toy(MB_Z, MB_X)[0])
