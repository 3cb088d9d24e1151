"""`civicbrief typeset DOC.json --out FILE.pdf` end to end: every checker passes, and the tagged
structure, text, furniture and metadata match the document model."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pikepdf
import pytest

import harness
from conftest import FIXTURES, SAMPLE_DOCUMENT

DOCUMENTS = sorted(FIXTURES.glob("*.json"))
VALID = [p for p in DOCUMENTS if not p.name.startswith("invalid-")] + (
    [SAMPLE_DOCUMENT] if SAMPLE_DOCUMENT.exists() else [])


squash = harness.squash


def assert_in_order(haystack: str, needles: list[str], what: str) -> None:
    position = 0
    squashed = squash(haystack)
    for needle in needles:
        found = squashed.find(squash(needle), position)
        assert found >= 0, f"{what}: {needle!r} not found (in order) in {haystack[:3000]!r}"
        position = found + len(squash(needle))


def run_segments(runs) -> list[str]:
    """Visible text of inline runs, split where a footnote reference number is inserted."""
    segments, current = [], ""
    for run in runs if isinstance(runs, list) else [runs]:
        if isinstance(run, str):
            current += run
        elif run.get("type") == "footnote":
            segments.append(current)
            current = ""
        else:
            current += run["text"]
    segments.append(current)
    return [s for s in segments if squash(s)]


def paragraph_segments(block) -> list[str]:
    return run_segments(block["runs"]) if "runs" in block else [block["text"]]


def item_text(item) -> list[str]:
    if isinstance(item, str):
        return [item]
    return run_segments(item["runs"]) if "runs" in item else [item["text"]]


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def blocks(path: Path, kind: str) -> list[dict]:
    return [b for b in load(path)["blocks"] if b["type"] == kind]


@pytest.fixture(params=VALID, ids=lambda p: p.name)
def document(request) -> Path:
    return request.param


def test_every_checker_accepts_the_rendered_pdf(document, rendered, check_pdf):
    check_pdf(rendered(document))


def test_a_checker_rejects_the_same_pdf_without_lang(rendered, tmp_path):
    """Calibration against real output: removing one required entry must fail the harness."""
    pdf = pikepdf.open(rendered(FIXTURES / "briefing.json"))
    del pdf.Root["/Lang"]
    broken = tmp_path / "no-lang.pdf"
    pdf.save(broken)
    with pytest.raises(AssertionError, match="fails PDF/UA checks"):
        harness.check_pdf(broken)


def test_headings_are_tagged_with_the_documents_levels(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    expected = [(b["level"], b["text"]) for b in blocks(document, "heading")]
    actual = tagged.headings()
    assert [(level, squash(text)) for level, text in actual] == [(level, squash(text)) for level, text in expected]
    assert [level for level, _ in actual].count(1) == 1, "exactly one H1 per document"
    for previous, current in zip(actual, actual[1:]):
        assert current[0] <= previous[0] + 1, f"heading level skipped: {previous} → {current}"


def test_paragraphs_are_tagged_and_read_in_document_order(document, rendered):
    path = rendered(document)
    tagged = harness.read_tagged(path)
    paragraphs = [s for b in blocks(document, "paragraph") for s in paragraph_segments(b)]
    p_text = " ".join(e.text for e in tagged.of_type("P"))
    assert_in_order(p_text, paragraphs, "tagged P elements")
    assert_in_order(harness.reading_text(path, tagged), paragraphs, "pdftotext reading order (furniture removed)")


def test_page_furniture_is_artifact_and_real_text_is_not(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    artifacts = tagged.artifact_texts()
    pages = len(tagged.pdf.pages)
    assert len(artifacts) >= pages, f"expected running header/footer on each of {pages} pages, got {artifacts}"
    assert tagged.unmarked_text() == "", "text outside any marked content"
    leaf_texts = {harness.normalize(e.text) for e in tagged.elements() if not e.children}
    for text in artifacts:
        assert text not in leaf_texts, f"furniture text {text!r} is also a structure element"
    squashed_artifacts = [squash(a) for a in artifacts]
    for block in blocks(document, "paragraph"):
        for segment in paragraph_segments(block):
            assert not any(squash(segment) in a for a in squashed_artifacts if a), (
                f"real text {segment!r} is marked as an artifact")


def test_furniture_placeholders_are_gone(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    assert tagged.of_type("Private") == []
    assert tagged.root and tagged.root[0].type == "Document"


def test_lists_have_label_and_body_and_nest(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    lists = blocks(document, "list")
    # Key-figure tiles are tagged as an L whose items have no label; document lists label every item.
    labelled = [e for e in tagged.of_type("L")
                if all(any(c.type == "Lbl" for c in li.children) for li in e.children if li.type == "LI")]
    nested = {id(n) for e in labelled for n in e.walk() if n is not e and n.type == "L"}
    top_level = [e for e in labelled if id(e) not in nested]
    assert len(top_level) == len(lists)

    def check(model: dict, element: harness.Element, depth: int = 0) -> None:
        items = [c for c in element.children if c.type == "LI"]
        assert len(items) == len(model["items"]), f"{len(items)} LI for {model['items']}"
        for number, (item, li) in enumerate(zip(model["items"], items), start=1):
            kinds = [c.type for c in li.children]
            assert kinds[:2] == ["Lbl", "LBody"], kinds
            label = harness.normalize(li.children[0].text)
            if model.get("ordered"):
                assert label == (f"{number}." if depth == 0 else f"{chr(ord('a') + number - 1)})"), label
            else:
                assert label and not squash(label), f"bullet {label!r}"
            assert_in_order(li.children[1].text, item_text(item), "list item body")
            nested = [e for e in li.walk() if e.type == "L" and e is not li]
            if isinstance(item, dict) and "list" in item:
                assert nested, f"nested list of {item} is not tagged"
                check(item["list"], nested[0], depth + 1)
            else:
                assert not nested

    for model, element in zip(lists, top_level):
        check(model, element)


def test_tables_have_header_cells_with_scopes(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    tables = blocks(document, "table")
    elements = tagged.of_type("Table")
    assert len(elements) == len(tables)
    for model, table in zip(tables, elements):
        columns = [c if isinstance(c, str) else c["title"] for c in model["columns"]]
        sections = [c.type for c in table.children if c.type != "Caption"]
        assert sections == ["THead", "TBody"], sections
        header_rows = [r for r in table.children[[c.type for c in table.children].index("THead")].children]
        body = table.children[[c.type for c in table.children].index("TBody")]
        assert [r.type for r in header_rows] == ["TR"]
        heads = header_rows[0].children
        assert [c.type for c in heads] == ["TH"] * len(columns)
        assert [harness.normalize(c.text) for c in heads] == columns
        assert all(c.attributes.get("Scope") == "Column" for c in heads), [c.attributes for c in heads]
        rows = [r for r in body.children if r.type == "TR"]
        assert len(rows) == len(model["rows"])
        for row_model, row in zip(model["rows"], rows):
            assert [harness.normalize(c.text) for c in row.children] == row_model
            expected = (["TH"] if model.get("rowHeaders") else ["TD"]) + ["TD"] * (len(columns) - 1)
            assert [c.type for c in row.children] == expected
            if model.get("rowHeaders"):
                assert row.children[0].attributes.get("Scope") == "Row"
        if model.get("caption"):
            captions = [c for c in table.walk() if c.type == "Caption"]
            assert captions and harness.normalize(captions[0].text).endswith(model["caption"]), captions


def test_figures_carry_the_documents_alt_text(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    expected = [b["alt"] for b in blocks(document, "figure")]
    figures = tagged.of_type("Figure")
    assert [f.alt for f in figures][:len(expected)] == expected
    assert all(f.alt and f.alt.strip() for f in figures)


def test_links_and_foreign_language_spans(rendered):
    document = FIXTURES / "briefing.json"
    tagged = harness.read_tagged(rendered(document))
    links = tagged.of_type("Link")
    # Footnote references are links to their note, so they are among the Link elements too.
    assert [harness.normalize(l.text) for l in links] == ["luebeck.de", "1", "den Abschnitt zur Lage"]
    for link in links:
        annotations = [item[1] for item in link.content if item[0] == "obj"]
        assert len(annotations) == 1, "a Link element refers to its annotation (OBJR)"
        assert str(annotations[0].get("/Contents", "")).strip(), "link annotation without /Contents"
        assert int(annotations[0].get("/F", 0)) & 4, "link annotation not printable"
    assert str(links[0].content[[i[0] for i in links[0].content].index("obj")][1].A.URI) == "https://www.luebeck.de/"
    spans = [e for e in tagged.elements() if e.lang == "en"]
    assert [harness.normalize(s.text) for s in spans] == ["social monitoring"]
    for page in tagged.pdf.pages:
        if "/Annots" in page.obj:
            assert page.obj.get("/Tabs") == "/S"


def test_catalog_lang_title_and_metadata(document, rendered):
    model = load(document)["metadata"]
    path = rendered(document)
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == model.get("language", "de-DE")
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    xmp, info = harness.xmp_and_info(path)
    assert info["Title"] == model["title"]
    assert f'<rdf:li xml:lang="x-default">{model["title"]}</rdf:li>' in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_outline_mirrors_headings_of_long_documents(rendered):
    document = FIXTURES / "multipage.json"
    path = rendered(document)
    with pikepdf.open(path) as pdf:
        assert len(pdf.pages) >= 3
        with pdf.open_outline() as outline:
            titles = []

            def walk(items):
                for item in items:
                    titles.append(item.title)
                    walk(item.children)
            walk(outline.root)
    assert titles == [b["text"] for b in blocks(document, "heading")]


def test_rendering_twice_gives_identical_bytes(typeset, tmp_path):
    document = FIXTURES / "briefing.json"
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    typeset(document, first)
    typeset(document, second)
    assert first.read_bytes() == second.read_bytes()


def _dates(path) -> tuple[str, str, str, str]:
    xmp, info = harness.xmp_and_info(path)
    create = re.search(r"<xmp:CreateDate>([^<]+)</xmp:CreateDate>", xmp).group(1)
    modify = re.search(r"<xmp:ModifyDate>([^<]+)</xmp:ModifyDate>", xmp).group(1)
    return info["CreationDate"], info["ModDate"], create, modify


def test_source_date_epoch_sets_info_and_xmp_dates_consistently(typeset, tmp_path):
    document = FIXTURES / "english.json"  # has no date of its own
    typeset(document, tmp_path / "epoch.pdf", env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert _dates(tmp_path / "epoch.pdf") == ("D:20231114221320+00'00'", "D:20231114221320+00'00'",
                                              "2023-11-14T22:13:20+00:00", "2023-11-14T22:13:20+00:00")
    typeset(document, tmp_path / "fixed.pdf")
    assert _dates(tmp_path / "fixed.pdf") == ("D:20000101000000+00'00'", "D:20000101000000+00'00'",
                                              "2000-01-01T00:00:00+00:00", "2000-01-01T00:00:00+00:00")


def test_document_date_wins_over_source_date_epoch(typeset, tmp_path):
    out = tmp_path / "dated.pdf"
    typeset(FIXTURES / "briefing.json", out, env={"SOURCE_DATE_EPOCH": "1700000000"})
    assert _dates(out)[0] == "D:20240301000000+00'00'"
    assert _dates(out)[2] == "2024-03-01T00:00:00+00:00"


@pytest.mark.parametrize("name, where", [
    ("invalid-rows.json", "blocks[0].rows[1]"),
    ("invalid-syntax.json", "invalid-syntax.json:"),
])
def test_invalid_json_exits_2_names_the_problem_and_writes_nothing(typeset, tmp_path, name, where):
    out = tmp_path / "out.pdf"
    result = typeset(FIXTURES / name, out, check=False)
    assert result.returncode == 2, result.stderr
    assert name in result.stderr and where in result.stderr, result.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [], "no temporary files left behind"


def test_a_failed_render_keeps_the_previous_file(typeset, tmp_path):
    out = tmp_path / "brief.pdf"
    out.write_bytes(b"%PDF previous good file")
    result = typeset(FIXTURES / "invalid-rows.json", out, check=False)
    assert result.returncode == 2
    assert out.read_bytes() == b"%PDF previous good file"


def test_key_figures_read_as_label_value_change_comparison(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    tiles = [t for b in blocks(document, "keyFigures") for t in b["tiles"]]
    unlabelled = [e for e in tagged.of_type("L")
                  if e.children and not any(c.type == "Lbl" for li in e.children for c in li.children)]
    items = [li for e in unlabelled for li in e.children if li.type == "LI"]
    assert len(items) == len(tiles)
    for tile, item in zip(tiles, items):
        expected = [tile[k] for k in ("label", "value", "change", "comparison") if tile.get(k)]
        actual = [harness.normalize(p.text) for p in item.walk() if p.type == "P"]
        assert actual == [harness.normalize(e) for e in expected]


def _footnotes(runs) -> list[str]:
    return [r["text"] for r in runs if isinstance(r, dict) and r.get("type") == "footnote"]


def test_footnotes_are_notes_with_ids(document, rendered):
    tagged = harness.read_tagged(rendered(document))
    expected = [f for b in load(document)["blocks"] if "runs" in b for f in _footnotes(b["runs"])]
    notes = tagged.of_type("Note")
    assert len(notes) == len(expected)
    for number, (text, note) in enumerate(zip(expected, notes), start=1):
        assert harness.normalize(note.text) == f"{number} {harness.normalize(text)}"
        assert note.id, "a Note needs an /ID"
    ids = [n.id for n in notes]
    assert len(set(ids)) == len(ids)
    if notes:
        id_tree = tagged.pdf.Root.StructTreeRoot.IDTree
        assert [str(k) for k in list(id_tree.Names)[::2]] == sorted(ids)


def test_hyphenation_points_inside_lines_leave_no_trace_in_the_text(document, rendered):
    """A soft hyphen where the line does not break is invisible and must not reach the PDF text:
    Cairo wrote each as an empty `/Span << /ActualText (U+00AD) >>` sequence — thousands per
    document, read out or skipped by screen readers and splitting every word at its syllables.
    Where a line does break, the hyphen glyph keeps U+00AD as its text (a discretionary hyphen)."""
    path = rendered(document)
    pdf = pikepdf.open(path)
    shy_spans = 0
    for page in pdf.pages:
        for instruction in pikepdf.parse_content_stream(page):
            operands = instruction.operands
            if str(instruction.operator) == "BDC" and len(operands) > 1 and isinstance(operands[1], pikepdf.Dictionary):
                if "/ActualText" in operands[1] and str(operands[1].ActualText).strip("\u00ad") == "":
                    shy_spans += 1
    assert shy_spans == 0
    tagged = harness.read_tagged(path)
    raw = "".join(e.text for e in tagged.root)
    # Only line-end hyphens are left: at most one per line of text.
    lines = harness.pdftotext(path).splitlines()
    assert raw.count("\u00ad") <= len(lines)
