"""The typographic and chart rules of issue 15, asserted on every shipped briefing as the demo renders
them: German quarters, tile labels in whole words, tables that keep three rows on either side of a
page break, numbering without gaps, and charts whose points stay off the axis, whose labels do not
overlap and whose cut axes are said (README "Chart scales", "Tables and tiles")."""
from __future__ import annotations

import itertools
import json
import re
import sqlite3
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "Templates"
# (template, area) of every shipped briefing; the profiles in three districts of different shape.
SHIPPED = [("stadtteilprofil.md", "03"), ("stadtteilprofil.md", "09"), ("stadtteilprofil.md", "10"),
           ("district-profile.en.md", "04"), ("stadtteilprofil-leichte-sprache.md", "03"),
           ("monatsbericht-sozialausschuss.md", None), ("quartalsbericht.md", None)]


@pytest.fixture(scope="module")
def rendered(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("typography")
    store = folder / "demo.sqlite"
    made = civicbrief("demo", "--store", store, "--out", folder / "demo-out")
    assert made.returncode == 0, made.stderr
    out = {}
    for template, area in SHIPPED:
        name = f"{Path(template).stem}-{area or 'city'}"
        pdf, document = folder / f"{name}.pdf", folder / f"{name}.json"
        args = ["render", "--store", store, TEMPLATES / template, "--out", pdf, "--emit-document", document, "--charts-drawn"]
        if area:
            args += ["--area", area]
        result = civicbrief(*args)
        assert result.returncode == 0, result.stderr
        harness.check_pdf(pdf)
        out[name] = (pdf, json.loads(document.read_text(encoding="utf-8")))
    db = sqlite3.connect(store)
    labels = {label for row in db.execute("SELECT short_label, short_label_en FROM indicator") for label in row if label}
    db.close()
    return out, labels


def german(document: dict) -> bool:
    return document["metadata"]["language"].startswith("de")


def all_text(pdf: Path) -> str:
    tagged = harness.read_tagged(pdf)
    alts = " ".join(e.alt or "" for e in tagged.elements())
    return harness.normalize(" ".join(e.text for e in tagged.root) + " " + alts)


def test_german_briefings_never_write_q3(rendered):
    for name, (pdf, document) in rendered[0].items():
        if german(document):
            text = all_text(pdf)
            assert not re.search(r"\bQ[1-4]\b", text), f"{name}: {re.search(r'.{30}Q[1-4].{30}', text)}"
            assert re.search(r"\d\.\u00a0?(Quartal|Q\.)", text.replace(" ", "\u00a0")) or "Quartal" not in text


def test_tile_labels_are_whole_words(rendered):
    seen = 0
    for name, (pdf, document) in rendered[0].items():
        tiles = [t for b in document["blocks"] if b["type"] == "keyFigures" for t in b["tiles"]]
        tagged = harness.read_tagged(pdf)
        printed = []
        for lst in tagged.of_type("L"):
            for item in lst.children:
                body = item.first("LBody")
                paragraphs = [c for c in (body.children if body else []) if c.type == "P"]
                if len(paragraphs) >= 2:
                    printed.append((paragraphs[0].text, paragraphs[1].text))
        assert len(printed) == len(tiles), name
        for (label, value), tile in zip(printed, tiles):
            # Never hyphenated: no soft hyphen at a break, the label exactly as the store has it.
            assert "\u00ad" not in label and harness.normalize(label) == harness.normalize(tile["label"]), (name, label)
            assert harness.normalize(value) == harness.normalize(tile["value"]), (name, value)
            seen += 1
    assert seen >= 16


def test_tables_keep_three_rows_on_either_side_of_a_page_break(rendered):
    split = 0
    for name, (pdf, _) in rendered[0].items():
        tagged = harness.read_tagged(pdf)
        for table in tagged.of_type("Table"):
            body = table.first("TBody")
            if body is None:
                continue
            rows = [r for r in body.children if r.type == "TR"]
            pages = [min(page for e in r.walk() for kind, page, *_ in e.content if kind == "mcid") for r in rows]
            counts = [len(list(group)) for _, group in itertools.groupby(pages)]
            if len(counts) > 1:
                split += 1
                assert min(counts) >= 3, f"{name}: a table split {counts}"
    assert split >= 1, "no shipped table crosses a page: the rule is not exercised"


def test_captioned_tables_and_figures_are_numbered_without_gaps(rendered):
    for name, (pdf, document) in rendered[0].items():
        captions = [harness.normalize(c.text) for c in harness.read_tagged(pdf).of_type("Caption")]
        for label in (["Tabelle", "Abbildung"] if german(document) else ["Table", "Figure"]):
            numbers = [int(m.group(1)) for c in captions if (m := re.match(label + r" (\d+):", c))]
            assert numbers == list(range(1, len(numbers) + 1)), f"{name}: {label} {numbers}"
        captioned = sum(1 for b in document["blocks"] if b["type"] == "table" and b.get("caption"))
        label = "Tabelle" if german(document) else "Table"
        assert sum(1 for c in captions if re.match(label + r" \d+:", c)) == captioned, name


def text_boxes(items):
    """Approximate boxes of a drawing's labels (0.52 em per character, cap height 0.72 em)."""
    boxes = []
    for i in items:
        if i["type"] != "text":
            continue
        width, height = len(i["text"]) * i["size"] * 0.52, i["size"] * 0.72
        x = i["x"] - {"start": 0, "middle": width / 2, "end": width}[i["anchor"]]
        boxes.append((x, i["y"] - height, x + width, i["y"], i["text"]))
    return boxes


def test_every_shipped_chart_keeps_its_points_off_the_axis_and_its_labels_apart(rendered):
    charts = 0
    for name, (_, document) in rendered[0].items():
        for figure in (b for b in document["blocks"] if b["type"] == "figure"):
            items = figure["drawing"]["items"]
            charts += 1
            for a, b in itertools.combinations(text_boxes(items), 2):
                overlap = min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])
                assert not (overlap[0] > 0.5 and overlap[1] > 0.5), f"{name}: „{a[4]}“ overlaps „{b[4]}“"
            axes = [i for i in items if i["type"] == "line" and i["y1"] == i["y2"] and i["stroke"] == "#595959"
                    and i["x2"] - i["x1"] > 100]
            for axis in axes:
                y = axis["y1"]
                grid = [i["y1"] for i in items if i["type"] == "line" and i["y1"] == i["y2"] and i["y1"] < y
                        and abs(i["x1"] - axis["x1"]) < 1]
                for point in (i for i in items if i["type"] == "circle" and axis["x1"] - 1 <= i["cx"] <= axis["x2"] + 1
                              and i["cy"] < y):
                    assert point["cy"] + point["r"] < y - 0.3, f"{name}: a point lies on the axis"
                    assert not grid or point["cy"] >= min(grid) - 0.3, f"{name}: a point above the top tick"
                # A value axis that does not start at zero is said under the chart.
                ticks = sorted((i for i in items if i["type"] == "text" and i["anchor"] == "end" and i["x"] < axis["x1"]
                                and abs(i["y"] - y) < 6), key=lambda i: i["y"])
                if ticks and ticks[-1]["text"] not in ("0", "0 %", "0\u00a0%"):
                    said = " ".join(i["text"] for i in items if i["type"] == "text") + " " + figure["alt"]
                    assert re.search(r"nicht bei null|not at zero|keine Achse beginnt bei null|no axis starts at zero", said), \
                        f"{name}: the axis starts at {ticks[-1]['text']} unsaid"
    assert charts >= 10
