"""The Chinese edition reads in Chinese: on every page (tables, charts' text and profiles
included) the English words left stay under the limit, or under the page's listed share."""

from __future__ import annotations

from helpers.book import leftover_english
from helpers.book.sphinx_i18n import EDITION_DIR
from helpers.paths import ROOT


def test_every_chinese_page_keeps_its_english_under_its_limit(site):
    problems = leftover_english.problems(site / EDITION_DIR, leftover_english.baseline(ROOT))
    assert not problems, "\n".join(problems[:30])
