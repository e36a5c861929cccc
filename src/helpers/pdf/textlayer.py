"""The PDF's text layer as readers search and copy it: Chinese characters, not radicals.

Noto Sans CJK draws a character and the radical that looks like it (门 and ⻔, 生 and ⽣)
with one glyph, and Chromium's PDF writer maps such a glyph back to the lowest code point
that uses it, the radical. The page looks right, but searching the PDF for 部门 or copying
its text fails. ``fix`` rewrites the fonts' ``/ToUnicode`` maps so those glyphs read as the
characters they stand for.
"""

from __future__ import annotations

import re
import unicodedata

from pypdf import PdfWriter

#: CJK Radicals Supplement forms and the unified ideographs they look like (Unicode's
#: EquivalentUnifiedIdeograph data, the simplified and common forms).
SUPPLEMENT = {
    0x2E81: 0x5382, 0x2E84: 0x4E59, 0x2E8A: 0x535C, 0x2E8C: 0x5C0F, 0x2E97: 0x5FC3,
    0x2E9D: 0x6708, 0x2E9F: 0x6BCD, 0x2EA0: 0x6C11, 0x2EA4: 0x722B, 0x2EAB: 0x7F52,
    0x2EAC: 0x793A, 0x2EB2: 0x7F52, 0x2EB7: 0x7F8A, 0x2EBC: 0x8089, 0x2EC4: 0x897F,
    0x2EC5: 0x89C1, 0x2EC6: 0x89D2, 0x2EC8: 0x8BA0, 0x2EC9: 0x8D1D, 0x2ECB: 0x8F66,
    0x2ED1: 0x9577, 0x2ED3: 0x957F, 0x2ED4: 0x95E8, 0x2ED8: 0x9752, 0x2ED9: 0x97E6,
    0x2EDA: 0x9875, 0x2EDB: 0x98CE, 0x2EDC: 0x98DE, 0x2EDD: 0x98DF, 0x2EE0: 0x9963,
    0x2EE2: 0x9A6C, 0x2EE3: 0x9AA8, 0x2EE4: 0x9B3C, 0x2EE5: 0x9C7C, 0x2EE6: 0x9E1F,
    0x2EE7: 0x5364, 0x2EE8: 0x9EA6, 0x2EE9: 0x9EC4, 0x2EEA: 0x9EFE, 0x2EEC: 0x9F50,
    0x2EEE: 0x9F7F, 0x2EF0: 0x9F99, 0x2EF3: 0x9F9F,
}

#: A bfchar line ``<src> <dst>`` or a one-code bfrange line ``<lo> <hi> <dst>``: the
#: destination is the last hex string.
_MAPPING = re.compile(rb"^(\s*(?:<[0-9A-Fa-f]+>\s*){1,2})<([0-9A-Fa-f]{4})>(\s*)$", re.M)
#: A bfrange line over several codes, ``<lo> <hi> <dst>``: destinations dst, dst + 1, ...
_RANGE = re.compile(rb"^(\s*)<([0-9A-Fa-f]+)>(\s*)<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]{4})>(\s*)$",
                    re.M)


#: Other code points that share a glyph with what the book writes: the horizontal bar for
#: the em dash, and variant ideographs for the simplified characters (戶 for 户, 㬵 for 胶).
VARIANTS = {0x2015: 0x2014, 0x6236: 0x6237, 0x3B35: 0x80F6}


def ideograph(code: int) -> int:
    """The character a glyph's code point stands for in this book: a radical's unified
    ideograph, a simplified character or the em dash for a variant that shares its glyph,
    else the code point itself."""
    if 0x2F00 <= code <= 0x2FDF:  # Kangxi radicals: Unicode decomposes them
        return ord(unicodedata.normalize("NFKC", chr(code)))
    return SUPPLEMENT.get(code, VARIANTS.get(code, code))


def _remap(cmap: bytes) -> bytes:
    """A ToUnicode CMap whose radical destinations read as their ideographs (source codes
    are left alone)."""
    def spread(match: re.Match) -> bytes:
        lo, hi, first = (int(match.group(i), 16) for i in (2, 4, 5))
        codes = [first + i for i in range(hi - lo + 1)]
        if lo == hi or all(ideograph(c) == c for c in codes):
            return match.group(0)
        dests = b" ".join(b"<%04X>" % ideograph(c) for c in codes)
        return (match.group(1) + b"<" + match.group(2) + b">" + match.group(3) + b"<"
                + match.group(4) + b"> [" + dests + b"]" + match.group(6))

    def one(match: re.Match) -> bytes:
        code = int(match.group(2), 16)
        new = ideograph(code)
        if new == code:
            return match.group(0)
        return match.group(1) + b"<%04X>" % new + match.group(3)

    return _MAPPING.sub(one, _RANGE.sub(spread, cmap))


def fix(writer: PdfWriter) -> int:
    """Rewrite every font's ToUnicode map in ``writer``; the number of maps changed."""
    changed = 0
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            tu = ref.get_object().get("/ToUnicode")
            if tu is None:
                continue
            # every map, even one seen on an earlier page: rewriting is idempotent, and
            # object numbers of a cloned file do not tell shared maps apart
            stream = tu.get_object()
            data = stream.get_data()
            new = _remap(data)
            if new != data:
                stream.set_data(new)
                changed += 1
    return changed

