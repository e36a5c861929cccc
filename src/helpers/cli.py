"""Command line: ``python -m helpers {fetch,sources,indicators,value-added,claims,...} ...``."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

from helpers.cachefile import write_atomically
from helpers.data import catalog, fetch
from helpers.data.classify import PS_CATEGORIES
from helpers.errors import HelpersError, UsageError

#: The bases of the input-output system's measures (``helpers.measures.system.BASES``).
BASES = ("total", "domestic")
BASIS_HELP = ("total: domestic and imported flows together; domestic: imported flows taken out "
              "(the table's own split, else by import proportionality)")
#: The producer-service categories.
CATEGORIES = tuple(PS_CATEGORIES)

#: Environment variable naming a Dask scheduler for ``runs execute`` (like ``--scheduler``).
SCHEDULER_ENV = "HELPERS_DASK_SCHEDULER"


def _cmd_fetch(args: argparse.Namespace) -> int:
    counts = fetch.fetch_all()
    print("raw data ready: " + ", ".join(f"{n} {how}" for how, n in sorted(counts.items())))
    if args.warm:
        from helpers.measures import panel_cache

        started = time.perf_counter()
        panel = panel_cache.load(jobs=args.jobs)
        print(f"caches warm: {len(panel)} tables parsed and measured "
              f"({time.perf_counter() - started:.1f} s)")
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    keys = (*catalog.available(), *catalog.panel_keys())
    if args.json:
        print(json.dumps([{**k.__dict__, "flows": k.source in catalog.SOURCES} for k in keys]))
        return 0
    for source in catalog.ALL_SOURCES:
        by_country: dict[str, list[int]] = {}
        for k in keys:
            if k.source == source:
                by_country.setdefault(k.country, []).append(k.year)
        print(f"{source}: {catalog.SOURCE_LABELS[source]}")
        for country, years in by_country.items():
            print(f"  {country}: {', '.join(map(str, years))}")
    for (source, country, year), why in catalog.EXCLUDED.items():
        print(f"excluded {source} {country} {year}: {why}")
    return 0


def _cmd_indicators(args: argparse.Namespace) -> int:
    from helpers.measures.indicators import indicators

    table = catalog.load_table(args.country, args.year, args.source)
    result = indicators(table)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{table.label} ({table.unit})")
        for k, v in result.items():
            print(f"  {k}: {v}")
    return 0


def _cmd_value_added(args: argparse.Namespace) -> int:
    from helpers.measures import value_added
    from helpers.measures.panel_cache import flatten

    if args.all_sources:
        keys = [k for k in (*catalog.available(), *catalog.panel_keys())
                if k.country == args.country.upper() and k.year == args.year]
        if not keys:
            catalog.resolve_value_added(args.country, args.year)  # raises, listing options
    else:
        keys = [catalog.resolve_value_added(args.country, args.year, args.source)]
    results = [value_added.of_key(k) for k in keys]
    if args.json:
        out = [_json_ready(r) for r in results]
        print(json.dumps(out if args.all_sources else out[0], ensure_ascii=False,
                         allow_nan=False))
        return 0
    for r in results:
        print(f"{r['source']} {r['country']} {r['year']} ({r['unit']})")
        for k, v in flatten(r).items():
            if k not in ("source", "country", "year", "unit", "currency"):
                print(f"  {k}: {v}")
    return 0


def _json_ready(value: object) -> object:
    """Results with every non-finite number (a ratio to zero) as ``None``."""
    if isinstance(value, dict):
        return {k: _json_ready(v) for k, v in value.items()}
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _cmd_linkages(args: argparse.Namespace) -> int:
    from helpers.data.stacks import TableStack
    from helpers.measures import system
    from helpers.measures.definitions import DEFAULT
    from helpers.measures.extraction import extraction
    from helpers.measures.leontief import square_key
    from helpers.measures.linkages import linkages

    key = square_key(args.country, args.year, args.source)
    table = catalog.load(key)
    definition = DEFAULT.but(origin=args.basis)
    ex = extraction(table, definition)
    result = {"source": key.source, "country": key.country, "year": key.year,
              "basis": system.basis(TableStack.of(table), definition),
              **linkages(table, definition), "extraction_loss_share": ex["loss_share"],
              "extraction_loss_of_output": ex["loss_of_output"],
              "ps_output_pulled_by_manufacturing": ex["ps_output_pulled"],
              "manufacturing_output_supported_by_ps": ex["mfg_output_supported"]}
    if args.json:
        print(json.dumps(_json_ready(result), ensure_ascii=False, allow_nan=False))
        return 0
    print(f"{table.label}: Rasmussen indices of the producer-service categories "
          f"({result['basis']} flows)")
    print(f"  {'category':<18} {'backward':>9} {'forward':>9}")
    for category, value in result["backward"].items():
        print(f"  {category:<18} {value:>9.3f} {result['forward'][category]:>9.3f}")
    print(f"  manufacturing output lost if producer services were extracted: "
          f"{result['extraction_loss_of_output']:.3f} of its output "
          f"({result['extraction_loss_share']:.3f} per unit of its final demand)")
    print(f"  producer-service output pulled by manufacturing's purchases: "
          f"{result['ps_output_pulled_by_manufacturing']:.3f} of it")
    print(f"  manufacturing output supported by producer services' supply (Ghosh): "
          f"{result['manufacturing_output_supported_by_ps']:.3f} of it")
    return 0


def _cmd_decompose(args: argparse.Namespace) -> int:
    from helpers.data.stacks import TableStack
    from helpers.measures import system
    from helpers.measures.decomposition import EFFECTS, TECHNOLOGY_PARTS, decompose
    from helpers.measures.definitions import DEFAULT
    from helpers.measures.leontief import square_key

    tables = [catalog.load(square_key(args.country, y, args.source))
              for y in (args.start, args.end)]
    definition = DEFAULT.but(origin=args.basis)
    result = {"basis": [system.basis(TableStack.of(t), definition) for t in tables],
              **decompose(*tables, definition)}
    if args.json:
        print(json.dumps(_json_ready(result), ensure_ascii=False, allow_nan=False))
        return 0
    print(f"producer-service inputs into manufacturing, {tables[0].label} to "
          f"{tables[1].label} ({result['unit']}, current prices; "
          f"{' / '.join(dict.fromkeys(result['basis']))} flows)")
    for name in ("start", "end", "total_change", *EFFECTS, *TECHNOLOGY_PARTS):
        print(f"  {name:<24} {result[name]:>18,.1f}")
    return 0


def _cmd_price_shock(args: argparse.Namespace) -> int:
    from helpers.measures.definitions import DEFAULT
    from helpers.measures.leontief import square_key
    from helpers.measures.prices import price_shock

    table = catalog.load(square_key(args.country, args.year, args.source))
    result = price_shock(table, args.category, args.change, DEFAULT.but(origin=args.basis))
    if args.json:
        print(json.dumps(_json_ready(result), ensure_ascii=False, allow_nan=False))
        return 0
    print(f"{table.label}: a {100 * args.change:+.1f} % change in the price of "
          f"{args.category} ({result['basis']} flows) changes manufacturing's unit cost by "
          f"{100 * result['manufacturing_cost_change_direct']:+.3f} % directly and "
          f"{100 * result['manufacturing_cost_change']:+.3f} % in total")
    biggest = sorted(result["by_industry"], key=lambda r: abs(r["total"]), reverse=True)[:10]
    print(f"  {'industry':<60} {'direct %':>9} {'total %':>9}")
    for r in biggest:
        print(f"  {r['name'][:60]:<60} {100 * r['direct']:>9.3f} {100 * r['total']:>9.3f}")
    return 0


def _cmd_panel(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.measures import panel_cache

    out = Path(args.out) if args.out else None
    if out is not None:
        _writable(out)
    text = panel_cache.csv_bytes(jobs=args.jobs, refresh=args.refresh)
    if out is None:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()
        return 0
    write_atomically(out, text)
    lines = text.decode("utf-8").splitlines()
    print(f"wrote {len(lines) - 1} tables x {len(lines[0].split(','))} columns to {out}",
          file=sys.stderr)
    return 0


def _writable(path: Path) -> None:
    """Refuse an output path whose folder is missing, or that is a folder itself."""
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name to write")
    if not path.parent.is_dir():
        raise UsageError(f"cannot write {path}: the folder {path.parent} does not exist")


def _finite(x: float) -> float | None:
    return None if x is None or not math.isfinite(x) else float(x)


def _cmd_claims(args: argparse.Namespace) -> int:
    from helpers.claims.registry import run_checks, scorecard

    checked = run_checks()
    if args.check:
        checked = checked[checked["check"] == args.check]
    unexpected = checked[checked["outcome"] != checked["expected"]]
    if args.json:
        records = [
            {"id": r.id, "document": r.document, "location": r.location, "entity": r.entity,
             "year": r.year, "measure": r.measure, "unit": r.unit, "check": r.check,
             "relation": r.relation, "outcome": r.outcome, "expected": r.expected,
             "published": _finite(r.value), "computed": _finite(r.computed),
             "gap": _finite(r.gap), "formula": r.formula, "note": r.note}
            for r in checked.itertuples()
        ]
        print(json.dumps(records, ensure_ascii=False, allow_nan=False))
        if len(unexpected):
            _json_error(f"{len(unexpected)} outcomes differ from their review: "
                        + ", ".join(unexpected["id"]), "ClaimsOutcomeChanged")
        return 1 if len(unexpected) else 0
    print(scorecard(checked).to_string(index=False))
    for r in unexpected.itertuples():
        print(f"unexpected: {r.id} is {r.outcome}, reviewed as {r.expected}")
    return 1 if len(unexpected) else 0


def _cmd_charts_bundle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.book.charts import write_bundle

    print(f"wrote {write_bundle(Path(args.path))}")
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.book.notebooks import execute_in_place

    for p in args.notebooks:
        print(f"executing {p}")
        execute_in_place(Path(p))
    return 0


def _cmd_check_outputs(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers import paths
    from helpers.book.notebooks import book_notebooks, error_outputs

    pages = [Path(p) for p in args.notebooks] or book_notebooks(paths.ROOT)
    bad = {p: found for p in pages if (found := error_outputs(p))}
    for page, found in bad.items():
        for where in found:
            print(f"error output in {page}: {where}", file=sys.stderr)
    if bad:
        print(f"{len(bad)} of {len(pages)} pages hold error outputs; re-execute them "
              "(`make notebooks`, or `python -m helpers runs execute --force` for profiles)",
              file=sys.stderr)
        return 1
    print(f"{len(pages)} pages, no error output")
    return 0


def _cmd_data_bundle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.bundle import write

    print(f"wrote {write(Path(args.path))}")
    return 0


def _cmd_prune_site(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.profiles.layout import BOOK, stale_html

    if not (Path(args.html) / "index.html").is_file():
        raise UsageError(f"no built site in {args.html}: run `make book` first, or name the "
                         "folder that holds the built site's index.html")
    stale = stale_html(BOOK, Path(args.html))
    for page in stale:
        page.unlink()
    print(f"removed {len(stale)} built pages of profiles that no longer exist")
    return 0


def _cmd_build_book(args: argparse.Namespace) -> int:
    from helpers.book import pipeline

    pipeline.build(jobs=args.jobs, force=args.force)
    return 0


def _cmd_pdf(args: argparse.Namespace) -> int:
    langs = list(dict.fromkeys(args.lang))
    if len(langs) > 1:
        return _pdf_editions_at_once(langs)
    return _pdf_edition(langs[0])


def _pdf_command(lang: str) -> list[str]:
    return [sys.executable, "-m", "helpers", "pdf", "--lang", lang]


def _pdf_editions_at_once(langs: list[str],
                          command: Callable[[str], list[str]] = _pdf_command) -> int:
    """Each edition's PDF in a process of its own (``command(lang)``), all at once (a PDF
    spends much of its time waiting on the browser); each one's output is shown in turn."""
    from helpers.book.run_at_once import run_at_once

    commands = {tuple(command(lang)): lang for lang in langs}
    failed = run_at_once([list(c) for c in commands])
    if failed:
        raise HelpersError(f"the PDF of the {', '.join(commands[tuple(c)] for c, _ in failed)} "
                           "edition failed (its output is above)")
    return 0


