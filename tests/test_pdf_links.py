"""The PDF's single-page build: links to the pages it leaves out go to the website, or are
plain text when the book has no address, and any other warning fails the build (the
transform on a small doctree, and a small book built as the PDF builds the real one)."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document
from sphinx import addnodes

from helpers.pdf import site
from helpers.pdf import toc as tocs
from helpers.pdf.sphinx_left_out import LeftOutLinks

TOC = {
    "format": "jb-book", "root": "index",
    "parts": [{"caption": "Profiles", "chapters": [
        {"file": "chapters/profiles/index", "sections": [
            {"file": "chapters/profiles/runs/kept-2020"},
            {"file": "chapters/profiles/runs/gone-2020"}]}]}],
}
GONE = "chapters/profiles/runs/gone-2020"
KEPT = "chapters/profiles/runs/kept-2020"


# --- the transform on a doctree ------------------------------------------------------------

def _xref(text: str, target: str, domain: str = "std", kind: str = "doc") -> nodes.Node:
    return addnodes.pending_xref("", nodes.inline(text, text), refdomain=domain,
                                 reftype=kind, reftarget=target, refexplicit=True)


def _linked(site_url: str) -> nodes.paragraph:
    """A paragraph of the profiles page linking a printed profile, a left-out one three
    ways and a page the book lacks, after the transform."""
    settings = get_default_settings(Parser)
    settings.env = SimpleNamespace(
        docname="chapters/profiles/index", all_docs={"chapters/profiles/index": 0, KEPT: 0},
        config=SimpleNamespace(pdf_left_out=[GONE], pdf_site_url=site_url,
                               html_file_suffix=None))
    document = new_document("index", settings)
    para = nodes.paragraph("", "", _xref("Kept", "runs/kept-2020"),
                           _xref("Gone", "runs/gone-2020"),
                           _xref("Gone absolute", f"/{GONE}"),
                           _xref("Gone in Markdown", GONE, "doc", "myst"),
                           _xref("Typo", "runs/kept-202"))
    document += para
    LeftOutLinks(document).apply()
    return para


def test_links_to_left_out_pages_become_links_to_the_website():
    para = _linked("https://example.org/book/")
    kept, *gone, typo = para.children
    assert all(isinstance(n, addnodes.pending_xref) for n in (kept, typo))  # left to Sphinx
    assert [(n["refuri"], n.astext()) for n in gone] == [
        (f"https://example.org/book/{GONE}.html", t)
        for t in ("Gone", "Gone absolute", "Gone in Markdown")]
    assert all(isinstance(n, nodes.reference) and not n["internal"] for n in gone)


def test_links_to_left_out_pages_are_plain_text_without_a_site_address():
    para = _linked("")
    kept, *gone, typo = para.children
    assert all(isinstance(n, addnodes.pending_xref) for n in (kept, typo))
    assert not list(para.findall(nodes.reference))
    assert [n.astext() for n in gone] == ["Gone", "Gone absolute", "Gone in Markdown"]


# --- a small book built as the PDF's single page --------------------------------------------

def _book(root: Path, links: str, baseurl: str) -> Path:
    """A book of a profiles page (``links``) and two profiles, at ``baseurl`` on the web."""
    config = {"title": "Book", "only_build_toc_files": True, "html": {"baseurl": baseurl},
              "exclude_patterns": ["_build/*", "pdf/*"]}
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    tocs.write(TOC, root / "_toc.yml")
    (root / "index.md").write_text("# Home\n", encoding="utf-8")
    pages = root / "chapters" / "profiles"
    (pages / "runs").mkdir(parents=True)
    (pages / "index.md").write_text(links, encoding="utf-8")
    for run in ("kept-2020", "gone-2020"):
        (pages / "runs" / f"{run}.md").write_text(f"# {run}\n\nA profile.\n", encoding="utf-8")
    return root


def test_a_warning_fails_the_pdf_build_and_left_out_pages_do_not_warn(tmp_path, capfd):
    links = ("# Profiles\n\n{doc}`Kept <runs/kept-2020>`, {doc}`Gone <runs/gone-2020>`, "
             "[Gone in Markdown](runs/gone-2020.md) and a {doc}`typo <runs/kept-202>`.\n")
    root = _book(tmp_path, links, "https://example.org/book")
    ed = site.Edition("en", root / "_build" / "html", "book.pdf", out=root / "pdf")
    with pytest.raises(site.EditionError, match="warnings are errors"):
        site.build(ed, {"kept-2020"}, root)
    err = capfd.readouterr().err
    assert "unknown document: 'runs/kept-202'" in err and "gone-2020" not in err
    # the next build reads every page again, so it repeats the warning
    assert not (ed.work / "_build" / ".doctrees" / "environment.pickle").exists()
    html = ed.page.read_text(encoding="utf-8")  # written all the same (--keep-going)
    assert re.findall(r'<a class="reference external" href="([^"]+)"', html) == [
        f"https://example.org/book/{GONE}.html"] * 2
    assert f'href="#document-{KEPT}"' in html


# --- the book's editions ---------------------------------------------------------------------

def test_the_left_out_pages_and_the_editions_addresses():
    assert site.left_out(TOC, tocs.filtered(TOC, {"kept-2020"})) == {GONE}
    en, zh = site.edition("en"), site.edition("zh_CN")
    for base in ("https://example.org/book", "https://example.org/book/"):
        conf = {"html": {"baseurl": base}}
        assert site.site_url(conf, en) == "https://example.org/book/"
        assert site.site_url(conf, zh) == "https://example.org/book/zh/"
    assert site.site_url({"sphinx": {"config": {"html_baseurl": "https://x.org"}}},
                         zh) == "https://x.org/zh/"
    assert site.site_url({}, en) == ""


def test_the_books_pdf_config_names_its_left_out_pages():
    from helpers.book.sphinx_i18n import EDITION_DIR

    ed = site.edition("zh_CN")
    assert ed.web_dir == EDITION_DIR and ed.site.name == EDITION_DIR
    conf = site.config(ed, left_out={"b", "a"})
    assert site.LEFT_OUT in conf["sphinx"]["extra_extensions"]
    assert conf["sphinx"]["config"]["pdf_left_out"] == ["a", "b"]
    assert conf["sphinx"]["config"]["language"] == "zh_CN"
