"""Presentation helpers for chapters: number formatting and HTML tables."""

from __future__ import annotations

import html
import math

import pandas as pd

from helpers.book.safe_html import element_id

#: Significant digits of every raw number a page records (glued values, tables of raw values).
#: Far more than any page shows, and few enough that results differing in their last bits
#: between machines (BLAS and LAPACK pick CPU-specific kernels) record the same text, so
#: committed outputs equal a fresh run on any machine.
SIGNIFICANT = 10


def fmt(value: float, digits: int = 1, suffix: str = "") -> str:
    """A number with fixed decimals (``"n/a"`` for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}{suffix}"


#: Digits a computed value is trusted to: sums in another order (another BLAS kernel, another
#: processor) differ beyond them. Rounding goes through them first, so a value whose decimal
#: text ends exactly on a half (source data with four decimals: 14557.7275) rounds the same
#: way on every machine.
TRUSTED_DIGITS = 13


def significant(value: float, digits: int = SIGNIFICANT) -> float:
    """``value`` rounded to ``digits`` significant digits (through its decimal text, after
    rounding away the last bits that depend on summation order: see ``TRUSTED_DIGITS``)."""
    return float(f"{float(f'{value:.{TRUSTED_DIGITS}g}'):.{digits}g}")


def fmt_glue_value(text: str) -> str:
    """A glued text value as prose shows it (its plain-text record is a Python repr)."""
    return text[1:-1] if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"" else text


def round_frame(df: pd.DataFrame, digits: int = SIGNIFICANT) -> pd.DataFrame:
    """A copy of ``df`` with every float column rounded to ``digits`` significant digits."""
    out = df.copy()
    for column in out.columns:
        if pd.api.types.is_float_dtype(out[column]):
            out[column] = [significant(v, digits) for v in out[column].to_numpy(dtype=float)]
    return out


def pct(fraction: float, digits: int = 1) -> str:
    """A fraction shown as a percentage."""
    return fmt(100 * fraction, digits, "%")


def searchable_table(df: pd.DataFrame, table_id: str, caption: str = "") -> str:
    """An HTML table with a filter box (plain JavaScript, works offline); every header, cell
    and the caption escaped, ``table_id`` a safe element id (else an error)."""
    table_id = element_id(table_id)
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>"
        for r in df.itertuples(index=False)
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<input type="search" placeholder="Filter rows…" aria-label="Filter {table_id}" '
        f'oninput="(function(q){{q=q.toLowerCase();document.querySelectorAll('
        f"'#{table_id} tbody tr').forEach(function(r){{r.style.display="
        f"r.textContent.toLowerCase().indexOf(q)>-1?'':'none';}});}})(this.value)\" "
        f'style="width:100%;margin:0.5em 0;padding:0.3em"/>'
        f'<div style="overflow-x:auto"><table id="{table_id}" class="table searchable">{cap}'
        f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>"
    )


def glue_number(name: str, value: float, digits: int = 1, suffix: str = "") -> str:
    """Glue a formatted number for use in prose (``{glue:text}`name```); returns the text."""
    from myst_nb import glue

    text = fmt(value, digits, suffix)
    glue(name, text, display=False)
    return text


def html_table(df: pd.DataFrame, missing: str = "", digits: int | None = None) -> object:
    """A plain HTML table for notebook output or ``glue:figure`` (missing cells as text; every
    header and cell escaped)."""
    from IPython.display import HTML

    shown = df.round(digits) if digits is not None else df
    shown = shown.astype(object).where(shown.notna(), missing)
    return HTML(shown.to_html(index=False, classes="table", escape=True))


#: Scale words of the English units the book writes, as powers of ten.
SCALES = {"": 0, "thousand": 3, "10 thousand": 4, "million": 6, "100 million": 8,
          "billion": 9, "trillion": 12}
#: Currencies as a Chinese report names them after its scale word (万亿元, 亿美元, 万亿日元).
CURRENCIES_ZH = {"CNY": "元", "USD": "美元", "JPY": "日元", "EUR": "欧元", "GBP": "英镑",
                 "KRW": "韩元"}
#: Chinese scales, largest first: 万亿 (10^12), 亿 (10^8), 万 (10^4).
SCALES_ZH = ((12, "万亿"), (8, "亿"), (4, "万"), (0, ""))


def parse_unit(unit: str) -> tuple[int, str]:
    """An English amount unit (``billion CNY``, ``100 million USD``, ``CNY``) as its power of
    ten and currency code; an unknown unit is an error listing the scales."""
    words = unit.strip().rsplit(" ", 1)
    scale, currency = (words if len(words) == 2 else ("", words[0]))
    if scale not in SCALES or not currency.isalpha() or not currency.isupper():
        raise ValueError(f"unknown amount unit {unit!r}; expected a scale "
                         f"({', '.join(s for s in SCALES if s)}) and a currency code, "
                         "e.g. 'billion CNY'")
    return SCALES[scale], currency


def amount_zh(value: float, unit: str) -> str:
    """An amount as a Chinese report writes it, converted to the Chinese scale that fits
    (``11,660.3`` ``billion CNY`` -> ``11.66万亿元``; ``2,345`` ``million USD`` ->
    ``23.45亿美元``): four significant digits at least, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "无数据"
    power, currency = parse_unit(unit)
    base = value * 10.0 ** power
    exponent, word = next((e, w) for e, w in SCALES_ZH if abs(base) >= 10.0 ** e or e == 0)
    shown = base / 10.0 ** exponent
    digits = 2 if abs(shown) < 100 else 1 if abs(shown) < 10_000 else 0
    return f"{shown:,.{digits}f}{word}{CURRENCIES_ZH.get(currency, currency)}"


#: Chinese names of the scales when a unit is named rather than an amount converted.
UNIT_SCALES_ZH = {0: "", 3: "千", 4: "万", 6: "百万", 8: "亿", 9: "十亿", 12: "万亿"}


def unit_zh(unit: str) -> str:
    """The Chinese name of an amount unit, for a table's unit note (``million USD`` ->
    ``百万美元``); amounts in sentences are converted with :func:`amount_zh` instead."""
    power, currency = parse_unit(unit)
    return f"{UNIT_SCALES_ZH[power]}{CURRENCIES_ZH.get(currency, currency)}"
