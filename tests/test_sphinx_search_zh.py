"""The book's Chinese search indexer gives Sphinx's own results, without the growing list."""

from __future__ import annotations

from sphinx.search.zh import SearchChinese

from helpers.book.sphinx_search_zh import SearchChineseSet

PAGES = [
    "生产性服务业 (producer services) 占制造业中间投入的 26.6%, OECD IOT 2018",
    "Leontief inverse: 完全消耗系数 of BEA, WIOD and NBS tables; ICT and R&D services",
    "广东 Guangdong: 先进制造业 and 现代服务业 deep integration (深度融合), AI",
]


def words(lang) -> list[tuple[str, str]]:
    out = []
    for page in PAGES:
        for word in lang.split(page):
            out.append((word, lang.stem(word)))
    return out


def test_same_terms_and_stems_as_sphinx():
    ours = SearchChineseSet({})
    theirs = SearchChinese({})
    theirs.latin_terms = []  # Sphinx's store is a class attribute shared by every instance
    assert words(ours) == words(theirs)
    assert any("\u4e00" <= w[0] <= "\u9fff" for w, _ in words(ours)), "jieba splits Chinese"
    assert isinstance(ours.latin_terms, set)
    assert {"Leontief", "BEA", "AI"} <= ours.latin_terms
