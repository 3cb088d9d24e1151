"""Archival PDFs: every shipped briefing and pack is PDF/A-3a and PDF/UA-1 at once (PDF/A-2a when
asked for), carries its data as associated files, and `civicbrief extract` gets them out. The
attachments are compared with `civicbrief export`; suppressed values must never appear in them.
The two outloud findings the harness accepts as false positives are shown here with files that
WeasyPrint and Typst write."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "Templates"
FONTS = REPO / "Fonts"
VENV_BIN = Path(sys.executable).parent
CSV_HEADER = ["indicator", "indicator_name", "area", "area_name", "period", "period_label", "value", "status", "unit"]


@pytest.fixture(scope="module")
def demo(civicbrief, tmp_path_factory):
    """The demo store, the sample set `demo` renders, and the monthly pack `make demo` publishes."""
    folder = tmp_path_factory.mktemp("archival")
    store = folder / "demo.sqlite"
    result = civicbrief("demo", "--store", store, "--out", folder / "demo-out")
    assert result.returncode == 0, result.stderr
    published = civicbrief("publish", "--store", store, TEMPLATES / "monthly-sozialausschuss.yaml",
                           "--out", folder / "pack", "--quiet")
    assert published.returncode == 0, published.stderr
    return store, folder


def exported(civicbrief, store) -> dict[tuple[str, str, str], tuple[str, str]]:
    """{(indicator, area, period): (value text, status)} as `civicbrief export` writes them."""
    result = civicbrief("export", "--store", store)
    assert result.returncode == 0, result.stderr
    return {(r["indicator"], r["area"], r["period"]): (r["value"], r["status"])
            for r in csv.DictReader(io.StringIO(result.stdout))}


def extract(civicbrief, pdf, out) -> dict[str, bytes]:
    result = civicbrief("extract", pdf, "--out", out)
    assert result.returncode == 0, result.stderr
    return {p.name: p.read_bytes() for p in sorted(Path(out).iterdir())}


def shipped_pdfs(folder) -> list[Path]:
    return sorted((folder / "demo-out").glob("*.pdf")) + sorted((folder / "pack").rglob("*.pdf"))


def test_every_shipped_briefing_and_pack_passes_pdfa3a_pdfua1_and_every_checker(demo):
    _, folder = demo
    pdfs = shipped_pdfs(folder)
    assert len(pdfs) == 19, [p.name for p in pdfs]  # 15 samples + report, 2 profiles and the pack
    failures = {}
    for pdf in pdfs:
        assert harness.pdfa_profile(pdf) == "3a", pdf.name
        problems = harness.checker_problems(pdf)
        if problems:
            failures[pdf.name] = problems
    assert not failures, json.dumps(failures, indent=1, ensure_ascii=False)


def test_attachments_are_the_exported_values_for_the_same_indicators_areas_and_periods(civicbrief, demo, tmp_path):
    store, folder = demo
    export = exported(civicbrief, store)
    pdf = folder / "demo-out" / "monatsbericht-sozialausschuss-00-2026-10-de.pdf"
    files = extract(civicbrief, pdf, tmp_path / "out")
    assert set(files) == {"tabelle-1.csv", "tabelle-2.csv", "tabelle-3.csv", "abbildung-1.csv", "abbildung-2.csv",
                          "fakten.json"}, sorted(files)
    for name, data in files.items():
        if not name.endswith(".csv"):
            continue
        text = data.decode("utf-8")
        assert not text.startswith("\ufeff") and text.endswith("\n")
        rows = list(csv.DictReader(io.StringIO(text)))
        assert list(rows[0].keys())[:len(CSV_HEADER)] == CSV_HEADER, name
        for row in rows:
            key = (row["indicator"], row["area"], row["period"])
            # A value the store has no row for is missing, never invented.
            assert (row["value"], row["status"]) == export.get(key, ("", "missing")), (name, row)
    # The table of an indicator by district: every district and the city, the period and the two it is
    # compared with (the changes the table prints are their differences).
    table = list(csv.DictReader(io.StringIO(files["tabelle-1.csv"].decode())))
    assert {r["indicator"] for r in table} == {"arm_sgb2"}
    assert {r["area"] for r in table} == {f"{i:02d}" for i in range(11)}
    assert {r["period"] for r in table} == {"2026-10", "2026-09", "2025-10"}
    assert {r["area"]: r["area_name"] for r in table}["03"] == "Moisling"
    assert {r["unit"] for r in table} == {"percent"}
    # The line chart: 13 months of the city.
    chart = list(csv.DictReader(io.StringIO(files["abbildung-1.csv"].decode())))
    assert len({r["period"] for r in chart}) == 13 and {r["area"] for r in chart} == {"00"}


def test_a_map_data_file_and_table_give_each_areas_class_in_words(civicbrief, demo, tmp_path):
    _, folder = demo
    # The quarterly report's map keeps its data table (the profile's overview gives the district's position instead).
    pdf = folder / "demo-out" / "quartalsbericht-00-2026-Q3-de.pdf"
    files = extract(civicbrief, pdf, tmp_path / "out")
    maps = [n for n, d in files.items() if n.endswith(".csv") and d.decode().split("\n")[0].endswith(",class")]
    assert maps, sorted(files)
    rows = list(csv.DictReader(io.StringIO(files[maps[0]].decode())))
    assert len(rows) == 10 and all(r["class"] for r in rows if r["value"])
    tagged = harness.read_tagged(pdf)
    map_tables = [t for t in tagged.of_type("Table") if "Klasse in der Karte" in t.text]
    assert map_tables
    first_row = [c for c in map_tables[0].all("TR")[1].children]
    assert [c.type for c in first_row] == ["TH", "TD", "TD"]
    assert harness.normalize(first_row[2].text) == harness.normalize(next(r["class"] for r in rows if r["area"] == "01"))


def test_suppressed_values_never_appear_in_any_attachment(civicbrief, demo, tmp_path):
    store, folder = demo
    secret = tmp_path / "secret.csv"
    # A file that gives a value for a cell it suppresses: the store discards the value on import.
    secret.write_text("indikator;gebiet;zeitraum;wert;status\ndig_leihgeraete;04;2026-10;987654;gesperrt\n", encoding="utf-8")
    private = tmp_path / "store.sqlite"
    shutil.copyfile(store, private)
    imported = civicbrief("import", "--store", private, secret)
    assert imported.returncode == 0, imported.stderr
    out = tmp_path / "report.pdf"
    result = civicbrief("render", "--store", private, TEMPLATES / "monatsbericht-sozialausschuss.md", "--out", out)
    assert result.returncode == 0, result.stderr
    harness.check_pdf(out)
    export = exported(civicbrief, private)
    suppressed = {k for k, (_, status) in export.items() if status == "suppressed"}
    files = extract(civicbrief, out, tmp_path / "files")
    seen_suppressed = set()
    for name, data in files.items():
        assert b"987654" not in data, name
        if name.endswith(".csv"):
            for row in csv.DictReader(io.StringIO(data.decode())):
                if row["status"] == "suppressed":
                    seen_suppressed.add((row["indicator"], row["area"], row["period"]))
                    assert row["value"] == "" and (row["indicator"], row["area"], row["period"]) in suppressed, (name, row)
    facts = json.loads(files["fakten.json"])
    for record in facts["values"]:
        if record["status"] in ("suppressed", "missing"):
            assert "value" not in record, record
    assert ("dig_leihgeraete", "04", "2026-10") in seen_suppressed, "the report's device table shows the cell suppressed"
    assert any(r["status"] == "suppressed" and r["area"] == "04" for r in facts["values"])


def test_the_facts_file_states_the_briefings_values_and_its_data_state(civicbrief, demo, tmp_path):
    store, folder = demo
    export = exported(civicbrief, store)
    pdf = folder / "demo-out" / "stadtteilprofil-03-2026-10-de.pdf"
    files = extract(civicbrief, pdf, tmp_path / "out")
    facts = json.loads(files["fakten.json"])
    assert (facts["template"], facts["area"], facts["period"], facts["language"]) == ("stadtteilprofil", "03", "2026-10", "de-DE")
    keys = [(r["indicator"], r["area"], r["period"]) for r in facts["values"]]
    assert keys == sorted(keys) and len(keys) == len(set(keys))
    for r in facts["values"]:
        value, status = export.get((r["indicator"], r["area"], r["period"]), ("", "missing"))
        assert r["status"] == status and (r.get("value") is None) == (value == ""), r
        if value:
            assert r["value"] == float(value)
    assert ("arm_sgb2", "03", "2026-10") in keys and ("arm_sgb2", "00", "2026-10") in keys
    assert {s["indicator"] for s in facts["sources"]} >= {"arm_sgb2", "arb_alq"}
    assert all(s["synthetic"] for s in facts["sources"])
    # The digest covers every value the document shows: the facts and every table's and chart's rows.
    lines = set()
    for r in facts["values"]:
        value = "" if r.get("value") is None else export[(r["indicator"], r["area"], r["period"])][0]
        lines.add(f"{r['indicator']},{r['area']},{r['period']},{value},{r['status']}\n")
    for name, data in files.items():
        if name.endswith(".csv") and data.decode().startswith("indicator,"):
            for row in csv.DictReader(io.StringIO(data.decode())):
                lines.add(f"{row['indicator']},{row['area']},{row['period']},{row['value']},{row['status']}\n")
    assert facts["dataDigest"] == hashlib.sha256("".join(sorted(lines)).encode()).hexdigest()
    assert facts["socialIndex"]["code"] == "mss_luebeck" and facts["socialIndex"]["isCurrent"] is True


def test_each_file_is_associated_with_its_structure_element_and_the_catalog(demo):
    _, folder = demo
    pdf = pikepdf.open(folder / "demo-out" / "monatsbericht-sozialausschuss-00-2026-10-de.pdf")
    catalog = [str(f.UF) for f in pdf.Root.AF]
    assert catalog[0] == "fakten.json" and len(catalog) == 6
    by_type: dict[str, list[str]] = {}

    def walk(node):
        for kid in (node.K if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if "/AF" in kid:
                    by_type.setdefault(str(kid.S)[1:], []).extend(str(f.UF) for f in kid.AF)
                    for f in kid.AF:
                        assert f.AFRelationship == "/Data" and f.EF.F.Type == "/EmbeddedFile"
                walk(kid)
    walk(pdf.Root.StructTreeRoot)
    assert by_type["Document"] == ["fakten.json"]
    assert set(by_type["Figure"]) == {"abbildung-1.csv", "abbildung-2.csv"}
    # Tables 1–3 have files of their own; the map's data table shares the map's file.
    assert {"tabelle-1.csv", "tabelle-2.csv", "tabelle-3.csv"} <= set(by_type["Table"])
    assert set(pdf.attachments) == set(catalog)
    assert pdf.attachments["tabelle-1.csv"].description.startswith("Tabelle 1: ")


def test_the_pack_carries_each_sections_files_under_its_section_prefix(civicbrief, demo, tmp_path):
    _, folder = demo
    pack = next((folder / "pack").rglob("sozialausschuss-mappe-de.pdf"))
    files = extract(civicbrief, pack, tmp_path / "out")
    assert {"d1-fakten.json", "d2-fakten.json", "d3-fakten.json"} <= set(files)
    assert all(name.startswith(("d1-", "d2-", "d3-")) for name in files)
    # A section's files are its document's own, byte for byte.
    report = next((folder / "pack").rglob("monatsbericht-sozialausschuss-00-de.pdf"))
    own = extract(civicbrief, report, tmp_path / "own")
    assert {n[3:]: d for n, d in files.items() if n.startswith("d1-")} == own
    pdf = pikepdf.open(pack)
    sects = [e for e in harness.read_tagged(pack).of_type("Sect")]
    assert sects
    with_facts = []

    def walk(node):
        for kid in (node.K if isinstance(node.get("/K"), pikepdf.Array) else [node.get("/K")]):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                if kid.S == "/Sect" and "/AF" in kid:
                    with_facts.append(str(kid.AF[0].UF))
                walk(kid)
    walk(pdf.Root.StructTreeRoot)
    assert with_facts == ["d1-fakten.json", "d2-fakten.json", "d3-fakten.json"]


def test_same_input_gives_byte_identical_files_and_attachments(civicbrief, demo, tmp_path):
    store, _ = demo
    outs = []
    for i in range(2):
        out = tmp_path / f"p{i}.pdf"
        result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "08", "--out", out)
        assert result.returncode == 0, result.stderr
        outs.append(out)
    assert outs[0].read_bytes() == outs[1].read_bytes()
    assert extract(civicbrief, outs[0], tmp_path / "a") == extract(civicbrief, outs[1], tmp_path / "b")


def test_pdfa2a_on_request_from_the_command_line_the_template_or_the_manifest(civicbrief, demo, tmp_path):
    store, _ = demo
    out = tmp_path / "a2.pdf"
    result = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03",
                        "--pdf-standard", "a-2a", "--out", out)
    assert result.returncode == 0, result.stderr
    assert harness.pdfa_profile(out) == "2a"
    harness.check_pdf(out)
    assert not pikepdf.open(out).attachments and "/AF" not in pikepdf.open(out).Root
    listed = civicbrief("extract", out, "--out", tmp_path / "none")
    assert listed.returncode == 0 and "has no embedded files" in listed.stderr

    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    profile = templates / "stadtteilprofil.md"
    profile.write_text(profile.read_text(encoding="utf-8").replace("---\n", "---\npdf_standard: a-2a\n", 1), encoding="utf-8")
    from_template = tmp_path / "t.pdf"
    result = civicbrief("render", "--store", store, profile, "--area", "03", "--out", from_template)
    assert result.returncode == 0, result.stderr
    assert harness.pdfa_profile(from_template) == "2a"
    # The command line wins over the template.
    back = tmp_path / "back.pdf"
    result = civicbrief("render", "--store", store, profile, "--area", "03", "--pdf-standard", "a-3a", "--out", back)
    assert result.returncode == 0 and harness.pdfa_profile(back) == "3a"

    manifest = templates / "monthly-sozialausschuss.yaml"
    manifest.write_text("pdf_standard: a-2a\n" + manifest.read_text(encoding="utf-8"), encoding="utf-8")
    result = civicbrief("publish", "--store", store, manifest, "--out", tmp_path / "pub", "--quiet")
    assert result.returncode == 0, result.stderr
    published = sorted((tmp_path / "pub").rglob("*.pdf"))
    assert len(published) == 4
    for pdf in published:
        assert harness.pdfa_profile(pdf) == "2a", pdf.name
        assert not pikepdf.open(pdf).attachments
    harness.check_pdf(next(p for p in published if "mappe" in p.name))


def test_bad_standard_settings_are_reported_with_their_position(civicbrief, demo, tmp_path):
    store, _ = demo
    template = tmp_path / "t.md"
    template.write_text("---\ntitle: T\npdf_standard: a-1b\n---\n# T\n", encoding="utf-8")
    result = civicbrief("check", "--store", store, template)
    assert result.returncode == 2
    assert f"{template}:3:15: pdf_standard must be a-3a" in result.stderr, result.stderr
    manifest = tmp_path / "m.yaml"
    manifest.write_text("pdf_standard: pdf/x\ndocuments:\n  - template: t.md\n", encoding="utf-8")
    result = civicbrief("check", "--store", store, manifest)
    assert result.returncode == 2
    assert f"{manifest}:1:15: pdf_standard \"pdf/x\" is not known" in result.stderr, result.stderr
    result = civicbrief("render", "--store", store, template, "--pdf-standard", "a-1b")
    assert result.returncode == 1 and "'a-1b' is invalid for '--pdf-standard" in result.stderr


def test_typeset_tables_carry_their_cells_or_given_data_and_refuse_a_suppressed_value(civicbrief, typeset, tmp_path):
    document = json.loads((TEMPLATES / "samples" / "sample-document.json").read_text(encoding="utf-8"))
    tables = [i for i, b in enumerate(document["blocks"]) if b["type"] == "table"]
    record = {"indicator": "arm_sgb2", "indicatorName": "SGB-II-Quote", "area": "03", "areaName": "Moisling",
              "period": "2026-10", "periodLabel": "Oktober 2026", "value": 18.2, "status": "final", "unit": "percent"}
    document["blocks"][tables[0]]["data"] = {"records": [record]}
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "doc.pdf"
    typeset(path, out)
    harness.check_pdf(out)
    files = extract(civicbrief, out, tmp_path / "out")
    assert files["tabelle-1.csv"].decode() == ",".join(CSV_HEADER) + "\narm_sgb2,SGB-II-Quote,03,Moisling,2026-10,Oktober 2026,18.2,final,percent\n"
    assert "fakten.json" not in files  # a typeset document states no facts unless it gives them
    if len(tables) > 1:
        cells = files["tabelle-2.csv"].decode().splitlines()
        assert cells[0] == ",".join(harness_csv_field(c if isinstance(c, str) else c["title"])
                                     for c in document["blocks"][tables[1]]["columns"])

    record.update(status="suppressed")
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    result = typeset(path, tmp_path / "bad.pdf", check=False)
    assert result.returncode == 2
    assert f"blocks[{tables[0]}].data.records[0].value: a suppressed record must not carry a value" in result.stderr, result.stderr
    assert not (tmp_path / "bad.pdf").exists()


def harness_csv_field(text: str) -> str:
    return f'"{text}"' if any(c in text for c in ',"\n') else text


def test_extract_lists_refuses_a_broken_pdf_and_needs_a_destination(civicbrief, demo, tmp_path):
    _, folder = demo
    pdf = folder / "demo-out" / "monatsbericht-sozialausschuss-00-2026-10-de.pdf"
    listed = civicbrief("extract", pdf, "--list")
    assert listed.returncode == 0
    lines = {line.split("\t")[0]: line.split("\t")[1:] for line in listed.stdout.splitlines()}
    assert list(lines)[0] == "fakten.json" and lines["fakten.json"][1] == "application/json"
    assert lines["tabelle-1.csv"][1] == "text/csv" and lines["tabelle-1.csv"][2].startswith("Tabelle 1: ")
    assert int(lines["tabelle-1.csv"][0]) == len(extract(civicbrief, pdf, tmp_path / "all")["tabelle-1.csv"])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(pdf.read_bytes()[:2000])
    result = civicbrief("extract", broken, "--out", tmp_path / "x")
    assert result.returncode == 2 and f"{broken}: not a readable PDF" in result.stderr, result.stderr
    assert not (tmp_path / "x").exists()
    result = civicbrief("extract", pdf)
    assert result.returncode == 1 and "give --out DIR" in result.stderr


# ---------------------------------------------------------------- outloud's false positives

ROW_HEADER_HTML = """<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>Kalibrierung</title>
<style>body{font-family:"Noto Sans"}</style></head><body><h1>Tabelle mit Zeilenköpfen</h1>
<table><caption>SGB-II-Quote</caption>
<thead><tr><th scope="col">Gebiet</th><th scope="col">Oktober 2026</th></tr></thead><tbody>
<tr><th scope="row">Innenstadt</th><td>9,4 %</td></tr><tr><th scope="row">St. Jürgen</th><td>5,1 %</td></tr>
<tr><th scope="row">Moisling</th><td>18,8 %</td></tr><tr><th scope="row">Buntekuh</th><td>17,2 %</td></tr>
<tr><th scope="row">St. Lorenz Süd</th><td>11,0 %</td></tr></tbody></table></body></html>"""


def outloud_findings(path) -> list[dict]:
    run = subprocess.run([str(VENV_BIN / "outloud"), str(path), "--fail-on", "never", "--json", "-"],
                         capture_output=True, text=True, timeout=300)
    return [f for r in json.loads(run.stdout)["results"] for f in r.get("findings", [])
            if f.get("severity") in ("error", "warning")]


def test_tbl010_flags_every_two_column_row_header_table_weasyprint_too(civicbrief, typeset, tmp_path):
    # WeasyPrint's PDF/UA-1 output of the smallest correct table with a header row and a header column.
    html = tmp_path / "rows.html"
    html.write_text(ROW_HEADER_HTML, encoding="utf-8")
    weasy = tmp_path / "weasyprint.pdf"
    subprocess.run([str(VENV_BIN / "weasyprint"), "--pdf-variant", "pdf/ua-1", str(html), str(weasy)],
                   check=True, capture_output=True, timeout=300)
    findings = outloud_findings(weasy)
    assert {"rule": "TBL-010", "message": "header cells look shredded: 7 header cells against 5 data cells"}.items() \
        <= next(f for f in findings if f["rule"] == "TBL-010").items()
    # The same table from CivicBrief: one TBL-010 and nothing else, which the harness accepts after
    # checking the table's structure (one header row with /Scope /Column, one row header per row).
    document = {"metadata": {"title": "Kalibrierung", "language": "de-DE", "date": "2026-11-26"},
                "blocks": [{"type": "heading", "level": 1, "text": "Tabelle mit Zeilenköpfen"},
                           {"type": "table", "caption": "SGB-II-Quote", "rowHeaders": True,
                            "columns": ["Gebiet", {"title": "Oktober 2026", "align": "decimal"}],
                            "rows": [["Innenstadt", "9,4 %"], ["St. Jürgen", "5,1 %"], ["Moisling", "18,8 %"],
                                     ["Buntekuh", "17,2 %"], ["St. Lorenz Süd", "11,0 %"]]}]}
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    ours = tmp_path / "ours.pdf"
    typeset(path, ours)
    findings = outloud_findings(ours)
    assert [(f["rule"], f["message"]) for f in findings] == [
        ("TBL-010", "header cells look shredded: 7 header cells against 5 data cells")]
    assert harness.tbl010_false_positives(ours, findings) == findings
    harness.check_pdf(ours)
    # Without row headers the counts no longer match a row-header table: not accepted.
    assert harness.tbl010_false_positives(weasy, [{"rule": "TBL-010", "message": "header cells look shredded: 9 header cells against 5 data cells"}]) == []


def test_tag002_flags_a_repeated_table_header_typst_too(tmp_path):
    typst = pytest.importorskip("typst")
    rows = ",\n".join(f"[Area {i}], [{i}], [{i}], [{i}], [{i}]" for i in range(45))
    filler = "\n".join(f"#pagebreak()\n== Section {i}\nText of section {i}." for i in range(6))
    source = tmp_path / "table.typ"
    source.write_text(f"""#set document(title: "Calibration")
