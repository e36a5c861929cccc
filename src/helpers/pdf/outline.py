"""Where each page of the book starts in the printed PDF, and the PDF's bookmarks."""

from __future__ import annotations

import io
from collections.abc import Callable

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject

from helpers.errors import HelpersError


class OutlineError(HelpersError):
    """A page of the book that the printed PDF does not hold."""


def first_pages(pdf: bytes, entries: list[dict]) -> dict[str, int]:
    """Each entry's first page (from 1), found by its anchor among the PDF's destinations.

    Chromium writes a named destination for every element a link points to, and the
    contents link to each page's anchor.
    """
    reader = PdfReader(io.BytesIO(pdf))
    # names from a /Dests dictionary (Chromium's) keep their slash, those of a name tree not
    dests = {name.removeprefix("/"): d for name, d in reader.named_destinations.items()}
    missing = [e["anchor"] for e in entries if e["anchor"] not in dests]
    if missing:
        raise OutlineError(f"the PDF has no destination for {', '.join(missing)}; "
                           f"it has {len(dests)} others")
    return {e["doc"]: reader.get_destination_page_number(dests[e["anchor"]]) + 1
            for e in entries}


def finish(pdf: bytes, entries: list[dict], pages: dict[str, int],
           metadata: dict[str, str], front: bytes = b"", front_pages: int = 0,
           edit: Callable[[PdfWriter], object] | None = None) -> bytes:
    """``pdf`` with bookmarks (part, then pages by depth), metadata, opening on them; its
    first ``front_pages`` pages drawn as those of ``front`` (see :func:`replace_front`), and
    ``edit`` applied (such as :func:`helpers.pdf.textlayer.fix`), in one pass."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    if front_pages:
        replace_front(writer, PdfReader(io.BytesIO(front)), front_pages)
    if edit is not None:
        edit(writer)
    parents: dict[int, object] = {}
    part = None
    for e in entries:
        page = pages[e["doc"]] - 1
        if e["part"] != part:
            part = e["part"]
            parents[0] = writer.add_outline_item(title=part, page_number=page)
        parents[e["level"]] = writer.add_outline_item(title=e["title"], page_number=page,
                                                      parent=parents[e["level"] - 1])
    writer.add_metadata({f"/{k}": v for k, v in metadata.items()})
    writer.page_mode = "/UseOutlines"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def replace_front(writer: PdfWriter, front: PdfReader, count: int) -> None:
    """Draw the first ``count`` pages of ``writer`` as those of ``front``: each page's content
    and resources are replaced, while the page itself stays, with its links and the named
    destinations that point to it."""
    if count > len(front.pages) or count > len(writer.pages):
        raise OutlineError(f"cannot replace the first {count} pages: the printing of the "
                           f"first pages has {len(front.pages)}, the book {len(writer.pages)}")
    for source, target in zip(front.pages[:count], writer.pages[:count], strict=True):
        for key in ("/Contents", "/Resources"):
            if key in source:
                target[NameObject(key)] = source.raw_get(key).clone(writer)
            else:
                target.pop(key, None)
