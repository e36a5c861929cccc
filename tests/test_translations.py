"""The Chinese edition: glue inside translated paragraphs (a small book built in both
languages), the catalogues (every entry translated, glue kept), and the built site when it
is there (the same glued values on every page in both languages)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers.book import charts, editions, outputs, sphinx_i18n, translations
from helpers.paths import ROOT

CONFIG = """\
title: A small book
only_build_toc_files: true
execute:
  execute_notebooks: "off"
exclude_patterns: ["_build/*", "locales/*"]
sphinx:
  extra_extensions:
    - helpers.book.sphinx_i18n
  config:
    language: en
    locale_dirs: ["locales/"]
    gettext_compact: false
    gettext_location: false
    gettext_uuid: false
"""
TOC = """\
format: jb-book
root: index
parts:
  - caption: The chapters
    chapters:
      - file: chapters/page
"""
PARAGRAPH = ("The ratio was {glue:text}`ratio` to 1, a share of {glue:text}`share:.1%`, "
             "as {glue:md}`command` prints.")
TRANSLATED = ("比值为{glue:text}`ratio`比1，占比{glue:text}`share:.1%`，"
              "与{glue:md}`command`的输出一致。")


# a heading glued in English and, through the key's ``_zh`` variant, in Chinese
HEADING, HEADING_ZH = "## {glue:text}`title`", "## {glue:text}`title_zh`"


def _glue_output(name: str, mime: str, value: str) -> nbformat.NotebookNode:
    prefix = "application/papermill.record/"
    return nbformat.v4.new_output("display_data", data={prefix + mime: value},
                                  metadata={"scrapbook": {"mime_prefix": prefix, "name": name}})


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> Path:
    """A two-page book whose chapter glues three values into one paragraph, with that
    paragraph translated in its catalogue."""
    root = tmp_path_factory.mktemp("book")
    (root / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "_toc.yml").write_text(TOC, encoding="utf-8")
    (root / "index.md").write_text("# Home\n\nThe start.\n", encoding="utf-8")
    cell = nbformat.v4.new_code_cell("glue(...)", outputs=[
        _glue_output("ratio", "text/plain", "'4.7'"),
        _glue_output("share", "text/plain", "0.2345"),
        _glue_output("command", "text/markdown", "`python -m helpers indicators CHN 2020`"),
        _glue_output("title", "text/plain", "'China 2020 (NBS table)'"),
        _glue_output("title_zh", "text/plain", "'中国 2020年（NBS 投入产出表）'")])
    chart = nbformat.v4.new_code_cell("chart", outputs=[nbformat.v4.new_output(
        "display_data", data={"text/html": charts.render_html(_chart()), "text/plain": "chart"})])
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Page"), cell,
                                         nbformat.v4.new_markdown_cell(PARAGRAPH), chart,
                                         nbformat.v4.new_markdown_cell(HEADING)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    (root / "chapters").mkdir()
    nbformat.write(nb, root / "chapters" / "page.ipynb")
    translations.update(root)
    page = ((PARAGRAPH, TRANSLATED), ("Page", "页面"), (HEADING[3:], HEADING_ZH[3:]), *ZH.items())
    for name, pairs in (("page", page),
                        ("index", (("The chapters", "各章"),)),
                        ("book", (("A small book", "小书"),))):
        po = translations.catalogue_dir(root) / f"{name}.po"
        text = po.read_text(encoding="utf-8")
        for msgid, msgstr in pairs:
            quoted = msgid.replace('"', '\\"')
            text = text.replace(f'msgid "{quoted}"\nmsgstr ""',
                                f'msgid "{quoted}"\nmsgstr "{msgstr}"')
        po.write_text(text, encoding="utf-8")
    return root


def test_catalogue_per_page_with_glue_roles_intact(small_book):
    entries = translations.messages(small_book)
    assert set(entries) == {"index", "page", "book"}
    assert {"A small book", "Search this book..."} <= {msgid for msgid, _, _ in entries["book"]}
    assert "The chapters" in [msgid for msgid, _, _ in entries["index"]]  # the part caption
    assert PARAGRAPH in [msgid for msgid, _, _ in entries["page"]]


def test_translated_paragraph_shows_the_glued_values(small_book):
    # the build fails on any warning, such as "No key 'ratio' found in glue data"
    out = translations.build(small_book)
    page = (out / "chapters" / "page.html").read_text(encoding="utf-8")
    assert "比值为" in page and "页面" in page
    assert re.search(r'比值为<span class="pasted-text">4\.7</span>比1，占比'
                     r'<span class="pasted-text">23\.4%</span>', page)
    assert '<span class="pre">2020</span></code>的输出一致' in page  # glue:md
    assert re.search(r'<h2><span class="pasted-text">中国 2020年（NBS 投入产出表）</span>', page)
    # the chart's text from the catalogue's output strings, its data as in English
    assert '"title":"占比，%"' in page and '"level":"高","share":1.5' in page
    assert "下载本图数据" in page
    # the book's title and part caption, and the switch back to the English page
    assert '<span class="caption-text">各章' in page and "<title>页面 &#8212; 小书" in page
    assert ('<a class="language-switch-link" href="../../chapters/page.html" hreflang="en"'
            in page)


@pytest.mark.parametrize("pagename, language, href", [
    ("index", "en", "zh/index.html"), ("chapters/concepts", "en", "../zh/chapters/concepts.html"),
    ("index", "zh_CN", "../index.html"),
    ("chapters/profiles/runs/chn-2020-nbs", "zh_CN", "../../../../chapters/profiles/runs/"
     "chn-2020-nbs.html")])
def test_switch_links_to_the_same_page_in_the_other_edition(pagename, language, href):
    assert sphinx_i18n.switch_href(pagename, language) == href


def test_progress_counts_untranslated_entries(small_book):
    progress = {p.catalogue: p for p in translations.status(small_book)}
    # the chart's rows China (2020), Japan (2018) and its colours nbs, oecd
    assert progress["page"].missing == 4
    assert (progress["index"].entries, progress["index"].untranslated) == (3, 2)  # caption done
    assert progress["book"].untranslated == len(sphinx_i18n.THEME_STRINGS)


@pytest.mark.parametrize("docname, catalogue", [
    ("index", "index"), ("chapters/concepts", "concepts"),
    ("chapters/profiles/runs/chn-2020-nbs", "profiles"),
    ("chapters/profiles/index", sphinx_i18n.TWINS_DOMAIN),
    ("chapters/profiles/economies/usa", sphinx_i18n.TWINS_DOMAIN)])
def test_catalogue_of_each_page(docname, catalogue):
    assert sphinx_i18n.domain(docname) == catalogue


@pytest.mark.parametrize("msgid, msgstr, expected", [
    ("a {glue:text}`x` b {glue:text}`y:.1f`", "{glue:text}`y:.1f` 甲 {glue:text}`x`", []),
    ("{glue:text}`peer_sentence` more", "{glue:text}`peer_sentence_zh` 更多", []),
    ("a {glue:text}`x` and {glue:text}`x`", "{glue:text}`x`", ["-{glue:text}`x`"]),
    ("a {glue:text}`x:.1%`", "{glue:text}`x:.2%`", ["-{glue:text}`x:.1%`",
                                                    "+{glue:text}`x:.2%`"]),
    ("{glue:md}`command`", "{glue:text}`command`", ["-{glue:md}`command`",
                                                    "+{glue:text}`command`"]),
])
def test_glue_differences(msgid, msgstr, expected):
    assert translations.glue_differences(msgid, msgstr) == expected


# --- the book's own catalogues ---------------------------------------------------------

CATALOGUES = translations.catalogue_dir()
NAMES = sorted(p.relative_to(CATALOGUES).with_suffix("").as_posix()
               for p in CATALOGUES.rglob("*.po")) if CATALOGUES.exists() else []
HINT = ("translate them in locales/zh_CN/LC_MESSAGES/{name}.po; `python -m helpers "
        "translations status` shows what is left in every catalogue")


def test_every_page_has_a_catalogue():
    chapters = sorted(p.stem for p in (ROOT / "chapters").glob("*.md"))
    assert set(NAMES) >= {"index", "profiles", *chapters}


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_fully_translated(name):
    entries = translations.messages()[name]
    untranslated = [m for m, s, _ in entries if not s.strip()]
    fuzzy = [m for m, s, f in entries if f and s.strip()]
    assert not untranslated and not fuzzy, (
        f"{name}: {len(untranslated)} of {len(entries)} entries untranslated, {len(fuzzy)} "
        f"fuzzy (first: {(untranslated + fuzzy)[0][:80]!r}); " + HINT.format(name=name))


@pytest.fixture(scope="module")
def missing_in_book() -> dict[str, list[str]]:
    """The English book's messages each catalogue lacks (one extraction for the module)."""
    return translations.lacking()


