"""The book's Chinese search indexer: Chinese as pairs of adjacent characters, other words
as Sphinx splits and stems them, seen Latin words in a set (linear time)."""

from __future__ import annotations

from sphinx.search.zh import SearchChinese

from helpers.book.sphinx_search_zh import JS_SPLITTER, SearchChineseBigrams, bigrams

PAGES = [
    "生产性服务业 (producer services) 占制造业中间投入的 26.6%, OECD IOT 2018",
    "Leontief inverse: 完全消耗系数 of BEA, WIOD and NBS tables; ICT and R&D services",
    "广东 Guangdong: 先进制造业 and 现代服务业 deep integration (深度融合), AI",
]


def words(lang, han: bool) -> list[tuple[str, str]]:
    """(word, stem) of every page, Chinese words only or the others only."""
    out = []
    for page in PAGES:
        for word in lang.split(page):
            if ("\u4e00" <= word[0] <= "\u9fff") == han:
                out.append((word, lang.stem(word)))
    return out


def test_other_words_split_and_stemmed_as_sphinx():
    ours = SearchChineseBigrams({})
    theirs = SearchChinese({})
    theirs.latin_terms = []  # Sphinx's store is a class attribute shared by every instance
    latin = [(w, theirs.stem(w)) for p in PAGES for w in theirs.latin1_letters.findall(p)]
    assert words(ours, han=False) == latin
    assert isinstance(ours.latin_terms, set)
    assert {"Leontief", "BEA", "AI"} <= ours.latin_terms


def test_chinese_as_character_pairs():
    ours = SearchChineseBigrams({})
    assert bigrams("科技服务业") == ["科技", "技服", "服务", "务业"]
    assert bigrams("广东") == ["广东"] and bigrams("业") == ["业"]
    assert ours.split("深度融合), AI") == ["深度", "度融", "融合", "AI"]
    han = words(ours, han=True)
    assert all(len(w) == 2 and stem == w for w, stem in han), "pairs are not stemmed"
    assert ("广东", "广东") in han and ("中间", "中间") in han


def test_phrase_pairs_all_indexed():
    """Every pair of a phrase on a page is among the page's terms, so the phrase finds it."""
    ours = SearchChineseBigrams({})
    page = set(ours.split(PAGES[0]))
    assert set(bigrams("制造业中间投入")) <= page
    assert set(bigrams("生产性服务业")) <= page


def test_query_splitter_ships_with_the_language():
    assert SearchChineseBigrams.js_splitter_code == JS_SPLITTER
    assert "var splitQuery" in JS_SPLITTER
    assert "\\u4e00-\\u9fff" in JS_SPLITTER  # the same characters as the index
