"""Where each page of the book starts in the printed PDF, and the PDF's bookmarks."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter

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
           metadata: dict[str, str]) -> bytes:
    """``pdf`` with bookmarks (part, then pages by depth), metadata, opening on them."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
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
