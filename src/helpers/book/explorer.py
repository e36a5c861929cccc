"""An interactive chart over a precomputed grid: radio buttons (Vega parameters) pick one
value of each switch, and the chart draws the rows of that combination. It needs no server
and no network: the whole grid is in the page, small enough because each row names its
combination by a number and one small table spells the combinations out."""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.book.outputs import ZH_FIELDS

#: The field a series' name is drawn from when the grid gives its Chinese name too, and the
#: field of that Chinese name (the twin the Chinese edition draws instead).
NAME, NAME_ZH = "name", "name_zh"


def _param_name(column: str) -> str:
    """``column`` if it is safe as a Vega parameter name and in an expression (an ASCII
    identifier); else an error."""
    if not (column.isascii() and column.isidentifier()):
        raise ValueError(f"not a plain identifier, so not a control column: {column!r}")
    return column


def _control(column: str, label: str, labels: dict, default: object) -> alt.Parameter:
    """One radio control: the parameter ``column`` takes the shown label of the value picked
    (``options``); ``labels`` repeats them as what the reader sees, so an edition can translate
    what is shown without changing what the filter compares."""
    shown = list(labels.values())
    return alt.param(name=column, value=labels[default],
                     bind=alt.binding_radio(options=shown, labels=shown, name=f"{label}: "))


def _names(grid: pd.DataFrame, series: str, series_zh: str) -> pd.DataFrame:
    """Each series once: its name in the grid (what the rows keep), the name drawn
    (:data:`NAME`) and, as that field's twin in the Chinese edition, its Chinese name."""
    names = grid[[series, series_zh]].drop_duplicates(series).reset_index(drop=True)
    return pd.DataFrame({series: names[series], NAME: names[series],
                         NAME_ZH: names[series_zh]})


def explorer_chart(grid: pd.DataFrame, controls: dict[str, tuple[str, dict, object]],
                   value: str, value_title: str, series: str = "series",
                   x: str = "year", series_zh: str | None = None,
                   legend_columns: int = 3) -> alt.Chart:
    """A line chart of ``value`` against ``x`` per ``series``, with one radio control per
    entry of ``controls``: column -> (its label, {value in the grid: label shown}, default
    value). The grid holds one row per combination of the controls' columns, series and x.
    Each control's column names a Vega parameter and is written into the chart's filter
    expression, so it must be a plain identifier (else an error). ``series_zh`` names the
    grid's column of the series' Chinese names: the chart then draws each series' name from
    a small table of names, where the Chinese edition finds the twin (the rows keep the
    grid's name). The legend lies beneath the chart in ``legend_columns`` columns."""
    columns = [_param_name(column) for column in controls]
    shown = grid.copy()
    for column, (_, labels, _) in controls.items():
        shown[column] = shown[column].map(labels)
    combos = shown[columns].drop_duplicates().reset_index(drop=True)
    combos.insert(0, "variant", range(len(combos)))
    rows = shown.merge(combos, on=columns)[["variant", series, x, value]]
    rows = rows.sort_values(["variant", series, x], kind="stable").reset_index(drop=True)
    params = [_control(column, *control) for column, control in controls.items()]
    chosen = " && ".join(f"datum.{column} == {column}" for column in columns)
    chart = alt.Chart(rows).transform_lookup(
        lookup="variant", from_=alt.LookupData(combos, "variant", columns))
    drawn = series
    if series_zh:
        chart = chart.transform_lookup(lookup=series, from_=alt.LookupData(
            _names(grid, series, series_zh), series, [NAME])).properties(
            usermeta={ZH_FIELDS: {NAME: NAME_ZH}})
        drawn = NAME
    return chart.transform_filter(chosen).mark_line(point=True).encode(
        x=alt.X(f"{x}:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y(f"{value}:Q", title=value_title, scale=alt.Scale(zero=False)),
        color=alt.Color(f"{drawn}:N", title=None,
                        legend=alt.Legend(orient="bottom", columns=legend_columns)),
        tooltip=[alt.Tooltip(f"{drawn}:N", title=series), alt.Tooltip(f"{x}:Q", format="d"),
                 alt.Tooltip(f"{value}:Q", format=".1f", title=value_title)],
    ).add_params(*params)
