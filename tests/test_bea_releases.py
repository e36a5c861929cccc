"""BEA's two releases of the US summary tables, side by side: the ``bea`` source reads each
year from the newest release that has it (2022-2024 from the 2025 release), the older release
stays readable by name, and a release or year that does not exist is an error naming what
does. Expected values are read off the raw files (the Use tables' ``Total Value Added`` row)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from helpers.book.present import significant
from helpers.data import catalog
from helpers.data.classify import load_classification
from helpers.data.sources import bea
from helpers.errors import UnknownTableError
from helpers.measures.indicators import indicators

#: Crop and animal production (111CA), value added in million USD, 2023: as BEA's 2024 release
#: first published it, and as its 2025 release revised it.
FARMS_2023 = {"2024": 222303.0, "2025": 218198.0}


def test_years_come_from_the_newest_release_that_has_them():
    assert bea.YEARS == tuple(range(2012, 2025))
    assert bea.release_of(2021).name == "2024"
    assert [bea.release_of(y).name for y in (2022, 2023, 2024)] == ["2025"] * 3
    assert bea.use_file(2024).startswith("bea-useeior-2025/")
    assert bea.use_file(2023, "2024").startswith("bea-useeior/")


def test_the_revised_2023_table_differs_from_the_first_published_one():
    old, new = bea.load(2023, release="2024"), bea.load(2023)
    assert old.va["111CA"] == FARMS_2023["2024"]
    assert new.va["111CA"] == FARMS_2023["2025"]
    assert catalog.load_release("bea", 2023, "2024").va["111CA"] == FARMS_2023["2024"]
    assert catalog.load_table("USA", 2023, "bea").va["111CA"] == FARMS_2023["2025"]


def test_2024_table_adds_up_to_the_release_value_added_by_industry():
    table = catalog.load_table("USA", 2024, "bea")
    by_industry = bea.value_added_by_industry()
    assert table.va.sum() == pytest.approx(by_industry[2024].sum(), abs=71)  # rounding, 1 a cell
    cls = load_classification("bea_summary")
    manufacturing = cls.loc[cls["group"] == "manufacturing", "code"]
    assert table.va[manufacturing].sum() == 2880725.0  # 19 manufacturing industries, summed


def test_the_release_is_named_for_every_year():
    assert catalog.release_label(catalog.resolve("USA", 2024, "bea")) == bea.RELEASES["2025"].label
    assert catalog.release_label(catalog.resolve("USA", 2017, "bea")) == bea.RELEASES["2024"].label
    assert catalog.release_label(catalog.resolve("DEU", 2014, "wiod")) is None
    assert "2025 release" in catalog.SOURCE_LABELS["bea"]


@pytest.mark.parametrize(("call", "message"), [
    (lambda: bea.load(2023, release="2026"),
     "unknown BEA release '2026'; valid releases: 2024, 2025"),
    (lambda: bea.load(2024, release="2024"), "has no 2024 table; its years: 2012-2023"),
    (lambda: bea.load(2011), "no BEA table for 2011; available: 2012-2024"),
    (lambda: catalog.load_release("oecd", 2018, "2021"), "sources with several: bea"),
])
def test_bad_release_or_year_names_the_valid_options(call, message):
    with pytest.raises(UnknownTableError, match=message.replace("(", r"\(")):
        call()


def test_command_line_indicators_for_2024():
    r = subprocess.run([sys.executable, "-m", "helpers", "indicators", "USA", "2024",
                        "--source", "bea", "--json"], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert (out["year"], out["source"], out["mfg_va"]) == (2024, "bea", 2880725.0)
    bad = subprocess.run([sys.executable, "-m", "helpers", "indicators", "USA", "2025",
                          "--source", "bea", "--json"], capture_output=True, text=True,
                         check=False)
    assert bad.returncode == 2
    assert "available: bea USA 2012-2024" in json.loads(bad.stderr)["error"]


def test_the_older_release_still_gives_the_reference_panel_values():
    """The panel reference was made from BEA's 2024 release: its 2022-2023 rows still come out
    of that release's files to 10 significant digits (the panel itself now reads the 2025
    release for those years)."""
    ref = pd.read_csv(Path(__file__).parent / "data" / "panel_reference.csv.gz")
    for year in (2022, 2023):
        row = ref[(ref["source"] == "bea") & (ref["year"] == year)].iloc[0]
        got = indicators(bea.load(year, release="2024"))
        for field in ("ps_input_share", "ps_va", "mfg_va"):
            assert significant(got[field], 10) == significant(row[field], 10), (year, field)
