"""The visible text of notebook outputs, for the Chinese edition.

Charts (rendered by :mod:`helpers.book.charts`) and HTML tables are outputs of code, so
Sphinx's catalogues do not see them. :func:`strings` lists the text a reader sees in an
output: a chart's titles (chart, axes, legends), the categorical values it draws, and its
data link; a table's caption, headers and every cell of text (numbers, codes and identifiers
stay as they are; names the edition's vocabulary holds, :mod:`helpers.book.vocabulary`, take
its Chinese and stay out of the catalogues). These join the page's catalogue under the message
context :data:`CONTEXT`; :func:`translate` rewrites an output with a translation function, so
the Chinese page draws the same data with Chinese text and every number stays single-sourced.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator

from helpers.book.safe_html import script_json

#: Message context of output strings in the catalogues.
CONTEXT = "output"
#: Chart fields whose values are never translated (``usermeta``: ``{"untranslated": [...]}``).
UNTRANSLATED = "untranslated"
#: Chart fields whose Chinese text is another field of the same rows
#: (``usermeta``: ``{"fields_zh": {"label": "label_zh"}}``).
ZH_FIELDS = "fields_zh"
#: Encodings whose nominal or ordinal values a reader sees as text.
TEXT_CHANNELS = ("x", "y", "color", "shape", "text", "row", "column", "facet", "strokeDash")
#: Bound inputs that offer options to pick (Vega-Lite ``bind.input``); a reader sees their
#: ``labels`` (else the options themselves), while the parameter takes the ``options``.
CHOICE_INPUTS = ("radio", "select")
#: Tooltip entries whose title Vega-Lite derives otherwise than as the field's name.
_DERIVED_TITLE = ("aggregate", "timeUnit", "bin")
#: A control's label: leading spaces, the text, and its closing colon and spaces.
_NAME_PARTS = re.compile(r"(\s*)(.*?)(\s*[:：]?\s*)", re.S)
_CJK_END = re.compile(r"[\u3400-\u9fff）]$")
DATA_LINK = "Download the data behind this chart"
FILTER = "Filter rows…"

_SPEC_START = re.compile(r"var s=(?=\{)")
_SPEC_END = ";if(window.vegaEmbed)"
_DECODER = json.JSONDecoder()
_BLOCK = re.compile(r'<div class="book-chart">.*?<p class="chart-data">.*?</p></div>', re.S)
_CSV_HREF = re.compile(r'(href="data:text/csv;base64,)[^"]*(")')
_CELL = re.compile(r"(<(th|td|caption|em)\b[^>]*>)([^<]*)(</\2>)")
_LINK = re.compile(f"(>){re.escape(DATA_LINK)}( \\(CSV)")
_PLACEHOLDER = re.compile(f'(placeholder="){re.escape(FILTER)}(")')
_CODE = re.compile(r"^[A-Z0-9 ().,%+\-–/&]*$")
_UNIT = re.compile(r"^(thousand|million|billion|trillion) [A-Z]{3}$")
_FORMULA = re.compile(r"[\w.\s()+\-*/,]+")
_TOKEN_WITH_DIGIT = re.compile(r"^(?=\S*\d)\S+$|^[0-9a-f]{6,}…?$")


def is_label(text: str) -> bool:
    """Whether a value is text to translate: it holds a letter and is not a code (upper
    case and digits), an identifier (``t5.chn``, ``a_b``: one word with ``._/@#:``), a
    formula over identifiers (``t5.usa.2025.finance + t5.usa.2025.transport``), a path or a
    link."""
    return (bool(re.search(r"[A-Za-z]", text)) and text != "nan" and not _CODE.match(text)
            and not _UNIT.match(text) and not _TOKEN_WITH_DIGIT.match(text)
            and not re.search(r"://|&\w+;", text)
            and not (" " not in text and re.search(r"[._/@#:]", text))
            and not is_formula(text))


def is_formula(text: str) -> bool:
    """Arithmetic over identifiers: every word an identifier, a number or ``min``/``max``."""
    words = re.findall(r"[A-Za-z][\w.]*", text)
    return (bool(_FORMULA.fullmatch(text)) and bool(words)
            and all(w in ("min", "max") or re.search(r"[._]", w) for w in words))


# --- charts ------------------------------------------------------------------------------

def _text_fields(spec: dict) -> set[str]:
    """Fields drawn as text (nominal or ordinal on a text-bearing channel), in any layer."""
    fields = set()
    for node in _dicts(spec):
        for channel in TEXT_CHANNELS:
            enc = (node.get("encoding") or {}).get(channel)
            if isinstance(enc, dict) and enc.get("type") in ("nominal", "ordinal") \
                    and isinstance(enc.get("field"), str):
                fields.add(enc["field"])
    meta = spec.get("usermeta") or {}
    return fields - set(meta.get(UNTRANSLATED, [])) - set(meta.get(ZH_FIELDS, {}))


def _dicts(node: object) -> Iterator[dict]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _dicts(value)
    elif isinstance(node, list):
        for value in node:
            yield from _dicts(value)


def _titles(node: object, tr: Callable[[str], str]) -> object:
    """``node`` with every ``title`` (and tooltip title) passed through ``tr``."""
    if isinstance(node, list):
        return [_titles(v, tr) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "title" and isinstance(value, str) and is_label(value):
            out[key] = tr(value)
        elif key == "title" and isinstance(value, list):
            out[key] = [tr(v) if isinstance(v, str) and is_label(v) else v for v in value]
        elif key == "title" and isinstance(value, dict) and isinstance(value.get("text"), str):
            out[key] = {**value, "text": tr(value["text"])}
        elif key in ("datasets", "data", "usermeta"):
            out[key] = value
        else:
            out[key] = _titles(value, tr)
    return out


def _values(node: object, fields: set[str], tr: Callable[[str], str]) -> object:
    """Data records, ``sort`` and ``domain`` lists with the values of ``fields`` translated."""
    def one(v: object) -> object:
        return tr(v) if isinstance(v, str) and is_label(v) else v

    if isinstance(node, list):
        return [_values(v, fields, tr) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key == "datasets" and isinstance(value, dict):
            out[key] = {name: [{k: one(v) if k in fields else v for k, v in row.items()}
                               for row in rows] for name, rows in value.items()}
        elif key in ("sort", "domain") and isinstance(value, list):
            out[key] = [one(v) for v in value]
        else:
            out[key] = _values(value, fields, tr)
    return out


def _control_name(name: object) -> tuple[str, str, str] | None:
    """A bound input's label (``bind.name``, e.g. ``"Inputs: "``) as its leading spaces, the
    message (``Inputs``) and its closing colon and spaces; ``None`` if it is not text."""
    if not isinstance(name, str):
        return None
    lead, core, tail = _NAME_PARTS.fullmatch(name).groups()
    return (lead, core, tail) if is_label(core) else None


def _option_labels(bind: dict) -> list[str] | None:
    """What a radio or select input shows for its options: its ``labels``, else each option
    as Vega writes it; ``None`` for other inputs."""
    options = bind.get("options")
    if bind.get("input") not in CHOICE_INPUTS or not isinstance(options, list):
        return None
    labels = bind.get("labels")
    if isinstance(labels, list):
        return [str(v) for v in labels]
    return [v if isinstance(v, str) else json.dumps(v) for v in options]


def _translate_bind(bind: dict, tr: Callable[[str], str]) -> dict:
    """A bound input with its label and its options' labels translated; its ``options`` (the
    values the parameter takes, and a filter compares) stay as they are. A label translated
    into Chinese closes with a full-width colon where the English has a colon."""
    out = dict(bind)
    if (parts := _control_name(bind.get("name"))) is not None:
        lead, core, tail = parts
        done = tr(core)
        if tail.strip() == ":" and _CJK_END.search(done):
            tail = "："
        out["name"] = lead + done + tail
    labels = _option_labels(bind)
    if labels is not None and any(is_label(v) for v in labels):
        out["labels"] = [tr(v) if is_label(v) else v for v in labels]
    return out


def _untitled_field(entry: object) -> str | None:
    """The field a tooltip entry without a title shows as its title, if that is text."""
    if not isinstance(entry, dict) or "title" in entry or any(k in entry for k in _DERIVED_TITLE):
        return None
    field = entry.get("field")
    return field if isinstance(field, str) and is_label(field) else None


def _translate_tooltip(tooltip: object, tr: Callable[[str], str]) -> object:
    """A tooltip's entries, those titled by their field's name given that name translated."""
    if isinstance(tooltip, list):
        return [_translate_tooltip(entry, tr) for entry in tooltip]
    field = _untitled_field(tooltip)
    return tooltip if field is None else {**tooltip, "title": tr(field)}


def _inputs(node: object, tr: Callable[[str], str]) -> object:
    """``node`` with its bound inputs' labels and its tooltips' field-name titles passed
    through ``tr``."""
    if isinstance(node, list):
        return [_inputs(v, tr) for v in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for key, value in node.items():
        if key in ("datasets", "data", "usermeta"):
            out[key] = value
        elif key == "bind" and isinstance(value, dict):
            out[key] = _translate_bind(value, tr)
        elif key == "tooltip":
            out[key] = _translate_tooltip(value, tr)
        else:
            out[key] = _inputs(value, tr)
    return out


def chart_strings(spec: dict) -> list[str]:
    """The text a reader sees in a chart: titles, its controls' labels and their options'
    labels, tooltip titles taken from field names, then the values of its text fields."""
    found: list[str] = []
    _titles(spec, lambda s: found.append(s) or s)
    _inputs(spec, lambda s: found.append(s) or s)
    fields = _text_fields(spec)
    for rows in (spec.get("datasets") or {}).values():
        for row in rows:
            found.extend(v for k, v in row.items()
                         if k in fields and isinstance(v, str) and is_label(v))
    return found


def translate_chart(spec: dict, tr: Callable[[str], str]) -> dict:
    """``spec`` with its titles, its controls' labels (never their options), its tooltips'
    field-name titles and the values of its text fields translated, and fields that have a
    Chinese twin field (``usermeta`` :data:`ZH_FIELDS`) taken from it."""
    out = _values(_inputs(_titles(spec, tr), tr), _text_fields(spec), tr)
    twins = (spec.get("usermeta") or {}).get(ZH_FIELDS, {})
    for rows in (out.get("datasets") or {}).values():
        for row in rows:
            row.update({field: row[zh] for field, zh in twins.items() if zh in row})
    return out


# --- outputs ------------------------------------------------------------------------------

def _specs(text: str) -> Iterator[tuple[int, int, dict]]:
    """Each chart's inline spec in ``text``: where its JSON starts and ends, and the spec
    (read as JSON, so no string inside it can end it early)."""
    pos = 0
    while (match := _SPEC_START.search(text, pos)) is not None:
        try:
            spec, end = _DECODER.raw_decode(text, match.end())
        except json.JSONDecodeError:
            pos = match.end()
            continue
        if text.startswith(_SPEC_END, end):
            yield match.end(), end, spec
            pos = end
        else:
            pos = match.end()


def chart_specs(text: str) -> list[dict]:
    """Every chart spec inline in an HTML text (a page or an output)."""
    return [spec for _, _, spec in _specs(text)]


def strings(text: str, terms: dict[str, str] | None = None) -> list[str]:
    """The translatable text of one HTML output, in order, without repeats; table cells that
    are vocabulary terms are left to the vocabulary."""
    from helpers.book.vocabulary import vocabulary

    terms = vocabulary() if terms is None else terms
    found = []
    for _, _, spec in _specs(text):
        found.extend(chart_strings(spec))
        found.append(DATA_LINK)
    found.extend(cell for m in _CELL.finditer(text)
                 if (cell := html.unescape(m.group(3)).strip()) not in terms
                 or m.group(2) != "td")
    if _PLACEHOLDER.search(text):
        found.append(FILTER)
    return [s for s in dict.fromkeys(found) if s and is_label(s)]


def _translate_block(block: str, tr: Callable[[str], str]) -> str:
    """One chart (script and data links) with its text translated; its CSV links hold the
    data as the chart draws it, translated labels included."""
    from helpers.book.charts import datasets_csv

    found = next(_specs(block), None)
    if found is None:
        return block
    start, end, spec = found
    spec = translate_chart(spec, tr)
    block = block[:start] + script_json(spec, ensure_ascii=False) + block[end:]
    csvs = iter(datasets_csv(spec).values())
    return _CSV_HREF.sub(lambda m: m.group(1) + base64.b64encode(
        next(csvs).encode("utf-8")).decode("ascii") + m.group(2), block)


def with_vocabulary(tr: Callable[[str], str],
                    terms: dict[str, str] | None = None) -> Callable[[str], str]:
    """``tr`` (a page's catalogue), falling back on the edition's vocabulary for what the
    catalogue leaves as it was (:mod:`helpers.book.vocabulary`)."""
    from helpers.book.vocabulary import vocabulary

    terms = vocabulary() if terms is None else terms

    def both(text: str) -> str:
        done = tr(text)
        return done if done != text else terms.get(text, text)

    return both


def translate(text: str, tr: Callable[[str], str], terms: dict[str, str] | None = None) -> str:
    """One HTML output with its visible text translated by ``tr`` (charts, tables, links):
    labels through the page's catalogue, and whole cells that are vocabulary terms (economies,
    categories, sectors, units, statuses) through the vocabulary."""
    from helpers.book.vocabulary import vocabulary

    terms = vocabulary() if terms is None else terms
    tr = with_vocabulary(tr, terms)

    def cell(m: re.Match) -> str:
        inner = html.unescape(m.group(3)).strip()
        if inner not in terms and (not inner or not is_label(inner)):
            return m.group(0)
        return m.group(1) + html.escape(tr(inner), quote=False) + m.group(4)

    text = _BLOCK.sub(lambda m: _translate_block(m.group(0), tr), text)
    text = _CELL.sub(cell, text)
    text = _LINK.sub(lambda m: m.group(1) + html.escape(tr(DATA_LINK), quote=False)
                     + m.group(2), text)
    return _PLACEHOLDER.sub(lambda m: m.group(1) + html.escape(tr(FILTER)) + m.group(2), text)
