"""The definitional choices behind every indicator, as one explicit parameter object."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

#: The OECD 2011 technology classes (ISIC Rev.3 based) collapsed to the report's three levels.
DEFAULT_INTENSITY: tuple[tuple[str, str], ...] = (
    ("high", "high"), ("medium-high", "high"), ("medium-low", "medium"), ("low", "low"),
)
INTENSITY_LEVELS = ("high", "medium", "low")
#: The OECD 2016 R&D-intensity classes (ISIC Rev.4) collapsed in the same spirit.
OECD2016_INTENSITY: tuple[tuple[str, str], ...] = (
    ("high", "high"), ("medium-high", "high"), ("medium", "medium"),
    ("medium-low", "low"), ("low", "low"),
)
#: Named (taxonomy, collapse) pairs; the first is the default.
INTENSITY_PRESETS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "OECD 2011: high+medium-high | medium-low | low": ("oecd2011", DEFAULT_INTENSITY),
    "OECD 2016: high+medium-high | medium | medium-low+low": ("oecd2016", OECD2016_INTENSITY),
    "OECD 2016: high | medium-high+medium | medium-low+low": ("oecd2016", (
        ("high", "high"), ("medium-high", "medium"), ("medium", "medium"),
        ("medium-low", "low"), ("low", "low"),
    )),
    "OECD 2016: high+medium-high | medium+medium-low | low": ("oecd2016", (
        ("high", "high"), ("medium-high", "high"), ("medium", "medium"),
        ("medium-low", "medium"), ("low", "low"),
    )),
}


@dataclass(frozen=True)
class Definition:
    """What counts as a producer-service input into manufacturing.

    Defaults are the choices that reproduce the report's Table 3 from the NBS tables (2017 and
    2020): passenger transport counted, wholesale only, the whole manufacturing range (repair
    and waste recycling included), total (domestic + imported) inputs, shares of the source's
    total intermediate input, and the OECD 2011 technology classes (high and medium-high as
    "high", medium-low as "medium", low as "low").

    - ``passenger_transport``: count purely passenger-transport sectors.
    - ``trade_scope``: ``"wholesale"`` counts wholesale only; ``"wholesale_retail"`` adds retail.
    - ``wholesale_share_of_combined``: with ``trade_scope="wholesale"``, the share of a combined
      wholesale-and-retail sector counted as wholesale (the report's Table 5 note uses 0.5).
    - ``include_repair`` / ``include_waste``: where manufacturing ends.
    - ``origin``: ``"total"`` inputs, or ``"domestic"`` only (sources with an import split).
    - ``denominator``: ``"tii"`` (the source's total intermediate input) or ``"flows"`` (the
      sum of intermediate flows, leaving out net product taxes where a source books them).
    - ``taxonomy``: ``"oecd2011"`` (OECD technology classes, ISIC Rev.3 based) or
      ``"oecd2016"`` (Galindo-Rueda and Verger's R&D-intensity classes, ISIC Rev.4).
    - ``intensity``: pairs (class of that taxonomy, high / medium / low).
    - ``extra_ps``: triples (scheme, sector code, category) counted as producer services on top
      of the classification, for mapping judgements such as what the US equivalent of China's
      "water, environment and public facilities" is.
    """

    passenger_transport: bool = True
    trade_scope: Literal["wholesale", "wholesale_retail"] = "wholesale"
    wholesale_share_of_combined: float = 0.5
    include_repair: bool = True
    include_waste: bool = True
    origin: Literal["total", "domestic"] = "total"
    denominator: Literal["tii", "flows"] = "tii"
    taxonomy: Literal["oecd2011", "oecd2016"] = "oecd2011"
    intensity: tuple[tuple[str, str], ...] = DEFAULT_INTENSITY
    extra_ps: tuple[tuple[str, str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.trade_scope not in ("wholesale", "wholesale_retail"):
            raise ValueError(f"trade_scope must be 'wholesale' or 'wholesale_retail', "
                             f"not {self.trade_scope!r}")
        if self.origin not in ("total", "domestic"):
            raise ValueError(f"origin must be 'total' or 'domestic', not {self.origin!r}")
        if self.denominator not in ("tii", "flows"):
            raise ValueError(f"denominator must be 'tii' or 'flows', not {self.denominator!r}")
        if self.taxonomy not in ("oecd2011", "oecd2016"):
            raise ValueError(f"taxonomy must be 'oecd2011' or 'oecd2016', not {self.taxonomy!r}")
        if not 0.0 <= self.wholesale_share_of_combined <= 1.0:
            raise ValueError("wholesale_share_of_combined must lie in [0, 1]")
        bad = sorted({level for _, level in self.intensity} - set(INTENSITY_LEVELS))
        if bad:
            raise ValueError(f"intensity levels {bad} invalid; valid: {INTENSITY_LEVELS}")

    @property
    def intensity_map(self) -> dict[str, str]:
        return dict(self.intensity)

    def but(self, **changes: object) -> Definition:
        """A copy with some choices changed."""
        return replace(self, **changes)


DEFAULT = Definition()
