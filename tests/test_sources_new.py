"""The OECD ICIO 2025, Japan MIC and ADB MRIO summary sources: loaders on the real files (known
values read off the raw files by hand), the command line, and broken copies of each file
format failing with errors that name the file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from helpers import cli, paths
from helpers.data import catalog
from helpers.data.classify import load_classification
from helpers.data.fetch import read_sources
from helpers.data.sources import adb, mic, oecd25
from helpers.data.units import convert
from helpers.errors import TableValidationError, UnknownTableError
from helpers.measures import value_added
from helpers.measures.core import VA_FIELDS
from helpers.profiles.profile import economies

OECD_USA = oecd25.raw_file("USA")
VA_KEYS = {f.split(".")[0] for f in VA_FIELDS}


@pytest.fixture(scope="module")
def panel():
    return catalog.panel_of("adb")


def main(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in this process: exit code, stdout, stderr."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:  # argparse rejects bad options this way
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


# --- loaders on the real files ----------------------------------------------------------------

def test_oecd25_covers_every_listed_file_with_balanced_50_industry_tables():
    listed = sorted(s.path for s in read_sources() if s.path.startswith(oecd25.FOLDER))
    assert listed == sorted(oecd25.raw_file(c) for c in oecd25.COUNTRIES)
    assert len(oecd25.COUNTRIES) == 80
    t = catalog.load_table("USA", 2022, "oecd25")
    assert t.Z.shape == (50, 50) and t.Z_imported is None
    assert (t.unit, t.currency, t.scheme) == ("million USD", "USD", "oecd25_50")
    assert (t.tii + t.va - t.x).abs().max() < 0.01
    # read off USA2022ttl.csv: OUTPUT and VALU of C26, K's sales to G, IMP_OTHER + TXS_INT_FNL
    assert t.x["C26"] == pytest.approx(489552.039)
    assert t.va["C26"] == pytest.approx(351490.264)
    assert t.Z.loc["K", "G"] == pytest.approx(199344.67)
    assert t.other_intermediate["C19"] == pytest.approx(2681.609 + 1786.179, abs=0.01)
    assert catalog.load_table("DEU", 2022, "oecd25").x["C26"] == pytest.approx(109908.604)


def test_mic_tables_balance_and_match_the_workbooks():
    t11, t15 = (catalog.load_table("JPN", y, "mic") for y in (2011, 2015))
    assert t11.Z.shape == (188, 188) and t15.Z.shape == (185, 185)
    assert (t15.unit, t15.currency, t15.scheme) == ("billion JPY", "JPY", "mic_2015_185")
    assert t11.scheme == "mic_2011_188"
    # read off Value_data of the 2015 workbook: cereals (0111) column and wholesale output
    assert t15.Z.loc["0111", "0111"] == pytest.approx(24.468)
    assert t15.x["0111"] == pytest.approx(1606.075)
    assert t15.va["0111"] == pytest.approx(815.158)
    assert t15.x["5111"] == pytest.approx(50628.789)
    assert t15.x.sum() == pytest.approx(1017818.388) and t11.x.sum() == pytest.approx(939674.856)
    for t in (t11, t15):
        assert (t.tii + t.va - t.x).abs().max() < 1e-6
    assert (t15.Z.to_numpy() < 0).any(), "scrap and by-products are negative inputs"
    assert convert(t15.x.sum(), t15.unit, "trillion JPY") == pytest.approx(1017.818388)


def test_adb_panel_joins_the_two_files_and_balances(panel):
    assert len(panel) == 62 * len(adb.YEARS_62) + 72 * len(adb.YEARS_72)
    assert (panel.unit, panel.currency, panel.scheme) == ("million USD", "USD", "adb_35")
    assert panel.sectors == tuple(f"c{i}" for i in range(1, 36))
    assert "ROW" not in panel.countries
    assert {y for c, y in zip(panel.countries, panel.years, strict=True) if c == "ARE"} == set(
        adb.YEARS_72)
    assert np.abs(panel.intermediate + panel.va - panel.output).max() < 1e-6
    usa = panel.frame("USA", 2022)  # read off summary.parquet (economy 43)
    assert usa.at["c14", "va"] == pytest.approx(427813.4, rel=1e-6)
    assert usa["va"].sum() == pytest.approx(25462722.0)
    assert usa["exports"].sum() == pytest.approx(2975843.0), "exports are x - e"
    chn = panel.frame("CHN", 2000)  # read off summary62.parquet (economy 8)
    assert chn.at["c14", "output"] == pytest.approx(216839.710451)
    assert chn["va"].sum() == pytest.approx(1210833.423077)
    assert set(panel.sectors) == set(load_classification("adb_35").index)


def test_every_new_economy_has_a_name():
    named = set(economies().index)
    assert {k.country for k in (*catalog.available(), *catalog.panel_keys())} <= named
    assert economies().at["CIV", "name_zh"] == "科特迪瓦"


def test_default_sources_of_existing_tables_do_not_change():
    assert catalog.resolve("JPN", 2015).source == "oecd"
    assert catalog.resolve("JPN", 2011).source == "oecd"
    assert catalog.resolve("DEU", 2022).source == "oecd25"
    assert catalog.resolve_value_added("USA", 2022).source == "bea"
    assert catalog.resolve_value_added("MNG", 2020).source == "adb"


def test_combined_trade_sector_counts_half_as_wholesale():
    t = catalog.load_table("DEU", 2022, "oecd25")
    va = value_added.of_table(t)
    assert va["ps_va_composition"]["wholesale"] == pytest.approx(0.5 * t.va["G"] / va["ps_va"])


def test_adb_value_added_follows_the_classification(panel):
    usa = panel.frame("USA", 2022)["va"]
    ps = 0.5 * usa["c19"] + usa[["c20", "c23", "c24", "c25", "c26", "c27", "c28",
                                 "c30"]].sum()
    mfg = usa[[f"c{i}" for i in range(3, 17)]].sum()
    got = value_added.of_panel(panel, "USA", 2022)
    assert got["ps_va"] == pytest.approx(ps) and got["mfg_va"] == pytest.approx(mfg)
    assert got["ps_to_mfg_ratio"] == pytest.approx(ps / mfg)
    assert sum(got["ps_va_composition"].values()) == pytest.approx(1.0)


# --- the command line -------------------------------------------------------------------------

@pytest.mark.parametrize(("country", "year", "source", "unit"), [
    ("DEU", "2022", "oecd25", "million USD"), ("JPN", "2015", "mic", "billion JPY"),
])
def test_indicators_json_of_new_tables(capsys, country, year, source, unit):
    code, out, err = main(capsys, "indicators", country, year, "--source", source, "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["country"], r["year"], r["source"], r["unit"]) == (country, int(year), source, unit)
    assert r["currency"] == unit.split()[-1]
    assert 0.05 < r["ps_input_share"] < 0.5 and 0.5 < r["ps_to_mfg_ratio"] < 5
    code, out, _ = main(capsys, "value-added", country, year, "--source", source, "--json")
    va = json.loads(out)
    assert code == 0 and VA_KEYS <= set(va)
    assert all(va[k] == r[k] for k in VA_KEYS), "value-added is indicators' value-added part"


def test_value_added_of_adb_json_and_text(capsys):
    code, out, err = main(capsys, "value-added", "USA", "2022", "--source", "adb", "--json")
    assert code == 0, err
    r = json.loads(out)
    assert (r["source"], r["unit"], r["currency"]) == ("adb", "million USD", "USD")
    assert VA_KEYS <= set(r) and 2 < r["ps_to_mfg_ratio"] < 5
    code, out, _ = main(capsys, "value-added", "USA", "2022", "--source", "adb")
    assert code == 0 and out.startswith("adb USA 2022 (million USD)")
    assert "ps_va_composition.finance:" in out


def test_value_added_compares_every_source(capsys):
    code, out, err = main(capsys, "value-added", "USA", "2022", "--all-sources", "--json")
    assert code == 0, err
    assert [r["source"] for r in json.loads(out)] == ["bea", "oecd25", "adb"]


def test_sources_lists_the_new_sources(capsys):
    code, out, _ = main(capsys, "sources")
    assert code == 0
    for source in ("oecd25:", "mic:", "adb:"):
        assert f"\n{source}" in out
    assert "  VNM: 2000, 2007" in out


@pytest.mark.parametrize(("args", "message"), [
    (("indicators", "USA", "2022", "--source", "adb"), "no inter-sector flows"),
    (("indicators", "DEU", "2021", "--source", "oecd25"), "available: oecd25 DEU 2022"),
    (("indicators", "JPN", "2020", "--source", "mic"), "available: mic JPN 2011-2015"),
    (("indicators", "DEU", "2022", "--source", "mic"), "mic covers JPN"),
    (("indicators", "MNG", "2020"), "MNG 2020 has value added only"),
    (("value-added", "USA", "2005", "--source", "adb"), "available: adb USA 2000-2022"),
    (("value-added", "XYZ", "2022", "--source", "adb"), "valid countries: AGO, ARE, ARG, ARM"),
    (("value-added", "MNG", "2022", "--source", "oecd25"), "oecd25 covers AGO"),
    (("value-added", "USA", "2022", "--source", "imf"), "invalid choice: 'imf'"),
])
def test_bad_keys_exit_2_listing_options(capsys, args, message):
    code, out, err = main(capsys, *args)
    assert code == 2 and out == ""
    assert message in err
    if args[-1] == "adb" and args[0] == "indicators":
        assert "python -m helpers value-added USA 2022 --source adb" in err


def test_panel_sources_are_not_tables():
    with pytest.raises(UnknownTableError, match="no inter-sector flows"):
        catalog.resolve("USA", 2022, "adb")
    with pytest.raises(UnknownTableError, match="panel sources: adb"):
        catalog.panel_of("oecd25")


# --- broken files -----------------------------------------------------------------------------

def test_oecd25_csv_with_a_row_removed_or_a_cell_changed(tmp_path):
    lines = (paths.RAW / OECD_USA).read_text().splitlines(keepends=True)
    short = tmp_path / "short.csv"
    short.write_text("".join(line for line in lines if not line.startswith('"TTL_C26"')))
    with pytest.raises(TableValidationError, match=r"short\.csv: missing rows \['TTL_C26'\]"):
        oecd25.parse(short, "USA")
    changed = tmp_path / "changed.csv"
    changed.write_text("".join(line.replace("489552.039", "499552.039") for line in lines))
    with pytest.raises(TableValidationError, match=r"changed\.csv: .*unbalanced.*C26"):
        oecd25.parse(changed, "USA")
    cut = tmp_path / "cut.csv"
    cut.write_text("".join(lines)[: len("".join(lines)) // 2])
    with pytest.raises(TableValidationError, match=r"cut\.csv"):
        oecd25.parse(cut, "USA")


def test_mic_workbook_without_its_sheet_or_cut_short(tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Set_data"
    no_sheet = tmp_path / "no_sheet.xlsx"
    book.save(no_sheet)
    with pytest.raises(TableValidationError, match=r"no_sheet\.xlsx has no sheet 'Value_data'; "
                                                   "its sheets: Set_data"):
        mic.parse(no_sheet, 2015)
    book.create_sheet("Value_data").append(["産業連関表（10億円）"])
    book.save(no_sheet.with_name("wrong_layout.xlsx"))
    with pytest.raises(TableValidationError, match=r"wrong_layout\.xlsx sheet Value_data: "
                                                   "expected 185 sector rows"):
        mic.parse(no_sheet.with_name("wrong_layout.xlsx"), 2015)
    cut = tmp_path / "cut.xlsx"
    data = (paths.RAW / mic.raw_file(2015)).read_bytes()
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableValidationError, match=r"cut\.xlsx cannot be read as an Excel"):
        mic.parse(cut, 2015)


def test_adb_parquet_cut_short_changed_or_missing_a_sector(tmp_path):
    src = paths.RAW / adb.SUMMARY72
    economies_ = adb.economy_numbers(paths.RAW / adb.COUNTRIES_FILE, "mrio")
    sectors = adb.sector_codes(paths.RAW / adb.SECTORS_FILE)
    cut = tmp_path / "cut.parquet"
    cut.write_bytes(src.read_bytes()[:200_000])
    with pytest.raises(TableValidationError, match=r"cut\.parquet cannot be read as a parquet"):
        adb.parse_summary(cut, economies_, sectors, "cut.parquet")
    df = pd.read_parquet(src)
    changed = tmp_path / "changed.parquet"
    usa = (df["t"] == 2022) & (df["s"] == 43) & (df["i"] == 20)
    df.loc[usa, "va"] += 1000.0
    df.to_parquet(changed)
    with pytest.raises(TableValidationError,
                       match=r"changed\.parquet: adb USA 2022 is unbalanced.*c20"):
        adb.parse_summary(changed, economies_, sectors, "changed.parquet")
    missing = tmp_path / "missing.parquet"
    df[~usa].to_parquet(missing)
    with pytest.raises(TableValidationError, match=r"missing\.parquet: expected sectors 1-35"):
        adb.parse_summary(missing, economies_, sectors, "missing.parquet")


def test_adb_files_must_agree_where_they_overlap(panel):
    p62 = adb.parse_summary(paths.RAW / adb.SUMMARY62,
                            adb.economy_numbers(paths.RAW / adb.COUNTRIES_FILE, "mrio62"),
                            adb.sector_codes(paths.RAW / adb.SECTORS_FILE), adb.SUMMARY62)
    p72 = p62.select(np.isin(p62.years, adb.YEARS_72))
    p72.va[:] *= 1.01
    with pytest.raises(TableValidationError, match="disagree on va"):
        adb.check_overlap(p62, p72)


@pytest.mark.parametrize(("relpath", "args"), [
    (OECD_USA, ("indicators", "USA", "2022", "--source", "oecd25")),
    (mic.raw_file(2015), ("indicators", "JPN", "2015", "--source", "mic")),
    (adb.SUMMARY72, ("value-added", "USA", "2022", "--source", "adb", "--json")),
])
def test_a_truncated_raw_file_stops_the_command_naming_it(tmp_path, relpath, args):
    raw = tmp_path / "raw"
    shutil.copytree(paths.RAW / Path(relpath).parent, raw / Path(relpath).parent)
    for f in paths.RAW.rglob("*"):  # the other files as links
        if f.is_file() and not (raw / f.relative_to(paths.RAW)).exists():
            (raw / f.relative_to(paths.RAW)).parent.mkdir(parents=True, exist_ok=True)
            (raw / f.relative_to(paths.RAW)).symlink_to(f)
    data = (raw / relpath).read_bytes()
    (raw / relpath).write_bytes(data[: len(data) // 3])
    env = {**os.environ, "HELPERS_RAW_DIR": str(raw), "HELPERS_CACHE_DIR": str(tmp_path / "c")}
    r = subprocess.run([sys.executable, "-m", "helpers", *args], capture_output=True,
                       text=True, env=env, timeout=120)
    assert r.returncode == 2 and r.stdout == ""
    assert relpath in r.stderr and "python -m helpers fetch" in r.stderr