@pytest.mark.parametrize("name", NAMES)
def test_catalogue_has_every_message_of_the_english_book(name, missing_in_book):
    missing = missing_in_book.get(name, [])
    assert not missing, (
        f"{name}: {len(missing)} messages of the English book missing from the catalogue "
        f"(first: {[m[:80] for m in missing[:3]]}); its page shows them in English; run "
        "`make translations`, then " + HINT.format(name=name))


def test_every_catalogue_of_the_english_book_exists(missing_in_book):
    absent = {name: len(m) for name, m in missing_in_book.items() if name not in NAMES}
    assert not absent, f"catalogues missing (messages each): {absent}; run `make translations`"


@pytest.mark.parametrize("name", NAMES)
def test_translations_keep_every_glue_role(name):
    bad = {m[:60]: d for m, s, _ in translations.messages()[name]
           if s.strip() and (d := translations.glue_differences(m, s))}
    assert not bad, f"{name}: translations whose glue roles differ from the English: {bad}"


# --- charts and tables ----------------------------------------------------------------

ZH = {"share, %": "占比，%", "technology level": "技术水平", "high": "高", "low": "低",
      "match": "一致", "outcome": "结果", outputs.DATA_LINK: "下载本图数据",
      outputs.FILTER: "筛选行…"}


