"""What a profile page glues and draws, so the template notebook only narrates.

Every indicator is glued under its flattened name (e.g. ``ps_input_share``,
``ps_input_share_by_intensity.high``) as the float ``python -m helpers indicators`` prints,
to :data:`~helpers.book.present.SIGNIFICANT` significant digits; prose formats it with the glue
role (``{glue:text}`ps_input_share:.1%```).
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from helpers.book.outputs import UNTRANSLATED, ZH_FIELDS
from helpers.book.present import SIGNIFICANT, amount_zh, fmt, significant, unit_zh
from helpers.data import catalog
from helpers.errors import HelpersError
from helpers.profiles.profile import SOURCE_SHORT, SOURCE_SHORT_ZH, Profile, economy_name_zh

HIGHLIGHT, OTHER = "#d1495b", "#1f5c99"
#: Bar charts with long labels beside their bars: the labels' room and the bars', which
#: together stay within the text column (:data:`~helpers.book.charts.COLUMN_WIDTH`).
LABEL_LIMIT, BARS_WIDTH = 320, 340


def _glue(name: str, value: object) -> None:
    """Glue without display; a float to ``SIGNIFICANT`` digits, so every machine records it
    alike."""
    from myst_nb import glue

    if isinstance(value, float):
        value = significant(value)
    glue(name, value, display=False)


class WrongProfileError(HelpersError):
    """A page would show another economy-year than the run asked for."""


def check_requested(p: Profile, requested: str | None) -> None:
    """Stop a profile run whose page shows another economy-year than the one requested
    (``COUNTRY:YEAR:SOURCE``, injected by the runner; ``None`` when previewing the template)."""
    shown = f"{p.key.country}:{p.key.year}:{p.key.source}"
    if requested is not None and requested != shown:
        raise WrongProfileError(
            f"the run asked for {requested} but the page shows {shown}: the template's "
            "parameters cell must be the one tagged 'parameters', and no later cell may set "
            "country, year or source")


def cli_command(p: Profile) -> str:
    k = p.key
    return f"python -m helpers indicators {k.country} {k.year} --source {k.source}"


def peer_sentence(p: Profile) -> str:
    """Where this table stands among the peers, in words."""
    peers = p.peers()
    k, n = p.rank()
    same_year = int((peers["year"] == p.key.year).sum()) - 1
    if n == 1:
        return "No other economy has an open table to compare with."
    if same_year == n - 1:
        years = "all with a table for the same year"
    elif same_year == 0:
        years = "none with a table for the same year, so each at its nearest year"
    else:
        years = (f"{same_year} with a table for the same year, the others at their nearest "
                 "year")
    same = peers[peers["year"] == p.key.year]
    other_sources = sorted({SOURCE_SHORT[s] for s in same["source"]} - {SOURCE_SHORT[p.key.source]})
    mix = "" if not other_sources or len(same) < 2 else (
        f" Tables of the same year come from {SOURCE_SHORT[p.key.source]} where it has one, "
        f"otherwise from {', '.join(other_sources)}.")
    return (f"Among {n} economies ({years}), its producer-service input share ranks "
            f"{k} of {n}.{mix}")


def previous_sentence(p: Profile) -> str:
    """How the share moved since the same source's previous table, in words."""
    prev = p.previous()
    if prev is None:
        return (f"This is the earliest {SOURCE_SHORT[p.key.source]} table of this economy, so "
                "there is no earlier table of the same source to compare with.")
    now = 100 * float(p.row["ps_input_share"])
    then = float(prev["ps_input_share_pct"])
    change = now - then
    direction = "up" if change > 0 else "down" if change < 0 else "unchanged"
    return (f"In the previous {SOURCE_SHORT[p.key.source]} table ({int(prev['year'])}) the "
            f"share was {fmt(then)}%, so it is {direction} {fmt(abs(change))} percentage points.")


def peer_sentence_zh(p: Profile) -> str:
    """:func:`peer_sentence` in Chinese."""
    peers = p.peers()
    k, n = p.rank()
    same_year = int((peers["year"] == p.key.year).sum()) - 1
    if n == 1:
        return "没有其他经济体的公开投入产出表可供比较。"
    if same_year == n - 1:
        years = "均有同年的投入产出表"
    elif same_year == 0:
        years = "均无同年的投入产出表，各取最近年份"
    else:
        years = f"其中{same_year}个有同年的投入产出表，其余取最近年份"
    same = peers[peers["year"] == p.key.year]
    own = SOURCE_SHORT[p.key.source]
    other_sources = sorted({SOURCE_SHORT[s] for s in same["source"]} - {own})
    mix = "" if not other_sources or len(same) < 2 else (
        f"同年的表优先取自{own}，没有时取自{'、'.join(other_sources)}。")
    return f"在{n}个经济体中（{years}），其生产性服务投入占比排第{k}位（共{n}位）。{mix}"


