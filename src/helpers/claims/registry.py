"""The claims registry: every number the three source documents publish, and its check.

``data/published/claims.csv`` holds one row per quantitative statement. ``check`` says how it
is tested: ``regenerate`` (a metric computed from raw open data, see :mod:`helpers.claims.metrics`),
``consistency`` (arithmetic over other claims), ``proxy`` (the nearest open metric, shown side
by side, never counted as reproduced) or ``cite`` (no open data). ``formula`` holds the metric
or the arithmetic; ``expected`` the reviewed outcome (``match``, ``differs`` or ``n/a``);
``relation`` what the text asserts: ``eq`` (equal at the published precision; a range such as
"40-50%" is its midpoint with the range's width as precision), ``gt`` ("more than") or ``lt``
("less than").

The precision rule. ``value`` is the number as printed and ``precision`` the unit of its last
printed digit (12.4% -> 0.1, 14% -> 1, 1.28 -> 0.01); an ``eq`` claim matches when the
computed value lies within half that unit of it, ends included. Words set the rest:

* "about", "around", "nearly" keep ``eq``: a printed figure keeps its own precision ("about
  15 points" -> 1), a word for a fraction takes the step of its scale ("about half" -> 10,
  "about a quarter" -> 5);
* a range ("40-50%") is its midpoint with the range's width as precision, so both ends count;
* "more than", "over", "above" are ``gt`` and "less than", "under", "below" ``lt``, with the
  printed number as value (precision then only records how it was printed);
* an identity the table implies rather than prints (a column of shares adding to 100, a total
  share lying between its groups' shares) takes the precision of the entries it combines;
* a ranking or direction ("the highest", "both rose", "below Japan's") is a difference whose
  sign carries the claim: value 0, ``gt`` or ``lt``, with ``min``/``max`` over claims where
  the text compares one economy with several. Against every other economy ("the largest in
  the world") the difference is a metric's ``lead`` field (the value less the largest other
  economy's); "kept rising" is read between the ends of the period the text names, and a
  cited ranking keeps the same form, so its sign is on record for when data appear;
* "held at about X since ..." is the level at both ends of the open record, one row each;
* a multiple ("twice as", "nearly double") is the ratio with ``eq`` at the precision of its
  word, and an ordinal printed without a measure to take a difference of ("the first tier",
  "the country's first" centre) is its number with ``eq``.

A computed value exactly half a unit away sits on the boundary; it counts as a match, and the
note of every such row says why the outcome stands.

The rule is applied mechanically (:func:`precision_departures`): an ``eq`` row's precision is
the unit of the last digit of ``value`` as the registry writes it, unless its note says why not
(a range, a word for a fraction, a stated tolerance, the summed rounding of a table's shares).
"""

from __future__ import annotations

import ast
import math
import operator
import re
from functools import lru_cache

import pandas as pd

from helpers import paths
from helpers.claims.metrics import evaluate as evaluate_metric
from helpers.errors import HelpersError

CLAIMS_CSV = paths.PUBLISHED / "claims.csv"
#: Rows whose ``document`` is a data set, not one of the three documents: the data's own
#: cross-checks (the provincial tables against the bureau's files and the national tables).
DATA_DOCUMENTS = ("china-provincial-io",)
COLUMNS = ("id", "document", "location", "entity", "year", "measure", "value", "unit",
           "precision", "check", "formula", "expected", "relation", "note")
CHECKS = ("regenerate", "consistency", "proxy", "cite")
OUTCOMES = ("match", "differs", "n/a")
RELATIONS = ("eq", "gt", "lt")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
ID_IN_FORMULA = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+")
METRIC_IN_FORMULA = re.compile(
    r"[a-z_]+:[A-Za-z0-9._]+:(?:[A-Z]{3}|CN-[A-Z]{2}):[0-9]{4}:[a-z_0-9]+")
#: Ids of the audit rows: identities a table implies (its parts against its total, its shares
#: against the denominators its values imply, a total share inside its groups' range) or a
#: derived size, rather than a cell the table prints.
AUDIT_ID = re.compile(r"\.(?:sum|implied_share|within|size)$")