def _tr(text: str) -> str:
    return ZH.get(text, text)


def _chart(**usermeta) -> dict:
    spec = {"datasets": {"d": [{"level": "high", "share": 1.5, "label": "China (2020)",
                                "label_zh": "中国（2020年）", "source": "nbs"},
                               {"level": "low", "share": 2.5, "label": "Japan (2018)",
                                "label_zh": "日本（2018年）", "source": "oecd"}]},
            "data": {"name": "d"}, "mark": "bar",
            "encoding": {"x": {"field": "share", "type": "quantitative", "title": "share, %"},
                         "y": {"field": "level", "type": "nominal",
                               "title": "technology level", "sort": ["high", "low"]},
                         "row": {"field": "label", "type": "nominal"},
                         "color": {"field": "source", "type": "nominal"}}}
    return {**spec, "usermeta": usermeta} if usermeta else spec


def test_chart_text_is_translated_and_its_numbers_kept():
    spec = _chart(**{outputs.ZH_FIELDS: {"label": "label_zh"}, outputs.UNTRANSLATED: ["source"]})
    assert outputs.chart_strings(spec) == ["share, %", "technology level", "high", "low"]
    zh = outputs.translate_chart(spec, _tr)
    assert zh["encoding"]["x"]["title"] == "占比，%"
    assert zh["encoding"]["y"]["title"] == "技术水平"
    assert zh["encoding"]["y"]["sort"] == ["高", "低"]
    rows = zh["datasets"]["d"]
    assert [r["level"] for r in rows] == ["高", "低"] and [r["share"] for r in rows] == [1.5, 2.5]
    assert [r["label"] for r in rows] == ["中国（2020年）", "日本（2018年）"]
    assert [r["source"] for r in rows] == ["nbs", "oecd"]
    # without the markers, every nominal value is text to translate (codes excepted)
    assert "China (2020)" in outputs.chart_strings(_chart())


