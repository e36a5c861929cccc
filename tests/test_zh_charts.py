"""Charts in the Chinese edition: controls' labels, tooltips and series names are translated
while the data and the values a filter compares stay as they are; and every chart the book
commits fits the text column, in both editions."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from itertools import product
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from helpers.book import charts, outputs, translations
from helpers.book.explorer import NAME, NAME_ZH, explorer_chart
from helpers.book.mimetypes import VEGALITE_MIME
from helpers.measures import explorer
from helpers.paths import ROOT

ZH = {"Inputs": "投入", "total": "全部投入", "domestic only": "仅国内投入",
      "Trade": "批发零售", "wholesale only": "仅批发", "wholesale and retail": "批发和零售",
      "year": "年份", "series": "序列", "share, %": "占比，%"}


def _tr(text: str) -> str:
    return ZH.get(text, text)


def _spec() -> dict:
    """A chart with a radio control (labels of its own), a select (options shown as they
    are), a checkbox, and tooltips titled by field names, a derived title and a code."""
    rows = [{"origin": "total", "share": 1.5, "year": 2020, "series": "China (NBS)"},
            {"origin": "domestic only", "share": 1.2, "year": 2020, "series": "China (NBS)"}]
    return {
        "datasets": {"d": rows}, "data": {"name": "d"}, "mark": "line",
        "params": [
            {"name": "origin", "value": "total",
             "bind": {"input": "radio", "options": ["total", "domestic only"],
                      "labels": ["total", "domestic only"], "name": "Inputs: "}},
            {"name": "trade", "value": "w",
             "bind": {"input": "select", "options": ["wholesale only", "wholesale and retail"],
                      "name": "Trade:"}},
            {"name": "years", "value": 2020,
             "bind": {"input": "select", "options": [2018, 2020]}},
            {"name": "zoom", "select": "interval", "bind": "scales"},
        ],
        "transform": [{"filter": "datum.origin == origin"}],
        "encoding": {
            "x": {"field": "year", "type": "quantitative", "title": None},
            "y": {"field": "share", "type": "quantitative", "title": "share, %"},
            "tooltip": [{"field": "series", "type": "nominal"},
                        {"field": "year", "type": "quantitative", "format": "d"},
                        {"field": "share", "type": "quantitative", "aggregate": "mean"},
                        {"field": "ps_input_share_pct", "type": "quantitative"}]},
    }


def _binds(spec: dict) -> dict[str, dict]:
    return {p["name"]: p["bind"] for p in spec["params"] if isinstance(p.get("bind"), dict)}


def test_control_labels_are_chart_strings():
    found = outputs.chart_strings(_spec())
    assert {"Inputs", "total", "domestic only", "Trade", "wholesale only",
            "wholesale and retail"} <= set(found)  # labels without their closing colon
    assert {"series", "year"} <= set(found)  # tooltips titled by their field's name
    assert "2018" not in found and "ps_input_share_pct" not in found
    assert "share" not in found  # an aggregate's title is Vega-Lite's own ("Mean of share")


def test_control_labels_are_translated_and_options_data_and_filter_kept():
    spec = _spec()
    before = copy.deepcopy(spec)
    zh = outputs.translate_chart(spec, _tr)
    assert spec == before  # the English spec is left as it was
    binds = _binds(zh)
    assert binds["origin"]["name"] == "投入："  # a Chinese colon closes a Chinese label
    assert binds["origin"]["labels"] == ["全部投入", "仅国内投入"]
    assert binds["trade"]["name"] == "批发零售："
    untranslated = outputs.translate_chart(spec, lambda s: s)
    assert _binds(untranslated)["origin"]["name"] == "Inputs: "
    assert binds["trade"]["labels"] == ["仅批发", "批发和零售"]
    assert "labels" not in binds["years"]  # nothing to translate: shown as Vega shows it
    for name, bind in _binds(before).items():
        assert binds[name]["options"] == bind["options"]
    assert [p.get("value") for p in zh["params"]] == [p.get("value") for p in before["params"]]
    assert zh["params"][3]["bind"] == "scales"
    assert zh["datasets"] == before["datasets"] and zh["transform"] == before["transform"]
    tips = zh["encoding"]["tooltip"]
    assert [t.get("title") for t in tips] == ["序列", "年份", None, None]
    assert [t["field"] for t in tips] == [t["field"] for t in before["encoding"]["tooltip"]]


def _grid() -> pd.DataFrame:
    """A small explorer grid: two switches, two series, two years."""
    series = [("China (NBS)", "中国（国家统计局）"), ("Japan (WIOD)", "日本（WIOD）")]
    rows = product(("total", "domestic"), ("wholesale", "all"), series, (2014, 2020))
    return pd.DataFrame([{"origin": o, "trade_scope": t, "series": s, "series_zh": z,
                          "year": y, "share": 10 + i}
                         for i, (o, t, (s, z), y) in enumerate(rows)])


CONTROLS = {"origin": ("Inputs", {"total": "total", "domestic": "domestic only"}, "total"),
            "trade_scope": ("Trade", {"wholesale": "wholesale only",
                                      "all": "wholesale and retail"}, "wholesale")}


def test_the_explorers_controls_are_translated_and_its_data_kept():
    charts.enable()
    spec = explorer_chart(_grid(), CONTROLS, "share", "share, %",
                          series_zh="series_zh").to_dict()
    binds = _binds(spec)
    assert binds["origin"]["options"] == binds["origin"]["labels"] == ["total", "domestic only"]
    assert spec["usermeta"] == {outputs.ZH_FIELDS: {NAME: NAME_ZH}}
    found = outputs.chart_strings(spec)
    assert {"Inputs", "domestic only", "Trade", "wholesale and retail"} <= set(found)
    assert "China (NBS)" not in found and "Japan (WIOD)" not in found  # twins, not messages
    zh = outputs.translate_chart(spec, _tr)
    zh_binds = _binds(zh)
    assert zh_binds["origin"]["labels"] == ["全部投入", "仅国内投入"]
    assert zh_binds["origin"]["options"] == ["total", "domestic only"]
    assert zh_binds["trade_scope"]["options"] == ["wholesale only", "wholesale and retail"]
    rows, combos, names = spec["datasets"]
    assert zh["datasets"][rows] == spec["datasets"][rows]
    assert zh["datasets"][combos] == spec["datasets"][combos]
    # the drawn names come from the Chinese twin; the rows' key stays, so the lookup holds
    assert [r[NAME] for r in zh["datasets"][names]] == ["中国（国家统计局）", "日本（WIOD）"]
    assert [r["series"] for r in zh["datasets"][names]] == ["China (NBS)", "Japan (WIOD)"]
    assert zh["transform"] == spec["transform"]


def test_the_explorers_series_have_chinese_twins():
    assert set(explorer.SERIES_ZH) == set(explorer.SERIES)
    assert explorer.SERIES_ZH[("nbs", "CHN")] == "中国（国家统计局）"
    assert explorer.SERIES_ZH[("nbs42", "CHN")] == "中国（国家统计局，42部门）"
    assert explorer.SERIES_ZH[("wiod", "USA")] == "美国（WIOD）"
    assert explorer.SERIES_ZH[("wiod", "DEU")] == "德国（WIOD）"
    assert all(re.search(r"[\u4e00-\u9fff]", name) for name in explorer.SERIES_ZH.values())


def test_the_committed_explorer_offers_its_text_for_translation():
    spec = dict(_charts(ROOT / "chapters" / "beyond.ipynb"))["fig-explorer"]
    assert spec["usermeta"][outputs.ZH_FIELDS] == {NAME: NAME_ZH}
    names = next(rows for rows in spec["datasets"].values() if rows and NAME_ZH in rows[0])
    assert {(r[NAME], r[NAME_ZH]) for r in names} == {
        (explorer.SERIES[k], explorer.SERIES_ZH[k]) for k in explorer.SERIES}
    found = set(outputs.chart_strings(spec))
    for bind in _binds(spec).values():
        assert bind["name"].rstrip(": ") in found and set(bind["labels"]) <= found
    assert not found & set(explorer.SERIES.values())


# --- the charts the book commits ------------------------------------------------------

NOTEBOOKS = sorted((ROOT / "chapters").glob("*.ipynb")) + [
    ROOT / "chapters" / "profiles" / "template.ipynb"]
#: Charts known to be wider than the column, by notebook and glue name.
TOO_WIDE: set[tuple[str, str]] = set()
#: vl-convert's fonts draw a little narrower than a browser's (up to about 4%).
DRAWN_LIMIT = charts.COLUMN_WIDTH - 28


def _charts(path: Path) -> Iterator[tuple[str, dict]]:
    """Each Vega-Lite chart a notebook's outputs hold, with its glue name."""
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        for output in cell.get("outputs", []):
            for mime, spec in (output.get("data") or {}).items():
                if mime.endswith(VEGALITE_MIME):
                    name = output.get("metadata", {}).get("scrapbook", {}).get("name", "?")
                    yield name, spec


