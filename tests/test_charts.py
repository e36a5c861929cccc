"""Charts and recorded numbers are reproducible across machines: results that differ only in
their last bits (CPU-specific BLAS kernels) must give the same page."""

from __future__ import annotations

import math

import altair as alt
import numpy as np
import pandas as pd
import pytest

from helpers.book import charts
from helpers.book.present import round_frame, significant


def _frame(nudge: int) -> pd.DataFrame:
    values = np.array([0.07891932318838665, 148136.8, 13.893457154109399, 1e-7 / 3])
    for _ in range(nudge):
        values = np.nextafter(values, np.inf)
    return pd.DataFrame({"label": list("abcd"), "value": values, "n": [1, 2, 3, 4]})


def _html(df: pd.DataFrame) -> str:
    charts.enable()
    chart = alt.Chart(df).mark_bar().encode(x="value:Q", y="label:N")
    output = charts.book_renderer(chart.to_dict())
    assert set(output) == {charts.VEGALITE_MIME, charts.VEGA_MIME, "text/plain"}
    return charts.render_html(output[charts.VEGALITE_MIME]) + str(output[charts.VEGA_MIME])


def test_last_bit_differences_give_the_same_chart():
    assert not _frame(0)["value"].equals(_frame(2)["value"])
    assert _html(_frame(0)) == _html(_frame(2))


def test_chart_data_keeps_every_row_and_enough_digits():
    charts.enable()
    df = pd.DataFrame({"x": np.arange(6000) / 7})  # beyond altair's default 5,000-row limit
    spec = alt.Chart(df).mark_point().encode(x="x:Q").to_dict()
    records = next(iter(spec["datasets"].values()))
    assert len(records) == len(df)
    assert records[1]["x"] == pytest.approx(1 / 7, rel=10.0 ** (1 - charts.CHART_DIGITS))


def test_round_frame_rounds_floats_only():
    out = round_frame(_frame(0), 4)
    assert out["value"].tolist()[:3] == [0.07892, 148100.0, 13.89]
    assert out["n"].tolist() == [1, 2, 3, 4] and out["label"].tolist() == list("abcd")


def test_significant_is_exact_and_keeps_missing():
    assert significant(2 / 3, 3) == 0.667
    assert significant(123456789012.345, 10) == 123456789000.0
    assert math.isnan(significant(float("nan")))


@pytest.mark.parametrize(("below", "above"), [(14557.727499999999, 14557.7275),
                                              (10639.2905, 10639.290500000001),
                                              (185840.10499999998, 185840.105)])
def test_significant_ignores_last_bits_on_a_half(below, above):
    """A sum of four-decimal figures, added in two orders, records the same number."""
    assert below != above
    assert significant(below, 8) == significant(above, 8)


def test_the_book_draws_a_charts_vega_lite_output_as_its_offline_html():
    from types import SimpleNamespace

    spec = {"datasets": {"d": [{"a": 1}]}, "mark": "bar"}
    block = SimpleNamespace(mime_type=charts.VEGALITE_MIME, content=spec)
    (node,) = charts.ChartMimeRenderer.handle_mime(None, block, False)
    assert node.astext() == charts.render_html(spec) and node["format"] == "html"
    assert charts.ChartMimeRenderer.handle_mime(None, block, True) is None  # not inline
    other = SimpleNamespace(mime_type="text/html", content="<p>")
    assert charts.ChartMimeRenderer.handle_mime(None, other, False) is None
    # the compiled copy for JupyterLab is never chosen, nor drawn, by the book
    compiled = SimpleNamespace(mime_type=charts.VEGA_MIME, content={})
    assert charts.ChartMimeRenderer.handle_mime(None, compiled, False) == []
    from myst_nb.core.render import get_mime_priority

    priority = get_mime_priority("html", [])
    assert priority.index(charts.VEGALITE_MIME) < priority.index("text/html")
    assert charts.VEGA_MIME not in priority
