"""An interactive chart over a precomputed grid: radio buttons (Vega parameters) pick one
value of each switch, and the chart draws the rows of that combination. It needs no server
and no network: the whole grid is in the page, small enough because each row names its
combination by a number and one small table spells the combinations out."""

from __future__ import annotations

import altair as alt
import pandas as pd


def _param_name(column: str) -> str:
    """``column`` if it is safe as a Vega parameter name and in an expression (an ASCII
    identifier); else an error."""
    if not (column.isascii() and column.isidentifier()):
        raise ValueError(f"not a plain identifier, so not a control column: {column!r}")
    return column


def explorer_chart(grid: pd.DataFrame, controls: dict[str, tuple[str, dict, object]],
                   value: str, value_title: str, series: str = "series",
                   x: str = "year") -> alt.Chart:
    """A line chart of ``value`` against ``x`` per ``series``, with one radio control per
    entry of ``controls``: column -> (its label, {value in the grid: label shown}, default
    value). The grid holds one row per combination of the controls' columns, series and x.
    Each control's column names a Vega parameter and is written into the chart's filter
    expression, so it must be a plain identifier (else an error)."""
    columns = [_param_name(column) for column in controls]
    shown = grid.copy()
    for column, (_, labels, _) in controls.items():
        shown[column] = shown[column].map(labels)
    combos = shown[columns].drop_duplicates().reset_index(drop=True)
    combos.insert(0, "variant", range(len(combos)))
    rows = shown.merge(combos, on=columns)[["variant", series, x, value]]
    rows = rows.sort_values(["variant", series, x], kind="stable").reset_index(drop=True)
    params = [alt.param(name=column, value=labels[default],
                        bind=alt.binding_radio(options=list(labels.values()), name=f"{label}: "))
              for column, (label, labels, default) in controls.items()]
    chosen = " && ".join(f"datum.{column} == {column}" for column in columns)
    return alt.Chart(rows).transform_lookup(
        lookup="variant", from_=alt.LookupData(combos, "variant", columns),
    ).transform_filter(chosen).mark_line(point=True).encode(
        x=alt.X(f"{x}:Q", title=None, axis=alt.Axis(format="d")),
        y=alt.Y(f"{value}:Q", title=value_title, scale=alt.Scale(zero=False)),
        color=alt.Color(f"{series}:N", title=None),
        tooltip=[series, alt.Tooltip(f"{x}:Q", format="d"),
                 alt.Tooltip(f"{value}:Q", format=".1f", title=value_title)],
    ).add_params(*params)
