"""Strict syntax of a gettext catalogue (``.po``), line by line.

Babel's reader skips what it cannot parse (a stray line, a ``msgstr`` without ``msgid``),
cuts an unterminated string short and keeps one of two entries with the same ``msgid``, so a
damaged catalogue loads with its text silently in English. :func:`problems` finds those
lines first. The grammar is the one the catalogues are written in: entries separated by
blank lines, each ``[msgctxt] msgid (msgstr | msgid_plural msgstr[0] msgstr[1] ...)``, every
keyword followed on its line by a double-quoted string, more strings on the lines below it,
and comments (``#...``) only between entries.
"""

from __future__ import annotations

import re
from typing import NamedTuple

#: A keyword and the rest of its line.
_KEYWORD = re.compile(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?:\s+(.*))?$")
#: The escapes the catalogues' reader understands.
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
#: Which keywords may follow which (``None``: at the start of an entry).
_FOLLOWS = {"msgctxt": (None,), "msgid": (None, "msgctxt"), "msgid_plural": ("msgid",),
            "msgstr": ("msgid",), "msgstr[]": ("msgid_plural", "msgstr[]")}


class Problem(NamedTuple):
    """One syntax error: its line (counted from 1) and what is wrong."""

    line: int
    text: str


def string_value(text: str) -> str:
    """The value of a quoted string (``"..."`` and nothing after it); ``ValueError`` saying
    what is wrong otherwise."""
    if not text.startswith('"'):
        raise ValueError("expected a string in double quotes")
    out, i = [], 1
    while i < len(text):
        char = text[i]
        if char == '"':
            if text[i + 1:].strip():
                raise ValueError(f"text after the closing quote: {text[i + 1:].strip()!r}")
            return "".join(out)
        if char == "\\":
            escape = text[i + 1:i + 2]
            if escape not in _ESCAPES:
                raise ValueError(f"unknown escape \\{escape} (valid: \\\\ \\\" \\n \\t \\r)")
            out.append(_ESCAPES[escape])
            i += 2
            continue
        out.append(char)
        i += 1
    raise ValueError("unterminated string (no closing double quote on this line)")


class _Entry:
    """The entry being read: its keywords so far, its context and msgid, where it began."""

    def __init__(self) -> None:
        self.last: str | None = None
        self.shown = ""
        self.line = 0
        self.plurals = 0
        self.broken = False
        self.values: dict[str, list[str]] = {}

    @property
    def complete(self) -> bool:
        return self.last in ("msgstr", "msgstr[]")

    def key(self) -> tuple[str | None, str]:
        context = self.values.get("msgctxt")
        return ("".join(context) if context is not None else None,
                "".join(self.values.get("msgid", [])))


class _Reader:
    """The state of one catalogue's check: the open entry, the entries seen, the problems."""

    def __init__(self) -> None:
        self.entry = _Entry()
        self.seen: dict[tuple[str | None, str], int] = {}
        self.found: list[Problem] = []

    def problem(self, line: int, text: str) -> None:
        self.found.append(Problem(line, text))
        self.entry.broken = True

    def close(self, line: int) -> None:
        """End the open entry (at a blank line, a comment or the end of the file)."""
        entry = self.entry
        if entry.last is not None and not entry.complete:
            missing = "msgid" if entry.last == "msgctxt" else "msgstr"
            self.problem(entry.line, f"{entry.shown} without {missing} (the entry ends on "
                                     f"line {line})")
        elif entry.complete and not entry.broken:
            self._record(entry)
        self.entry = _Entry()

    def _record(self, entry: _Entry) -> None:
        key = entry.key()
        if key in self.seen:
            context = f" in context {key[0]!r}" if key[0] is not None else ""
            self.problem(entry.line, f"duplicate msgid {key[1][:60]!r}{context} (first on "
                                     f"line {self.seen[key]})")
        else:
            self.seen[key] = entry.line

    def keyword(self, number: int, word: str, index: str | None, rest: str | None) -> None:
        kind = "msgstr[]" if index is not None else word
        if self.entry.complete and kind in ("msgctxt", "msgid"):
            self.close(number)  # a new entry right after a complete one
        entry = self.entry
        if entry.last not in _FOLLOWS[kind]:
            self.problem(number, f"{word} after {entry.shown}" if entry.last
                         else f"{word} without msgid")
            return
        if index is not None and int(index) != entry.plurals:
            self.problem(number, f"{word} where msgstr[{entry.plurals}] belongs")
        if entry.last is None:
            entry.line = number
        entry.last, entry.shown = kind, word
        entry.plurals += index is not None
        entry.values[word] = []
        if rest is None:
            self.problem(number, f"{word} without its string on the same line")
        else:
            self.string(number, rest)

    def string(self, number: int, text: str) -> None:
        if self.entry.last is None:
            self.problem(number, "a string outside any entry (after a blank line or a "
                                 "comment, or before any msgid)")
            return
        try:
            value = string_value(text)
        except ValueError as exc:
            self.problem(number, str(exc))
            return
        self.entry.values[self.entry.shown].append(value)

    def line(self, number: int, raw: str) -> None:
        text = raw.strip()
        if not text or text.startswith("#"):
            self.close(number)
        elif text.startswith('"'):
            self.string(number, text)
        elif match := _KEYWORD.match(text):
            self.keyword(number, match.group(1), match.group(2), match.group(3))
        else:
            self.problem(number, f"not a keyword, string or comment: {text[:60]!r}")


def problems(text: str) -> list[Problem]:
    """Every syntax error of a catalogue's text, in line order."""
    reader = _Reader()
    lines = text.splitlines()
    for number, raw in enumerate(lines, 1):
        reader.line(number, raw)
    reader.close(len(lines))
    return sorted(reader.found)