def is_audit(cid: str) -> bool:
    """Whether a claim id names an audit row rather than a printed number."""
    return bool(AUDIT_ID.search(cid))


def printed(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of a registry table that stand for printed numbers (audit rows left out)."""
    return df[~df["id"].map(is_audit)]


class ClaimsError(HelpersError):
    """The registry is malformed, or a check cannot be evaluated."""


def printed_precision(value: str) -> float:
    """The unit of the last digit of a value as the registry writes it: ``"12.4"`` -> 0.1,
    ``"14"`` -> 1, ``"0.80"`` -> 0.01."""
    text = str(value).strip()
    try:
        float(text)
    except ValueError:
        raise ClaimsError(f"value {value!r} is not a number") from None
    digits = text.lstrip("+-").split("e")[0].split("E")[0]
    decimals = len(digits.split(".", 1)[1]) if "." in digits else 0
    return 10.0 ** -decimals


#: What a note must say when a row's precision departs from its printed value's.
PRECISION_REASON = "precision"


def precision_departures(df: pd.DataFrame) -> list[str]:
    """The ``eq`` rows (cited rows left out) whose ``precision`` is not the unit of the last
    printed digit of their ``value`` and whose note does not say why (it must name the
    precision). ``df`` is the registry as read, values as text."""
    problems = []
    for r in df.itertuples():
        if r.check == "cite" or r.relation != "eq":
            continue
        rule = printed_precision(r.value)
        if math.isclose(float(r.precision), rule, rel_tol=1e-9):
            continue
        if PRECISION_REASON not in str(r.note).lower():
            problems.append(f"claim {r.id!r}: precision {r.precision} where the printed value "
                            f"{r.value} gives {rule:g}, and the note does not say why")
    return problems


def open_years(formula: str) -> tuple[int, ...]:
    """The years of the open data a metric formula reads, sorted (empty for claim arithmetic)."""
    return tuple(sorted({int(m.split(":")[3]) for m in METRIC_IN_FORMULA.findall(formula)}))


def year_gap(year: str, formula: str) -> int | None:
    """Years between a claim's single published year and the single year of its open data."""
    years = open_years(formula)
    if len(years) != 1 or not re.fullmatch(r"\d{4}", str(year)):
        return None
    return abs(int(year) - years[0])


def _years_apart(n: int) -> str:
    return "same year" if n == 0 else f"{n} year{'s' if n > 1 else ''} apart"


def gap_text(year: str, formula: str) -> str:
    """How far apart in time the published figure and its open proxy are, in words."""
    years = open_years(formula)
    opened = "open figure for " + ", ".join(map(str, years))
    year = str(year)
    if (gap := year_gap(year, formula)) is not None:
        return f"{opened}, published for {year}: {_years_apart(gap)}"
    if len(years) == 1 and (span := re.fullmatch(r"(\d{4})-(\d{4})?", year)):
        if span.group(2) is None:
            return f"{opened}, published for {span.group(1)} onwards"
        n = int(span.group(2)) - years[0]
        when = "at its end" if n == 0 else f"{abs(n)} year{'s' if abs(n) > 1 else ''} " + (
            "before its end" if n > 0 else "after its end")
        return f"{opened}, published for {year}: {when}"
    if len(years) == 2 and (span := re.fullmatch(r"(\d{4})-(\d{4})", year)):
        start, end = (abs(int(span.group(i + 1)) - years[i]) for i in range(2))
        return (f"{opened}, published for {year}: start {_years_apart(start)}, "
                f"end {_years_apart(end)}")
    return f"{opened}; the published figure names no year"


def validate(df: pd.DataFrame) -> list[str]:
    """Every schema problem of a registry table (empty list when it is sound)."""
    problems = [f"missing column {c!r}" for c in COLUMNS if c not in df.columns]
    if problems:
        return problems
    if df.empty:
        return ["no claims: expected one row per published number"]
    dup = df.loc[df["id"].duplicated(), "id"]
    problems += [f"duplicate id {i!r}" for i in dup]
    for line, (_, r) in enumerate(df.iterrows(), start=2):
        where = f"line {line}, claim {r['id']!r}"
        if not ID_PATTERN.match(str(r["id"])):
            problems.append(f"{where}: id must be lowercase words joined by '.', '_' or '-'")
        for col in ("document", "location", "measure", "unit"):
            if not str(r[col]).strip():
                problems.append(f"{where}: empty {col}")
        for col in ("value", "precision"):
            try:
                x = float(r[col])
            except ValueError:
                problems.append(f"{where}: {col} {r[col]!r} is not a number")
                continue
            if not math.isfinite(x):
                problems.append(f"{where}: {col} {r[col]!r} is not a finite number")
                continue
            if col == "precision" and not x > 0:
                problems.append(f"{where}: precision must be positive")
        if r["relation"] not in RELATIONS:
            problems.append(f"{where}: relation {r['relation']!r}; valid: {', '.join(RELATIONS)}")
        if r["check"] not in CHECKS:
            problems.append(f"{where}: check {r['check']!r}; valid: {', '.join(CHECKS)}")
        elif r["check"] == "cite":
            if r["expected"] != "n/a":
                problems.append(f"{where}: a cited claim's expected outcome is 'n/a'")
            if not str(r["note"]).strip():
                problems.append(f"{where}: a cited claim needs a note saying why")
        else:
            if r["expected"] not in ("match", "differs"):
                problems.append(f"{where}: expected must be 'match' or 'differs'")
            if not str(r["formula"]).strip():
                problems.append(f"{where}: a {r['check']} claim needs a formula")
    return problems + reference_problems(df)


def references(df: pd.DataFrame) -> dict[str, list[str]]:
    """The claims each consistency formula names, by claim id."""
    rows = df[df["check"] == "consistency"]
    return {str(i): list(dict.fromkeys(ID_IN_FORMULA.findall(str(f))))
            for i, f in zip(rows["id"], rows["formula"], strict=True)}


def reference_problems(df: pd.DataFrame) -> list[str]:
    """Consistency formulas that prove nothing or cannot be evaluated: a formula naming its own
    claim, claims whose formulas name each other in a cycle, and names of unknown claims."""
    refs = references(df)
    known = set(df["id"].astype(str))
    problems = [f"claim {c!r}: formula names unknown claim {n!r}"
                for c, names in refs.items() for n in names if n not in known]
    problems += [f"claim {c!r}: formula names the claim itself, which proves nothing"
                 for c, names in refs.items() if c in names]
    problems += [f"claims {' -> '.join(repr(c) for c in cycle)}: formulas name each other "
                 "in a cycle, which proves nothing" for cycle in _cycles(refs)]
    return problems


def _cycles(refs: dict[str, list[str]]) -> list[list[str]]:
    """Each cycle of two or more claims among the formulas' references, once (as a path that
    returns to its first claim)."""
    found, seen, done = [], set(), set()

    def visit(node: str, path: list[str]) -> None:
        if node in done:
            return
        if node in path:
            cycle = path[path.index(node):]
            if len(cycle) > 1 and frozenset(cycle) not in seen:
                seen.add(frozenset(cycle))
                found.append([*cycle, node])
            return
        for nxt in refs.get(node, []):
            if nxt != node:
                visit(nxt, [*path, node])
        done.add(node)

    for start in refs:
        visit(start, [])
    return found


@lru_cache(maxsize=1)
def load_claims() -> pd.DataFrame:
    """The registry, validated; a clear error listing every problem otherwise."""
    try:
        df = pd.read_csv(CLAIMS_CSV, dtype=str, keep_default_na=False)
    except (pd.errors.EmptyDataError, pd.errors.ParserError) as exc:
        raise ClaimsError(f"{CLAIMS_CSV.name} cannot be read ({exc}); expected a header "
                          f"{', '.join(COLUMNS)} and one row per claim") from None
    problems = validate(df)
    if problems:
        raise ClaimsError(f"{CLAIMS_CSV.name}: " + "; ".join(problems[:20]))
    df["value"] = df["value"].astype(float)
    df["precision"] = df["precision"].astype(float)
    return df.set_index("id", drop=False)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow, ast.USub: operator.neg}
