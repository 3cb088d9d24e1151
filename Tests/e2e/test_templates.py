"""End-to-end checks of `civicbrief check` and `civicbrief render` with the shipped templates.

The expected sentences are computed here from `civicbrief export` (the store's raw values) with the
formatting and thresholds documented in README ("Facts and phrases"), independently of the Swift code.
"""
from __future__ import annotations

import csv
import io
import json
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "Templates"
SHIPPED = [
    ("monatsbericht-sozialausschuss.md", None),
    ("stadtteilprofil.md", "03"),
    ("district-profile.en.md", "04"),
    ("stadtteilprofil-leichte-sprache.md", "09"),
    ("quartalsbericht.md", None),
]


@pytest.fixture(scope="module")
def demo(civicbrief, tmp_path_factory):
    """A fresh demo store and its current observations as {(indicator, area, period): (value, status)}."""
    folder = tmp_path_factory.mktemp("templates")
    store = folder / "demo.sqlite"
    result = civicbrief("demo", "--store", store, "--out", folder / "demo-out")
    assert result.returncode == 0, result.stderr
    exported = civicbrief("export", "--store", store)
    assert exported.returncode == 0, exported.stderr
    values = {}
    for row in csv.DictReader(io.StringIO(exported.stdout)):
        value = float(row["value"]) if row["value"] else None
        values[(row["indicator"], row["area"], row["period"])] = (value, row["status"])
    return store, folder, values


def german(value: float, decimals: int = 1) -> str:
    """de-DE number: half away from zero on the decimal text, point for thousands, comma for decimals."""
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    whole, _, fraction = f"{abs(q):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    text = grouped + ("," + fraction if fraction else "")
    return ("-" if q < 0 else "") + text


def percent(value: float) -> str:
    return german(value) + "\u00a0%"


def latest_complete_month(values, indicators) -> str:
    """The latest month in which all ten districts have a final or provisional value for every indicator."""
    districts = [f"{i:02d}" for i in range(1, 11)]
    months = sorted({p for (ind, _, p) in values if ind in indicators and len(p) == 7}, reverse=True)
    for month in months:
        if all(values.get((ind, d, month), (None, "missing"))[0] is not None
               and values[(ind, d, month)][1] in ("final", "provisional")
               for ind in indicators for d in districts):
            return month
    raise AssertionError("no complete month in the demo store")


def render(civicbrief, store, folder, template, area=None, *extra):
    out = folder / (Path(template).stem + f"-{area or 'city'}.pdf")
    args = ["render", "--store", store, TEMPLATES / template, "--out", out, *extra]
    if area:
        args += ["--area", area]
    result = civicbrief(*args)
    assert result.returncode == 0, result.stderr
    assert out.is_file()
    return out


@pytest.mark.parametrize("template,area", SHIPPED)
def test_every_shipped_template_renders_an_accessible_pdf_that_says_the_data_are_synthetic(civicbrief, demo, template, area):
    store, folder, _ = demo
    pdf = render(civicbrief, store, folder, template, area)
    harness.check_pdf(pdf)
    text = harness.normalize(harness.pdftotext(pdf))
    assert ("synthetische Demodaten" in text or "synthetic demo data" in text or "Die Zahlen sind ausgedacht" in text), text[:400]


def test_check_accepts_every_shipped_template(civicbrief, demo):
    store, _, _ = demo
    result = civicbrief("check", "--store", store, *[TEMPLATES / t for t, _ in SHIPPED])
    assert result.returncode == 0, result.stderr


