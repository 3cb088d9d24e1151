"""Every sentence follows from its numbers (issue 13): each shipped template is rendered for every
area it is meant for with `render --explain`, and every audited statement — values, comparisons with
the city, changes, ranks, trends, notable changes, table cells and tiles — is checked against the
store (read here with sqlite3) and the rules of README "Comparisons with the city", implemented here
a second time. The PDF's text must hold every comparison word the audit names, and no more of them.

Also: a store in which the focus district's main indicators are suppressed or missing renders every
shipped template without broken German; English briefings hold no German function words; the
Leichte Sprache numbers never break across lines.
"""
from __future__ import annotations

import json
import re
import sqlite3
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "Templates"
DISTRICTS = [f"{i:02d}" for i in range(1, 11)]
# (template, areas it is rendered for)
SHIPPED = [
    ("monatsbericht-sozialausschuss.md", [None]),
    ("quartalsbericht.md", [None]),
    ("stadtteilprofil.md", DISTRICTS),
    ("district-profile.en.md", DISTRICTS),
    ("stadtteilprofil-leichte-sprache.md", DISTRICTS),
]


def shown(value: float, decimals: int) -> Decimal:
    """The value as displayed: half away from zero on its decimal text."""
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


# README "Comparisons with the city", implemented independently of Sources/Facts/ComparisonRule.swift.
DEFAULT_RULES = {
    "percent": ("share", Decimal("1"), Decimal("5")),
    "years": ("points", Decimal("0.5"), Decimal("1.5")),
    "euro": ("relative", Decimal("3"), Decimal("10")),
    "per_1000": ("relative", Decimal("5"), Decimal("20")),
    "index": ("relative", Decimal("5"), Decimal("20")),
    "count": ("none", Decimal(0), Decimal(0)),
}


def grade(size: Decimal, about: Decimal, clear: Decimal) -> int:
    return 0 if size < about else 1 if size < clear else 2


def expected_category(area: Decimal, city: Decimal, rule) -> str:
    measure, about, clear = rule
    delta = area - city
    relative = None if city == 0 else abs(delta) / abs(city) * 100
    rel_size = relative if relative is not None else (Decimal(0) if delta == 0 else Decimal("Infinity"))
    if measure == "points":
        g = grade(abs(delta), about, clear)
    elif measure == "relative":
        g = grade(rel_size, about, clear)
    elif measure == "share":
        g = grade(abs(delta), about, clear)
        if abs(city) < 10:
            g = max(g, 2 if rel_size >= 25 else 1 if rel_size >= 10 else 0)
    else:
        g = 0
    if g == 0:
        return "about"
    return ("slightly" if g == 1 else "well") + ("Above" if delta > 0 else "Below")


WORDS = {
    "de": {"wellAbove": "liegt deutlich über", "slightlyAbove": "liegt leicht über", "about": "entspricht etwa",
           "slightlyBelow": "liegt leicht unter", "wellBelow": "liegt deutlich unter"},
    "en": {"wellAbove": "is well above", "slightlyAbove": "is slightly above", "about": "is about the same as",
           "slightlyBelow": "is slightly below", "wellBelow": "is well below"},
}
EASY = {"wellAbove": "viel mehr", "slightlyAbove": "etwas mehr", "about": "etwa so wie",
        "slightlyBelow": "etwas weniger", "wellBelow": "viel weniger"}
CHANGE_WORDS = {"de": {"rising": "gestiegen", "falling": "gesunken", "unchanged": "unverändert"},
                "en": {"rising": "rose", "falling": "fell", "unchanged": "unchanged"}}
TILE_WORDS = {"de": {"rising": "gestiegen", "falling": "gesunken", "unchanged": "unverändert"},
              "en": {"rising": "up", "falling": "down", "unchanged": "unchanged"}}


