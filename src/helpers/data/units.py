"""Converting table units to the units the report prints."""

from __future__ import annotations

from helpers.errors import HelpersError

#: Size of one table unit, in currency units.
UNIT_SIZE = {
    "10 thousand CNY": 1e4, "million USD": 1e6, "million CNY": 1e6,
    "trillion CNY": 1e12, "trillion USD": 1e12, "billion USD": 1e9, "billion CNY": 1e9,
    "billion JPY": 1e9, "trillion JPY": 1e12,
}


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """``value`` in ``from_unit`` expressed in ``to_unit`` (same currency)."""
    try:
        a, b = UNIT_SIZE[from_unit], UNIT_SIZE[to_unit]
    except KeyError as exc:
        raise HelpersError(f"unknown unit {exc.args[0]!r}; known: {', '.join(UNIT_SIZE)}") from None
    if from_unit.split()[-1] != to_unit.split()[-1]:
        raise HelpersError(f"cannot convert {from_unit} to {to_unit}: different currencies")
    return value * a / b
