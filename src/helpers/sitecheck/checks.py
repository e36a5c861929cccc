"""The checks of one loaded page; each returns what failed, one line per problem."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path
from urllib.parse import unquote, urlsplit

from helpers.sitecheck.pages import anchors

#: Every chart of the page: its embed's outcome, how many marks it drew, whether a canvas or
#: svg with content is in its container, its data as the view holds it, and its CSV links.
_CHARTS_JS = """async () => {
  const marks = (mark) => {
    let n = (mark.role === "mark" && mark.marktype !== "group") ? mark.items.length : 0;
    for (const item of mark.items || []) for (const child of item.items || []) n += marks(child);
    return n;
  };
  const out = [];
  for (const box of document.querySelectorAll(".book-chart")) {
    const el = box.querySelector("div[id]");
    const entry = (window.__bookCharts || {})["#" + (el ? el.id : "")] || {};
    const drawn = el ? [...el.querySelectorAll("canvas, svg")].some(
      (c) => c.getBoundingClientRect().width > 0 && c.getBoundingClientRect().height > 0) : false;
    const data = {};
    let count = 0;
    if (entry.view) {
      count = marks(entry.view.scenegraph().root);
      for (const name of Object.keys((entry.spec && entry.spec.datasets) || {})) {
        try { data[name] = entry.view.data(name).map((row) => ({...row})); }
        catch (e) { data[name] = null; }
      }
    }
    const csvs = [];
    for (const a of box.querySelectorAll("a[download]")) {
      csvs.push(await (await fetch(a.href)).text());
    }
    out.push({id: el ? el.id : "(no container)", embedded: "spec" in entry, viewed: !!entry.view,
              error: entry.error || null, marks: count, drawn, data, csvs});
  }
  return out;
}"""

_LINKS_JS = """() => [...document.querySelectorAll("a[href]")].map((a) => a.href)"""

_OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const scroll = document.documentElement.scrollWidth;
  if (scroll <= width + 1) return {scroll, width, wide: []};
  // elements (or their text) reaching past the right edge, outside any box that clips or
  // scrolls them and outside fixed layers (which never scroll the page); the innermost named
  const free = (el) => {
    for (let p = el; p && p !== document.body; p = p.parentElement) {
      const style = getComputedStyle(p);
      if (style.position === "fixed" || (p !== el && style.overflowX !== "visible")) return false;
    }
    return true;
  };
  const reach = (el) => {
    const r = el.getBoundingClientRect();
    const own = getComputedStyle(el).overflowX === "visible" ? el.scrollWidth : 0;
    return r.left + Math.max(r.width, own);
  };
  const wide = [...document.querySelectorAll("body *")].filter(
    (el) => el.getClientRects().length && reach(el) > width + 1 && free(el));
  const inner = wide.filter((el) => !wide.some((o) => o !== el && el.contains(o)));
  return {scroll, width, wide: inner.slice(0, 5).map((el) => {
    let name = el.tagName.toLowerCase();
    if (el.id) name += "#" + el.id;
    else if (typeof el.className === "string" && el.className) {
      name += "." + el.className.trim().split(/ +/).join(".");
    }
    const text = (el.textContent || "").trim().slice(0, 40);
    return name + " (to " + Math.round(reach(el)) + " px" + (text ? ": " + text : "") + ")";
  })};
}"""


def wait_for_charts(page: object, timeout_ms: int = 15000) -> list[str]:
    """Wait until every chart's embed has settled; a chart still drawing is a problem."""
    try:
        page.wait_for_function(
            "Object.values(window.__bookCharts || {}).every((c) => c.done)", timeout=timeout_ms)
    except Exception:  # noqa: BLE001 - playwright's timeout error
        return [f"charts still drawing after {timeout_ms / 1000:g} s"]
    return []


