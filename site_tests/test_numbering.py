"""Figures and tables are numbered from 1 on every page of both editions, in page order, also
after an incremental build (the book renumbers Sphinx's book-wide count page by page)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

CAPTION = re.compile(r'<span class="caption-number">\s*(\D*?)\s*(\d+)\s*</span>')


def numbering_problems(page: Path, site: Path) -> list[str]:
    """Each kind of caption on ``page`` must count 1, 2, 3, ... in page order."""
    seen: dict[str, list[int]] = defaultdict(list)
    for kind, number in CAPTION.findall(page.read_text(encoding="utf-8")):
        seen[kind].append(int(number))
    name = page.relative_to(site).as_posix()
    return [f"{name}: {kind} numbered {numbers}, expected 1 to {len(numbers)}"
            for kind, numbers in seen.items() if numbers != list(range(1, len(numbers) + 1))]


def test_captions_count_from_one_on_every_page(site):
    pages = [p for p in site.rglob("*.html") if "_static" not in p.parts]
    numbered = [p for p in pages if CAPTION.search(p.read_text(encoding="utf-8"))]
    assert len(numbered) > 20, "hardly any numbered captions: is the site built?"
    problems = [p for page in numbered for p in numbering_problems(page, site)]
    assert not problems, "\n".join(problems[:10])


def test_a_page_counting_on_from_another_is_reported(tmp_path):
    page = tmp_path / "chapters" / "x.html"
    page.parent.mkdir()
    page.write_text('<span class="caption-number">Fig. 7 </span>'
                    '<span class="caption-number">Fig. 8 </span>', encoding="utf-8")
    assert numbering_problems(page, tmp_path) == [
        "chapters/x.html: Fig. numbered [7, 8], expected 1 to 2"]


TABLE_CAPTION = re.compile(r'<figure[^>]*id="(tbl-[^"]+)"[^>]*>.*?<span class="caption-number">'
                           r"\s*(\D*?)\s*\d+", re.S)


def test_tables_are_captioned_as_tables_in_both_editions(site):
    """A book table (``tbl-``) reads "Table n" in English and "表 n" in Chinese, never a
    figure's word; a chart keeps "Fig." / "图"."""
    found = {"en": set(), "zh": set()}
    for page in site.rglob("*.html"):
        if "_static" in page.parts:
            continue
        edition = "zh" if "zh" in page.relative_to(site).parts[:1] else "en"
        for _, word in TABLE_CAPTION.findall(page.read_text(encoding="utf-8")):
            found[edition].add(word)
    assert found["en"] == {"Table"}, found["en"]
    assert found["zh"] == {"表"}, found["zh"]