#: Functions a formula may call, for rankings over several claims ("the highest of ...").
_FUNCTIONS = {"min": min, "max": max}


def _arith(node: ast.AST, values: dict[str, float]) -> float:
    if isinstance(node, ast.Expression):
        return _arith(node.body, values)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.Name) and node.id in values:
        return values[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.left, values), _arith(node.right, values))
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPS:
        return _OPS[type(node.op)](_arith(node.operand, values))
    if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            and node.func.id in _FUNCTIONS and node.args and not node.keywords):
        return _FUNCTIONS[node.func.id](_arith(a, values) for a in node.args)
    raise ClaimsError(f"unsupported element in formula: {ast.dump(node)[:60]}")


def _evaluate(expr: str, pattern: re.Pattern, lookup, what: str) -> float:
    names: dict[str, str] = {}

    def name_for(match: re.Match) -> str:
        return names.setdefault(match.group(0), f"c{len(names)}")

    code = pattern.sub(name_for, expr)
    try:
        tree = ast.parse(code, mode="eval")
    except SyntaxError as exc:
        raise ClaimsError(f"formula {expr!r} is not arithmetic over {what}") from exc
    return _arith(tree, {v: lookup(k) for k, v in names.items()})


def evaluate_formula(formula: str, published: pd.Series) -> float:
    """Arithmetic over claim ids, with the published values of those claims."""

    def lookup(cid: str) -> float:
        if cid not in published.index:
            raise ClaimsError(f"formula {formula!r} names unknown claim {cid!r}")
        return float(published[cid])

    return _evaluate(formula, ID_IN_FORMULA, lookup, "claim ids")


