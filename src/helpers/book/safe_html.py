"""Data written into a page safe by construction: JSON for an inline ``<script>``, and ids.

Text and attribute values from data go through :func:`html.escape` (``quote=True`` for
attributes); JSON inside a script goes through :func:`script_json`, which leaves no ``<``, so
no string can close the script or open an HTML comment that swallows the rest of the page.
"""

from __future__ import annotations

import json
import re

#: Characters JSON may hold raw that are unsafe inside a ``<script>`` element (``<`` closes
#: it or opens a comment, U+2028 and U+2029 end a line in older JavaScript), as JSON escapes.
_SCRIPT_ESCAPES = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                                 "\u2028": "\\u2028", "\u2029": "\\u2029"})

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def script_json(value: object, *, ensure_ascii: bool = True) -> str:
    """``value`` as compact JSON with sorted keys, safe inside a ``<script>`` element.

    ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes (they occur only
    inside JSON strings), so ``json.loads`` reads the text back to ``value`` unchanged.
    """
    text = json.dumps(value, sort_keys=True, ensure_ascii=ensure_ascii, separators=(",", ":"))
    return text.translate(_SCRIPT_ESCAPES)


def element_id(text: str) -> str:
    """``text`` if it is safe as an element id in an attribute, a CSS selector and a
    JavaScript string alike (a letter, then letters, digits, ``-`` or ``_``); else an error."""
    if not _ID.fullmatch(text):
        raise ValueError(f"not a safe element id: {text!r}")
    return text