def _pdf_edition(lang: str) -> int:
    import time

    from helpers import paths
    from helpers.pdf import build, site
    from helpers.profiles.layout import slug
    from helpers.profiles.matrix import default_matrix, printed

    ed = site.edition(lang)
    if lang != "en" and not site.built(ed):
        print(f"skipped the {lang} PDF: there is no {lang} build of the site "
              f"(expected in {ed.site}) yet")
        return 0
    start = time.perf_counter()
    pdf = build.build(lang, {slug(k) for k in printed(default_matrix())})
    copies = build.publish(pdf, ed.site)
    print(f"wrote {pdf.relative_to(paths.ROOT)} in {time.perf_counter() - start:.0f} s; "
          f"published as {', '.join(str(c.relative_to(paths.ROOT)) for c in copies)}")
    return 0


def _cmd_check_links(args: argparse.Namespace) -> int:
    from helpers import linkcheck

    site = None if args.sources_only else Path(args.site)
    if site is not None and not (site / "index.html").is_file():
        raise UsageError(f"no built site in {site}: run `make book` first, name the folder "
                         "that holds the built site's index.html, or give --sources-only")
    results = linkcheck.check_links(site)
    broken = [r for r in results if not r.ok]
    if args.json:
        print(json.dumps([r.as_dict() for r in results], ensure_ascii=False))
        if broken:
            _json_error(f"{len(broken)} of {len(results)} links are broken: "
                        + ", ".join(r.url for r in broken), "BrokenLinks")
    else:
        print("\n".join(linkcheck.report(results)))
    return 1 if broken else 0


