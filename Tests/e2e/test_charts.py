"""Every chart type, drawn by Sources/Charts into Tests/e2e/fixtures/charts/*.json (the Swift test
FixtureTests keeps those files current), typeset into a PDF the accessibility checkers accept: one
Figure per chart with the generated alt text, chart text real and inside the Figure, map data tables."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import harness
from conftest import FIXTURES, REPO

CHARTS = sorted((FIXTURES / "charts").glob("*.json"))


def figures(document: dict) -> list[dict]:
    return [b for b in document["blocks"] if b["type"] == "figure"]


@pytest.mark.parametrize("document", CHARTS, ids=[p.stem for p in CHARTS])
def test_every_chart_type_passes_the_checkers(document: Path, rendered, check_pdf, read_tagged):
    model = json.loads(document.read_text(encoding="utf-8"))
    pdf = rendered(document)
    check_pdf(pdf)
    tagged = read_tagged(pdf)
    found = tagged.of_type("Figure")
    expected = figures(model)
    assert len(found) == len(expected) == 10
    assert [f.alt for f in found] == [f["alt"] for f in expected]
    # Chart labels are real text inside their Figure, not outlines or artifacts.
    for element, figure in zip(found, expected):
        labels = [i["text"] for i in figure["drawing"]["items"] if i["type"] == "text"]
        assert labels, "a chart without any text"
        text = harness.squash(element.text)
        for label in labels:
            assert harness.squash(label) in text, f"{label!r} is not in the Figure's text"
    # The maps add their data as a tagged table (default on), the monthly line asked for one; the tile maps for none.
    assert len(tagged.of_type("Table")) == 3


def test_alt_texts_state_type_and_finding():
    de = json.loads((FIXTURES / "charts" / "charts-de.json").read_text(encoding="utf-8"))
    alts = [f["alt"] for f in figures(de)]
    assert alts[0].startswith("Liniendiagramm – Arbeitslosenquote, Oktober 2022 bis Oktober 2024: In Moisling stieg der Wert")
    assert alts[1] == ("Balkendiagramm – Arbeitslosenquote, Oktober 2024, 10 Gebiete: Den höchsten Wert hat Moisling mit "
                       "12,5\u00a0%, den niedrigsten St. Jürgen mit 3,1\u00a0%; der städtische Wert liegt bei 7,5\u00a0%. "
                       "Moisling hat mit 12,5\u00a0% den höchsten Wert von 10.")
    assert alts[4].startswith("Karte – Arbeitslosenquote, Oktober 2024, 10 Gebiete in 4 Klassen:")
    assert alts[8] == ("Karte – Sozialindex (MSS), Oktober 2024, 10 Gebiete. Status: hoch 3, mittel 3, niedrig 2, "
                       "sehr niedrig 1. Dynamik: positiv 2, stabil 5, negativ 2. Status sehr niedrig: Moisling. "
                       "Ohne Statusklasse: Schlutup. Hervorgehoben ist Moisling.")


def test_shipped_templates_draw_charts_with_alt_texts(civicbrief, tmp_path, read_tagged):
    store = tmp_path / "demo.sqlite"
    made = civicbrief("demo", "--store", store, "--out", tmp_path / "demo-out")
    assert made.returncode == 0, made.stderr
    profile = tmp_path / "profil.pdf"
    r = civicbrief("render", REPO / "Templates" / "stadtteilprofil.md", "--area", "03", "--store", store, "--out", profile)
    assert r.returncode == 0, r.stderr
    # Dates and periods are joined by no-break spaces (they never break across lines); compared with spaces.
    tagged = read_tagged(profile)
    in_tables = {id(f) for t in tagged.of_type("Table") for f in t.all("Figure")}
    alts = [f.alt.replace("\u00a0", " ") for f in tagged.of_type("Figure") if id(f) not in in_tables]
    assert len(alts) == 2
    # The overview's graphic column: one Figure per indicator, inside its row's cell, said in sentences.
    marks = [f for t in tagged.of_type("Table") for f in t.all("Figure")]
    assert len(marks) >= 25
    for f in marks:
        text = f.alt.replace("\u00a0", " ")
        assert text.startswith(("Moisling hat ", "Für Moisling wird kein Wert gezeigt.")), text
        assert re.search(r" \d+ Stadtteile (mit Wert )?reichen von ", text), text
    assert alts[0].startswith("Liniendiagramm – SGB-II-Quote (Bürgergeld), Oktober 2025 bis Oktober 2026: In Moisling ")
    assert alts[1].startswith("Karte – SGB-II-Quote (Bürgergeld), Oktober 2026, 10 Gebiete in 4 Klassen: ")
    assert alts[1].endswith("Hervorgehoben ist Moisling mit 18,2 %.")
    monthly = tmp_path / "monat.pdf"
    r = civicbrief("render", REPO / "Templates" / "monatsbericht-sozialausschuss.md", "--store", store, "--out", monthly)
    assert r.returncode == 0, r.stderr
    alts = [f.alt.replace("\u00a0", " ") for f in read_tagged(monthly).of_type("Figure")]
    assert [a.split(" – ")[0] for a in alts] == ["Diagrammgruppe", "Balkendiagramm"]