def previous_sentence_zh(p: Profile) -> str:
    """:func:`previous_sentence` in Chinese."""
    prev = p.previous()
    own = SOURCE_SHORT[p.key.source]
    if prev is None:
        return f"这是该经济体最早的一张{own}表，没有同一来源的更早的表可供比较。"
    now = 100 * float(p.row["ps_input_share"])
    then = float(prev["ps_input_share_pct"])
    change = now - then
    moved = (f"上升{fmt(abs(change))}个百分点" if change > 0 else
             f"下降{fmt(abs(change))}个百分点" if change < 0 else "没有变化")
    return f"在上一张{own}表（{int(prev['year'])}年）中，该占比为{fmt(then)}%，此后{moved}。"


def leontief_sentence_zh(p: Profile) -> str:
    """:func:`leontief_sentence` in Chinese."""
    r = p.row
    if not p.has_leontief:
        return (f"这张表（{r['label']}）是{int(r['products'])}×{int(r['industries'])}的"
                "产品×产业表，而非对称的方阵，无法计算完全消耗系数（里昂惕夫逆矩阵需要对称的"
                f"方阵，来源为 {', '.join(catalog.SQUARE_SOURCES)}）；上文的直接投入占比不受"
                "影响。")
    return (f"制造业每100单位产出直接消耗{fmt(100 * r['leontief.direct'], 2)}单位生产性服务，"
            f"计入供应商的逐级购买后完全消耗{fmt(100 * r['leontief.total'], 2)}单位，"
            f"乘数为{fmt(r['leontief.multiplier'], 2)}。")


def leontief_sentence(p: Profile) -> str:
    """The direct and total producer-service content per 100 of output, or why it is missing."""
    if not p.has_leontief:
        return (f"The Leontief measures are not available for this table: {p.leontief_note}. "
                "The direct input share above is unaffected.")
    r = p.row
    return (f"Per 100 units of manufacturing output, manufacturers used "
            f"{fmt(100 * r['leontief.direct'], 2)} units of producer services directly and "
            f"{fmt(100 * r['leontief.total'], 2)} units in total, counting what their suppliers "
            f"bought in turn: a multiplier of {fmt(r['leontief.multiplier'], 2)}.")


def glue_profile(p: Profile) -> None:
    """Glue every indicator (raw floats), the display values and the sentences of a page."""
    from IPython.display import Markdown

    for name, value in p.indicators().items():
        _glue(name, value)
    r = p.row
    _glue("title", p.title)
    _glue("title_zh", p.title_zh)
    _glue("economy", p.name)
    _glue("economy_zh", p.name_zh)
    _glue("year", str(p.key.year))
    release = catalog.release_of(p.key)
    _glue("source", SOURCE_SHORT[p.key.source] + (f" ({release} release)" if release else ""))
    _glue("source_zh", SOURCE_SHORT_ZH[p.key.source] + (f"（{release}年版）" if release else ""))
    _glue("table_unit", str(r["unit"]))
    _glue("command", Markdown(f"`{cli_command(p)}`"))
    _glue("significant_digits", str(SIGNIFICANT))
    _glue("table_unit_zh", unit_zh(str(r["unit"])))
    for name in ("ps_input_value", "mfg_intermediate_input", "ps_va", "mfg_va"):
        shown = p.to_display(r[name])
        _glue(f"{name}_shown", shown)
        # one amount with its unit; in Chinese converted to the scale that fits (万亿元, 亿美元)
        _glue(f"{name}_amount", f"{fmt(shown)} {p.unit}")
        _glue(f"{name}_amount_zh", amount_zh(shown, p.unit))
    _glue("peer_sentence", peer_sentence(p))
    _glue("previous_sentence", previous_sentence(p))
    _glue("leontief_sentence", leontief_sentence(p))
    # the Chinese edition's sentences (its catalogue glues ``<key>_zh`` for ``<key>``)
    _glue("peer_sentence_zh", peer_sentence_zh(p))
    _glue("previous_sentence_zh", previous_sentence_zh(p))
    _glue("leontief_sentence_zh", leontief_sentence_zh(p))
    _glue("tbl-indicators", indicator_table(p))
    _glue("fig-intensity", intensity_chart(p))
    _glue("fig-categories", category_chart(p))
    _glue("fig-leontief", leontief_chart(p))
    _glue("fig-peers", peer_chart(p))
    _glue("fig-trend", trend_chart(p))


def indicator_table(p: Profile) -> object:
    """Every indicator with its value in the table's own unit (shares as fractions), as
    ``python -m helpers indicators`` writes it, to ``SIGNIFICANT`` significant digits."""
    from IPython.display import HTML

    values = p.indicators()
    df = pd.DataFrame({"indicator": list(values),
                       "value": [repr(significant(v)) for v in values.values()]})
    return HTML(df.to_html(index=False, classes="table"))