def _cmd_translations(args: argparse.Namespace) -> int:
    from helpers.book import translations

    if args.action == "update":
        counts = translations.update()
        for name, n in counts.items():
            print(f"{name:<20} {n:>5} entries")
        print(f"{len(counts)} catalogues in {translations.catalogue_dir()}")
        return 0
    if args.action == "build":
        print(f"built {translations.build(quiet=not args.verbose)}")
        return 0
    if args.action == "leftover":
        return _leftover_english(args.write)
    rows = translations.status()
    for r in rows:
        print(f"{r.catalogue:<20} {r.entries:>5} entries {r.untranslated:>5} untranslated "
              f"{r.fuzzy:>5} fuzzy")
    missing = sum(r.missing for r in rows)
    print(f"{missing} of {sum(r.entries for r in rows)} entries untranslated or fuzzy")
    return 1 if missing else 0


def _leftover_english(write: bool) -> int:
    from helpers import paths
    from helpers.book import leftover_english as le
    from helpers.book.sphinx_i18n import EDITION_DIR

    zh = paths.ROOT / "_build" / "html" / EDITION_DIR
    if not (zh / "index.html").exists():
        raise UsageError(f"no built Chinese edition in {zh}: run make book first")
    if write:
        listed = le.write_baseline(paths.ROOT, zh)
        print(f"{len(listed)} pages over {le.LIMIT:.0%} listed in {le.BASELINE}")
        return 0
    problems = le.problems(zh, le.baseline(paths.ROOT))
    for line in problems:
        print(line)
    found = le.measure_site(zh)
    print(f"{sum(f.share > le.LIMIT for f in found)} of {len(found)} Chinese pages over "
          f"{le.LIMIT:.0%}; {len(problems)} over their limit or listed too high")
    return 1 if problems else 0


