"""The two editions of the built site agree: every page exists in Chinese with the English
page's glued numbers, and every language switch leads to the same page in the other edition."""

from __future__ import annotations

from helpers.book import editions


def test_chinese_pages_show_the_english_glued_numbers(site):
    problems = editions.number_problems(site)
    assert not problems, "\n".join(problems[:20])


def test_language_switches_lead_to_the_same_page(site):
    problems = editions.switch_problems(site)
    assert not problems, "\n".join(problems[:20])
