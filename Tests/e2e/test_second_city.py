"""Any city on its own data (issue 16, items 1 and 2): a synthetic second city with other conventions —
Bezirke with two-digit codes, Planungsräume with eight-digit codes, its own area names, an indicator
of its own, its own index definition, geometries for its areas and its own city profile — rendered
with the shipped templates unchanged. Every PDF passes the checkers, and no word of Lübeck's
profile (its name, official name, level nouns, committee) appears in any of them.

The values are generated: the demo generator's synthetic series, moved onto the new city's areas."""
from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

import harness
from conftest import REPO

TEMPLATES = REPO / "Templates"
BEZIRKE = ["Altstadt", "Nordufer", "Südhang", "Westpark", "Ostend", "Mühlental"]
PROFILE = """\
name: Neustadt am Fluss
official_name:
  de: Stadt Neustadt am Fluss
  en: City of Neustadt am Fluss
genitive:
  de: der Stadt Neustadt am Fluss
  en: of the City of Neustadt am Fluss
organisation: Stadt Neustadt am Fluss · Sozialamt
logo: logo.json
committee:
  de: Ausschuss für Soziales
  en: Welfare Committee
levels:
  district:
    de: {singular: Bezirk, plural: Bezirke, dative_plural: Bezirken, gender: masculine, compound: Bezirks}
    en: {singular: borough, plural: boroughs}
  subdistrict:
    de: {singular: Planungsraum, plural: Planungsräume, dative_plural: Planungsräumen, gender: masculine, compound: Planungsraum}
    en: {singular: planning area, plural: planning areas}
"""
INDEX = """\
code: mss_neustadt
name: Sozialindex Neustadt (MSS-Methode)
level: subdistrict
status_indicators: [arm_sgb2, arm_kinder_sgb2, arb_alq]
dynamics_years: 1
minimum_population: 500
standard_deviation: sample
classify_on: rounded
decimals: 2
status_classes:
  - {key: hoch, name_de: hoch, name_en: high, upper: -1.0, includes_upper: false}
  - {key: mittel, name_de: mittel, name_en: medium, upper: 1.0, includes_upper: true}
  - {key: niedrig, name_de: niedrig, name_en: low, upper: 1.5, includes_upper: true}
  - {key: sehr_niedrig, name_de: sehr niedrig, name_en: very low}
dynamics_classes:
  - {key: positiv, name_de: positiv, name_en: positive, upper: -1.0, includes_upper: false}
  - {key: stabil, name_de: stabil, name_en: stable, upper: 1.0, includes_upper: true}
  - {key: negativ, name_de: negativ, name_en: negative}
"""
# Every word of the demo city's profile (DemoStore/DemoCity.swift).
LUEBECK_WORDS = ["Lübeck", "Hansestadt", "Hanseatic", "Stadtteil", "Stadtbezirk", "Sozialausschuss", "Social Affairs Committee",
                 "subdistrict"]


def square(x: int, y: int, size: float = 0.01) -> list:
    x0, y0 = 10.0 + x * size, 53.0 + y * size
    return [[[x0, y0], [x0 + size, y0], [x0 + size, y0 + size], [x0, y0 + size], [x0, y0]]]


