"""Sphinx extension: Chinese search that finds phrases, in linear time.

The book's search language is ``zh``. Sphinx's ``SearchChinese`` cuts the pages into words
with jieba but leaves the reader's query unsegmented, so a query of more than one word (such
as 科技服务业) matches no indexed term; it also keeps every Latin word it has seen in a list
that grows across all pages, which made indexing quadratic in the book's size.

``SearchChineseBigrams`` indexes every run of Chinese characters as its pairs of adjacent
characters (科技服务业: 科技, 技服, 服务, 务业), and its query splitter (``JS_SPLITTER``, put in
the page's ``language_data.js`` by Sphinx) cuts the query the same way, so a page matches
when it holds every pair of the phrase. A pair that occurs nowhere in the book, between two
that do, is read as a word boundary and dropped (生产性服务业投入 finds pages with
生产性服务业 and 投入). Other words are split and stemmed as Sphinx does, and the Latin words
seen are kept in a set. Each word's stem is computed once per build (Sphinx stems every
word of every page, up to twice, with a pure-Python stemmer: seconds per edition).
"""

from __future__ import annotations

import re

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

#: CJK unified ideographs (with extension A and the compatibility block).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORDS = re.compile(r"\w+")
_RUNS = re.compile(f"[{HAN}]+|[^{HAN}]+")
_HAN_RUN = re.compile(f"[{HAN}]+")

JS_SPLITTER = r"""
/* Query splitter of helpers.book.sphinx_search_zh: words, and every run of Chinese
   characters as its pairs of adjacent characters, as the index holds them. A pair that is
   in no page, between two that are, is a word boundary and is dropped. */
var splitQuery = (query) => {
  const han = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff";
  const runs = new RegExp("[" + han + "]+|[^" + han + "]+", "gu");
  const isHan = new RegExp("^[" + han + "]");
  const index = (typeof Search !== "undefined" && Search._index) || null;
  const known = (t) => !index || t in index.terms || t in index.titleterms;
  const terms = [];
  for (const word of query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu)) {
    for (const run of word.match(runs) || []) {
      if (!isHan.test(run) || run.length === 1) { terms.push(run); continue; }
      const pairs = [];
      for (let i = 0; i + 2 <= run.length; i++) pairs.push(run.slice(i, i + 2));
      pairs.forEach((pair, i) => {
        const boundary = !known(pair) && i > 0 && i + 1 !== pairs.length
          && known(pairs[i - 1]) && known(pairs[i + 1]);
        if (!boundary) terms.push(pair);
      });
    }
  }
  return terms;
};
"""


def bigrams(run: str) -> list[str]:
    """The pairs of adjacent characters of ``run`` (``run`` itself when shorter than two)."""
    return [run] if len(run) < 2 else [run[i:i + 2] for i in range(len(run) - 1)]


class SearchChineseBigrams(SearchChinese):
    """``SearchChinese`` with Chinese as character pairs, matched by its query splitter."""

    js_splitter_code = JS_SPLITTER

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms = set()  # type: ignore[assignment]
        self._stems: dict[str, str] = {}

    def _stem_of(self, lower: str) -> str:
        stemmed = self._stems.get(lower)
        if stemmed is None:
            stemmed = self._stems[lower] = self.stemmer.stemWord(lower)
        return stemmed

    def stem(self, word: str) -> str:
        """Sphinx's stem (a Latin word of three letters or more that would stem to fewer
        stays whole), each word stemmed once."""
        lower = word.lower()
        stemmed = self._stem_of(lower)
        if len(word) >= 3 and len(stemmed) < 3 and word in self.latin_terms:
            return lower
        return stemmed

    def split(self, input: str) -> list[str]:
        terms: list[str] = []
        for word in _WORDS.findall(input):
            for run in _RUNS.findall(word):
                if _HAN_RUN.fullmatch(run):
                    terms.extend(bigrams(run))
                else:
                    terms.append(run)
                    self.latin_terms.add(run)
        return terms


def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchChineseBigrams)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
