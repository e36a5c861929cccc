"""The printed book: its pages, text layer, bookmarks, fonts and margins."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import Printed, clean, squash

from helpers import paths
from helpers.book import translations

#: CJK Unified Ideographs, and the radicals the text layer can give for them.
CJK = re.compile(r"[\u2e80-\u2fdf\u4e00-\u9fff]")


def test_page_count_is_plausible(printed: Printed):
    # every page of the book starts a page, and no page of the book is a hundred pages
    assert len(printed.entries) + 2 < len(printed.reader.pages) < 100 * len(printed.entries)


def book_titles(lang: str) -> tuple[str, str]:
    """The book's title in the edition's language (the Chinese catalogue ``book.po`` gives
    the Chinese one) and its English title."""
    english = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    if lang == "en":
        return english, english
    po = translations.catalogue_dir(paths.ROOT) / "book.po"
    [title] = [m.string for m in translations.read(po) if m.id == english]
    return title, english


def test_title_page_is_in_the_editions_language(printed: Printed):
    title, english = book_titles(printed.edition.lang)
    lines = [squash(ln) for ln in printed.pages[0].splitlines() if ln.strip()]
    assert "".join(lines).startswith(squash(title)), f"the title page opens {lines[:2]}"
    assert printed.reader.metadata.title == title
    if printed.edition.lang == "en":
        return
    assert CJK.search(title) and not squash(english).startswith(lines[0])
    # every other line is Chinese; the English title comes after the Chinese one, if at all
    others = [ln for ln in lines if ln not in squash(english)]
    assert all(CJK.search(ln) for ln in others), f"lines not in Chinese: {others}"
    english_at = "".join(lines).find(squash(english))
    assert english_at == -1 or english_at >= len(squash(title))


def test_every_title_is_in_the_text_and_the_bookmarks(printed: Printed):
    marks = []

    def walk(items: list) -> None:
        for item in items:
            walk(item) if isinstance(item, list) else marks.append(squash(item.title))

    walk(printed.reader.outline)
    for entry in printed.entries:
        title = squash(clean(printed.soup(entry.doc).select_one("article h1")))
        assert title in printed.text, f"{entry.doc}: title missing from the PDF's text"
        assert title in marks, f"{entry.doc}: no bookmark"


def test_contents_give_each_page_its_first_page(printed: Printed):
    contents = printed.pages[1]
    number = re.compile(r"(\d+)\s*$")
    for entry in printed.entries[:5]:
        title = clean(printed.soup(entry.doc).select_one("article h1"))
        line = next(ln for ln in contents.splitlines() if squash(ln).startswith(squash(title)))
        page = int(number.search(line).group(1))
        assert squash(title) in squash(printed.pages[page - 1]), f"{entry.doc}: not on {page}"


def test_every_figure_caption_is_in_the_text(printed: Printed):
    captions = 0
    for entry in printed.entries:
        for caption in printed.soup(entry.doc).select("figcaption .caption-text"):
            captions += 1
            assert squash(clean(caption)) in printed.text, f"{entry.doc}: {clean(caption)}"
    assert captions > len(printed.entries)


def test_glued_numbers_read_as_on_the_site(printed: Printed):
    checked = 0
    for entry in printed.entries[::3]:
        for span in printed.soup(entry.doc).select("p span.pasted-text")[:6]:
            para = span.find_parent("p")
            before = "".join(str(s) for s in para.strings)  # the paragraph up to the number
            upto = before[: before.index(span.get_text()) + len(span.get_text())]
            context = squash(upto)[-30:]
            assert context in printed.text, f"{entry.doc}: {context!r} not in the PDF"
            checked += 1
    assert checked >= 20


def test_chinese_text_is_in_a_cjk_font(printed: Printed):
    assert len(CJK.findall(printed.text)) > 100
    families = set()
    for page in printed.reader.pages[:20]:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None:
                families.add(str(descriptor.get_object().get("/FontFamily", "")))
    assert any("CJK" in f for f in families), f"no CJK font among {sorted(families)}"


def test_charts_are_vector_graphics(printed: Printed):
    images = [i for i, page in enumerate(printed.reader.pages, start=1)
              for x in ((page["/Resources"].get("/XObject") or {}).values())
              if x.get_object().get("/Subtype") == "/Image"]
    assert not images, f"raster images on pages {images[:10]}"


def test_nothing_is_printed_in_the_side_margins(printed: Printed):
    """Each page drawn in grey at 24 dpi by PDFium (about 4 s a book; poppler's pdftoppm
    took about 17 s for the Chinese one): no ink in 12 mm of either side margin."""
    import pypdfium2

    dpi, margin_mm = 24, 12  # the margins are 16 mm; 12 mm of each must stay blank
    strip = round(margin_mm / 25.4 * dpi)
    inked, drawn = [], 0
    doc = pypdfium2.PdfDocument(printed.edition.pdf)
    try:
        for number, page in enumerate(doc, start=1):
            pixels = page.render(scale=dpi / 72, grayscale=True).to_numpy()
            drawn += 1
            if (pixels[:, :strip] < 200).any() or (pixels[:, -strip:] < 200).any():
                inked.append(number)
            page.close()
    finally:
        doc.close()
    assert drawn == len(printed.reader.pages), f"{drawn} pages drawn"
    assert not inked, f"ink in the side margins of pages {inked[:10]}"


#: A printed page is a fragment of a book page (a table's codes may fall on one page), so it
#: may hold a little more English than a whole page of the site.
PRINTED_PAGE_LIMIT = 0.05


def test_the_chinese_pdf_keeps_its_english_under_the_limit(printed: Printed):
    """The measure of the site's check (:mod:`helpers.book.leftover_english`) over the
    Chinese PDF's text: under the limit for the whole book, and every printed page with some
    text under :data:`PRINTED_PAGE_LIMIT`."""
    from helpers.book import leftover_english as le

    if printed.edition.lang != translations.LANGUAGE:
        pytest.skip("the English edition")
    units = bad = 0
    over = []
    for number, page in enumerate(printed.pages, start=1):
        # paths and URLs wrap across lines in print, where they no longer read as one
        text = "\n".join(line for line in page.splitlines()
                         if "/" not in line and not line.rstrip().endswith("-"))
        words = le.words_of(text)
        english = [w for w in words if not le.is_allowed(w)]
        size = len(le.CJK.findall(text)) + len(words)
        units, bad = units + size, bad + len(english)
        if size >= 150 and len(english) / size > PRINTED_PAGE_LIMIT:
            over.append(f"page {number}: {len(english) / size:.1%} English: "
                        f"{', '.join(english[:12])}")
    assert bad / units < le.LIMIT, f"{bad / units:.1%} of the Chinese PDF is English"
    assert not over, "\n".join(over[:20])
