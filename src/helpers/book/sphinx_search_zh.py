"""Sphinx extension: Chinese search indexing in linear time.

The book indexes its Chinese terms (``html_search_language: zh``, split by jieba). Sphinx 7's
``SearchChinese`` keeps every Latin word it has seen in a list that grows across all pages and
tests membership for each word it stems, so indexing time grows with the square of the book's
size; with hundreds of profile pages it dominated the build. This subclass keeps those words in
a set: the same index, in linear time.
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese


class SearchChineseSet(SearchChinese):
    """``SearchChinese`` with its seen-Latin-words store as a per-indexer set."""

    def init(self, options: dict[str, str]) -> None:
        super().init(options)
        self.latin_terms = set()  # type: ignore[assignment]

    def split(self, input: str) -> list[str]:
        # the parent records the words with ``list.extend``: give it a fresh list, then keep them
        seen = self.latin_terms
        self.latin_terms = []
        try:
            return super().split(input)
        finally:
            seen.update(self.latin_terms)
            self.latin_terms = seen

def setup(app: Sphinx) -> dict:
    app.add_search_language(SearchChineseSet)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
