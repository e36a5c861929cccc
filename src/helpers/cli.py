"""Command line: ``python -m helpers {fetch,sources,indicators,claims,...} ...``."""

from __future__ import annotations

import argparse
import json
import sys

from helpers import catalog, fetch
from helpers.errors import HelpersError


def _cmd_fetch(args: argparse.Namespace) -> int:
    counts = fetch.fetch_all()
    print("raw data ready: " + ", ".join(f"{n} {how}" for how, n in sorted(counts.items())))
    return 0


def _cmd_sources(args: argparse.Namespace) -> int:
    keys = catalog.available()
    if args.json:
        print(json.dumps([k.__dict__ for k in keys]))
        return 0
    for source in catalog.SOURCES:
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
    from helpers.indicators import indicators

    table = catalog.load_table(args.country, args.year, args.source)
    result = indicators(table)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(f"{table.label} ({table.unit})")
        for k, v in result.items():
            print(f"  {k}: {v}")
    return 0


def _cmd_claims(args: argparse.Namespace) -> int:
    import math

    from helpers.claims import run_checks, scorecard

    checked = run_checks()
    if args.check:
        checked = checked[checked["check"] == args.check]
    if args.json:
        records = [
            {"id": r.id, "document": r.document, "location": r.location, "entity": r.entity,
             "year": r.year, "measure": r.measure, "unit": r.unit, "check": r.check,
             "relation": r.relation, "outcome": r.outcome, "expected": r.expected,
             "published": r.value, "computed": None if math.isnan(r.computed) else r.computed,
             "gap": None if math.isnan(r.gap) else r.gap, "formula": r.formula, "note": r.note}
            for r in checked.itertuples()
        ]
        print(json.dumps(records, ensure_ascii=False))
        return 0
    print(scorecard(checked).to_string(index=False))
    unexpected = checked[checked["outcome"] != checked["expected"]]
    for r in unexpected.itertuples():
        print(f"unexpected: {r.id} is {r.outcome}, reviewed as {r.expected}")
    return 1 if len(unexpected) else 0


def _cmd_charts_bundle(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.charts import write_bundle

    print(f"wrote {write_bundle(Path(args.path))}")
    return 0


def _cmd_execute(args: argparse.Namespace) -> int:
    from pathlib import Path

    from helpers.notebooks import execute_in_place

    for p in args.notebooks:
        print(f"executing {p}")
        execute_in_place(Path(p))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m helpers", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("fetch", help="fetch and verify every raw file into data/raw")
    s = sub.add_parser("sources", help="list every available (source, country, year)")
    s.add_argument("--json", action="store_true")
    i = sub.add_parser("indicators", help="core indicators of one economy-year")
    i.add_argument("country", help="ISO3 code, e.g. CHN, USA, JPN, DEU")
    i.add_argument("year", type=int)
    i.add_argument("--source", choices=catalog.SOURCES, default=None)
    i.add_argument("--json", action="store_true")
    c = sub.add_parser("claims", help="check every published number; --json prints each claim")
    c.add_argument("--check", choices=("regenerate", "consistency", "proxy", "cite"))
    c.add_argument("--json", action="store_true")
    b = sub.add_parser("charts-bundle", help="write the offline Vega bundle for the book")
    b.add_argument("path")
    e = sub.add_parser("execute", help="execute chapter notebooks in place")
    e.add_argument("notebooks", nargs="+")
    return p


COMMANDS = {"fetch": _cmd_fetch, "sources": _cmd_sources, "indicators": _cmd_indicators,
            "claims": _cmd_claims, "charts-bundle": _cmd_charts_bundle, "execute": _cmd_execute}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except HelpersError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