def test_rendered_chart_and_table_outputs_are_translated():
    from helpers.book import charts, present

    chart_html = charts.render_html(_chart())
    table = present.searchable_table(
        __import__("pandas").DataFrame({"outcome": ["match", "Rubber and plastics", "t5.chn",
                                                     "A long name no vocabulary holds"]}),
        "t1")
    found = outputs.strings(chart_html + table)
    assert {"share, %", outputs.DATA_LINK, "outcome", "match", outputs.FILTER} <= set(found)
    assert "Rubber and plastics" not in found and "t5.chn" not in found
    zh = outputs.translate(chart_html + table, _tr)
    assert '"title":"占比，%"' in zh and "下载本图数据 (CSV)" in zh
    assert "<th>结果</th>" in zh and "<td>一致</td>" in zh and 'placeholder="筛选行…"' in zh
    # a sector name is a vocabulary term (its classification's Chinese name); other long
    # names, and identifiers, stay as they are
    assert "<td>橡胶和塑料制品制造业</td>" in zh and "<td>t5.chn</td>" in zh
    assert "<td>A long name no vocabulary holds</td>" in zh
    assert chart_html.split('id="')[1][:19] == zh.split('id="')[1][:19]  # same chart id
    # the data link holds the rows as the chart draws them
    import base64
    csv = base64.b64decode(re.search(r"base64,([^\"]+)", zh).group(1)).decode()
    assert ",高,1.5," in csv.splitlines()[1] and ",低,2.5," in csv


@pytest.mark.parametrize("text, label", [
    ("match", True), ("Finance", True), ("NBS", False), ("OECD ICIO 2025", False),
    ("t5.chn.2025", False), ("oecd2011", False), ("4a983ebfc9e5…", False),
    ("billion CNY", False), ("nan", False), ("12.5", False)])
def test_what_counts_as_text(text, label):
    assert outputs.is_label(text) is label


# --- the built site (after `make book`) ------------------------------------------------

SITE = ROOT / "_build" / "html"
ZH_SITE = SITE / sphinx_i18n.EDITION_DIR
needs_site = pytest.mark.skipif(not (ZH_SITE / "index.html").exists(),
                                reason="no built Chinese edition: run make book")


@needs_site
def test_every_page_exists_in_chinese_with_the_same_glued_numbers():
    problems = editions.number_problems(SITE)
    assert not problems, "\n".join(problems[:20])


@needs_site
def test_switch_links_resolve_both_ways():
    problems = editions.switch_problems(SITE)
    assert not problems, "\n".join(problems[:20])


def test_a_different_glued_number_is_found(tmp_path):
    span = '<p><span class="pasted-text">{}</span></p>'
    for folder, value in ((tmp_path, "12.5"), (tmp_path / "zh", "12.6")):
        folder.mkdir(exist_ok=True)
        (folder / "page.html").write_text(span.format(value), encoding="utf-8")
    assert editions.number_problems(tmp_path) == [
        "page.html: glued numbers differ between the editions (12.5, 12.6)"]
    (tmp_path / "zh" / "page.html").unlink()
    assert editions.number_problems(tmp_path) == ["page.html: no Chinese edition of this page"]


# --- the glossary ----------------------------------------------------------------------

def test_glossary_has_the_reports_terms():
    terms = translations.glossary()
    assert len(terms) >= 30
    chinese = {t.chinese for t in terms}
    assert {"生产性服务业", "制造业", "中间投入", "投入产出表", "直接消耗系数", "完全消耗系数",
            "高技术制造业", "增加值"} <= chinese


@pytest.mark.parametrize("msgid, msgstr, missed", [
    ("Producer services supply inputs", "生产性服务业提供投入", []),
    ("Producer services supply inputs", "生产服务提供投入", ["producer services"]),
    ("high-technology manufacturing grew", "高技术制造业增长", []),  # not "manufacturing" too
    ("the input-output tables of {glue:text}`manufacturing`", "投入产出表", []),
    ("run `manufacturing` now", "运行", []),
])
def test_glossary_misses(msgid, msgstr, missed):
    terms = translations.glossary()
    assert [t.english for t in translations.glossary_misses(msgid, msgstr, terms)] == missed


