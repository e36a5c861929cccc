"""The generated pages around the profiles, and their part of the table of contents.

From the profiles on disk (whatever runs made them) this writes the section's landing page,
one page per economy listing its profiles with headline numbers from the cached panel, and
the profiles part of ``_toc.yml`` (between its ``# BEGIN profiles`` and ``# END profiles``
lines): landing page, then economies, then each economy's profiles. Grouping by economy keeps
every page's navigation short, so the build grows linearly with the number of profiles.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from helpers.book.present import fmt
from helpers.book.translations import LANGUAGE
from helpers.cachefile import write_atomically
from helpers.data import catalog
from helpers.errors import HelpersError
from helpers.measures import panel_cache
from helpers.profiles.layout import BOOK, Layout, generated, output_path
from helpers.profiles.matrix import REPORT_ECONOMIES, default_matrix
from helpers.profiles.profile import (
    PEER_PREFERENCE,
    SOURCE_SHORT,
    SOURCE_SHORT_ZH,
    economy_name,
    economy_name_zh,
)

#: The report's subject and its three comparators come first; the rest by name.
FEATURED = REPORT_ECONOMIES
TOC_BEGIN, TOC_END = "# BEGIN profiles", "# END profiles"
HEADLINE_COLUMNS = ("year (年份)", "source (数据来源)",
                    "producer-service input share, % (生产性服务投入占比)",
                    "PS / mfg value added (增加值之比)",
                    "total PS content per 100 of output (完全消耗)")


HEADLINE_COLUMNS_ZH = ("年份", "数据来源", "生产性服务投入占比，%",
                       "生产性服务业与制造业增加值之比", "每百单位产出的完全消耗")


def name_in(country: str, zh: bool = False) -> str:
    """An economy's name in one edition's language only: each edition's navigation and
    titles name economies in its own language."""
    return economy_name_zh(country) if zh else economy_name(country)


def economy_order(countries: set[str]) -> list[str]:
    featured = [c for c in FEATURED if c in countries]
    rest = sorted(countries - set(featured), key=economy_name)
    return featured + rest


def grouped(keys: list[catalog.TableKey]) -> dict[str, list[catalog.TableKey]]:
    """Profiles by economy (in ``economy_order``), each by source preference, then year."""
    pref = {s: i for i, s in enumerate(PEER_PREFERENCE)}
    out: dict[str, list[catalog.TableKey]] = {}
    for country in economy_order({k.country for k in keys}):
        mine = [k for k in keys if k.country == country]
        out[country] = sorted(mine, key=lambda k: (pref[k.source], k.year))
    return out


def economy_path(country: str, layout: Layout = BOOK) -> Path:
    return layout.economies / f"{country.lower()}.md"


def short_title(key: catalog.TableKey) -> str:
    """A profile's title under its economy: ``2020 (NBS)``."""
    return f"{key.year} ({SOURCE_SHORT[key.source]})"


def _table_head(columns: tuple[str, ...]) -> list[str]:
    """The header and delimiter lines of a Markdown table."""
    return ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]


def _link(target: Path, page: Path) -> str:
    """``target`` as a document reference relative to the folder of ``page``."""
    return Path(os.path.relpath(target, page.parent)).with_suffix("").as_posix()