#set text(lang: "en", font: "Noto Sans")
= A long table
Some text before the table.
#table(columns: 5, table.header([Area], [Status class], [Status index], [Dynamics class], [Dynamics index]),
{rows})
{filler}
""", encoding="utf-8")
    out = tmp_path / "typst.pdf"
    typst.compile(str(source), output=str(out), pdf_standards=["a-3a", "ua-1"], font_paths=[str(FONTS)])
    # Typst's file is PDF/A-3a and PDF/UA-1 …
    problems = {}
    harness._page_validation(str(out), "3a", problems)
    harness._page_validation(str(out), "ua1", problems)
    assert not problems, problems
    # … and outloud calls its repeated header row (a pagination artifact) artifacted prose.
    tag002 = [f for f in outloud_findings(out) if f["rule"] == "TAG-002"]
    assert [(f["message"], f["evidence"]) for f in tag002] == [
        ("1 line(s) of prose are marked /Artifact and will be skipped by every reader",
         "Area Status class Status index Dynamics class Dynamics index")]
    # The harness accepts exactly such a finding and nothing else.
    assert harness.tag002_false_positives(out, tag002) == tag002
    prose = [{"rule": "TAG-002", "message": tag002[0]["message"], "evidence": "This is a sentence that is wrongly hidden from readers"}]
    assert harness.tag002_false_positives(out, prose) == []
