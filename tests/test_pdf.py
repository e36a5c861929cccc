"""The PDF edition's pieces that need no browser: its contents, editions, page finding and
bookmarks (the printed book itself is checked by pdf_tests/, after make pdf)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter

from helpers import cli, paths
from helpers.book.sphinx_pdf_link import pdf_name
from helpers.errors import HelpersError
from helpers.pdf import outline, site
from helpers.pdf import toc as tocs

TOC = {
    "format": "jb-book", "root": "index",
    "parts": [
        {"caption": "Report", "chapters": [{"file": "chapters/a"}, {"file": "chapters/b"}]},
        {"caption": "Profiles", "chapters": [{"file": "chapters/profiles/index", "sections": [
            {"file": "chapters/profiles/economies/chn", "sections": [
                {"file": "chapters/profiles/runs/chn-2020-nbs", "title": "2020"},
                {"file": "chapters/profiles/runs/chn-2019-oecd", "title": "2019"}]},
            {"file": "chapters/profiles/economies/kor", "sections": [
                {"file": "chapters/profiles/runs/kor-2010-oecd", "title": "2010"}]}]}]},
    ],
}


def test_filtered_keeps_default_runs_and_drops_emptied_economies():
    out = tocs.filtered(TOC, {"chn-2020-nbs"})
    docs = [e.doc for e in tocs.entries(out)]
    assert docs == ["chapters/a", "chapters/b", "chapters/profiles/index",
                    "chapters/profiles/economies/chn", "chapters/profiles/runs/chn-2020-nbs"]
    assert len(tocs.entries(TOC)) == 8  # the original is untouched


def test_entries_carry_depth_and_part():
    found = {e.doc: (e.level, e.part) for e in tocs.entries(TOC)}
    assert found["chapters/a"] == (1, "Report")
    assert found["chapters/profiles/economies/kor"] == (2, "Profiles")
    assert found["chapters/profiles/runs/kor-2010-oecd"] == (3, "Profiles")


def test_book_toc_reads_and_a_bad_toc_is_an_error(tmp_path):
    book = tocs.read(site.paths.ROOT / "_toc.yml")
    assert tocs.entries(book)[0].doc == "chapters/concepts"
    bad = tmp_path / "_toc.yml"
    bad.write_text("- file: index\n", encoding="utf-8")
    with pytest.raises(tocs.TocError, match="root"):
        tocs.read(bad)


def test_editions_and_their_pdf_names():
    assert site.edition("en").pdf.name == "two-sector-convergence.pdf"
    assert site.edition("zh_CN").pdf.name == pdf_name("zh_CN") == "two-sector-convergence-zh.pdf"
    assert site.config(site.edition("zh_CN"))["sphinx"]["config"]["language"] == "zh_CN"
    with pytest.raises(site.EditionError, match="en, zh_CN"):
        site.edition("fr")


def _text_pdf(texts: list[str], dests: dict[str, int] | None = None,
              links: dict[int, str] | None = None) -> bytes:
    """A PDF with one line of text on each page, named destinations and link annotations
    (``{page: destination}``)."""
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        FloatObject,
        NameObject,
    )

    writer = PdfWriter()
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    for text in texts:
        page = writer.add_blank_page(200, 200)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
    for name, number in (dests or {}).items():
        writer.add_named_destination(name, number)
    for number, dest in (links or {}).items():
        writer.pages[number][NameObject("/Annots")] = ArrayObject([writer._add_object(
            DictionaryObject({
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject("/Link"),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (10, 10, 90, 30)]),
                NameObject("/Dest"): NameObject(f"/{dest}")}))])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


ENTRIES = [{"doc": "a", "anchor": "a-1", "title": "A", "level": 1, "part": "P"},
           {"doc": "b", "anchor": "b-1", "title": "B", "level": 2, "part": "P"},
           {"doc": "c", "anchor": "c-1", "title": "C", "level": 1, "part": "Q"}]


def test_first_pages_come_from_named_destinations():
    pdf = _text_pdf([""] * 5, {"a-1": 1, "b-1": 2, "c-1": 4})
    assert outline.first_pages(pdf, ENTRIES) == {"a": 2, "b": 3, "c": 5}
    with pytest.raises(outline.OutlineError, match="c-1"):
        outline.first_pages(_text_pdf([""] * 5, {"a-1": 1, "b-1": 2}), ENTRIES)


def test_finish_adds_nested_bookmarks_and_metadata():
    pdf = outline.finish(_text_pdf([""] * 5), ENTRIES, {"a": 2, "b": 3, "c": 5},
                         {"Title": "Book", "Lang": "en"})
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Title"] == "Book"
    top = reader.outline
    assert [o.title for o in top if not isinstance(o, list)] == ["P", "Q"]
    assert top[1][0].title == "A" and top[1][1][0].title == "B"
    assert reader.get_destination_page_number(top[1][1][0]) == 2
    assert reader.get_destination_page_number(top[3][0]) == 4


def test_pdf_of_an_unbuilt_chinese_edition_is_skipped(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(site.EDITIONS, "zh_CN", site.Edition("zh_CN", tmp_path / "zh",
                                                             pdf_name("zh_CN")))
    assert cli.main(["pdf", "--lang", "zh_CN"]) == 0
    assert "skipped the zh_CN PDF" in capsys.readouterr().out


def test_pdf_of_an_unbuilt_english_edition_is_an_error(monkeypatch, capsys, tmp_path):
    monkeypatch.setitem(site.EDITIONS, "en", site.Edition("en", tmp_path / "html",
                                                          pdf_name("en")))
    assert cli.main(["pdf"]) == 2
    assert "make book" in capsys.readouterr().err


def test_editions_printed_at_once_name_the_one_that_failed(capsys):
    def command(lang: str) -> list[str]:
        failed = lang == "zh_CN"
        return [sys.executable, "-c", f"print('printing {lang}'); raise SystemExit({failed})"]

    with pytest.raises(HelpersError, match=r"the PDF of the zh_CN edition failed"):
        cli._pdf_editions_at_once(["en", "zh_CN"], command)
    out = capsys.readouterr().out
    assert "printing en" in out and "printing zh_CN" in out
    assert cli._pdf_editions_at_once(["en"], lambda lang: [sys.executable, "-c", ""]) == 0


def test_pdf_language_must_be_an_edition():
    with pytest.raises(SystemExit):
        cli.main(["pdf", "--lang", "fr"])


def test_print_assets_ship_with_the_package():
    here = Path(site.__file__).parent
    assert "break-before: page" in (here / "print.css").read_text(encoding="utf-8")
    assert "pdf-contents-page" in (here / "prepare.js").read_text(encoding="utf-8")


def test_chinese_pdf_takes_part_captions_from_the_catalogue():
    from helpers.pdf.build import _part_captions
    from helpers.pdf.toc import entries, read

    captions = _part_captions(paths.ROOT)
    parts = {e.part for e in entries(read(paths.ROOT / "_toc.yml"))}
    untranslated = [p for p in parts if not captions.get(p)]
    assert not untranslated, f"part captions without a Chinese translation: {untranslated}"


def test_text_layer_reads_characters_not_radicals():
    from helpers.pdf import textlayer

    assert textlayer.ideograph(0x2ED4) == ord("门")  # ⻔ (radicals supplement)
    assert textlayer.ideograph(0x2F63) == ord("生")  # ⽣ (Kangxi radical)
    assert textlayer.ideograph(0x2015) == 0x2014 and textlayer.ideograph(0x4E00) == 0x4E00
    cmap = (b"begincodespacerange\n<00> <FF>\nendcodespacerange\n2 beginbfchar\n"
            b"<2ED4> <2ED4>\n<41> <2F63>\nendbfchar\n2 beginbfrange\n<42> <42> <0041>\n"
            b"<D4> <D5> <2014>\nendbfrange\n")
    out = textlayer._remap(cmap)
    assert b"<2ED4> <95E8>" in out  # the source code stays, the destination reads 门
    assert b"<41> <751F>" in out and b"<42> <42> <0041>" in out
    assert b"<D4> <D5> [<2014> <2014>]" in out  # a range split where one code reads otherwise


def test_finish_draws_the_first_pages_from_their_second_printing():
    book = _text_pdf(["cover", "contents 000", "landing", "A", "B", "C"],
                     {"a-1": 3, "b-1": 4, "c-1": 5}, {1: "a-1"})
    front = _text_pdf(["cover", "contents 4", "landing", "A"])
    pdf = outline.finish(book, ENTRIES, {"a": 4, "b": 5, "c": 6}, {"Title": "Book"},
                         front, 3, edit=lambda w: w.add_metadata({"/Edited": "yes"}))
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata["/Edited"] == "yes" and reader.metadata["/Title"] == "Book"
    assert [p.extract_text() for p in reader.pages] == [
        "cover", "contents 4", "landing", "A", "B", "C"]
    assert outline.first_pages(pdf, ENTRIES) == {"a": 4, "b": 5, "c": 6}
    link = reader.pages[1]["/Annots"][0].get_object()
    assert link["/Dest"] == "/a-1", "the contents' links stay"
    with pytest.raises(outline.OutlineError, match="first 5 pages"):
        outline.finish(book, ENTRIES, {"a": 4, "b": 5, "c": 6}, {}, front, 5)