def _cmd_runs(args: argparse.Namespace) -> int:
    from helpers.profiles import runs

    if args.action == "clean":
        print(f"deleted {runs.clean()} generated files")
        return 0
    if args.action == "list":
        return _runs_list(args)
    if args.all and args.specs:
        raise runs.RunSpecError("give either --all or runs, not both")
    keys = (runs.every_run() if args.all else
            [runs.parse_spec(s) for s in args.specs] if args.specs else runs.default_matrix())
    scheduler = args.scheduler or os.environ.get(SCHEDULER_ENV) or None
    report = runs.execute(keys, jobs=args.jobs, force=args.force,
                          fresh_kernel=args.fresh_kernel, scheduler=scheduler)
    print(report.summary())
    print(f"index: {runs.BOOK.index}")
    return 1 if report.failed else 0


def _runs_list(args: argparse.Namespace) -> int:
    from helpers.profiles import runs

    default = runs.default_matrix()
    keys = runs.every_run() if args.all else default
    made = runs.stamp(runs.BOOK.template)
    rows = [{"spec": runs.spec(k), "slug": runs.slug(k), "default": k in default,
             "status": runs.status(k, runs.BOOK, made)} for k in keys]
    if args.json:
        print(json.dumps(rows))
        return 0
    for r in rows:
        print(f"{r['spec']:<16} {r['slug']:<18} {'default' if r['default'] else '':<8} "
              f"{r['status']}")
    if not args.all:
        extra = len(runs.every_run()) - len(default)
        print(f"{len(default)} default runs; {extra} more available on request "
              "(`runs list --all` lists them, `runs execute SPEC ...` runs them)")
    return 0