def _fixed_widths(spec: dict) -> list[float]:
    """Every fixed ``width`` a spec sets (on a view, a facet's cell or the config)."""
    found = []
    for node in outputs._dicts({k: v for k, v in spec.items() if k != "datasets"}):
        for key in ("width", "continuousWidth", "discreteWidth"):
            if isinstance(node.get(key), int | float) and not isinstance(node.get(key), bool):
                found.append(node[key])
    return found


def _drawn_width(spec: dict) -> float:
    import vl_convert as vlc

    version = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
    svg = vlc.vegalite_to_svg(spec, vl_version=version)
    return float(re.search(r'<svg[^>]*?\bwidth="([\d.]+)"', svg).group(1))


@cache
def _output_translations() -> dict[str, dict[str, str]]:
    """Each catalogue's translated output strings."""
    return {name: {m.id: m.string for m in catalog
                   if m.context == outputs.CONTEXT and m.string and not m.fuzzy}
            for name, catalog in translations.catalogues(ROOT).items()}


def _catalogue(path: Path) -> Callable[[str], str]:
    """The output strings of a notebook's catalogue, as a translation function."""
    from helpers.book.sphinx_i18n import domain

    docname = path.relative_to(ROOT).with_suffix("").as_posix()
    found = _output_translations().get(domain(docname), {})
    return lambda text: found.get(text, text)