def intensity_chart(p: Profile) -> alt.Chart:
    return alt.Chart(p.intensity()).mark_bar(color=OTHER).encode(
        x=alt.X("share_pct:Q", title="producer-service share of intermediate input, %"),
        y=alt.Y("technology:N", sort=["high", "medium", "low"], title="technology level"),
        tooltip=[alt.Tooltip("technology"),
                 alt.Tooltip("share_pct:Q", format=".2f", title="share %"),
                 alt.Tooltip("value:Q", format=",.1f", title=p.unit)],
    ).properties(height=110)


def _paired_bars(long: pd.DataFrame, value: str, title: str, fmt_: str) -> alt.Chart:
    """Two bars per producer-service category, one per ``measure``; the legend beneath."""
    return alt.Chart(long).mark_bar().encode(
        x=alt.X(f"{value}:Q", title=title),
        y=alt.Y("category:N", title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        yOffset=alt.YOffset("measure:N"),
        color=alt.Color("measure:N", title=None,
                        legend=alt.Legend(orient="bottom", labelLimit=LABEL_LIMIT)),
        tooltip=[alt.Tooltip("category:N", title="category"),
                 alt.Tooltip("measure:N", title="measure"),
                 alt.Tooltip(f"{value}:Q", format=fmt_, title=title)],
    ).properties(height=300, width=BARS_WIDTH)


def category_chart(p: Profile) -> alt.Chart:
    long = p.categories().melt(id_vars="category", value_vars=["input_mix_pct", "va_mix_pct"],
                               var_name="measure", value_name="pct")
    long["measure"] = long["measure"].map({"input_mix_pct": "inputs into manufacturing",
                                           "va_mix_pct": "value added of producer services"})
    return _paired_bars(long, "pct", "% of producer services", ".1f")


def leontief_chart(p: Profile) -> object:
    if not p.has_leontief:
        from IPython.display import HTML

        return HTML("<p><em>Not available for this table (see the text above).</em></p>")
    long = p.categories().melt(id_vars="category", value_vars=["direct_per_100", "total_per_100"],
                               var_name="measure", value_name="per_100")
    long["measure"] = long["measure"].str.replace("_per_100", "")
    return _paired_bars(long, "per_100", "per 100 units of manufacturing output", ".2f")


def peer_chart(p: Profile) -> alt.Chart:
    peers = p.peers()
    own = (peers["year"] == p.key.year) & (peers["source"] == p.key.source)
    rows = zip(peers["economy"], peers["country"], peers["year"], peers["source"], own,
               strict=True)
    peers["economy_zh"] = peers["country"].map(economy_name_zh)
    peers["label"], peers["label_zh"] = zip(*[
        (e, economy_name_zh(c)) if same else
        (f"{e} ({y}, {SOURCE_SHORT[s]})", f"{economy_name_zh(c)}（{y}年，{SOURCE_SHORT_ZH[s]}）")
        for e, c, y, s, same in rows], strict=True)
    return alt.Chart(peers).mark_bar().encode(
        x=alt.X("ps_input_share_pct:Q", title="producer-service share of manufacturing's "
                "intermediate input, %"),
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=LABEL_LIMIT)),
        color=alt.ColorValue(OTHER, condition={"test": "datum.is_self", "value": HIGHLIGHT}),
        tooltip=[*map(alt.Tooltip, ("rank", "economy", "year", "source")),
                 alt.Tooltip("ps_input_share_pct:Q", format=".2f", title="share %"),
                 alt.Tooltip("ps_to_mfg_ratio:Q", format=".2f", title="PS/mfg value added")],
    ).properties(height=alt.Step(14), width=BARS_WIDTH,
                 usermeta={ZH_FIELDS: {"label": "label_zh", "economy": "economy_zh"}})


def trend_chart(p: Profile) -> alt.Chart:
    trend = p.trend()
    base = alt.Chart(trend).encode(
        x=alt.X("year:O", title=None),
        color=alt.Color("source:N", title="source"),
    )
    panels = []
    for field, title in (("ps_input_share_pct", "producer-service input share, %"),
                         ("ps_to_mfg_ratio", "PS / manufacturing value added")):
        line = base.mark_line(point=True).encode(
            y=alt.Y(f"{field}:Q", title=title, scale=alt.Scale(zero=False)),
            tooltip=[alt.Tooltip("year"), alt.Tooltip("source"),
                     alt.Tooltip(f"{field}:Q", format=".2f", title=title)])
        me = base.transform_filter("datum.is_self").mark_point(
            size=160, shape="circle", filled=False, color=HIGHLIGHT, strokeWidth=2
        ).encode(y=alt.Y(f"{field}:Q"))
        panels.append((line + me).properties(height=200, width=520))
    return alt.vconcat(*panels).properties(usermeta={UNTRANSLATED: ["source"]})