class Store:
    def __init__(self, path: Path):
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        self.indicators = {}
        for row in db.execute("SELECT code, unit, decimals, polarity, comparison, comparison_about, comparison_clear FROM indicator"):
            code, unit, decimals, polarity, measure, about, clear = row
            rule = DEFAULT_RULES[unit] if measure is None else (measure, Decimal(repr(about or 0)), Decimal(repr(clear or 0)))
            self.indicators[code] = {"unit": unit, "decimals": decimals, "polarity": polarity, "rule": rule}
        self.cells = {}
        for ind, area, period, value, status in db.execute(
                "SELECT indicator_code, area_code, period, value, status FROM observation WHERE is_current = 1"):
            self.cells[(ind, area, period)] = (value, status)
        self.levels = dict(db.execute("SELECT code, level FROM area"))
        db.close()

    def cell(self, ind, area, period):
        return self.cells.get((ind, area, period), (None, "missing"))


@pytest.fixture(scope="module")
def demo(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("statements")
    store = folder / "demo.sqlite"
    made = civicbrief("demo", "--store", store, "--out", folder / "demo-out")
    assert made.returncode == 0, made.stderr
    return store, folder


def render_with_audit(civicbrief, store, folder, template, area):
    name = f"{Path(template).stem}-{area or 'city'}"
    pdf, audit = folder / f"{name}.pdf", folder / f"{name}.json"
    args = ["render", "--store", store, TEMPLATES / template, "--out", pdf, "--explain", audit]
    if area:
        args += ["--area", area]
    result = civicbrief(*args)
    assert result.returncode == 0, result.stderr
    return pdf, json.loads(audit.read_text(encoding="utf-8"))


def check_statement(s: dict, store: Store, lang: str) -> None:
    where = f"{s.get('place')}: {s['text']!r} ({s['kind']})"
    ind = s.get("indicator")
    if ind is None:
        return
    meta = store.indicators[ind]
    decimals = meta["decimals"]
    value, status = store.cell(ind, s["area"], s["period"])
    assert s["status"] == status, where
    if status in ("final", "provisional"):
        assert s["value"] is not None and shown(s["value"], decimals) == shown(value, decimals), where
    else:
        assert s.get("value") is None, where  # a suppressed value never reaches a statement
    kind, word = s["kind"], s.get("word")
    if kind == "comparison" and word in WORDS["de"]:
        c = s["compared"]
        city_value, city_status = store.cell(ind, c["area"], c["period"])
        assert city_status == c["status"] and city_value is not None, where
        expected = expected_category(shown(value, decimals), shown(city_value, decimals), meta["rule"])
        assert word == expected, f"{where}: the rule gives {expected}"
        assert WORDS[lang][word] in s["text"] or EASY[word] in s["text"], where
    elif kind == "change" and word in ("rising", "falling", "unchanged"):
        c = s["compared"]
        before, before_status = store.cell(ind, c["area"], c["period"])
        assert before is not None and before_status == c["status"], where
        delta = shown(value, decimals) - shown(before, decimals)
        direction = "rising" if delta > 0 else "falling" if delta < 0 else "unchanged"
        assert word == direction, where
        words = CHANGE_WORDS[lang] if "ggü" not in s["text"] and " vs " not in s["text"] else TILE_WORDS[lang]
        assert words[direction] in s["text"], where
    elif kind == "changeCell" and word in ("rising", "falling", "unchanged"):
        # A change printed as a signed number: the sign says the direction, the number the difference.
        c = s["compared"]
        before, _ = store.cell(ind, c["area"], c["period"])
        delta = shown(value, decimals) - shown(before, decimals)
        direction = "rising" if delta > 0 else "falling" if delta < 0 else "unchanged"
        assert word == direction, where
        sign = {"rising": "+", "falling": "\u2212", "unchanged": ""}[direction]
        number = s["text"].lstrip("+\u2212")
        assert s["text"].startswith(sign) and (direction != "unchanged" or s["text"][0].isdigit()), where
        separator, grouping = ("," , ".") if lang == "de" else (".", ",")
        assert float(number.replace(grouping, "").replace(separator, ".")) == pytest.approx(float(abs(delta))), where
    elif kind == "rank" and word == "rank":
        r = s["rank"]
        level = store.levels[s["area"]]
        others = [shown(v, decimals) for (i, a, p), (v, st) in store.cells.items()
                  if i == ind and p == s["period"] and store.levels.get(a) == level and st in ("final", "provisional") and v is not None]
        own = shown(value, decimals)
        better = (lambda x: x < own) if meta["polarity"] == "higher_is_worse" else (lambda x: x > own)
        position = 1 + sum(1 for v in others if better(v))
        assert (r["position"], r["count"]) == (position, len(others)), where
        assert r["firstIs"] == ("lowest" if meta["polarity"] == "higher_is_worse" else "highest"), where
        assert (f"Rang\u00a0{position} von {len(others)}" in s["text"]) if lang == "de" else (f" of {len(others)}" in s["text"]), where
    elif kind == "notable":
        c = s["compared"]
        before, _ = store.cell(ind, c["area"], c["period"])
        assert before is not None and shown(s["compared"]["value"], decimals) == shown(before, decimals), where


COMPARISON = {"de": re.compile(r"(liegt (?:deutlich|leicht) (?:über|unter)|entspricht etwa) dem städtischen Durchschnitt"),
              "en": re.compile(r"is (?:well above|slightly above|about the same as|well below|slightly below) the city average")}


@pytest.mark.parametrize("template,areas", SHIPPED, ids=[t for t, _ in SHIPPED])
def test_every_audited_statement_follows_from_the_store(civicbrief, demo, template, areas):
    store_path, folder = demo
    store = Store(store_path)
    for area in areas:
        pdf, audit = render_with_audit(civicbrief, store_path, folder, template, area)
        lang = "en" if audit["language"].startswith("en") else "de"
        statements = audit["statements"]
        assert statements, f"{template} {area}: nothing audited"
        for s in statements:
            check_statement(s, store, lang)
        kinds = {s["kind"] for s in statements}
        if template in ("stadtteilprofil.md", "district-profile.en.md"):
            assert {"value", "comparison", "change", "cell", "tile"} <= kinds, (template, area, kinds)
        # Every comparison sentence in the PDF is in the audit, and no audited one is missing.
        text = harness.normalize(harness.pdftotext(pdf).replace("\u00ad\n", "").replace("\u00ad", ""))
        printed = len(COMPARISON[lang].findall(text))
        audited = sum(1 for s in statements if s["kind"] == "comparison" and COMPARISON[lang].search(harness.normalize(s["text"])))
        assert printed == audited, f"{template} {area}: {printed} comparisons printed, {audited} audited"
        # One value per fact: a cell, a tile and a sentence about the same thing say the same number.
        seen = {}
        for s in statements:
            if s["kind"] in ("value", "cell", "tile") and s.get("value") is not None:
                key = (s["indicator"], s["area"], s["period"])
                assert seen.setdefault(key, s["value"]) == s["value"], key
        # The population is stated once, from the residents indicator the table shows too.
        assert not any((s.get("expression") or "").startswith("area.population") for s in statements), template


BROKEN = [
    (re.compile(r"\b(\w+) \1\b"), "a doubled word"),
    (re.compile(r"\(\s*\)"), "empty brackets"),
    (re.compile(r"(?:beträgt|von|auf|bei|mit|is|of|at) [x–](?:[ .,;)]|$)"), "a table symbol in running text"),
    (re.compile(r"\bist ist\b|\bDas ist (?:liegt|ist|hat)\b"), "broken German"),
]


def test_suppressed_and_missing_values_read_correctly_in_every_shipped_template(civicbrief, demo, tmp_path):
    """Issue 13: Schlutup's SGB II rate suppressed printed „beträgt x und ist … gesperrt (9,0 %). Das ist ist …“."""
    store_path, _ = demo
    store = tmp_path / "suppressed.sqlite"
    store.write_bytes(store_path.read_bytes())
    # The focus district (08) has every main indicator of every shipped template suppressed or missing.
    rows = ["indikator;gebiet;zeitraum;wert"]
    for ind, status in [("arm_sgb2", "x"), ("arm_kinder_sgb2", "x"), ("arb_alq", "."), ("arb_jugend", "x"),
                        ("dig_leihgeraete", "x"), ("bev_einwohner", ".")]:
        period = "2025" if ind == "bev_einwohner" else "2026-10"
        rows.append(f"{ind};08;{period};{status}")
    for ind, status in [("arm_grusi", "x"), ("soz_hze", "."), ("dig_anlaufstellen", "x")]:
        rows.append(f"{ind};08;2026-Q3;{status}")
    (tmp_path / "suppress.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    imported = civicbrief("import", "--store", store, tmp_path / "suppress.csv")
    assert imported.returncode == 0, imported.stderr
    civicbrief("index", "compute", "--store", store)
    for template, area in [("stadtteilprofil.md", "08"), ("district-profile.en.md", "08"),
                           ("stadtteilprofil-leichte-sprache.md", "08"), ("monatsbericht-sozialausschuss.md", None),
                           ("quartalsbericht.md", None)]:
        out = tmp_path / f"{Path(template).stem}.pdf"
        args = ["render", "--store", store, TEMPLATES / template, "--out", out, "--period", "2026-Q3" if "quartal" in template else "2026-10"]
        if area:
            args += ["--area", area]
        result = civicbrief(*args)
        assert result.returncode == 0, result.stderr
        harness.check_pdf(out)
        # Running text only: the page furniture and the tables (symbols belong there) are left out.
        tagged = harness.read_tagged(out)
        sentences = " ".join(harness.normalize(e.text) for e in tagged.of_type("P", "LBody"))
        for pattern, what in BROKEN:
            found = pattern.search(sentences)
            assert not found, f"{template}: {what}: …{sentences[max(0, found.start() - 80):found.end() + 80]}…"
        # No sentence is printed twice in a row.
        parts = [p.strip() for p in re.split(r"(?<=[.!?])\s+", sentences) if len(p.strip()) > 20]
        for a, b in zip(parts, parts[1:]):
            assert a != b, f"{template}: doubled sentence {a!r}"
        if area == "08" and template == "stadtteilprofil.md":
            assert "Die SGB-II-Quote ist für Oktober 2026 aus Datenschutzgründen gesperrt." in sentences
            assert "Die Arbeitslosenquote liegt für Oktober 2026 nicht vor." in sentences


GERMAN_FUNCTION_WORDS = ["und", "der", "die", "das", "ist", "nicht", "mit", "von", "für", "dem", "den", "des",
                         "eine", "ein", "oder", "auf", "bei", "Daten", "Quelle", "Lizenz", "Zähler", "Nenner",
                         "Stichtag", "gesperrt", "vorläufig", "Stadt", "Gesamtstadt", "Einwohner"]
# Proper names that contain such words (organisations, German legal terms the city's English pages keep).
ALLOWED = ["Hansestadt Lübeck", "Sozialausschuss", "Bürgergeld", "Monitoring Soziale Stadtentwicklung", "Stadtbezirk",
           "St. Lorenz", "St. Jürgen", "St. Gertrud", "Alt-Moisling/Genin", "SGB"]


def test_english_briefings_hold_no_german_words(civicbrief, demo):
    store, folder = demo
    for area in ["03", "08"]:
        pdf, _ = render_with_audit(civicbrief, store, folder, "district-profile.en.md", area)
        text = harness.normalize(harness.pdftotext(pdf).replace("\u00ad", ""))
        for name in ALLOWED:
            text = text.replace(name, " ")
        # Area names are proper names too.
        words = set(re.findall(r"[A-Za-zÄÖÜäöüß]+", text))
        found = [w for w in GERMAN_FUNCTION_WORDS if w in words]
        assert not found, f"German words in the English profile of {area}: {found}"


def test_a_template_in_one_language_is_not_rendered_in_another(civicbrief, demo, tmp_path):
    store, _ = demo
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03", "--lang", "en",
                        "--out", tmp_path / "x.pdf")
    assert result.returncode == 2
    assert "stadtteilprofil.md:4:1: the template is written in de and cannot be rendered with --lang en" in result.stderr, result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_easy_read_numbers_never_break_across_lines(civicbrief, demo):
    store, folder = demo
    for area in DISTRICTS:
        pdf, _ = render_with_audit(civicbrief, store, folder, "stadtteilprofil-leichte-sprache.md", area)
        lines = [l.strip() for l in harness.pdftotext(pdf, layout=True).splitlines() if l.strip()]
        for a, b in zip(lines, lines[1:]):
            assert not re.search(r"\b(?:jede[rs]?|fast|etwa|von|mehr als)$", a) or not re.match(r"\d", b), (area, a, b)
            assert not (re.search(r"\d\.$", a) and b.startswith(("Person", "Kind", "Haushalt", "Quartal"))), (area, a, b)