def test_district_profile_states_the_demo_values(civicbrief, demo):
    store, folder, values = demo
    month = latest_complete_month(values, ["arm_sgb2", "arm_kinder_sgb2", "arb_alq"])
    own, status = values[("arm_sgb2", "03", month)]
    city, _ = values[("arm_sgb2", "00", month)]
    # City comparison of shares on displayed values: 5 percentage points or more → „deutlich über“
    # (README "Comparisons with the city").
    shown_own, shown_city = float(Decimal(german(own).replace(",", "."))), float(Decimal(german(city).replace(",", ".")))
    assert shown_own - shown_city >= 5, "the demo data were expected to show Moisling well above the city"
    # Rank 1 = lowest SGB-II rate (higher is worse); ties share the better rank.
    others = [float(Decimal(german(values[("arm_sgb2", f"{i:02d}", month)][0]).replace(",", ".")))
              for i in range(1, 11)]
    rank = 1 + sum(1 for v in others if v < shown_own)

    pdf = render(civicbrief, store, folder, "stadtteilprofil.md", "03", "--period", month)
    reading = harness.reading_text(pdf)
    provisional = "vorläufig " if status == "provisional" else ""
    last = " – das ist der höchste Anteil" if rank == 10 else " (Rang 1 ist der niedrigste Anteil)"
    expected = (f"Die SGB-II-Quote beträgt {provisional}{percent(own)} und liegt deutlich über dem städtischen "
                f"Durchschnitt von {percent(city)}. Sie liegt auf Rang {rank} von 10 Stadtteilen{last}.")
    assert harness.squash(expected) in reading, expected
    assert harness.squash("Stadtteilprofil Moisling") in reading
    # Page 1 says what matters most: the key figures, the notable changes, the social index class.
    pages = [harness.normalize(p) for p in harness.pdftotext(pdf).split("\f")]
    for words in ["Das Wichtigste in Kürze", "SGB-II-Quote", "18,2 %", "Auffällige Veränderungen",
                  "Sozialindex (Stand Oktober 2026): Statusklasse"]:
        assert words in pages[0], (words, pages[0][-400:])
    # At most four pages, then the appendix of definitions; every indicator is in the overview and
    # has its definition there.
    appendix = next(i for i, p in enumerate(pages) if "Definitionen und Quellen" in p)
    assert appendix <= 3, f"the definitions start on page {appendix + 1}"
    body, definitions = reading.split(harness.squash("Definitionen und Quellen"))[0], reading.split(harness.squash("Definitionen und Quellen"))[1]
    import sqlite3
    db = sqlite3.connect(store)
    labels = [row[0] for row in db.execute("SELECT short_label FROM indicator")]
    db.close()
    for label in labels:
        assert harness.squash(label) in body, f"{label} is not in the overview"
        assert harness.squash(f"{label}:") in definitions, f"{label} has no definition"
    assert harness.squash("Quelle aller Kennzahlen: Synthetische Demodaten (CivicBrief); Lizenz: CC0 1.0") in definitions
    # No repeated sentence pattern: the overview replaced the thirty „Der Wert ist gegenüber …“ sentences.
    assert " ".join(pages).count("Der Wert ist gegenüber") <= 8
    harness.check_pdf(pdf)


def test_monthly_pack_states_the_city_value_and_its_change(civicbrief, demo):
    store, folder, values = demo
    month = latest_complete_month(values, ["arm_sgb2", "arm_kinder_sgb2", "arb_alq"])
    year, m = map(int, month.split("-"))
    previous = f"{year}-{m - 1:02d}" if m > 1 else f"{year - 1}-12"
    now, status = values[("arm_sgb2", "00", month)]
    before, _ = values[("arm_sgb2", "00", previous)]
    delta = Decimal(german(now).replace(",", ".")) - Decimal(german(before).replace(",", "."))
    months = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
              "Oktober", "November", "Dezember"]
    label = f"{months[m - 1]} {year}"
    if delta == 0:
        change = "ist gegenüber dem Vormonat unverändert geblieben"
    else:
        amount = german(float(abs(delta)))
        unit = "Prozentpunkt" if amount == "1" else "Prozentpunkte"
        change = f"ist gegenüber dem Vormonat um {amount} {unit} {'gestiegen' if delta > 0 else 'gesunken'}"

    pdf = render(civicbrief, store, folder, "monatsbericht-sozialausschuss.md", None, "--period", month)
    reading = harness.reading_text(pdf)
    first = f"Die SGB-II-Quote der Gesamtstadt beträgt {'vorläufig ' if status == 'provisional' else ''}{percent(now)}."
    assert harness.squash(first + " Sie " + change) in reading, first
    # The definition is in the appendix, compact, under the label the text uses.
    assert harness.squash("SGB-II-Quote: SGB-II-Quote (Bürgergeld) – Leistungsberechtigte nach SGB II (Bürgergeld) je 100 "
                          "Einwohner unter der Regelaltersgrenze. Erhebung: Monatsende, monatlich.") in reading


def test_english_profile_uses_british_number_format(civicbrief, demo):
    store, folder, values = demo
    month = latest_complete_month(values, ["arm_sgb2", "arm_kinder_sgb2", "arb_alq"])
    own, status = values[("arb_alq", "04", month)]
    pdf = render(civicbrief, store, folder, "district-profile.en.md", "04", "--period", month)
    text = harness.normalize(harness.pdftotext(pdf))
    shown = german(own).replace(",", ".") + "%"
    assert f"The unemployment rate is {'provisionally ' if status == 'provisional' else ''}{shown}" in text, text[:600]
    # Indicator names in English (the store's name_en / short_label_en), in text, tiles, charts and tables.
    assert "The SGB II rate (share of residents receiving Bürgergeld)" in text, text[:900]
    assert "Figure 1: SGB II rate in Buntekuh and the city as a whole" in text
    assert "All indicators at a glance" in text and "Position among districts" in text
    reading = harness.reading_text(pdf)
    for label in ["Childcare under 3", "Old-age basic support", "Long-term unemployed"]:
        assert harness.squash(label) in reading, label
    for german_label in ["SGB-II-Quote", "Kita unter 3", "Langzeitarbeitslose"]:
        assert harness.squash(german_label) not in reading, german_label
    # … and definitions in English (the store's numerator_en, denominator_en, reference_date_en).
    assert harness.squash("Unemployment rate: Unemployed people (SGB II and SGB III) per 100 residents aged 15 to "
                          "under 65. Reference date: mid-month (count day), monthly.") in reading


