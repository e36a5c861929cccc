// Turns the single-page build into a printable book: a title page, a table of contents
// (page numbers filled in later), a page break before every page of the book, part
// headings. Called with {entries: [{doc, level, part}], labels, title, original, edition}
// (original: the English title under a translated one, else empty);
// returns [{doc, anchor, title, level, part}] in reading order, or throws naming a page it cannot find.
(args) => {
  const article = document.querySelector("article.bd-article");
  if (!article) throw new Error("no article element: not a Jupyter Book page");
  const text = (el) => {
    const copy = el.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  const make = (tag, cls, content) => {
    const el = document.createElement(tag);
    if (cls) el.className = cls;
    if (content !== undefined) el.textContent = content;
    return el;
  };

  const found = [];
  let part = null;
  for (const entry of args.entries) {
    const marker = document.getElementById("document-" + entry.doc);
    const section = marker && marker.nextElementSibling;
    const heading = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    if (!heading) throw new Error("page not found in the single-page build: " + entry.doc);
    section.classList.add("pdf-page", "pdf-level-" + entry.level);
    heading.classList.add("pdf-title");
    if (entry.part !== part && entry.level === 1) {
      part = entry.part;
      const head = make("div", "pdf-part");
      head.appendChild(make("p", "pdf-part-title", part));
      marker.before(head);
      section.classList.add("pdf-after-part");
    }
    if (!section.id) section.id = "pdf-" + entry.doc.replace(/\W+/g, "-");
    found.push({doc: entry.doc, anchor: section.id, title: text(heading), level: entry.level,
                part: entry.part});
  }

  // Title page and contents, before the landing page.
  const first = article.querySelector("section");
  const intro = first.querySelector("p em");
  const cover = make("div", "pdf-cover");
  cover.appendChild(make("h1", "pdf-cover-title", args.title));
  if (args.original) {
    const original = make("p", "pdf-cover-original", args.original);
    original.lang = "en";
    cover.appendChild(original);
  }
  if (intro) cover.appendChild(make("p", "pdf-cover-subtitle", intro.textContent));
  cover.appendChild(make("p", "pdf-cover-edition", args.edition));
  const contents = make("nav", "pdf-contents");
  contents.appendChild(make("h2", "pdf-contents-title", args.labels.contents));
  part = null;
  for (const entry of found) {
    if (entry.part !== part) {
      part = entry.part;
      contents.appendChild(make("p", "pdf-contents-part", part));
    }
    const line = make("a", "pdf-contents-entry pdf-contents-level-" + entry.level);
    line.href = "#" + entry.anchor;
    line.appendChild(make("span", "pdf-contents-text", entry.title));
    const number = make("span", "pdf-contents-page", "000");
    number.dataset.doc = entry.doc;
    line.appendChild(number);
    contents.appendChild(line);
  }
  first.before(cover, contents);
  first.classList.add("pdf-landing");

  // A table wider than the text (laid out at the paper's text width) is scaled to fit.
  const width = article.clientWidth;
  for (const table of article.querySelectorAll("table")) {
    const wide = table.getBoundingClientRect().width;
    if (wide > width + 1) table.style.zoom = (Math.floor(1000 * width / wide) / 1000).toString();
  }
  return found;
}