def _same(text: str, value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return text == ""
    if isinstance(value, bool):
        return text == str(value)
    if isinstance(value, int | float):
        try:
            return math.isclose(float(text), float(value), rel_tol=1e-9, abs_tol=1e-12)
        except ValueError:
            return False
    return text == str(value)


def _rows_differ(csv_text: str, rows: list[dict]) -> str | None:
    table = list(csv.DictReader(io.StringIO(csv_text)))
    if not any(rows) and not table:
        return None  # rows without fields (a layer's placeholder datum): nothing to download
    if len(table) != len(rows):
        return f"{len(table)} rows in the CSV, {len(rows)} in the chart"
    for i, (line, row) in enumerate(zip(table, rows, strict=True)):
        for column, text in line.items():
            if column not in row:
                return f"column {column!r} is not in the chart's data"
            if not _same(text, row[column]):
                return f"row {i + 1}, {column}: {text!r} in the CSV, {row[column]!r} in the chart"
    return None


def chart_problems(page: object) -> list[str]:
    """Each chart drew marks, and each CSV link holds the rows of the chart's data."""
    problems = []
    for chart in page.evaluate(_CHARTS_JS):
        name = f"chart {chart['id']}"
        if not chart["embedded"]:
            problems.append(f"{name}: vegaEmbed never ran")
        if chart["error"]:
            problems.append(f"{name}: {chart['error']}")
        if not chart["drawn"] or chart["marks"] == 0:
            problems.append(f"{name}: no marks drawn")
        if not chart["viewed"]:
            continue  # no chart to hold its data against
        problems += csv_problems(name, chart["csvs"], list(chart["data"].items()))
    return problems


def csv_problems(name: str, csvs: list[str | None],
                 datasets: list[tuple[str, list[dict] | None]]) -> list[str]:
    """A chart's CSV links (their text; None where a link holds no CSV) against its datasets
    (name and rows; None where the chart lacks the dataset): one link a dataset, in order,
    each holding the dataset's rows. Each problem starts with ``name``."""
    problems = []
    if len(csvs) != len(datasets):
        problems.append(f"{name}: {len(csvs)} CSV links for {len(datasets)} datasets")
    for text, (dataset, rows) in zip(csvs, datasets, strict=False):
        if rows is None:
            problems.append(f"{name}: dataset {dataset} is not in the chart")
        elif text is None:
            problems.append(f"{name}: CSV of {dataset}: not a base64 CSV data link")
        elif (differ := _rows_differ(text, rows)) is not None:
            problems.append(f"{name}: CSV of {dataset}: {differ}")
    return problems


def target(root: Path, base: str, url: str) -> tuple[Path, str] | None:
    """The site's file an absolute ``url`` points at (a folder's ``index.html``) and its
    fragment; None for a URL outside the site served at ``base``."""
    if not url.startswith(base):
        return None
    parts = urlsplit(url)
    path = root / unquote(parts.path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path, unquote(parts.fragment)


def target_problems(links: list[tuple[str, str]], root: Path, base: str, here: Path,
                    here_ids: set[str]) -> list[str]:
    """Each link, given as (what to call it, its absolute URL), that goes into the site
    reaches a file, and its ``#anchor`` an id of that page: ``here_ids`` for the page
    ``here`` itself, the ids of the file for any other page."""
    problems = []
    for shown, url in dict.fromkeys(links):
        found = target(root, base, url)
        if found is None:
            continue  # outside the site: checked by `python -m helpers check-links`
        path, fragment = found
        if not path.is_file():
            problems.append(f"dead link: {shown}")
        elif fragment and path.suffix == ".html":
            if fragment not in (here_ids if path == here else anchors(path)):
                problems.append(f"missing anchor: {shown}")
    return problems


def link_problems(page: object, root: Path, base: str) -> list[str]:
    """Every link into the site reaches a file, and every ``#anchor`` an id on its page."""
    here = root / urlsplit(page.url).path.lstrip("/")
    live = set(page.evaluate("() => [...document.querySelectorAll('[id]')].map((e) => e.id)"))
    links = [(href.removeprefix(base), href) for href in page.evaluate(_LINKS_JS)]
    return target_problems(links, root, base, here, live)


def overflow_problems(page: object) -> list[str]:
    """The page does not scroll sideways; names the widest elements when it does."""
    found = page.evaluate(_OVERFLOW_JS)
    if found["scroll"] <= found["width"] + 1:
        return []
    return [f"scrolls sideways at {found['width']} px (content {found['scroll']} px wide): "
            + ", ".join(found["wide"])]


def search_results(page: object, base: str, timeout_ms: int = 15000) -> list[str]:
    """The pages the loaded search page lists once its search has finished, relative to the
    site at ``base``."""
    page.wait_for_function(
        """() => { const s = document.querySelector("#search-results .search-summary");
                   return s && !/^Preparing/.test(s.textContent) && s.textContent.trim(); }""",
        timeout=timeout_ms)
    hrefs = page.evaluate(
        "() => [...document.querySelectorAll('#search-results ul.search li a')]"
        ".map((a) => a.href)")
    return sorted({urlsplit(h).path.lstrip("/") for h in hrefs if h.startswith(base)})


#: Every chart with controls (Vega parameters bound to radio buttons or menus): each option of
#: each control is picked in turn, and what the chart draws (its marks' kinds, positions and
#: texts, axis labels included) is compared before and after; the control is then set back.
_CONTROLS_JS = """async () => {
  const marks = (mark, out) => {
    if (mark.marktype && mark.marktype !== "group") {
      for (const it of mark.items || []) {
        out.push([mark.marktype, Math.round(it.x || 0), Math.round(it.y || 0),
                  it.text === undefined ? null : String(it.text)]);
      }
    }
    for (const item of mark.items || []) for (const child of item.items || []) marks(child, out);
    return out;
  };
  const pick = async (view, input, value) => {
    if (input.tagName === "SELECT") { input.value = value; } else { input.checked = true; }
    input.dispatchEvent(new Event(input.tagName === "SELECT" ? "change" : "input",
                                  {bubbles: true}));
    input.dispatchEvent(new Event("change", {bubbles: true}));
    await view.runAsync();
  };
  const out = [];
  for (const box of document.querySelectorAll(".book-chart")) {
    const el = box.querySelector("div[id]");
    const entry = (window.__bookCharts || {})["#" + (el ? el.id : "")] || {};
    const view = entry.view;
    const radios = [...box.querySelectorAll(".vega-bindings input[type=radio]")];
    const menus = [...box.querySelectorAll(".vega-bindings select")];
    if (!view || (!radios.length && !menus.length)) continue;
    const drawn = () => JSON.stringify(marks(view.scenegraph().root, []));
    const result = {id: el.id, controls: 0, options: 0, unchanged: []};
    const groups = {};
    for (const r of radios) (groups[r.name] = groups[r.name] || []).push(r);
    for (const [name, group] of Object.entries(groups)) {
      result.controls += 1;
      const chosen = group.find((r) => r.checked);
      for (const r of group.filter((r) => r !== chosen)) {
        const before = drawn();
        await pick(view, r, r.value);
        result.options += 1;
        if (drawn() === before) result.unchanged.push(`${name} = ${r.value}`);
        if (chosen) await pick(view, chosen, chosen.value);
      }
    }
    for (const menu of menus) {
      result.controls += 1;
      const chosen = menu.value;
      for (const option of [...menu.options].filter((o) => o.value !== chosen)) {
        const before = drawn();
        await pick(view, menu, option.value);
        result.options += 1;
        if (drawn() === before) result.unchanged.push(`${menu.name} = ${option.value}`);
        await pick(view, menu, chosen);
      }
    }
    out.push(result);
  }
  return out;
}"""


def control_results(page: object) -> list[dict]:
    """Each chart with controls: its id, how many controls and options it has, and the
    options that left the drawing unchanged."""
    return page.evaluate(_CONTROLS_JS)


def control_problems(page: object, minimum: int = 1) -> list[str]:
    """Every option of every chart control changes what the chart draws, and the page holds
    at least ``minimum`` controls."""
    found = control_results(page)
    problems = [f"chart {c['id']}: picking {option} changes nothing drawn"
                for c in found for option in c["unchanged"]]
    total = sum(c["controls"] for c in found)
    if total < minimum:
        problems.append(f"{total} chart controls, expected at least {minimum}")
    return problems
