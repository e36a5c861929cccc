"""The claims registry: every number the three source documents publish, and its check.

``data/published/claims.csv`` holds one row per quantitative statement. ``check`` says how it
is tested: ``regenerate`` (a metric computed from raw open data, see :mod:`helpers.metrics`),
``consistency`` (arithmetic over other claims), ``proxy`` (the nearest open metric, shown side
by side, never counted as reproduced) or ``cite`` (no open data). ``formula`` holds the metric
or the arithmetic; ``expected`` the reviewed outcome (``match``, ``differs`` or ``n/a``).
"""

from __future__ import annotations

import ast
import math
import operator
import re
from functools import lru_cache

import pandas as pd

from helpers import paths
from helpers.errors import HelpersError
from helpers.metrics import evaluate as evaluate_metric

CLAIMS_CSV = paths.PUBLISHED / "claims.csv"
COLUMNS = ("id", "document", "location", "entity", "year", "measure", "value", "unit",
           "precision", "check", "formula", "expected", "note")
CHECKS = ("regenerate", "consistency", "proxy", "cite")
OUTCOMES = ("match", "differs", "n/a")
ID_PATTERN = re.compile(r"^[a-z0-9]+(?:[._-][a-z0-9]+)*$")
ID_IN_FORMULA = re.compile(r"[a-z][a-z0-9_-]*(?:\.[a-z0-9_-]+)+")


class ClaimsError(HelpersError):
    """The registry is malformed, or a check cannot be evaluated."""


def validate(df: pd.DataFrame) -> list[str]:
    """Every schema problem of a registry table (empty list when it is sound)."""
    problems = [f"missing column {c!r}" for c in COLUMNS if c not in df.columns]
    if problems:
        return problems
    dup = df.loc[df["id"].duplicated(), "id"]
    problems += [f"duplicate id {i!r}" for i in dup]
    for _, r in df.iterrows():
        where = f"claim {r['id']!r}"
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
            if col == "precision" and not x > 0:
                problems.append(f"{where}: precision must be positive")
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
    return problems


@lru_cache(maxsize=1)
def load_claims() -> pd.DataFrame:
    """The registry, validated; a clear error listing every problem otherwise."""
    df = pd.read_csv(CLAIMS_CSV, dtype=str, keep_default_na=False)
    problems = validate(df)
    if problems:
        raise ClaimsError(f"{CLAIMS_CSV.name}: " + "; ".join(problems[:20]))
    df["value"] = df["value"].astype(float)
    df["precision"] = df["precision"].astype(float)
    return df.set_index("id", drop=False)


_OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
        ast.Div: operator.truediv, ast.Pow: operator.pow, ast.USub: operator.neg}


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
    raise ClaimsError(f"unsupported element in formula: {ast.dump(node)[:60]}")


def evaluate_formula(formula: str, published: pd.Series) -> float:
    """Arithmetic over claim ids, with the published values of those claims."""
    names: dict[str, str] = {}

    def name_for(match: re.Match) -> str:
        cid = match.group(0)
        if cid not in published.index:
            raise ClaimsError(f"formula {formula!r} names unknown claim {cid!r}")
        return names.setdefault(cid, f"c{len(names)}")

    expr = ID_IN_FORMULA.sub(name_for, formula)
    try:
        tree = ast.parse(expr, mode="eval")
    except SyntaxError as exc:
        raise ClaimsError(f"formula {formula!r} is not arithmetic") from exc
    return _arith(tree, {v: float(published[k]) for k, v in names.items()})


def outcome(published: float, computed: float, precision: float) -> str:
    """``match`` when the computed value rounds to the published one at its precision."""
    if math.isnan(computed):
        return "differs"
    return "match" if abs(computed - published) <= precision / 2 * (1 + 1e-9) + 1e-12 else "differs"


def run_checks(df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every claim with its ``computed`` value, ``gap`` and ``outcome``."""
    df = (load_claims() if df is None else df).copy()
    computed, outcomes = [], []
    for _, r in df.iterrows():
        if r["check"] == "cite":
            computed.append(float("nan"))
            outcomes.append("n/a")
            continue
        if r["check"] == "consistency":
            c = evaluate_formula(r["formula"], df["value"])
        else:
            c = evaluate_metric(r["formula"])
        computed.append(c)
        outcomes.append(outcome(r["value"], c, r["precision"]))
    df["computed"] = computed
    df["gap"] = df["computed"] - df["value"]
    df["outcome"] = outcomes
    return df


def scorecard(checked: pd.DataFrame) -> pd.DataFrame:
    """Counts of claims by check and outcome."""
    return (checked.groupby(["check", "outcome"]).size().rename("claims").reset_index()
            .sort_values(["check", "outcome"]).reset_index(drop=True))
