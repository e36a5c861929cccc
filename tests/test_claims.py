"""The claims registry: schema, evaluation, and outcomes that may not change unnoticed."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from helpers.claims import registry as claims
from helpers.claims.metrics import MetricError, evaluate
from helpers.data.classify import PS_CATEGORIES

#: The three source documents: the report and the two Guangdong pieces.
DOCUMENTS = {"003_97f7dba8ecca1874.txt", "000_a429a5f008a327ae.txt", "004_6548d97651490993.txt",
             "china-provincial-io"}  # the last: the provincial tables' own cross-checks

ROW = {"id": "t9.x.value", "document": "d.txt", "location": "Table 9", "entity": "CHN",
       "year": "2020", "measure": "m", "value": "1.5", "unit": "percent", "precision": "0.1",
       "check": "consistency", "formula": "t9.y.value + 1", "expected": "match", "relation": "eq",
       "note": ""}


def frame(*rows: dict) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(claims.COLUMNS))


def test_registry_is_well_formed():
    df = pd.read_csv(claims.CLAIMS_CSV, dtype=str, keep_default_na=False)
    assert claims.validate(df) == []
    assert len(df) >= 250
    assert set(df["document"]) == DOCUMENTS


ECONOMY_YEARS = {"t5": [("usa", y) for y in (2023, 2024, 2025)]
                 + [("chn", y) for y in (2023, 2024, 2025)]
                 + [(e, y) for e in ("deu", "jpn") for y in (2023, 2024)]}


def test_every_table_cell_of_the_report_is_registered():
    ids = set(claims.printed(pd.read_csv(claims.CLAIMS_CSV, dtype=str))["id"])
    tables = ("t1", "t2", "t3", "t4", "t5", "t6")
    counts = {t: sum(i.startswith(f"{t}.") for i in ids) for t in tables}
    # Table 1: 7 x 6 ratings; 2: three GDP thresholds and three ratings of the pull on
    # manufacturing; 3: 3 years x 4 groups x value and share; 4: 10 economy-years x 3 columns;
    # 5: 10 columns x (7 shares + total) and the note's wholesale split; 6: 2 years x 3
    # economies x 4 shares.
    assert counts == {"t1": 42, "t2": 6, "t3": 24, "t4": 30, "t5": 81, "t6": 24}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value": "12.4%"}, "value '12.4%' is not a number"),
        ({"precision": "0"}, "precision must be positive"),
        ({"check": "guess"}, "check 'guess'"),
        ({"check": "cite", "expected": "n/a", "note": ""}, "needs a note"),
        ({"expected": ""}, "expected must be"),
        ({"formula": ""}, "needs a formula"),
        ({"id": "T9 X"}, "id must be lowercase"),
        ({"measure": " "}, "empty measure"),
        ({"relation": "about"}, "relation 'about'"),
    ],
)
def test_schema_errors_are_named(change, message):
    problems = claims.validate(frame({**ROW, **change}))
    assert any(message in p for p in problems), problems


def test_duplicate_ids_and_missing_columns():
    assert "duplicate id 't9.x.value'" in claims.validate(frame(ROW, ROW))
    assert claims.validate(frame(ROW).drop(columns="unit")) == ["missing column 'unit'"]


def test_formula_arithmetic():
    published = pd.Series({"a.b": 2.0, "c.d_e": 8.0})
    assert claims.evaluate_formula("(c.d_e / a.b - 1) * 100", published) == pytest.approx(300)
    with pytest.raises(claims.ClaimsError, match="unknown claim 'x.y'"):
        claims.evaluate_formula("x.y + 1", published)
    with pytest.raises(claims.ClaimsError, match="unsupported"):
        claims.evaluate_formula("__import__('os')", published)


@pytest.mark.parametrize(("pub", "comp", "prec", "out"),
                         [(12.4, 12.38, 0.1, "match"), (12.4, 12.34, 0.1, "differs"),
                          (14, 14.4, 1, "match"), (14, 14.6, 1, "differs")])
def test_outcome_uses_published_rounding(pub, comp, prec, out):
    assert claims.outcome(pub, comp, prec) == out


@pytest.mark.parametrize(("relation", "comp", "out"),
                         [("gt", 26.6, "match"), ("gt", 17.6, "differs"), ("lt", 9.7, "match"),
                          ("lt", 10.3, "differs")])
def test_outcome_of_bounds(relation, comp, out):
    published = 20 if relation == "gt" else 10
    assert claims.outcome(published, comp, 1, relation) == out


def test_metric_arithmetic_and_wdi_metrics():
    share = evaluate("ps_input:nbs:CHN:2020:share")
    assert claims.evaluate_metrics("ps_input:nbs:CHN:2020:share / 2") == pytest.approx(share / 2)
    growth = evaluate("wdi:TX.VAL.TECH.CD:CHN:2020:change_from_2015")
    ratio = evaluate("wdi:TX.VAL.TECH.CD:CHN:2020:value") / evaluate(
        "wdi:TX.VAL.TECH.CD:CHN:2015:value")
    assert growth == pytest.approx(100 * (ratio - 1))
    with pytest.raises(MetricError, match="no WDI TX.VAL.TECH.CD value for CHN 2025"):
        evaluate("wdi:TX.VAL.TECH.CD:CHN:2025:value")
    with pytest.raises(MetricError, match="valid: value, trillion"):
        evaluate("wdi:TX.VAL.TECH.CD:CHN:2020:colour")


def test_unknown_metric_is_an_error():
    with pytest.raises(MetricError, match="kind:source:country:year:field"):
        evaluate("ps_input:nbs:CHN:2017")
    with pytest.raises(MetricError, match="ps_input field 'colour'; valid: value, share"):
        evaluate("ps_input:nbs:CHN:2017:colour")
    with pytest.raises(MetricError, match="unknown kind 'colour'; valid: ps_input, va, wdi"):
        evaluate("colour:nbs:CHN:2017:share")


def test_value_added_metrics_of_the_new_sources():
    ratio = evaluate("va:adb:DEU:2022:ps_to_mfg_ratio")
    assert ratio == evaluate("va:adb:DEU:2022:ratio")
    assert ratio == pytest.approx(evaluate("va:adb:DEU:2022:ps_va")
                                  / evaluate("va:adb:DEU:2022:mfg_va"))
    assert 1 < ratio < 2
    # MIC tables are in billion JPY: Japan's producer services are a few hundred trillion yen
    assert 100 < evaluate("va:mic:JPN:2015:ps_va") < 300
    assert 50 < evaluate("va:mic:JPN:2011:mfg_va") < 150
    # OECD 2025 edition in million USD: Germany's producer services about one trillion USD
    assert 0.5 < evaluate("va:oecd25:DEU:2022:ps_va") < 2
    shares = [evaluate(f"va:oecd25:JPN:2022:comp_{c}") for c in PS_CATEGORIES]
    assert sum(shares) == pytest.approx(100)
    assert evaluate("va:adb:USA:2022:ps_share_of_va") + evaluate(
        "va:adb:USA:2022:mfg_share_of_va") < 100


@pytest.mark.parametrize("level", ["high", "medium", "low"])
def test_input_shares_of_oecd25_by_technology_level(level):
    share = evaluate(f"ps_input:oecd25:USA:2022:{level}_share")
    assert 5 < share < 60
    value = evaluate(f"ps_input:oecd25:USA:2022:{level}_value")
    assert 0 < value < evaluate("ps_input:oecd25:USA:2022:value")


@pytest.mark.parametrize(("expr", "message"), [
    ("ps_input:adb:DEU:2022:share", "adb has value added but no inter-sector flows"),
    ("va:adb:DEU:2022:comp_science_tech", "has no sector for 'science_tech'; categories it "
                                          "separates: finance"),
    ("va:adb:DEU:2022:cat_va_water_env_public", "no sector for 'water_env_public'"),
    ("va:foo:DEU:2022:ratio", "unknown source 'foo' for this kind; valid: nbs, .*, adb"),
    ("va:adb:XXX:2022:ratio", "no table or value-added panel for adb XXX 2022; valid countries"),
    ("va:adb:DEU:2030:ratio", "adb DEU 2030; available: adb DEU 2000-2022"),
    ("va:oecd25:JPN:2021:ratio", "oecd25 JPN 2021; available: oecd25 JPN 2022"),
    ("va:mic:JPN:2020:ps_va", "mic JPN 2020; available: mic JPN 2011-2015"),
    ("va:adb:DEU:20x2:ratio", "year '20x2' is not a number"),
    ("va:adb:DEU:2022:colour", "va field 'colour'; valid: ps_va"),
])
def test_bad_metrics_of_the_new_sources_name_the_options(expr, message):
    with pytest.raises(MetricError, match=message):
        evaluate(expr)


@pytest.fixture(scope="module")
def checked() -> pd.DataFrame:
    return claims.run_checks()


def test_outcomes_are_as_reviewed(checked):
    changed = checked[checked["outcome"] != checked["expected"]]
    assert changed.empty, "outcomes changed: " + ", ".join(
        f"{r.id} expected {r.expected}, got {r.outcome} ({r.computed:.4g} vs {r.value})"
        for r in changed.itertuples())


@pytest.mark.parametrize("cid", ["t3.2017.total.value", "t3.2017.total.share",
                                 "t3.2020.total.value", "t3.2020.total.share"])
def test_table3_totals_and_shares_are_regenerated(checked, cid):
    row = checked.loc[cid]
    assert row["check"] == "regenerate"
    assert row["outcome"] == "match", f"{cid}: {row['computed']} vs {row['value']}"


def _checked(**changes: str) -> pd.DataFrame:
    base = {**ROW, "id": "t9.y.value", "formula": "", "check": "cite", "expected": "n/a",
            "note": "cited"}
    df = frame(base, {**ROW, **changes})
    assert claims.validate(df) == []
    df["value"], df["precision"] = df["value"].astype(float), df["precision"].astype(float)
    return claims.run_checks(df.set_index("id", drop=False))


@pytest.mark.parametrize(("formula", "message"), [
    ("t9.y.value / 0", "claim 't9.x.value'.*division by zero"),
    ("10 ** 400", "claim 't9.x.value'.*cannot be evaluated"),
    ("t9.y.value * 0 + 1e308 * 10", r"claim 't9.x.value'.*gives inf"),
])
def test_arithmetic_errors_name_the_claim(formula, message):
    with pytest.raises(claims.ClaimsError, match=message):
        _checked(formula=formula)


def test_non_finite_published_value_is_a_schema_error():
    problems = claims.validate(frame({**ROW, "value": "nan"}))
    assert any("line 2, claim 't9.x.value': value 'nan' is not a finite number" in p
               for p in problems), problems


def test_empty_registry_is_an_error():
    assert claims.validate(frame()) == ["no claims: expected one row per published number"]


def test_claims_json_is_strict_and_exits_non_zero_on_a_changed_outcome(tmp_path):
    import json
    import shutil
    import subprocess
    import sys

    from helpers import paths

    book = tmp_path / "book"
    (book / "data").mkdir(parents=True)
    shutil.copytree(paths.PUBLISHED, book / "data" / "published")
    csv = book / "data" / "published" / "claims.csv"
    df = pd.read_csv(csv, dtype=str, keep_default_na=False)
    first = df.index[df["check"] == "consistency"][0]
    df.loc[first, "expected"] = "differs" if df.loc[first, "expected"] == "match" else "match"
    df.to_csv(csv, index=False)
    code = ("import sys; from helpers import paths; from pathlib import Path; "
            "from helpers.claims import registry; "
            f"registry.CLAIMS_CSV = Path({str(csv)!r}); "
            "from helpers.cli import main; sys.exit(main(sys.argv[1:]))")
    r = subprocess.run([sys.executable, "-c", code, "claims", "--json"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 1
    records = json.loads(r.stdout)  # strict JSON: no NaN
    assert len(records) == len(df) and all(x["computed"] is None for x in records
                                           if x["check"] == "cite")
    err = json.loads(r.stderr)
    assert err["type"] == "ClaimsOutcomeChanged" and df.loc[first, "id"] in err["error"]
    csv.write_text("", encoding="utf-8")
    r = subprocess.run([sys.executable, "-c", code, "claims", "--json"], capture_output=True,
                       text=True, timeout=300)
    assert r.returncode == 2
    assert json.loads(r.stderr)["type"] == "ClaimsError" and "claims.csv" in r.stderr


@pytest.mark.parametrize(("year", "formula", "text"), [
    ("2024", "va:oecd25:DEU:2022:ratio", "open figure for 2022, published for 2024: 2 years apart"),
    ("2023", "va:bea:USA:2023:ps_va", "open figure for 2023, published for 2023: same year"),
    ("2017", "ps_input:wiod:DEU:2014:share", "published for 2017: 3 years apart"),
    ("1990-", "va:oecd25:JPN:2022:ratio", "open figure for 2022, published for 1990 onwards"),
    ("2015-2025", "wdi:TX.VAL.TECH.CD:CHN:2020:change_from_2015", "5 years before its end"),
    ("", "ps_input:bea:USA:2023:share", "open figure for 2023; the published figure names no year"),
    ("2000-2024", "va:adb:USA:2022:ratio - va:adb:USA:2000:ratio",
     "open figure for 2000, 2022, published for 2000-2024: start same year, end 2 years apart"),
])
def test_gap_text(year, formula, text):
    assert text in claims.gap_text(year, formula)


def test_every_proxy_note_states_the_year_gap():
    df = claims.load_claims()
    proxies = df[df["check"] == "proxy"]
    missing = [r.id for r in proxies.itertuples()
               if claims.gap_text(r.year, r.formula) not in r.note]
    assert not missing, f"proxy notes without their year gap: {missing}"


def test_no_german_or_japanese_table4_level_is_cited():
    df = claims.load_claims()
    rows = df[df["id"].str.match(r"^t4\.(deu|jpn)\.")]
    assert set(rows["check"]) == {"proxy", "consistency"}
    levels = rows.loc[rows["check"] == "proxy", "formula"]
    assert levels.str.contains(":mic:JPN:|:oecd25:DEU:").all()


def test_min_and_max_in_formulas():
    published = pd.Series({"a.b": 2.0, "c.d": 8.0, "e.f": 5.0})
    assert claims.evaluate_formula("e.f - max(a.b, c.d)", published) == pytest.approx(-3)
    assert claims.evaluate_formula("min(e.f - min(a.b, c.d), 1)", published) == 1
    with pytest.raises(claims.ClaimsError, match="unsupported"):
        claims.evaluate_formula("abs(a.b)", published)
    with pytest.raises(claims.ClaimsError, match="unsupported"):
        claims.evaluate_formula("max()", published)


def _consistency() -> pd.DataFrame:
    df = claims.load_claims()
    return df[df["check"] == "consistency"]


@pytest.mark.parametrize(("eco", "year"), ECONOMY_YEARS["t5"])
def test_each_table5_column_is_checked_to_add_to_100(eco, year):
    row = _consistency().loc[f"t5.{eco}.{year}.total"]
    parts = {f"t5.{eco}.{year}.{c}" for c in PS_CATEGORIES}
    assert row["value"] == 100 and set(row["formula"].split(" + ")) == parts


@pytest.mark.parametrize("year", [2017, 2020, 2023])
def test_each_table3_year_is_audited(year):
    rows = _consistency()
    groups = " + ".join(f"t3.{year}.{g}.value" for g in ("high", "medium", "low"))
    total = claims.load_claims().loc[f"t3.{year}.total.value", "value"]
    sums = rows[rows["formula"] == groups]
    assert not sums.empty and (sums["value"] == total).all()
    implied = rows.loc[f"t3.{year}.implied_share"]
    assert implied["value"] == claims.load_claims().loc[f"t3.{year}.total.share", "value"]


@pytest.mark.parametrize("year", [2017, 2023])
@pytest.mark.parametrize("eco", ["usa", "deu", "jpn"])
def test_each_table6_total_is_checked_against_its_groups(eco, year):
    row = _consistency().loc[f"t6.{year}.{eco}.within"]
    assert row["relation"] == "gt" and row["value"] == 0
    assert all(f"t6.{year}.{eco}.{g}" in row["formula"] for g in ("total", "high", "low"))


def test_each_table4_ratio_is_checked_against_its_values():
    df = claims.load_claims()
    ratios = df[df["id"].str.match(r"^t4\.[a-z]+\.\d{4}\.ratio$")]
    assert len(ratios) == 10
    for r in ratios.itertuples():
        stem = r.id.removesuffix(".ratio")
        assert r.check == "consistency" and r.formula == f"{stem}.ps / {stem}.mfg"


#: An id segment that names a ranking, direction or comparison.
RANKING_ID = (r"(?:^|\.)(?:highest|lowest|largest|most_complete|first|top_two|order|"
              r"ten_year_low|fewer|rose|fell|value_rose|both_rose|deepening|chn_below|"
              r"all_groups_below|above_[a-z_]+|below_[a-z_]+)(?:\.|$)")


def test_rankings_are_signed_differences(checked):
    rows = checked[checked["id"].str.contains(RANKING_ID)]
    # Every ranking, direction and comparison of the three documents (8 before the full pass
    # over them, 39 after, and 4 proxies from the provincial tables; ordinals such as "the
    # first tier" are not differences).
    assert len(rows) == 43
    assert (rows["value"] == 0).all() and rows["relation"].isin(["gt", "lt"]).all()
    assert rows.loc[rows["check"] == "cite", "note"].str.strip().all()
    differs = set(rows.loc[rows["outcome"] == "differs", "id"])
    # s2.real.info.below_usa_jpn matched once reread as 'below the leading peer' (its note)
    assert differs == {"s2.real.high.deepening", "gd.gdp.first.table2012"}
    assert set(rows["check"]) == {"consistency", "proxy", "cite"}


def test_a_ranking_against_every_economy_uses_a_lead(checked):
    rows = checked[checked["formula"].str.contains(":lead")]
    assert set(rows["id"]) == {"s2.theory.usa.ip_receipts.highest", "s5.mfg.chn.largest"}
    assert (rows["relation"] == "gt").all() and (rows["computed"] > 0).all()


def test_rows_on_the_tolerance_boundary_say_so(checked):
    eq = checked[(checked["relation"] == "eq") & checked["computed"].notna()]
    edge = eq[((eq["gap"].abs() - eq["precision"] / 2).abs() <= 1e-9)]
    assert not edge.empty
    unexplained = [r.id for r in edge.itertuples() if "on the boundary" not in r.note]
    assert not unexplained, f"rows on the tolerance boundary without a ruling: {unexplained}"


def test_a_direction_the_table_does_not_bear_out(checked):
    row = checked.loc["s2.real.high.deepening"]
    assert row["computed"] == pytest.approx(-0.6) and row["outcome"] == "differs"


def test_category_input_metric_and_open_year():
    from helpers.claims.report_tables import open_year
    from helpers.errors import HelpersError

    total = evaluate("ps_input:mic:JPN:2011:value")
    parts = sum(evaluate(f"ps_input:mic:JPN:2011:cat_{c}") for c in
                ("science_tech", "info_software", "finance", "transport", "wholesale",
                 "leasing_business", "water_env_public"))
    assert parts == pytest.approx(total, rel=1e-9)
    assert evaluate("ps_input:mic:JPN:2015:cat_science_tech") == 0  # R&D capitalised in 2015
    with pytest.raises(MetricError, match="cat_<category>"):
        evaluate("ps_input:mic:JPN:2011:cat_nothing")
    assert open_year("va:mic:JPN:2015:ps_va") == 2015
    with pytest.raises(HelpersError, match="not one metric"):
        open_year("t4.jpn.2023.ps / 2")


def test_lead_is_the_gap_to_the_largest_other_economy():
    from helpers.data.sources import snaama, wdi

    un = snaama.table()
    mfg = un[(un["item"] == "manufacturing") & (un["year"] == 2024)].set_index("country")["value"]
    assert evaluate("un:manufacturing:CHN:2024:lead") == pytest.approx(
        (mfg["CHN"] - mfg.drop("CHN").max()) / 1e12)
    assert evaluate("un:manufacturing:USA:2024:lead") < 0  # China is larger
    assert evaluate("un:manufacturing:USA:2024:share_of_va") == pytest.approx(
        100 * mfg["USA"] / snaama.value("total_va", "USA", 2024))
    ip = wdi.series("BX.GSR.ROYL.CD")
    ip = ip[ip["year"] == 2020].set_index("country")["value"]
    assert ip["WLD"] > ip["USA"]  # aggregates are in the file but not among the economies
    assert "WLD" not in wdi.economies() and "USA" in wdi.economies()
    economies_ = ip[ip.index.isin(wdi.economies())]
    assert evaluate("wdi:BX.GSR.ROYL.CD:USA:2020:lead") == pytest.approx(
        economies_["USA"] - economies_.drop("USA").max())
    assert evaluate("wdi:BX.GSR.ROYL.CD:JPN:2020:lead") < 0


@pytest.mark.parametrize(("expr", "message"), [
    ("un:steel:CHN:2024:value", "unknown UN national-accounts item 'steel'; valid: gdp"),
    ("un:manufacturing:CHN:2024:colour", "UN field 'colour'; valid: value, trillion"),
    ("un:manufacturing:CHN:2000:value", "no UN manufacturing value for CHN 2000; its years: "
                                        "2004-2024"),
    ("un:manufacturing:XXX:2024:lead", "no UN manufacturing value for XXX 2024; its years: none"),
    ("wdi:BX.GSR.ROYL.CD:XXX:2020:lead", r"no BX.GSR.ROYL.CD data for \['XXX'\]"),
    ("wdi:NV.SRV.TOTL.ZS:USA:2024:lead", "no WDI NV.SRV.TOTL.ZS value for USA 2024"),
])
def test_bad_un_and_lead_metrics_name_the_problem(expr, message):
    with pytest.raises(MetricError, match=message):
        evaluate(expr)


def test_un_workbook_without_an_item_or_cut_short(tmp_path):
    import openpyxl

    from helpers import paths
    from helpers.data.sources import snaama
    from helpers.errors import TableValidationError

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = snaama.SHEET
    sheet.append(["title"])
    sheet.append([])
    sheet.append(["CountryID", "Country", "IndicatorName", 2024])
    sheet.append([156, "China", "Manufacturing (ISIC D)", 4.7e12])
    short = tmp_path / "short.xlsx"
    book.save(short)
    with pytest.raises(TableValidationError, match=r"short\.xlsx: no rows for \['Gross Domestic"):
        snaama.parse(short, {156: "CHN"}, "short.xlsx")
    data = (paths.RAW / snaama.FILE).read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(TableValidationError, match=r"cut\.xlsx cannot be read as an Excel"):
        snaama.parse(cut, {}, "cut.xlsx")


#: What a cited row's note says when it gives the reason no open data here checks it.
CITE_REASON = re.compile(
    r"no open|not in this project|not among|not published|no statistic|no data|cannot be "
    r"checked|no stated source|open data here|not open here|not in this book's data|"
    r"nothing to check", re.I)


def test_every_cited_note_says_why_no_open_data_checks_it():
    df = claims.load_claims()
    cited = df[df["check"] == "cite"]
    silent = cited.loc[~cited["note"].str.contains(CITE_REASON), "id"].tolist()
    assert silent == [], f"cited rows whose note gives no reason: {silent}"
