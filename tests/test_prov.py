"""China's provincial input-output tables (source ``prov``): the loader on the real files (known
values read off the workbooks by hand), the cross-checks against the bureau's own files and the
national tables, the provincial comparison, the command line, and damaged files refused with the
file named."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import xlrd

from helpers import cli, paths
from helpers.claims.metrics import MetricError
from helpers.claims.metrics import evaluate as metric
from helpers.data import catalog
from helpers.data.sources import prov
from helpers.data.stacks import TableStack
from helpers.errors import HelpersError, TableValidationError, UnknownTableError
from helpers.measures import provinces, system
from helpers.measures.definitions import DEFAULT
from helpers.profiles.layout import parse_spec
from helpers.profiles.profile import economies, economy_name_zh

GD_2017 = prov.raw_file("CN-GD", 2017)


def main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


# --- the loader on the real files -------------------------------------------------------------

def test_every_province_year_is_a_table_named_in_both_languages():
    keys = [k for k in catalog.available() if k.source == "prov"]
    assert len(keys) == 62
    assert {k.country for k in keys} == set(prov.PROVINCES)
    assert {k.year for k in keys} == {2012, 2017}
    assert set(prov.PROVINCES) <= set(economies().index)
    assert economy_name_zh("CN-GD") == "广东"
    assert catalog.resolve("CN-GD", 2017).source == "prov"
    assert catalog.resolve("CHN", 2017).source == "nbs", "national defaults unchanged"


def test_guangdong_2017_holds_the_workbooks_numbers():
    t = catalog.load(catalog.TableKey("prov", "CN-GD", 2017))
    assert (t.unit, t.currency, t.scheme) == ("10 thousand CNY", "CNY", "nbs_2017_42")
    # read off CN-GD.xls by hand: agriculture's own use, its value added and total input
    assert t.Z.loc["01", "01"] == pytest.approx(5782488.767, abs=1e-3)
    assert t.va["01"] == pytest.approx(37127100.0003, abs=1e-3)
    assert t.x["01"] == pytest.approx(59698600, abs=1e-3)
    assert t.Z_imported is not None and (t.Z_imported.to_numpy() <= t.Z.to_numpy() + 1e-9).all()
    assert catalog.load(catalog.TableKey("prov", "CN-GD", 2012)).scheme == "nbs_2015_42"


def test_outside_shares_are_imports_and_inflows_over_use_within():
    rows = xlrd.open_workbook(str(paths.raw_path(GD_2017))).sheet_by_index(0)
    g = prov.grid([rows.row_values(r) for r in range(rows.nrows)], GD_2017)
    share = prov.outside_shares(g)
    coal = g.loc["02"]  # Guangdong mines almost no coal and uses a great deal
    used = g.loc["02", list(prov.SECTORS)].sum() + coal["TFU"] - coal["EX"] - coal["OF"]
    assert share["02"] == pytest.approx(min(1.0, (coal["IM"] + coal["IF"]) / used))
    assert share["02"] > 0.99
    assert ((share >= 0) & (share <= 1)).all()


def test_a_provinces_linkages_use_in_province_flows():
    t = catalog.load(catalog.TableKey("prov", "CN-GD", 2017))
    st = TableStack.of(t)
    assert system.basis(st, DEFAULT) == "in-province"
    assert np.allclose(system.flows(st, DEFAULT), st.Z_domestic)
    # all-origin output coefficients would exceed 1 where the province buys in what it uses
    assert (st.Z[0].sum(axis=1) / np.maximum(st.x[0], 1)).max() > 100
    assert (st.Z_domestic[0].sum(axis=1) <= st.x[0] * (1 + 1e-6) + 1).all()


# --- cross-checks -----------------------------------------------------------------------------

def test_compiled_guangdong_tables_equal_the_bureaus_files():
    assert provinces.official_difference(2017) == 0
    assert 0 < provinces.official_difference(2012) <= 0.5  # the bureau's cells are whole numbers


def test_provinces_against_the_national_tables():
    va = {y: provinces.provinces_over_national("va", y) for y in prov.YEARS}
    assert 105 < va[2012] < 110 and 100 < va[2017] < 105
    assert provinces.provinces_over_national("tii", 2017) > 110
    with pytest.raises(HelpersError, match="valid: va, tii, output"):
        provinces.provinces_over_national("gdp", 2017)


def test_the_official_national_2017_file_holds_placeholders_not_numbers():
    data = paths.raw_path(prov.OFFICIAL_NATIONAL_2017).read_bytes()
    assert data.startswith(b"Mime-Version") and data.count(b"[**]") > 2000


def test_registry_rows_of_the_cross_checks_evaluate():
    assert metric("provcheck:official:CN-GD:2017:max_abs_diff") == 0
    assert metric("prov:ps_input_share:CN-GD:2017:rank") == provinces.table().query(
        "country == 'CN-GD' and year == 2017")["ps_input_share_rank"].iloc[0]
    with pytest.raises(MetricError, match="provcheck is official"):
        metric("provcheck:official:CN-JS:2017:max_abs_diff")
    with pytest.raises(MetricError, match="unknown provincial measure"):
        metric("prov:gdp:CN-GD:2017:rank")
    with pytest.raises(MetricError, match="no provincial tables for 2015"):
        metric("prov:ps_input_share:CN-GD:2015:rank")


# --- the comparison ---------------------------------------------------------------------------

def test_ranks_count_from_the_highest_among_31():
    t = provinces.table()
    for y in prov.YEARS:
        year = t[t["year"] == y]
        assert len(year) == 31
        top = year.loc[year["ps_input_share"].idxmax()]
        assert top["ps_input_share_rank"] == 1
        assert sorted(year["ps_input_share_rank"]) == list(range(1, 32))
    gd = provinces.value("ps_input_share", "CN-GD", 2017, "value")
    assert provinces.value("ps_input_share", "CN-GD", 2017, "less_next") < 0 < gd
    assert provinces.value("ps_input_share", "CHN", 2017, "value") == pytest.approx(
        provinces.national(2017)["ps_input_share"])


def test_category_mix_adds_to_100():
    for code in ("CN-GD", "CHN"):
        for y in prov.YEARS:
            assert provinces.categories(code, y)["mix"].sum() == pytest.approx(100)


# --- the command line -------------------------------------------------------------------------

def test_indicators_json_of_a_province(capsys):
    code, out, err = main(capsys, "indicators", "CN-GD", "2017", "--source", "prov", "--json")
    assert code == 0, err
    r = json.loads(out)
    code, out, _ = main(capsys, "indicators", "CHN", "2017", "--source", "nbs42", "--json")
    assert set(r) == set(json.loads(out)), "the same keys as for a country"
    assert (r["country"], r["year"], r["source"], r["currency"]) == ("CN-GD", 2017, "prov", "CNY")
    code, out, _ = main(capsys, "linkages", "cn-gd", "2012", "--source", "prov", "--json")
    assert code == 0 and json.loads(out)["basis"] == "in-province"


def test_unknown_province_or_year_lists_the_options(capsys):
    code, _, err = main(capsys, "indicators", "CN-XX", "2017", "--source", "prov")
    assert code == 2 and "CN-GD" in err
    code, _, err = main(capsys, "indicators", "CN-GD", "2015", "--source", "prov")
    assert code == 2 and "2012, 2017" in err


def test_runs_name_province_years(capsys):
    assert parse_spec("CN-GD:2017:prov") == catalog.TableKey("prov", "CN-GD", 2017)
    assert parse_spec("cn-gd-2012-prov") == catalog.TableKey("prov", "CN-GD", 2012)
    code, out, _ = main(capsys, "runs", "list", "--all")
    assert code == 0
    assert sum(":prov " in line for line in out.splitlines()) == 62


# --- damaged files ----------------------------------------------------------------------------

def _rows(relpath: str) -> list[list[object]]:
    return prov.read_rows(paths.raw_path(relpath), relpath)


def test_a_cell_that_is_not_a_number_is_named():
    rows = _rows(GD_2017)
    i = next(i for i, r in enumerate(rows) if prov._code(r[prov.CODE_COLUMN]) == "05")
    rows[i][5] = "n/a"
    with pytest.raises(TableValidationError, match=r"row 05 column 03"):
        prov.grid(rows, GD_2017)


def test_a_missing_row_or_column_is_named():
    rows = _rows(GD_2017)
    without_tva = [r for r in rows if prov._code(r[prov.CODE_COLUMN]) != "TVA"]
    with pytest.raises(TableValidationError, match=f"{GD_2017}.*row\\(s\\) TVA"):
        prov.grid(without_tva, GD_2017)
    header = next(i for i, r in enumerate(rows) if "GO" in r)
    rows[header] = ["" if c == "IF" else c for c in rows[header]]
    with pytest.raises(TableValidationError, match="column\\(s\\) IF"):
        prov.grid(rows, GD_2017)
    with pytest.raises(TableValidationError, match="no row of column codes 01..42"):
        prov.grid(rows[:5], GD_2017)


@pytest.fixture
def damaged_raw(tmp_path):
    """A raw folder whose Guangdong 2017 file can be damaged; every other file linked."""
    raw = tmp_path / "raw"
    for f in paths.RAW.rglob("*"):
        if f.is_file():
            (raw / f.relative_to(paths.RAW)).parent.mkdir(parents=True, exist_ok=True)
            if f == paths.raw_path(GD_2017):
                shutil.copy(f, raw / f.relative_to(paths.RAW))
            else:
                (raw / f.relative_to(paths.RAW)).symlink_to(f)
    return raw


def test_a_truncated_provincial_file_stops_the_command_naming_it(tmp_path, damaged_raw):
    target = damaged_raw / GD_2017
    data = target.read_bytes()
    target.write_bytes(data[: len(data) // 3])
    env = {**os.environ, "HELPERS_RAW_DIR": str(damaged_raw),
           "HELPERS_CACHE_DIR": str(tmp_path / "c")}
    r = subprocess.run([sys.executable, "-m", "helpers", "indicators", "CN-GD", "2017",
                        "--source", "prov"], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 2 and r.stdout == ""
    assert GD_2017 in r.stderr and "python -m helpers fetch" in r.stderr


def test_an_unreadable_workbook_is_named(tmp_path):
    bad = tmp_path / "CN-GD.xls"
    bad.write_bytes(b"not a workbook")
    with pytest.raises(TableValidationError, match=r"somewhere/CN-GD.xls cannot be read"):
        prov.parse(bad, "CN-GD", 2017, "somewhere/CN-GD.xls")


def test_unbalanced_cells_are_refused(monkeypatch):
    rows = _rows(GD_2017)
    i = next(i for i, r in enumerate(rows) if prov._code(r[prov.CODE_COLUMN]) == "07")
    rows[i][prov.CODE_COLUMN + 1] = float(rows[i][prov.CODE_COLUMN + 1] or 0) + 5e6
    monkeypatch.setattr(prov, "read_rows", lambda path, where: rows)
    with pytest.raises(TableValidationError, match=f"{GD_2017}.*unbalanced"):
        prov.parse(Path("unused"), "CN-GD", 2017, GD_2017)


def test_unknown_table_keys():
    with pytest.raises(UnknownTableError):
        catalog.load(catalog.TableKey("prov", "CN-GD", 2015))