@pytest.mark.parametrize("name", NAMES)
def test_translations_use_the_glossary_terms(name):
    terms, exceptions = translations.glossary(), translations.glossary_exceptions()
    bad = [f"{t.english} -> {t.chinese}: {msgid[:70]!r}"
           for msgid, msgstr, _ in translations.messages()[name] if msgstr.strip()
           for t in translations.glossary_misses(msgid, msgstr, terms)
           if not any(e == (name, t.english, msgid[:len(e[2])]) for e in exceptions)]
    assert not bad, (f"{name}: translations without the glossary's term (locales/glossary.csv; "
                     f"a reviewed exception goes in locales/glossary-exceptions.csv): {bad}")


def test_missing_catalogues_and_bad_glossary_are_named(tmp_path):
    with pytest.raises(translations.TranslationError, match="translations update"):
        translations.messages(tmp_path)
    (tmp_path / "locales").mkdir()
    (tmp_path / "locales" / "glossary.csv").write_text(
        "english,chinese,where\nvalue added,,Table 4\n", encoding="utf-8")
    with pytest.raises(translations.TranslationError, match="without english, chinese or where"):
        translations.glossary(tmp_path)


def test_failed_build_names_the_warning(tmp_path):
    (tmp_path / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "_toc.yml").write_text(TOC, encoding="utf-8")
    (tmp_path / "index.md").write_text("# Home\n\nSee {ref}`nowhere`.\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "page.md").write_text("# Page\n", encoding="utf-8")
    with pytest.raises(translations.TranslationError, match="nowhere"):
        translations.build(tmp_path)


# --- malformed and incomplete catalogues -------------------------------------------------

@pytest.fixture
def book_copy(small_book, tmp_path) -> Path:
    """A copy of the small book, free to damage."""
    copy = tmp_path / "book"
    shutil.copytree(small_book, copy, ignore=shutil.ignore_patterns("_build"))
    return copy


def _unterminated(lines: list[str], at: int) -> tuple[int, str]:
    lines[at + 1] = 'msgstr "页面'
    return at + 2, "unterminated string"


def _msgstr_alone(lines: list[str], at: int) -> tuple[int, str]:
    del lines[at]
    return at + 1, "msgstr without msgid"


def _msgid_alone(lines: list[str], at: int) -> tuple[int, str]:
    del lines[at + 1]
    return at + 1, "msgid without msgstr"


def _stray_line(lines: list[str], at: int) -> tuple[int, str]:
    lines.insert(at + 2, "Page 页面")
    return at + 3, "not a keyword, string or comment: 'Page 页面'"


def _stray_string(lines: list[str], at: int) -> tuple[int, str]:
    lines.insert(at + 3, '"页面"')  # after the blank line that ends the entry
    return at + 4, "a string outside any entry"


def _duplicate(lines: list[str], at: int) -> tuple[int, str]:
    lines.extend(["", 'msgid "Page"', 'msgstr "页"'])
    return len(lines) - 1, f"duplicate msgid 'Page' (first on line {at + 1})"


def _bad_escape(lines: list[str], at: int) -> tuple[int, str]:
    lines[at + 1] = 'msgstr "页\\q面"'
    return at + 2, "unknown escape \\q"


#: Ways to damage the entry of ``Page``: each changes the lines and returns the line the
#: error must name and what it must say.
DAMAGE = {"unterminated string": _unterminated, "msgstr without msgid": _msgstr_alone,
          "msgid without msgstr": _msgid_alone, "stray line": _stray_line,
          "stray string": _stray_string, "duplicate msgid": _duplicate,
          "unknown escape": _bad_escape}


def _damage(po: Path, kind: str) -> tuple[int, str]:
    lines = po.read_text(encoding="utf-8").splitlines()
    line, said = DAMAGE[kind](lines, lines.index('msgid "Page"'))
    po.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return line, said


def _status_command(root: Path) -> subprocess.CompletedProcess:
    """``python -m helpers translations status`` for the book at ``root``, run from a copy
    of the package inside it (the package's root is the book's)."""
    src = root / "src"
    if not src.exists():
        shutil.copytree(ROOT / "src" / "helpers", src / "helpers",
                        ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run([sys.executable, "-m", "helpers", "translations", "status"],
                          capture_output=True, text=True, env=env, cwd=root, timeout=600)


@pytest.mark.parametrize("kind", DAMAGE)
def test_malformed_catalogue_is_refused_naming_file_and_line(book_copy, kind):
    po = translations.catalogue_dir(book_copy) / "page.po"
    line, said = _damage(po, kind)
    for use in (translations.messages, translations.status, translations.compile_catalogues):
        with pytest.raises(translations.CatalogueError) as caught:
            use(book_copy)
        assert f"{po}:{line}: {said}" in str(caught.value), use.__name__


@pytest.mark.parametrize("kind", DAMAGE)
def test_status_command_refuses_malformed_catalogue(book_copy, kind):
    line, said = _damage(translations.catalogue_dir(book_copy) / "page.po", kind)
    done = _status_command(book_copy)
    assert done.returncode == 2, done.stdout + done.stderr  # 1 would be "left to translate"
    assert done.stderr.startswith("error: malformed catalogue:")
    assert f"locales/zh_CN/LC_MESSAGES/page.po:{line}: {said}" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_every_malformed_catalogue_is_named(book_copy):
    folder = translations.catalogue_dir(book_copy)
    line, said = _damage(folder / "page.po", "stray line")
    with (folder / "index.po").open("a", encoding="utf-8") as f:
        f.write('msgid "Home"\n')
    index_lines = (folder / "index.po").read_text(encoding="utf-8").count("\n")
    with pytest.raises(translations.MalformedCatalogueError) as caught:
        translations.messages(book_copy)
    assert caught.value.problems == [
        f"{folder / 'index.po'}:{index_lines}: msgid without msgstr (the entry ends on line "
        f"{index_lines})", f"{folder / 'page.po'}:{line}: {said}"]


def test_catalogue_not_in_utf8_is_refused_naming_the_line(book_copy):
    po = translations.catalogue_dir(book_copy) / "page.po"
    data = po.read_bytes()
    line = data[:data.index("页面".encode())].count(b"\n") + 1
    po.write_bytes(data.replace("页面".encode(), "页面".encode("gb18030"), 1))
    with pytest.raises(translations.CatalogueError, match=rf"page\.po:{line}: not UTF-8"):
        translations.messages(book_copy)


def test_update_refuses_a_malformed_catalogue_and_leaves_it(book_copy):
    po = translations.catalogue_dir(book_copy) / "page.po"
    line, said = _damage(po, "unterminated string")
    damaged = po.read_bytes()
    with pytest.raises(translations.CatalogueError, match=f"page.po:{line}: {said}"):
        translations.update(book_copy)
    assert po.read_bytes() == damaged


def test_deleted_entry_is_reported_missing(book_copy):
    assert translations.lacking(book_copy) == {}
    po = translations.catalogue_dir(book_copy) / "page.po"
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Page"\nmsgstr "页面"\n\n', ""), encoding="utf-8")
    assert translations.lacking(book_copy) == {"page": ["Page"]}
    with pytest.raises(translations.CatalogueError, match=r"page\.po: 1 missing \(first: 'Page'\)"):
        translations.status(book_copy)
    done = _status_command(book_copy)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "locales/zh_CN/LC_MESSAGES/page.po: 1 missing (first: 'Page')" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr


def test_deleted_catalogue_is_reported_missing(book_copy):
    (translations.catalogue_dir(book_copy) / "index.po").unlink()
    missing = translations.lacking(book_copy)
    assert set(missing) == {"index"} and "The chapters" in missing["index"]


def test_an_amount_converted_to_chinese_units_is_the_same_amount(tmp_path):
    zh = tmp_path / sphinx_i18n.EDITION_DIR
    zh.mkdir()
    span = '<span class="pasted-text">{}</span>'
    (tmp_path / "p.html").write_text(span.format("11,660.3 billion CNY") + span.format("12.5%"))
    (zh / "p.html").write_text(span.format("11.66万亿元") + span.format("12.5%"))
    assert editions.number_problems(tmp_path) == []
    (zh / "p.html").write_text(span.format("11.76万亿元") + span.format("12.5%"))
    assert editions.number_problems(tmp_path) == ["p.html: glued amounts differ between the "
                                                 "editions"]
    (zh / "p.html").write_text(span.format("11.66万亿美元") + span.format("12.5%"))
    assert editions.number_problems(tmp_path) != []
