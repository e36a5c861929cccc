"""Output safe by construction: hostile strings in a chart's data, a table's cells, a caption
or a glued note reach the page as data (no string can close a script, open a comment or
break an attribute), and no chart or glue name can place an archive entry outside the
archive."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath

import altair as alt
import nbformat
import pandas as pd
import pytest

from helpers import bundle
from helpers.book import charts, glue_view, outputs
from helpers.book.explorer import explorer_chart
from helpers.book.mimetypes import VEGALITE_MIME
from helpers.book.present import html_table, searchable_table
from helpers.book.safe_html import element_id, script_json

HOSTILE = ["<!--", "<script>", "</script>", "\"quotes'", "&amp;", "\u2028", "\u2029", "]]>",
           "<!--<script>alert(1)</script>", "};if(window.vegaEmbed){x()}//"]
_SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.S)
_SAFE_PART = re.compile(r"[A-Za-z0-9._-]+")


def _scripts(html: str) -> list[str]:
    return _SCRIPT.findall(html)


def _inline_spec(script: str) -> dict:
    """The chart spec a chart's script holds, read as JSON."""
    start = script.index("var s=") + len("var s=")
    spec, end = json.JSONDecoder().raw_decode(script, start)
    assert script.startswith(";if(window.vegaEmbed)", end)
    return spec