def _write(path: Path, text: str) -> None:
    """Write only when the text changed, so an unchanged page is not rebuilt; atomically, so
    a reader never sees half a page."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        write_atomically(path, text.encode("utf-8"))


@contextlib.contextmanager
def pages_lock(layout: Layout) -> Iterator[None]:
    """Hold the book's lock on its generated pages and table of contents: two batches of
    runs finishing at once on one book would otherwise each list the profiles on disk and
    write them, the later write dropping profiles the earlier one listed. The lock file
    lives beside the run logs, outside the book's sources."""
    layout.logs.mkdir(parents=True, exist_ok=True)
    with open(layout.pages_lock, "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


#: The panel's columns that name a table, its index on the economy pages.
TABLE_INDEX = ["source", "country", "year"]


def twin_path(page: Path) -> Path:
    """Where a generated page's Chinese twin goes (read by the Chinese edition instead)."""
    return page.with_suffix(f".{LANGUAGE}.md")


def economy_page(country: str, keys: list[catalog.TableKey], layout: Layout = BOOK,
                 zh: bool = False, panel: pd.DataFrame | None = None) -> str:
    """One economy's page (in Chinese with ``zh``): a table of its profiles with their
    headline numbers (from ``panel``, the cached panel by default, indexed or not by
    table)."""
    panel = panel_cache.load() if panel is None else panel
    if list(panel.index.names) != TABLE_INDEX:
        panel = panel.set_index(TABLE_INDEX)
    rows = []
    for key in keys:
        r = panel.loc[(key.source, key.country, key.year)]
        link = _link(output_path(key, layout), economy_path(country, layout))
        rows.append(f"| {{doc}}`{key.year} <{link}>` "
                    f"| {(SOURCE_SHORT_ZH if zh else SOURCE_SHORT)[key.source]} "
                    f"| {fmt(100 * r['ps_input_share'])} "
                    f"| {fmt(r['ps_to_mfg_ratio'], 2)} | {fmt(100 * r['leontief.total'], 2)} |")
    name = name_in(country, zh)
    if zh:
        return "\n".join([
            f"(profiles-{country.lower()})=",
            f"# {name}",
            "",
            f"{name}目前已生成的经济体画像，每张公开投入产出表一页。下表的每个数字都与其画像页"
            "所示相同，取自同一份缓存结果；`python -m helpers runs list --all` 列出该经济体"
            "其余可按需生成的表。",
            "",
            *_table_head(HEADLINE_COLUMNS_ZH),
            *rows,
            "",
            "完全消耗需要对称的方阵；BEA 汇总表是产品×产业表，因此显示 n/a。",
            "",
        ])
    return "\n".join([
        f"(profiles-{country.lower()})=",
        f"# {name}",
        "",
        f"The profiles of {name} generated so far, one per open input-output table. Each "
        "number below is the one its profile page shows, from the same cached results; "
        "`python -m helpers runs list --all` lists every other table of this economy that "
        "can be run.",
        "",
        *_table_head(HEADLINE_COLUMNS),
        *rows,
        "",
        "Total content (完全消耗) needs a square table; it shows n/a for the BEA summary "
        "tables, which are commodity-by-industry.",
        "",
    ])


def index_page(groups: dict[str, list[catalog.TableKey]], layout: Layout = BOOK,
               zh: bool = False) -> str:
    """The section's landing page (in Chinese with ``zh``): every economy with links to its
    profiles."""
    rows = []
    for country, keys in groups.items():
        page = _link(economy_path(country, layout), layout.index)
        links = " · ".join(
            f"{{doc}}`{short_title(k)} <{_link(output_path(k, layout), layout.index)}>`"
            for k in keys)
        rows.append(f"| {{doc}}`{name_in(country, zh)} <{page}>` | {links} |")
    if zh:
        table = ([*_table_head(("经济体", "画像")), *rows] if rows else
                 ["尚未生成任何画像：`python -m helpers runs execute` 运行默认的运行矩阵。"])
        return "\n".join([
            "(profiles)=",
            "# 经济体画像",
            "",
            "每个经济体-年份一页，均由同一模板（`chapters/profiles/template.md`）经 "
            "`python -m helpers runs execute` 生成。本书的默认运行列于 `data/runs.csv`："
            "中国覆盖国家统计局（NBS）发布投入产出表的每个年份，美国、德国和日本覆盖其最新的公开表"
            "以及报告所比较的年份；此外，经合组织 2025 年版国家间投入产出表（OECD ICIO 2025）"
            "所含的每个经济体都有其 2022 年的画像，因此所有经济体可以在同一年份、同一数据来源下"
            "比较。`python -m helpers runs list --all` 列出其余可按需生成的经济体-年份，按需生成"
            "的画像同样列在这里。各经济体的页面将其画像的主要数字并列展示。PDF 版只收录报告所比较"
            "的四个经济体（中国、美国、德国和日本）的画像，其余经济体的画像只在网站上。",
            "",
            *table,
            "",
        ])
    table = ([*_table_head(("economy (经济体)", "profiles (画像)")), *rows] if rows else
             ["No profile has been generated yet: `python -m helpers runs execute` runs "
              "the default matrix."])
    return "\n".join([
        "(profiles)=",
        "# Economy profiles (经济体画像)",
        "",
        "One page per economy-year, each generated from the same template "
        "(`chapters/profiles/template.md`) by `python -m helpers runs execute`. The book's "
        "default runs are listed in `data/runs.csv`: China for every NBS table year, and the "
        "United States, Germany and Japan for their latest open table and for the years the "
        "report compares, and every economy of the OECD's 2025 inter-country tables for 2022, "
        "so that all of them can be compared in one year and from one source. "
        "`python -m helpers runs list --all` shows every other economy-year that can be run "
        "on request; a profile run that way appears here too. Each economy's page sets its "
        "profiles' headline numbers side by side. The PDF edition prints the profiles of the "
        "four economies the report compares (China, the United States, Germany and Japan); "
        "the others are on the website only.",
        "",
        *table,
        "",
    ])


def toc_section(groups: dict[str, list[catalog.TableKey]], indent: str,
                layout: Layout = BOOK) -> list[str]:
    """The profiles part of the table of contents, as YAML lines at ``indent``."""
    lines = [f"{indent}- file: {layout.docname(layout.index)}"]
    if groups:
        lines.append(f"{indent}  sections:")
    for country, keys in groups.items():
        lines.append(f"{indent}    - file: {layout.docname(economy_path(country, layout))}")
        lines.append(f"{indent}      sections:")
        for k in keys:
            lines.append(f"{indent}        - file: {layout.docname(output_path(k, layout))}")
            lines.append(f"{indent}          title: \"{short_title(k)}\"")
    return lines


def write_toc(groups: dict[str, list[catalog.TableKey]], layout: Layout = BOOK) -> Path:
    """Replace the lines between the toc's profile markers with the current profiles."""
    lines = layout.toc.read_text(encoding="utf-8").splitlines()
    starts = [i for i, line in enumerate(lines) if line.strip().startswith(TOC_BEGIN)]
    ends = [i for i, line in enumerate(lines) if line.strip().startswith(TOC_END)]
    if len(starts) != 1 or len(ends) != 1 or ends[0] < starts[0]:
        raise HelpersError(f"{layout.toc} needs one '{TOC_BEGIN}' line followed by one "
                           f"'{TOC_END}' line where the profiles go; found {len(starts)} "
                           f"and {len(ends)}")
    begin, end = starts[0], ends[0]
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    new = lines[: begin + 1] + toc_section(groups, indent, layout) + lines[end:]
    _write(layout.toc, "\n".join(new) + "\n")
    return layout.toc


def listed(layout: Layout = BOOK) -> list[catalog.TableKey]:
    """The profiles a book lists: its default runs (its run matrix, when it has one) and
    every other profile on disk, in catalogue order. Default runs not yet executed are
    listed too, as in the committed table of contents: ``make book`` runs them first."""
    keys = set(generated(layout))
    if layout.matrix is not None:
        keys |= set(default_matrix(layout.matrix))
    order = {k: i for i, k in enumerate(catalog.available())}
    return sorted(keys, key=lambda k: order.get(k, len(order)))


def write_pages(layout: Layout = BOOK) -> Path:
    """Rewrite the landing page, the economy pages and the toc from the profiles the book
    lists (:func:`listed`); economy pages of economies without one are deleted. Returns the
    landing page. The profiles are listed and the pages written under :func:`pages_lock`,
    so that whichever batch of runs writes last lists every profile on disk."""
    with pages_lock(layout):
        return _write_pages(layout)


def _write_pages(layout: Layout) -> Path:
    groups = grouped(listed(layout))
    panel = panel_cache.load().set_index(TABLE_INDEX)  # once, not once per page
    for country, keys in groups.items():
        page = economy_path(country, layout)
        _write(page, economy_page(country, keys, layout, panel=panel))
        _write(twin_path(page), economy_page(country, keys, layout, zh=True, panel=panel))
    wanted = {p for c in groups for p in (economy_path(c, layout),
                                          twin_path(economy_path(c, layout)))}
    for page in layout.economies.glob("*.md") if layout.economies.exists() else []:
        if page not in wanted:
            page.unlink()
    _write(layout.index, index_page(groups, layout))
    _write(twin_path(layout.index), index_page(groups, layout, zh=True))
    write_toc(groups, layout)
    return layout.index