def evaluate_metrics(formula: str) -> float:
    """Arithmetic over metric expressions (see :mod:`helpers.claims.metrics`)."""
    return _evaluate(formula, METRIC_IN_FORMULA, evaluate_metric, "metrics")


def outcome(published: float, computed: float, precision: float, relation: str = "eq") -> str:
    """``match`` when the computed value bears out the text: for ``eq`` it rounds to the
    published value at its precision; for ``gt``/``lt`` it lies above/below it."""
    if math.isnan(computed):
        return "differs"
    if relation == "gt":
        ok = computed > published
    elif relation == "lt":
        ok = computed < published
    else:
        ok = abs(computed - published) <= precision / 2 * (1 + 1e-9) + 1e-12
    return "match" if ok else "differs"


def document_claims(checked: pd.DataFrame) -> pd.DataFrame:
    """The rows that are statements of the three documents (the data's cross-checks left
    out)."""
    return checked[~checked["document"].isin(DATA_DOCUMENTS)]


def run_checks(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim with its ``computed`` value, ``gap`` and ``outcome``."""
    df = (load_claims() if df is None else df).copy()
    computed, outcomes = [], []
    for _, r in df.iterrows():
        if r["check"] == "cite":
            computed.append(float("nan"))
            outcomes.append("n/a")
            continue
        try:
            if r["check"] == "consistency":
                c = evaluate_formula(r["formula"], df["value"])
            else:
                c = evaluate_metrics(r["formula"])
        except (ArithmeticError, HelpersError) as exc:
            what = "division by zero" if isinstance(exc, ZeroDivisionError) else str(exc)
            raise ClaimsError(f"claim {r['id']!r}: formula {r['formula']!r} cannot be "
                              f"evaluated: {what}") from None
        if not math.isfinite(c):
            raise ClaimsError(f"claim {r['id']!r}: formula {r['formula']!r} gives {c}")
        computed.append(c)
        outcomes.append(outcome(r["value"], c, r["precision"], r["relation"]))
    df["computed"] = computed
    df["gap"] = df["computed"] - df["value"]
    df["outcome"] = outcomes
    return df


def scorecard(checked: pd.DataFrame) -> pd.DataFrame:
    """Counts of claims by check and outcome."""
    return (checked.groupby(["check", "outcome"]).size().rename("claims").reset_index()
            .sort_values(["check", "outcome"]).reset_index(drop=True))