class _Cells(HTMLParser):
    """The text of every ``th``, ``td`` and ``caption`` of a page, in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._open: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in ("th", "td", "caption"):
            self._open = ""

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td", "caption") and self._open is not None:
            self.cells.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open += data


def _cells(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    parser.close()
    return parser.cells


def _hostile_spec() -> dict:
    rows = [{"label": s, "value": i + 1, s: i} for i, s in enumerate(HOSTILE)]
    return {"datasets": {"d": rows}, "data": {"name": "d"}, "mark": "bar",
            "title": "".join(HOSTILE),
            "encoding": {"y": {"field": "label", "type": "nominal", "title": HOSTILE[0]},
                         "x": {"field": "value", "type": "quantitative"}}}


# --- inline JSON -------------------------------------------------------------------------

@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_script_json_reads_back_and_holds_nothing_unsafe(ensure_ascii):
    value = {s: [s, {"k": s}] for s in HOSTILE}
    text = script_json(value, ensure_ascii=ensure_ascii)
    assert json.loads(text) == value
    assert not set(text) & {"<", ">", "&", "\u2028", "\u2029"}
    assert "\\u003c!--" in text and "\\u0026amp;" in text


def test_script_json_of_ordinary_data_is_plain_compact_json():
    value = {"b": [1, 2.5, None], "a": "x/y ü"}
    assert script_json(value) == json.dumps(value, sort_keys=True, separators=(",", ":"))


def test_a_charts_hostile_data_stays_data_in_its_script():
    spec = _hostile_spec()
    html = charts.render_html(spec)
    (script,) = _scripts(html)
    assert "<" not in script and "\u2028" not in script and "\u2029" not in script
    assert _inline_spec(script) == spec
    assert "<!--" not in html and html.count("<script") == html.count("</script>") == 1


def test_an_altair_chart_with_hostile_labels_round_trips():
    charts.enable()
    df = pd.DataFrame({"label": HOSTILE, "value": range(len(HOSTILE))})
    spec = alt.Chart(df, title=HOSTILE[2]).mark_bar().encode(
        x="value:Q", y=alt.Y("label:N", title=HOSTILE[0])).to_dict()
    (script,) = _scripts(charts.render_html(spec))
    assert "<" not in script
    loaded = _inline_spec(script)
    assert loaded == spec
    assert [r["label"] for r in next(iter(loaded["datasets"].values()))] == HOSTILE


def test_a_translated_chart_stays_safe_and_keeps_its_data():
    spec = _hostile_spec()

    def tr(text: str) -> str:
        return text + " </script><!--\u2028"

    new = outputs.translate(charts.render_html(spec), tr)
    (script,) = _scripts(new)
    assert "<" not in script and "\u2028" not in script
    assert _inline_spec(script) == outputs.translate_chart(spec, tr)
    after = new.split("</script>", 1)[1]
    assert outputs.DATA_LINK + " &lt;/script&gt;&lt;!--" in after  # the link text, escaped
    assert "<!--" not in after


def test_a_string_that_looks_like_the_end_of_a_spec_does_not_end_it():
    spec = {"datasets": {"d": [{"s": "medium};if(window.vegaEmbed){x()}//", "v": 1},
                               {"s": "finance", "v": 2}]},
            "mark": "bar", "title": "Sector shares",
            "encoding": {"y": {"field": "s", "type": "nominal"},
                         "x": {"field": "v", "type": "quantitative"}}}
    found = outputs.strings(charts.render_html(spec))
    assert found == ["Sector shares", "finance", outputs.DATA_LINK]


# --- tables and notes ----------------------------------------------------------------------

def test_searchable_table_keeps_hostile_cells_and_caption_as_text():
    df = pd.DataFrame({h: [h] for h in HOSTILE})
    html = searchable_table(df, "hostile", caption="".join(HOSTILE))
    assert _cells(html) == ["".join(HOSTILE), *HOSTILE, *HOSTILE]
    assert "<!--" not in html and "<script" not in html


def test_html_table_keeps_hostile_cells_as_text():
    cells = [f"x{h}y" for h in HOSTILE]  # pandas trims whitespace around a cell's text
    df = pd.DataFrame({"h": cells, "n": [float("nan")] * len(cells)})
    html = html_table(df, missing="<!--").data
    assert _cells(html) == ["h", "n", *[x for c in cells for x in (c, "<!--")]]
    assert "<!--" not in html and "<script" not in html


def test_glued_note_keeps_hostile_names_and_values_as_text():
    texts = [(h, h) for h in HOSTILE]
    html = glue_view._texts_table(texts)["text/html"]
    assert _cells(html) == ["Glued for the book", *[x for h in HOSTILE for x in (h, h)]]
    assert "<!--" not in html and "<script" not in html


def test_a_glue_name_is_one_literal_code_span():
    assert glue_view._code_span("fig-table4") == "`fig-table4`"
    assert glue_view._code_span("a`b") == "``a`b``"
    assert glue_view._code_span("`x") == "`` `x ``"
    assert "\n" not in glue_view._code_span("a\n\n<img src=x>")


@pytest.mark.parametrize("bad", ["x' onmouseover='alert(1)", "a b", "1st", "", "t</script>"])
def test_a_table_id_that_is_not_a_plain_id_is_refused(bad):
    with pytest.raises(ValueError, match="not a safe element id"):
        searchable_table(pd.DataFrame({"a": [1]}), bad)
    assert element_id("sens-2017") == "sens-2017"


def test_an_explorer_control_must_be_an_identifier():
    grid = pd.DataFrame({"a b": [0], "series": ["s"], "year": [2000], "v": [1.0]})
    with pytest.raises(ValueError, match="not a plain identifier"):
        explorer_chart(grid, {"a b": ("A", {0: "off"}, 0)}, "v", "v")


# --- archive entry names -------------------------------------------------------------------

def _notebook_with_charts(root: Path, names: list[str]) -> None:
    spec = {"datasets": {"d": [{"a": 1}]}, "mark": "bar"}
    outs = [nbformat.v4.new_output(
        "display_data", data={f"application/papermill.record/{VEGALITE_MIME}": spec},
        metadata={"scrapbook": {"name": name}}) for name in names]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=outs)])
    nbformat.write(nb, root / "index.ipynb")


@pytest.mark.parametrize("name", ["../evil", "/abs", "a/../../b", "..", ".", "..\\win",
                                  "C:\\x", "<script>", "\u2028"])
def test_a_glue_name_cannot_place_an_entry_outside_the_archive(tmp_path, name):
    _notebook_with_charts(tmp_path, [name])
    (entry,) = bundle.chart_members(tmp_path)
    path = PurePosixPath(entry)
    assert not path.is_absolute() and entry.startswith("charts/index/")
    assert all(_SAFE_PART.fullmatch(p) and p not in (".", "..") for p in entry.split("/"))
    out = (tmp_path / "out").resolve()
    assert (out / entry).resolve().is_relative_to(out)


def test_two_names_that_become_one_entry_are_an_error_naming_both(tmp_path):
    _notebook_with_charts(tmp_path, ["fig a", "fig_a"])
    with pytest.raises(bundle.ArchiveNameError, match=r"'index/fig a\.csv'.*'index/fig_a\.csv'"):
        bundle.chart_members(tmp_path)


@pytest.mark.parametrize("bad", ["", ".", ".."])
def test_an_empty_or_dot_component_is_an_error(bad):
    with pytest.raises(bundle.ArchiveNameError, match="unsafe archive entry component"):
        bundle.entry_name("charts", bad)
    assert bundle.entry_name("charts", "a/b", "c d.csv") == "charts/a_b/c_d.csv"