def _cmd_lab(args: argparse.Namespace) -> int:
    import shutil
    from pathlib import Path

    from helpers.book import lab
    from helpers.paths import ROOT

    jupyter = shutil.which("jupyter", path=str(Path(sys.executable).parent))
    if jupyter is None:
        raise HelpersError("JupyterLab is not installed in this environment: run `make setup`")
    lab.write_settings()
    argv = [jupyter, "lab", *lab.server_args(ROOT, args.port, open_browser=not args.no_browser)]
    os.execve(jupyter, argv, lab.environment())
    return 0  # not reached


def _port(text: str) -> int:
    """A TCP port number, for argparse."""
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: give a number from 1 to 65535")
    return int(text)


def _positive(text: str) -> int:
    """A count of processes, for argparse."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes: give 1 or more")
    return int(text)


def _parsing_jobs(parser: argparse.ArgumentParser) -> None:
    """The ``--jobs`` option of the commands that may parse raw files."""
    parser.add_argument("--jobs", type=_positive, default=2,
                        help="processes for parsing raw files not yet parsed (default 2)")


class _Parser(argparse.ArgumentParser):
    """argparse whose usage errors are one JSON object on stderr when the command line asks
    for ``--json``, as every other error then is."""

    json_errors = False

    def error(self, message: str) -> NoReturn:
        if _Parser.json_errors:
            _json_error(f"{self.prog}: {message}", "UsageError")
            sys.exit(2)
        super().error(message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="python -m helpers", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    f = sub.add_parser("fetch", help="fetch and verify every raw file into data/raw")
    f.add_argument("--warm", action="store_true",
                   help="then parse every raw file and compute the panel into the caches, "
                        "so that later commands start from them (quick when they are current)")
    _parsing_jobs(f)
    s = sub.add_parser("sources", help="list every available (source, country, year)")
    s.add_argument("--json", action="store_true")
    i = sub.add_parser("indicators", help="core indicators of one economy-year")
    i.add_argument("country", help="ISO3 code, e.g. CHN, USA, JPN, DEU")
    i.add_argument("year", type=int)
    i.add_argument("--source", choices=catalog.ALL_SOURCES, default=None)
    i.add_argument("--json", action="store_true")
    v = sub.add_parser("value-added", help="producer-service and manufacturing value added of "
                       "one economy-year, from an input-output table or a value-added panel")
    v.add_argument("country", help="ISO3 code, e.g. USA, DEU, VNM")
    v.add_argument("year", type=int)
    which = v.add_mutually_exclusive_group()
    which.add_argument("--source", choices=catalog.ALL_SOURCES, default=None,
                       help="default: the first source in the catalogue's order that has it")
    which.add_argument("--all-sources", action="store_true",
                       help="every source that has this economy-year, side by side")
    v.add_argument("--json", action="store_true")
    lk = sub.add_parser("linkages", help="backward and forward linkage indices of the "
                        "producer-service categories, and the hypothetical extraction loss")
    lk.add_argument("country", help="ISO3 code, e.g. CHN, DEU")
    lk.add_argument("year", type=int)
    lk.add_argument("--source", choices=catalog.SOURCES, default=None,
                    help="default: the first source in the catalogue's order with a square table")
    lk.add_argument("--basis", choices=BASES, default="total", help=BASIS_HELP)
    lk.add_argument("--json", action="store_true")
    dc = sub.add_parser("decompose", help="structural decomposition of the change in "
                        "producer-service inputs into manufacturing between two years")
    dc.add_argument("country", help="ISO3 code, e.g. CHN")
    dc.add_argument("start", type=int)
    dc.add_argument("end", type=int)
    dc.add_argument("--source", choices=catalog.SOURCES, default=None,
                    help="default: the first source in the catalogue's order with a square table")
    dc.add_argument("--basis", choices=BASES, default="total", help=BASIS_HELP)
    dc.add_argument("--json", action="store_true")
    ps_ = sub.add_parser("price-shock", help="Leontief price model: how a price change of one "
                         "producer-service category passes through to manufacturing's costs")
    ps_.add_argument("country", help="ISO3 code, e.g. CHN")
    ps_.add_argument("year", type=int)
    ps_.add_argument("--category", required=True, choices=CATEGORIES)
    ps_.add_argument("--change", required=True, type=float,
                     help="relative price change, e.g. -0.1 for a 10 %% cut")
    ps_.add_argument("--source", choices=catalog.SOURCES, default=None,
                     help="default: the first source in the catalogue's order with a square table")
    ps_.add_argument("--basis", choices=BASES, default="domestic", help=BASIS_HELP)
    ps_.add_argument("--json", action="store_true")
    pn = sub.add_parser("panel", help="every table's results (indicators and Leontief "
                        "requirements) as CSV, from the results cache unless --refresh")
    pn.add_argument("--refresh", action="store_true",
                    help="parse every raw file again and recompute, replacing the parsed-table "
                         "and results caches")
    pn.add_argument("--out", metavar="FILE", help="write the CSV to FILE instead of stdout")
    _parsing_jobs(pn)
    c = sub.add_parser("claims", help="check every published number; --json prints each claim")
    c.add_argument("--check", choices=("regenerate", "consistency", "proxy", "cite"))
    c.add_argument("--json", action="store_true")
    b = sub.add_parser("charts-bundle", help="write the offline Vega bundle for the book")
    b.add_argument("path")
    e = sub.add_parser("execute", help="execute chapter notebooks in place")
    e.add_argument("notebooks", nargs="+")
    co = sub.add_parser("check-outputs", help="fail if a page the book renders holds an "
                        "error output (default: index, chapters and generated profiles)")
    co.add_argument("notebooks", nargs="*")
    db = sub.add_parser("data-bundle", help="write the data behind the book as one zip archive")
    db.add_argument("path")
    ps = sub.add_parser("prune-site", help="remove built pages of deleted or failed profiles")
    ps.add_argument("html", nargs="?", default="_build/html")
    bb = sub.add_parser("build-book", help="build both editions of the book (make book), "
                        "unless nothing it is built from has changed since its last build")
    bb.add_argument("--jobs", type=_positive, default=2,
                    help="processes for the profiles (default 2)")
    bb.add_argument("--force", action="store_true", help="build even if nothing changed")
    pd_ = sub.add_parser("pdf", help="print the built book as one PDF (default profiles "
                         "only) into _build/pdf and beside the data archive")
    pd_.add_argument("--lang", nargs="+", default=["en"], choices=("en", "zh_CN"),
                     help="the editions (zh_CN is skipped while there is no Chinese build); "
                     "several are printed at once, each in its own process")
    cl = sub.add_parser("check-links", help="check that the upstream URLs of data/sources.csv "
                        "and the built site's external links answer; non-zero if any is broken")
    cl.add_argument("--site", default="_build/html", help="the built site (default _build/html)")
    cl.add_argument("--sources-only", action="store_true",
                    help="only the upstream URLs of data/sources.csv (no built site needed)")
    cl.add_argument("--json", action="store_true", help="every link checked, as JSON")
    r = sub.add_parser("runs", help="list or execute country x year profile runs")
    rsub = r.add_subparsers(dest="action", required=True)
    rl = rsub.add_parser("list", help="the default runs (--all: every available) and status")
    rl.add_argument("--all", action="store_true", help="every available economy-year")
    rl.add_argument("--json", action="store_true")
    rx = rsub.add_parser("execute", help="execute runs (default: the run matrix in "
                         "data/runs.csv) in parallel; skips runs whose output is current")
    rx.add_argument("specs", nargs="*", metavar="SPEC",
                    help="COUNTRY:YEAR[:SOURCE], e.g. CHN:2020:nbs, or a slug chn-2020-nbs")
    rx.add_argument("--all", action="store_true", help="every available economy-year")
    rx.add_argument("--jobs", type=int, default=2,
                    help="parallel processes (default 2); with --scheduler, for the panel only")
    rx.add_argument("--force", action="store_true", help="re-execute even current runs")
    rx.add_argument("--fresh-kernel", action="store_true",
                    help="start a kernel for every run instead of keeping one per process "
                         "(slower; the notebooks are the same)")
    rx.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                    help=f"run on the Dask cluster of this scheduler (default: ${SCHEDULER_ENV} "
                         "if set, else local processes)")
    rsub.add_parser("clean", help="delete every generated profile, log and page")
    la = sub.add_parser("lab", help="JupyterLab at the book's root on localhost, the project's "
                        "kernel by default, chapters' .md files opening as notebooks")
    la.add_argument("--port", type=_port, default=8888, help="1 to 65535 (default 8888)")
    la.add_argument("--no-browser", action="store_true", help="do not open a browser")
    t = sub.add_parser("translations", help="the Chinese edition: update its catalogues from "
                       "the English book, show what is left to translate, build it")
    tsub = t.add_subparsers(dest="action", required=True)
    tsub.add_parser("update", help="extract the English book's strings and merge them into "
                    "locales/zh_CN/LC_MESSAGES/*.po (new ones empty, changed ones fuzzy)")
    tsub.add_parser("status", help="entries, untranslated and fuzzy per catalogue; non-zero "
                    "while any is left")
    tl = tsub.add_parser("leftover", help="the English left on each page of the built "
                         "Chinese edition, against its limit; --write lists the pages still "
                         "over it (locales/zh_CN/leftover-english.csv)")
    tl.add_argument("--write", action="store_true")
    tb = tsub.add_parser("build", help="build the Chinese edition into _build/html/zh "
                         "(warnings are errors)")
    tb.add_argument("--verbose", action="store_true", help="show Sphinx's output")
    return p


COMMANDS = {"fetch": _cmd_fetch, "sources": _cmd_sources, "indicators": _cmd_indicators,
            "value-added": _cmd_value_added, "linkages": _cmd_linkages,
            "decompose": _cmd_decompose, "price-shock": _cmd_price_shock,
            "panel": _cmd_panel, "claims": _cmd_claims,
            "charts-bundle": _cmd_charts_bundle, "execute": _cmd_execute,
            "check-outputs": _cmd_check_outputs, "prune-site": _cmd_prune_site,
            "data-bundle": _cmd_data_bundle, "build-book": _cmd_build_book, "pdf": _cmd_pdf,
            "check-links": _cmd_check_links,
            "translations": _cmd_translations, "runs": _cmd_runs, "lab": _cmd_lab}


def _json_error(message: str, kind: str) -> None:
    """An error as one JSON object on stderr (for commands called with ``--json``)."""
    print(json.dumps({"error": message, "type": kind}, ensure_ascii=False), file=sys.stderr)


def _file_error(exc: OSError) -> str:
    """A file-system error as one sentence naming the file."""
    where = f" {exc.filename}" if exc.filename else ""
    return f"cannot use{where}: {exc.strerror or exc}"


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    _Parser.json_errors = "--json" in argv
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (HelpersError, OSError) as exc:
        message = _file_error(exc) if isinstance(exc, OSError) else str(exc)
        if getattr(args, "json", False):
            _json_error(message, type(exc).__name__)
        else:
            print(f"error: {message}", file=sys.stderr)
        return 2
