"""The two built editions side by side: every English page has its Chinese twin, with the
same glued numbers, and each page's language switch leads to its twin."""

from __future__ import annotations

import re
from pathlib import Path

from helpers.book.present import CURRENCIES_ZH, SCALES, SCALES_ZH, parse_unit
from helpers.book.sphinx_i18n import EDITION_DIR

_GLUED = re.compile(r'<span class="pasted-(?:text|inline)[^"]*">(.*?)</span>', re.S)
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_SWITCH = re.compile(r'<a class="language-switch-link" href="([^"]+)"')


def pages(site: Path) -> list[str]:
    """The English edition's pages (not search, index or static files)."""
    zh = site / EDITION_DIR
    skip = {"search.html", "genindex.html"}
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if zh not in p.parents and p.name not in skip
                  and "_static" not in p.parts and "_sources" not in p.parts)


#: The scale words and currencies of amounts, as :mod:`helpers.book.present` writes them in
#: each edition (``11,660.3 billion CNY``; ``11.66万亿元``).
_SCALE = {**{w: e for w, e in SCALES.items() if w}, **{w: e for e, w in SCALES_ZH if w}}
_CURRENCY = {zh: code for code, zh in CURRENCIES_ZH.items()}
_AMOUNT_EN = re.compile(r"(-?\d[\d,]*(?:\.\d+)?) ((?:"
                        + "|".join(sorted((w for w in SCALES if w), key=len, reverse=True))
                        + r") )?(" + "|".join(CURRENCIES_ZH) + r")\b")
_AMOUNT_ZH = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)("
                        + "|".join(w for _, w in SCALES_ZH if w) + r")?("
                        + "|".join(sorted(_CURRENCY, key=len, reverse=True)) + ")")
#: How far a converted amount may lie from the English one beyond the two roundings.
AMOUNT_TOLERANCE = 0.006


def _spans(page: Path) -> list[str]:
    """The text of the page's glued values, less those that name a unit (``10 thousand CNY``
    in English, 万元 in Chinese: a unit, not an amount)."""
    text = page.read_text(encoding="utf-8")
    spans = [re.sub(r"<[^>]+>", "", span).strip() for span in _GLUED.findall(text)]
    return [s for s in spans if not _is_unit(s)]


def _is_unit(text: str) -> bool:
    try:
        parse_unit(text)
    except ValueError:
        return False
    return True


def glued_amounts(page: Path) -> list[tuple[str, float, float]]:
    """Every amount with its unit inside the page's glued values, as (currency, value in
    whole units, half its last shown digit), sorted: ``11,660.3 billion CNY`` and
    ``11.66万亿元`` are the same amount."""
    found = []
    for span in _spans(page):
        for m in _AMOUNT_EN.finditer(span):
            found.append(_amount(m.group(3), m.group(1), _SCALE.get((m.group(2) or "").strip(), 0)))
        for m in _AMOUNT_ZH.finditer(span):
            found.append(_amount(_CURRENCY[m.group(3)], m.group(1), _SCALE.get(m.group(2), 0)))
    return sorted(found)


def _amount(currency: str, number: str, power: int) -> tuple[str, float, float]:
    decimals = len(number.partition(".")[2])
    return (currency, float(number.replace(",", "")) * 10.0 ** power,
            0.5 * 10.0 ** (power - decimals))


def glued_numbers(page: Path) -> list[str]:
    """Every number inside the page's glued values that is not an amount, sorted."""
    return sorted(n for span in _spans(page)
                  for n in _NUMBER.findall(_AMOUNT_ZH.sub(" ", _AMOUNT_EN.sub(" ", span))))


def _same_amounts(en: list[tuple[str, float, float]],
                  zh: list[tuple[str, float, float]]) -> bool:
    """The same amounts, each pair within what the two roundings allow."""
    return len(en) == len(zh) and all(
        a == c and abs(b - d) <= max(h + k, AMOUNT_TOLERANCE * max(abs(b), abs(d)))
        for (a, b, h), (c, d, k) in zip(en, zh, strict=True))


def number_problems(site: Path) -> list[str]:
    """Pages missing from the Chinese edition, or whose glued numbers differ from the English
    page's; one line each, naming the page."""
    zh = site / EDITION_DIR
    problems = []
    for page in pages(site):
        if not (zh / page).exists():
            problems.append(f"{page}: no Chinese edition of this page")
            continue
        en_numbers, zh_numbers = glued_numbers(site / page), glued_numbers(zh / page)
        if not _same_amounts(glued_amounts(site / page), glued_amounts(zh / page)):
            problems.append(f"{page}: glued amounts differ between the editions")
        elif en_numbers != zh_numbers:
            only = sorted(set(en_numbers) ^ set(zh_numbers))[:10]
            problems.append(f"{page}: glued numbers differ between the editions "
                            f"({', '.join(only) or 'counts differ'})")
    return problems


def switch_problems(site: Path) -> list[str]:
    """Pages whose language switch does not lead to the same page in the other edition."""
    zh = site / EDITION_DIR
    bad = []
    for page in pages(site):
        for here, other in ((site, zh), (zh, site)):
            if not (here / page).exists():
                continue
            links = _SWITCH.findall((here / page).read_text(encoding="utf-8"))
            target = ((here / page).parent / links[0]).resolve() if links else None
            if target != (other / page).resolve() or not target.exists():
                bad.append(f"{(here / page).relative_to(site)}: language switch -> "
                           f"{links[:1] or 'none'}")
    return bad