def test_check_reports_every_problem_with_its_position(civicbrief, demo, tmp_path):
    store, _, _ = demo
    bad = tmp_path / "kaputt.md"
    bad.write_text(
        "---\ntitle: Kaputt\nlanguage: de\narea_level: district\ngranularity: month\n---\n"
        "Wert {{ facts.gibtsnicht.current.formatted }}\n\n```table\nindicator: arm_sgb2\nareas: [\"03\", \"77\"]\n```\n",
        encoding="utf-8")
    result = civicbrief("check", "--store", store, bad, "--area", "03")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{bad}:7:15: no indicator \"gibtsnicht\" in the store (facts.gibtsnicht) — list the codes with `civicbrief inspect`",
        f"{bad}:11:15: unknown area \"77\" — area codes are text with leading zeros, e.g. \"03\"; list them with `civicbrief inspect`",
    ], result.stderr


def test_render_writes_the_default_file_name_and_the_document_json(civicbrief, demo, tmp_path):
    store, _, values = demo
    month = latest_complete_month(values, ["arm_sgb2", "arm_kinder_sgb2", "arb_alq"])
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03",
                        "--emit-document", tmp_path / "doc.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "Output" / f"stadtteilprofil-03-{month}-de.pdf").is_file()
    assert '"title" : "Stadtteilprofil Moisling"' in (tmp_path / "doc.json").read_text(encoding="utf-8")


def test_the_document_json_carries_charts_as_data_and_typesets_to_the_same_pdf(civicbrief, demo, tmp_path, check_pdf):
    """Charts reach the document as their spec and values and are drawn at layout: the emitted JSON
    holds `chart` blocks (no drawing), `typeset` makes the same PDF from it byte for byte, and
    `--charts-drawn` writes the figures and data tables Layout drew instead."""
    store, _, _ = demo
    rendered, typeset, document = tmp_path / "render.pdf", tmp_path / "typeset.pdf", tmp_path / "doc.json"
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03", "--out", rendered,
                        "--emit-document", document)
    assert result.returncode == 0, result.stderr
    blocks = json.loads(document.read_text(encoding="utf-8"))["blocks"]
    charts = [b for b in blocks if b["type"] == "chart"]
    assert [c["spec"]["kind"] for c in charts] == ["line", "map"]
    assert not [b for b in blocks if b["type"] == "figure"]
    moisling = next(s for s in charts[0]["data"]["series"] if s["code"] == "03")
    assert moisling["name"] == "Moisling" and len(moisling["values"]) >= 2
    result = civicbrief("typeset", document, "--out", typeset)
    assert result.returncode == 0, result.stderr
    assert typeset.read_bytes() == rendered.read_bytes()
    check_pdf(typeset)
    drawn = tmp_path / "drawn.json"
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03", "--out", tmp_path / "x.pdf",
                        "--emit-document", drawn, "--charts-drawn")
    assert result.returncode == 0, result.stderr
    drawn_blocks = json.loads(drawn.read_text(encoding="utf-8"))["blocks"]
    figures = [b for b in drawn_blocks if b["type"] == "figure"]
    assert len(figures) == 2 and not [b for b in drawn_blocks if b["type"] == "chart"]
    assert any(i["type"] == "text" and "Moisling" in i["text"] for i in figures[0]["drawing"]["items"])
    assert figures[0]["alt"].startswith("Liniendiagramm")
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03", "--charts-drawn")
    assert result.returncode != 0 and "--charts-drawn applies to --emit-document" in result.stderr


def test_render_timings_name_every_stage_from_store_to_file(civicbrief, demo, tmp_path, check_pdf):
    store, _, _ = demo
    out = tmp_path / "pack.pdf"
    result = civicbrief("render", "--store", store, TEMPLATES / "monatsbericht-sozialausschuss.md", "--out", out, "--timings")
    assert result.returncode == 0, result.stderr
    line = next(l for l in result.stderr.splitlines() if l.startswith("timings: "))
    stages = [part.split("=")[0] for part in line[len("timings: "):].split()]
    assert stages == ["facts", "charts", "template", "layout", "pdf", "finishing", "write", "pages"]
    assert all(float(part.split("=")[1].rstrip("ms")) > 0 for part in line[len("timings: "):].split()[:7])
    check_pdf(out)
    # No ligature swallows a soft hyphen: the page text has the word as written, so search finds it
    # (with an ff-ligature across the hyphenation point, pdftotext read "Auf\u00adfällige").
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "Auffällige Veränderungen in den Stadtteilen" in text
