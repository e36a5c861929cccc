"""Sphinx extension of the PDF's single-page build: links to the pages the PDF leaves out.

The PDF prints only some of the site's pages (of the profiles, the default runs of the
report's four economies); ``pdf_left_out`` names the others. A link to one of them, a
``{doc}`` role or a Markdown link, becomes a link to that page on the website when
``pdf_site_url`` (the edition's address) is set, and otherwise its plain text. Either way it
is no "unknown document" warning, so the build can make warnings errors; a link to a page
the site does not have either still warns.
"""

from __future__ import annotations

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import docname_join


def target_doc(node: addnodes.pending_xref, docname: str) -> str | None:
    """The document a cross-reference links to, if it links to a whole document: the
    ``doc`` role's target (relative to the page it is on) or a Markdown link's."""
    domain, kind, target = node.get("refdomain"), node.get("reftype"), node.get("reftarget")
    if domain == "std" and kind == "doc":
        return docname_join(node.get("refdoc", docname), target)
    if domain == "doc" and kind == "myst":  # [text](page.md), already resolved to a name
        return target
    return None


def page_url(site_url: str, doc: str, suffix: str = ".html") -> str:
    """The address of page ``doc`` on the site at ``site_url``."""
    return f"{site_url.rstrip('/')}/{doc}{suffix}"


class LeftOutLinks(SphinxPostTransform):
    """Links to left-out pages as links to the website, or as their text."""

    default_priority = 5  # before myst's resolver (9) and Sphinx's (10) would warn

    def run(self, **kwargs: object) -> None:
        left_out = set(self.config.pdf_left_out) - set(self.env.all_docs)
        site_url = self.config.pdf_site_url
        suffix = self.config.html_file_suffix or ".html"
        for node in list(self.document.findall(addnodes.pending_xref)):
            doc = target_doc(node, self.env.docname)
            if doc not in left_out:
                continue
            text = node[0].deepcopy() if node.children else nodes.Text(node["reftarget"])
            if site_url:
                text = nodes.reference("", "", text, refuri=page_url(site_url, doc, suffix),
                                       internal=False)
            node.replace_self(text)


def setup(app: Sphinx) -> dict:
    app.add_config_value("pdf_left_out", [], "", [list])
    app.add_config_value("pdf_site_url", "", "", [str])
    app.add_post_transform(LeftOutLinks)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
