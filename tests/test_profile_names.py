"""The generated profile pages name economies in their edition's language only: their titles
are the navigation's entries, and each edition reads its own page (English) or twin
(Chinese)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.data.catalog import TableKey
from helpers.profiles import index
from helpers.profiles.profile import economy_name, economy_name_zh

KEYS = [TableKey("wiod", "DEU", 2014), TableKey("oecd25", "DEU", 2022),
        TableKey("nbs", "CHN", 2020)]
PANEL = pd.DataFrame([{"source": k.source, "country": k.country, "year": k.year,
                       "ps_input_share": 0.25, "ps_to_mfg_ratio": 1.3, "leontief.total": 0.5}
                      for k in KEYS])


def _title(page: str) -> str:
    return re.search(r"^# (.+)$", page, re.M).group(1)


@pytest.mark.parametrize("zh", [False, True])
def test_economy_page_title_is_in_one_language(zh):
    page = index.economy_page("DEU", KEYS[:2], zh=zh, panel=PANEL)
    assert _title(page) == (economy_name_zh("DEU") if zh else economy_name("DEU"))
    assert (economy_name("DEU") in page) != zh
    assert (economy_name_zh("DEU") in page) == zh


@pytest.mark.parametrize("zh", [False, True])
def test_landing_page_names_economies_in_one_language(zh):
    page = index.index_page(index.grouped(KEYS), zh=zh)
    rows = [line for line in page.splitlines() if line.startswith("| {doc}")]
    assert len(rows) == 2
    for country, row in zip(("CHN", "DEU"), rows, strict=True):
        name, other = economy_name(country), economy_name_zh(country)
        if zh:
            name, other = other, name
        assert row.startswith(f"| {{doc}}`{name} <economies/{country.lower()}>` |")
        assert other not in row
    if zh:  # nothing in the Chinese page's title and headers is English
        assert _title(page) == "经济体画像"
        assert not re.search(r"[A-Za-z]", "".join(index.HEADLINE_COLUMNS_ZH))
