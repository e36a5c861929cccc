"""The catalogues' strict syntax: what Babel's reader would skip or misread is found, with
its line; well-formed catalogues (continued strings, contexts, plurals, comments) pass."""

from __future__ import annotations

import pytest

from helpers.book.po_syntax import Problem, problems, string_value

HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=utf-8\\n"\n\n'  # lines 1-4


@pytest.mark.parametrize("body", [
    'msgid "Page"\nmsgstr "页面"\n',
    'msgid ""\n"A long "\n"message"\nmsgstr ""\n"一条"\n"长消息"\n',
    'msgctxt "output"\nmsgid "high"\nmsgstr "高"\n\nmsgid "high"\nmsgstr "高的"\n',
    'msgid "a"\nmsgstr "甲"\nmsgid "b"\nmsgstr "乙"\n',  # no blank line between entries
    '#, fuzzy, python-format\n#: page.md:3\nmsgid "a"\nmsgstr "甲"\n\n#~ msgid "old"\n'
    '#~ msgstr "旧"\n',
    'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "一"\nmsgstr[1] "多"\n',
    'msgid "q \\"x\\" \\\\ \\t"\nmsgstr "引 \\"x\\"\\n"\n',
    'msgid "a"\r\nmsgstr "甲"\r\n',
    '  msgid "a"  \nmsgstr "甲"\t\n',
])
def test_well_formed_catalogue_passes(body):
    assert problems(HEADER + body) == []


@pytest.mark.parametrize("body, expected", [
    ('msgid "Page"\nmsgstr "页面\n\nmsgid "b"\nmsgstr "乙"\n',
     [(6, "unterminated string (no closing double quote on this line)")]),
    ('msgid "Page" x\nmsgstr "页面"\n', [(5, "text after the closing quote: 'x'")]),
    ('msgid "Page"\nmsgstr "页\\q面"\n', [(6, 'unknown escape \\q (valid: \\\\ \\" \\n \\t \\r)')]),
    ('msgstr "页面"\n\nmsgid "b"\nmsgstr "乙"\n', [(5, "msgstr without msgid")]),
    ('msgid "Page"\n\nmsgid "b"\nmsgstr "乙"\n',
     [(5, "msgid without msgstr (the entry ends on line 6)")]),
    ('msgid "b"\nmsgstr "乙"\n\nmsgid "Page"\n',
     [(8, "msgid without msgstr (the entry ends on line 8)")]),
    ('msgctxt "output"\n\nmsgid "b"\nmsgstr "乙"\n',
     [(5, "msgctxt without msgid (the entry ends on line 6)")]),
    ('msgid "Page"\nmsgstr "页面"\nmsgstr "页"\n', [(7, "msgstr after msgstr")]),
    ('msgid "Page"\nmsgstr "页面"\n\n"页面"\n',
     [(8, "a string outside any entry (after a blank line or a comment, or before any "
          "msgid)")]),
    ('msgid "Page"\nmsgstr "页面"\nPage 页面\n',
     [(7, "not a keyword, string or comment: 'Page 页面'")]),
    ('msgid "Page"\nmsgstr "页面"\n\nmsgid "Page"\nmsgstr "页"\n',
     [(8, "duplicate msgid 'Page' (first on line 5)")]),
    ('msgctxt "output"\nmsgid "high"\nmsgstr "高"\n\nmsgctxt "output"\nmsgid "high"\n'
     'msgstr "高的"\n', [(9, "duplicate msgid 'high' in context 'output' (first on line 5)")]),
    ('msgid\n"Page"\nmsgstr "页面"\n', [(5, "msgid without its string on the same line")]),
    ('msgid "one"\nmsgid_plural "many"\nmsgstr[1] "多"\n',
     [(7, "msgstr[1] where msgstr[0] belongs")]),
    ('msgid "Page"\n# a note\nmsgstr "页面"\n',
     [(5, "msgid without msgstr (the entry ends on line 6)"), (7, "msgstr without msgid")]),
])
def test_malformed_catalogue_is_found_with_its_line(body, expected):
    assert problems(HEADER + body) == [Problem(*e) for e in expected]


def test_a_string_before_the_first_entry_is_found():
    assert problems('"Content-Type: text/plain\\n"\n' + HEADER) == [
        Problem(1, "a string outside any entry (after a blank line or a comment, or before "
                   "any msgid)")]


@pytest.mark.parametrize("text, value", [
    ('""', ""), ('"a \\"b\\" \\\\ c\\n"', 'a "b" \\ c\n'), ('"页面"  ', "页面")])
def test_string_value(text, value):
    assert string_value(text) == value


@pytest.mark.parametrize("text, message", [
    ('"open', "unterminated string"), ('x"a"', "expected a string"),
    ('"a" "b"', "text after the closing quote"), ('"\\x41"', "unknown escape")])
def test_bad_string_value(text, message):
    with pytest.raises(ValueError, match=message):
        string_value(text)
