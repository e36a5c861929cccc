"""Which pages the browser checks, and at which width: every page at every width, but one in
four generated profile pages of each edition (an economy-year's or an economy's), at one
width, turning from commit to commit; and every page checked from its HTML alone."""

from __future__ import annotations

from collections import Counter

import pytest

from helpers.sitecheck import pages as sp

WIDTHS = (1400, 390)
PROFILES = [*(f"chapters/profiles/runs/{c}-2022-oecd25.html"
              for c in ("ago", "are", "arg", "aus", "aut", "bel", "bgd")),
            *(f"chapters/profiles/economies/{c}.html" for c in ("chn", "deu", "jpn", "usa"))]
OTHERS = ["index.html", "chapters/status.html", "chapters/profiles/index.html"]
PAGES = sorted(OTHERS + PROFILES + [f"zh/{p}" for p in OTHERS + PROFILES])
GENERATED = {p for p in PAGES if p.removeprefix("zh/") in PROFILES}


def test_generated_pages_are_the_profiles_in_both_editions():
    assert {p for p in PAGES if sp.generated(p)} == GENERATED


def test_without_a_turn_every_page_is_checked_at_every_width():
    assert sorted(sp.page_widths(PAGES, WIDTHS, None)) == sorted(
        (p, w) for p in PAGES for w in WIDTHS)


@pytest.mark.parametrize("turn", [0, 1, 2, 5, 12345])
def test_a_turn_checks_other_pages_at_every_width_and_a_share_of_the_profiles_once(turn):
    checks = sp.page_widths(PAGES, WIDTHS, turn)
    counts = Counter(p for p, _ in checks)
    assert all(counts[p] == len(WIDTHS) for p in PAGES if p not in GENERATED)
    assert all(counts[p] <= 1 for p in GENERATED), "a profile page checked twice"
    for edition in ("", "zh/"):
        shown = [p for p in GENERATED if counts[p] and p.startswith(edition)
                 and (edition or not p.startswith("zh/"))]
        # one in SHARE, give or take the slots of a width at the end of the list
        assert abs(len(shown) - len(PROFILES) / sp.SHARE) <= len(WIDTHS), shown


def test_successive_turns_check_each_profile_page_at_each_width_once():
    turns = range(40, 40 + sp.SHARE * len(WIDTHS))
    seen = Counter(c for turn in turns for c in sp.page_widths(PAGES, WIDTHS, turn)
                   if c[0] in GENERATED)
    assert seen == Counter({(p, w): 1 for p in GENERATED for w in WIDTHS})


def test_the_turn_can_be_given(monkeypatch, tmp_path):
    monkeypatch.setenv(sp.ROTATION_ENV, "7")
    assert sp.rotation(tmp_path) == 7
    monkeypatch.setenv(sp.ROTATION_ENV, "all")
    assert sp.rotation(tmp_path) is None
    monkeypatch.setenv(sp.ROTATION_ENV, "odd")
    with pytest.raises(ValueError, match="SITE_ROTATION='odd'.*whole number, or 'all'"):
        sp.rotation(tmp_path)


def test_the_turn_follows_the_commit(monkeypatch, tmp_path):
    from helpers.paths import ROOT

    monkeypatch.delenv(sp.ROTATION_ENV, raising=False)
    assert sp.rotation(tmp_path) == 0  # not a git checkout
    turn = sp.rotation(ROOT)
    assert isinstance(turn, int) and turn == sp.rotation(ROOT)


def test_anchors_are_every_id_and_every_named_link_target(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<html><body><section id="intro"><h1 id="t&amp;c">T</h1>'
                    '<a name="old-anchor"></a><meta name="viewport"><img id="fig-1"/>'
                    '<p>id="not-an-id"</p><span id>no value</span></section></body></html>',
                    encoding="utf-8")
    assert sp.anchors(page) == {"intro", "t&c", "old-anchor", "fig-1"}