@pytest.fixture(scope="module")
def city(civicbrief, tmp_path_factory):
    """The second city's folder: store, profile, index definition; the demo's series as its data."""
    source = tmp_path_factory.mktemp("source")
    made = civicbrief("demo", "--store", source / "demo.sqlite", "--out", source / "out")
    assert made.returncode == 0, made.stderr
    areas = json.loads(civicbrief("inspect", "--store", source / "demo.sqlite", "--json").stdout)["areas"]
    metadata = civicbrief("export", "--store", source / "demo.sqlite", "--metadata").stdout
    indicators = metadata[metadata.index("indicators:"):]
    values = list(csv.DictReader(io.StringIO(civicbrief("export", "--store", source / "demo.sqlite").stdout)))

    # Six Bezirke (11…16) from the demo's first six districts, their sub-areas as Planungsräume
    # with eight-digit codes; the city is 00.
    districts = [a for a in areas if a["level"] == "district"][:6]
    codes = {"00": "00"}
    rows = ["code,name,level,parent,population,population_date",
            "00,Neustadt am Fluss,city,,180000,2024-12-31"]
    features = []
    for i, d in enumerate(districts):
        code = f"{11 + i}"
        codes[d["code"]] = code
        rows.append(f"{code},{BEZIRKE[i]},district,00,{d['population']},2024-12-31")
        subs = [a for a in areas if a["level"] == "subdistrict" and a.get("parent") == d["code"]]
        for j, s in enumerate(subs):
            sub = f"{code}{j + 1:02d}0000"
            codes[s["code"]] = sub
            rows.append(f"{sub},{BEZIRKE[i]} {j + 1},subdistrict,{code},{s['population']},2024-12-31")
            features.append({"type": "Feature", "properties": {"schluessel": sub},
                             "geometry": {"type": "Polygon", "coordinates": square(i * 3 + j % 3, j // 3)}})
        features.append({"type": "Feature", "properties": {"schluessel": code},
                         "geometry": {"type": "Polygon", "coordinates": square(i * 3, 0, 0.03)}})
    folder = tmp_path_factory.mktemp("neustadt")
    (folder / "areas.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    # The demo's indicators, and one of the city's own: places in day care per 100 children under 6.
    own = """  - code: "kita_plaetze"
    name: "Betreuungsplätze je 100 Kinder unter 6 Jahren"
    short_label: "Kita-Plätze"
    name_en: "Day-care places per 100 children under 6"
    short_label_en: "Day-care places"
    domain: social_services
    unit: count
    decimals: 0
    polarity: higher_is_better
    granularity: year
    definition:
      numerator: "Betreuungsplätze in Kindertagesstätten"
      denominator: "Kinder unter 6 Jahren"
      reference_date: "31.12."
    source: "Synthetische Testdaten"
    licence: "CC0 1.0"
    synthetic: true
"""
    (folder / "indicators.yaml").write_text(indicators + own, encoding="utf-8")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["indicator", "area", "period", "value", "numerator", "denominator", "status", "note"])
    for v in values:
        if v["area"] in codes:
            writer.writerow([v["indicator"], codes[v["area"]], v["period"], v["value"], v["numerator"], v["denominator"],
                             v["status"], v["note"]])
    for year in range(2020, 2026):
        for n, code in enumerate(codes.values()):
            writer.writerow(["kita_plaetze", code, year, 60 + (n * 7 + year) % 30, "", "", "final", ""])
    (folder / "values.csv").write_text(buffer.getvalue(), encoding="utf-8")
    (folder / "areas.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    (folder / "city.yaml").write_text(PROFILE, encoding="utf-8")
    # A made-up emblem: a shield and the letters NaF, as the document model's drawing JSON.
    (folder / "logo.json").write_text(json.dumps({"width": 60, "height": 40, "items": [
        {"type": "polygon", "points": [[0, 0], [30, 0], [30, 25], [15, 40], [0, 25]], "fill": "#1f4e79"},
        {"type": "text", "x": 34, "y": 26, "text": "NaF", "size": 9, "anchor": "start", "bold": True, "color": "#1f4e79"}]}),
        encoding="utf-8")
    (folder / "index.yaml").write_text(INDEX, encoding="utf-8")
    store = folder / "neustadt.sqlite"
    imported = civicbrief("import", "--store", store, folder / "areas.csv", folder / "indicators.yaml", folder / "values.csv")
    assert imported.returncode == 0, imported.stderr
    shapes = civicbrief("import", "--store", store, folder / "areas.geojson", "--feature-property", "schluessel")
    assert shapes.returncode == 0, shapes.stderr
    for period in ["2026-09", "2026-10"]:
        computed = civicbrief("index", "compute", "--store", store, "--definition", folder / "index.yaml", "--period", period)
        assert computed.returncode == 0, computed.stderr
    return folder, store


CASES = [("stadtteilprofil.md", "12"), ("district-profile.en.md", "12"), ("stadtteilprofil-leichte-sprache.md", "12"),
         ("monatsbericht-sozialausschuss.md", None), ("quartalsbericht.md", None)]


@pytest.mark.parametrize("template,area", CASES, ids=[c[0] for c in CASES])
def test_the_shipped_templates_speak_for_the_second_city(civicbrief, city, template, area, tmp_path):
    folder, store = city
    out = tmp_path / "briefing.pdf"
    args = ["render", "--store", store, TEMPLATES / template, "--out", out] + (["--area", area] if area else [])
    result = civicbrief(*args)
    assert result.returncode == 0, result.stderr
    harness.check_pdf(out)
    tagged = harness.read_tagged(out)
    text = harness.normalize(" ".join(e.text for e in tagged.root) + " " + " ".join(e.alt or "" for e in tagged.elements()))
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    for word in LUEBECK_WORDS:
        assert word not in text and word not in info, f"{template}: „{word}“ in {re.search('.{40}' + word + '.{40}', text + info)}"
    english = template.endswith(".en.md")
    assert ("City of Neustadt am Fluss" if english else "Neustadt am Fluss") in text
    assert ("boroughs" if english else "Bezirke") in text
    printed = harness.normalize(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout)
    # The logo heads every page as page furniture: printed, but not in the structure tree.
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert printed.count("NaF") == pages and "NaF" not in text
    assert "Stadt Neustadt am Fluss · Sozialamt" in printed  # every page's footer (page furniture, not in the tags)
    for word in LUEBECK_WORDS:
        assert word not in printed, f"{template}: „{word}“ printed"
    if template == "stadtteilprofil.md":
        assert "Bezirksprofil Nordufer" in text
        assert re.search(r"Rang \d+ von 6 Bezirken", text), "the rank among the city's Bezirke"
        assert "Lage unter den Bezirken" in text
    if template == "quartalsbericht.md":
        assert "Sozialindex der Planungsräume" in text and "Sozialindex Neustadt (MSS-Methode)" in text
    if template == "monatsbericht-sozialausschuss.md":
        assert "Monatsbericht für den Ausschuss für Soziales" in text
        assert "die sechs Bezirke" in text


def test_a_broken_profile_is_an_error_with_its_position(civicbrief, city, tmp_path):
    _, store = city
    bad = tmp_path / "city.yaml"
    bad.write_text("name: Neustadt\nlevels:\n  district:\n    de: {singular: Bezirk}\n    en: {singular: borough, plural: boroughs}\n"
                   "  ward: {}\nmotto: hallo\n", encoding="utf-8")
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "12", "--out", tmp_path / "x.pdf",
                        env={"CIVICBRIEF_CITY": str(bad)})
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert any(l.startswith(f"{bad}:4:5: levels.district.de needs singular and plural") for l in lines), result.stderr
    assert any(l.startswith(f"{bad}:6:3: unknown area level \"ward\"") for l in lines), result.stderr
    assert any(l.startswith(f"{bad}:7:1: unknown key \"motto\"") for l in lines), result.stderr
    assert not (tmp_path / "x.pdf").exists()
