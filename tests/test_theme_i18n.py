"""The theme in both editions: its literal strings from the book's catalogue in Chinese, the
template copies that carry them still the theme's own, and the language switch on the
search and index pages (a small book built in English and in Chinese)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
import yaml

from helpers.book import sphinx_i18n, translations
from helpers.paths import ROOT

TOC = """\
format: jb-book
root: index
parts:
  - caption: The chapters
    chapters:
      - file: chapters/page
      - file: chapters/notebook
"""
#: A notebook page: myst-nb writes a copy of each notebook it reads beside the site.
NOTEBOOK = {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# Notebook\n\nText."}],
            "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                        "name": "python3"}},
            "nbformat": 4, "nbformat_minor": 5}
#: ``book_text('message')|e`` in a template copy, and the theme's literal text it replaces.
BOOK_TEXT = re.compile(r"""\{\{ book_text\('([^']+)'\)\|e \}\}""")
#: The sidebar's copy calls ``book_sidebar`` (helpers.book.sphinx_sidebar: the theme's
#: function, its HTML made once a page) where the theme calls ``generate_toctree_html``.
BOOK_SIDEBAR = re.compile(r"\n *\{#- book_sidebar .*?#\}\n *\{%- set toctree_html = "
                          r"book_sidebar if book_sidebar is defined else generate_toctree_html %\}"
                          r"(\n *\{\{- )toctree_html\(")
#: The copies of theme templates whose only change is their literal text (the others extend
#: the theme's template), and the sidebar's function; a copy may end with the book's own
#: blocks, after this marker.
COPIES = ("toggle-primary-sidebar.html", "toggle-secondary-sidebar.html",
          "sbt-sidebar-nav.html", "layout.html")
BOOK_BLOCKS = "\n{#- BOOK BLOCKS:"


def _theme_template(name: str) -> Path:
    """The theme's template ``name``: one of its components, or a page template."""
    import sphinx_book_theme

    theme = Path(sphinx_book_theme.get_html_theme_path())
    component = theme / "components" / name
    return component if component.exists() else theme / name


@pytest.mark.parametrize("name", COPIES)
def test_template_copies_are_the_themes_but_for_their_text(name):
    ours = (sphinx_i18n.TEMPLATES / name).read_text(encoding="utf-8").split(BOOK_BLOCKS)[0]
    assert BOOK_TEXT.search(ours), f"{name} translates nothing"
    as_theme = BOOK_SIDEBAR.sub(r"\1generate_toctree_html(", BOOK_TEXT.sub(r"\1", ours))
    assert as_theme == _theme_template(name).read_text(encoding="utf-8")


def test_pages_load_the_search_index_only_on_the_search_page():
    """The book's one block after the theme's layout: the search scripts and index (for the
    theme's search-as-you-type, which the book leaves off) are not on every page."""
    layout = (sphinx_i18n.TEMPLATES / "layout.html").read_text(encoding="utf-8")
    tail = layout.split(BOOK_BLOCKS)[1]
    assert re.findall(r"\{%-? block (\w+)", tail) == ["extrahead"]
    assert "theme_search_as_you_type" in tail and "searchindex" not in tail


def test_every_template_message_is_in_the_books_catalogue():
    used = {m for t in sphinx_i18n.TEMPLATES.glob("*.html")
            for m in BOOK_TEXT.findall(t.read_text(encoding="utf-8"))}
    assert used and used <= set(sphinx_i18n.THEME_STRINGS)
    book = {m.id: m.string for m in translations.read(
        translations.catalogue_dir(ROOT) / f"{sphinx_i18n.BOOK_DOMAIN}.po") if m.id}
    untranslated = [m for m in sphinx_i18n.THEME_STRINGS if not book.get(m)]
    assert not untranslated, f"book.po does not translate {untranslated}"


@pytest.fixture(scope="module")
def editions(tmp_path_factory) -> tuple[Path, Path]:
    """A two-page book with this book's title and catalogue ``book``, built in English and
    in Chinese; the two sites."""
    root = tmp_path_factory.mktemp("book")
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    config = {"title": title, "only_build_toc_files": True,
              "exclude_patterns": ["_build/*", "locales/*"],
              "sphinx": {"extra_extensions": ["helpers.book.sphinx_i18n"],
                         "config": {"language": "en", "locale_dirs": ["locales/"]}}}
    (root / "_config.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    (root / "index.md").write_text("# Home\n\nThe start.\n", encoding="utf-8")
    (root / "chapters").mkdir()
    (root / "chapters" / "page.md").write_text("# Page\n\n## Part\n\nText.\n", encoding="utf-8")
    (root / "chapters" / "notebook.ipynb").write_text(json.dumps(NOTEBOOK), encoding="utf-8")
    catalogues = translations.catalogue_dir(root)
    catalogues.mkdir(parents=True)
    book_po = f"{sphinx_i18n.BOOK_DOMAIN}.po"
    shutil.copyfile(translations.catalogue_dir(ROOT) / book_po, catalogues / book_po)
    english = root / "_build" / "html"
    translations._sphinx(root, "html", english, root / "_build" / ".doctrees")
    return english, translations.build(root)


def _catalogue(message: str) -> str:
    po = translations.catalogue_dir(ROOT) / f"{sphinx_i18n.BOOK_DOMAIN}.po"
    [found] = [m.string for m in translations.read(po) if m.id == message]
    return found


@pytest.mark.parametrize("page", ["search.html", "genindex.html"])
def test_search_and_index_pages_switch_to_the_other_edition(editions, page):
    english, chinese = editions
    for here, there, href in ((english, chinese, f"zh/{page}"),
                              (chinese, english, f"../{page}")):
        text = (here / page).read_text(encoding="utf-8")
        assert f'<a class="language-switch-link" href="{href}"' in text, here / page
        assert (here / href).resolve() == (there / page).resolve()


def test_theme_text_is_chinese_in_the_chinese_edition_only(editions):
    english, chinese = editions
    literal = {"title": ("Toggle primary sidebar", "Toggle secondary sidebar",
                         "Link to this heading"), "aria-label": ("Main", "Page")}
    zh_page = (chinese / "chapters" / "page.html").read_text(encoding="utf-8")
    en_page = (english / "chapters" / "page.html").read_text(encoding="utf-8")
    for attribute, messages in literal.items():
        for message in messages:
            translated = _catalogue(message)
            assert translated != message
            assert f'{attribute}="{translated}"' in zh_page, message
            assert f'{attribute}="{message}"' not in zh_page, message
            assert f'{attribute}="{message}"' in en_page, message


def test_the_chinese_build_writes_nothing_into_the_english_site(editions):
    """myst-nb writes its copies of the notebooks beside a build's output folder, which for
    the Chinese edition (``html/zh``) is inside the English site: it writes them under
    ``_build`` instead, and the English site holds only its own pages."""
    english, chinese = editions
    assert (english.parent / "jupyter_execute" / "chapters" / "notebook.ipynb").exists()
    assert (chinese / "chapters" / "notebook.html").exists()
    assert not (english / "jupyter_execute").exists(), "the Chinese build wrote into the site"