def test_the_width_checks_catch_a_wide_chart():
    charts.enable()
    wide = alt.Chart(pd.DataFrame({"label": ["a" * 40, "b"], "v": [1, 2]})).mark_bar().encode(
        x="v:Q", y=alt.Y("label:N", axis=alt.Axis(labelLimit=400))).properties(width=600)
    spec = wide.to_dict()
    assert max(_fixed_widths(spec)) == 600
    assert _drawn_width(spec) > DRAWN_LIMIT


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_committed_chart_is_wider_than_the_text_column(path):
    tr = _catalogue(path)
    wide = []
    for name, spec in _charts(path):
        if (path.stem, name) in TOO_WIDE:
            continue
        fixed = [w for w in _fixed_widths(spec) if w > charts.COLUMN_WIDTH]
        drawn = {lang: _drawn_width(s) for lang, s in
                 (("en", spec), ("zh", outputs.translate_chart(spec, tr)))}
        if fixed or max(drawn.values()) > DRAWN_LIMIT:
            wide.append(f"{name}: fixed widths {fixed}, drawn {drawn}")
    assert not wide, f"{path.stem}: charts wider than the text column: {wide}"


@pytest.mark.parametrize(("stem", "name"), sorted(TOO_WIDE))
def test_the_known_wide_charts_are_still_wide(stem, name):
    """A chart listed in :data:`TOO_WIDE` that now fits is to leave the list."""
    path = ROOT / "chapters" / f"{stem}.ipynb"
    spec = dict(_charts(path))[name]
    assert _drawn_width(spec) > DRAWN_LIMIT, f"{stem} {name} fits now: drop it from TOO_WIDE"
