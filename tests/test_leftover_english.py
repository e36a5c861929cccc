"""English left on the Chinese edition's pages: measured on hand-made pages (a table that
shows "billion CNY", "China" or an English category name fails; acronyms, codes, URLs and
identifiers do not count), the vocabulary that Chinese tables draw their terms from, and,
once a site is built, every Chinese page against the limit or its listed share."""

from __future__ import annotations

import csv

import pytest

from helpers.book import leftover_english as le
from helpers.book import outputs, vocabulary
from helpers.book.charts import render_html
from helpers.paths import ROOT

PROSE = "制造业与生产性服务业深度融合发展，" * 20  # 340 Chinese characters


def page(body: str) -> str:
    return (f"<html><body><nav>Toggle navigation Search</nav><main><article>{body}"
            "</article></main><script>var english = 'not reading text';</script></body></html>")


@pytest.mark.parametrize("cell", ["11,660.3 billion CNY", "China",
                                  "Scientific research and technical services"])
def test_a_table_left_in_english_fails(cell):
    rows = "".join(f"<tr><td>{cell}</td><td>12.3</td></tr>" for _ in range(4))
    found = le.measure("p.html", page(f"<p>{PROSE[:100]}</p><table>{rows}</table>"))
    assert found.share > le.LIMIT
    assert set(cell.replace(",", " ").split()) - {"11", "660.3", "CNY"} <= set(found.words)


def test_acronyms_codes_urls_and_identifiers_do_not_count():
    body = (f"<p>{PROSE} OECD、WIOD、ADB 与 GDP，ISIC C26，CHN，ps_input_share，t5.chn，"
            "https://example.org/a-long-english-path，sources.csv，Leontief 逆矩阵。</p>"
            "<pre>python -m helpers panel --refresh</pre><code>English code</code>")
    found = le.measure("p.html", page(body))
    assert found.words == {} or sum(found.words.values()) == 0, found.words
    assert found.share == 0


def test_navigation_and_scripts_are_not_reading_text():
    assert le.reading_text(page("<p>正文</p>")).strip() == "正文"


def test_chart_text_counts():
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v6.json", "mark": "bar",
            "title": "Producer-service inputs by category",
            "datasets": {"d": [{"label": "United States", "v": 1}]}, "data": {"name": "d"},
            "encoding": {"x": {"field": "label", "type": "nominal", "title": "economy"},
                         "y": {"field": "v", "type": "quantitative"}}}
    found = le.measure("p.html", page(f"<p>{PROSE[:60]}</p>" + render_html(spec)))
    assert {"Producer-service", "inputs", "United", "States", "economy"} <= set(found.words)


def test_the_baseline_is_a_ratchet(tmp_path):
    zh = tmp_path / "zh"
    (zh / "chapters").mkdir(parents=True)
    english = "<p>" + PROSE[:50] + " the table of the economy " * 5 + "</p>"
    (zh / "chapters" / "a.html").write_text(page(english), encoding="utf-8")
    (zh / "chapters" / "b.html").write_text(page(f"<p>{PROSE}</p>"), encoding="utf-8")
    share = le.measure("chapters/a.html", page(english)).share
    assert le.problems(zh) and "chapters/a.html" in le.problems(zh)[0]
    assert le.problems(zh, {"chapters/a.html": round(share + 0.001, 3)}) == []
    stale = le.problems(zh, {"chapters/a.html": share + 0.2})
    assert len(stale) == 1 and "lower the entry" in stale[0]
    assert le.problems(zh, {"chapters/*.html": round(share + 0.001, 3)}) == []


def test_the_vocabulary_gives_tables_their_chinese_terms():
    terms = vocabulary.vocabulary()
    assert terms["China"] == "中国" and terms["trillion CNY"] == "万亿元"
    table = "<table><tr><td>China</td><td>Scientific research and technical services</td></tr>"
    done = outputs.translate(table + "<tr><td>trillion CNY</td></tr></table>", lambda s: s)
    assert "<td>中国</td>" in done and "<td>科学研究和技术服务业</td>" in done
    assert "<td>万亿元</td>" in done


def test_a_page_catalogue_wins_over_the_vocabulary():
    done = outputs.translate("<table><tr><td>China</td></tr></table>",
                             lambda s: "中华人民共和国" if s == "China" else s)
    assert "<td>中华人民共和国</td>" in done


def test_vocabulary_categories_are_the_classification_s():
    from helpers.data.classify import category_names

    terms = vocabulary.hand_entries()
    for english, chinese in category_names().values():
        assert terms[english] == chinese


def test_vocabulary_file_is_well_formed():
    with open(ROOT / vocabulary.VOCABULARY, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == vocabulary.COLUMNS
    english = [r["english"] for r in rows]
    assert len(english) == len(set(english)), "a term is listed twice"
    assert all(r["chinese"].strip() and r["kind"].strip() for r in rows)


SITE = ROOT / "_build" / "html" / "zh"


@pytest.mark.skipif(not (SITE / "index.html").exists(),
                    reason="no built Chinese edition: run make book")
def test_every_chinese_page_keeps_its_english_under_its_limit():
    problems = le.problems(SITE, le.baseline(ROOT))
    assert not problems, "\n".join(problems[:30])
