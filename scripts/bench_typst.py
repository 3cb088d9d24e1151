#!/usr/bin/env python3
"""CivicBrief against Typst on the same document, side by side (run by `make bench`).

The same document model is given to `civicbrief typeset` (the whole process: start-up, layout, PDF,
PDF/UA + PDF/A finishing, write) and converted to Typst markup compiled in-process by Typst 0.15 from
PyPI with `pdf_standards=["ua-1"]` (what a Python pipeline would pay; Typst's first compile in a
process includes its font discovery, as its command line does). Same page size, margins, fonts (the
Noto Sans files in Fonts/ only), type sizes; headings, paragraphs, tables with caption and header
row, decimal columns right-aligned; the monthly pack's content with its charts as SVG images.

Runs are interleaved (CivicBrief, Typst, CivicBrief, …) so the VM's speed swings hit both alike;
the medians and their ratio are printed. Goal (issue 19): CivicBrief ≤ 0.5 × Typst at 20 and 100 pages.

With --callgrind, also the instruction counts of one `typeset` run of the 20-page document per
stage (inclusive counts of the stage entry points, from valgrind's callgrind): the noise-free
measure to compare two builds.
"""
from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import bench

REPO = Path(__file__).resolve().parent.parent
FONTS = REPO / "Fonts"
RUNS = 7
# Layout's Theme (Sources/Layout/Theme.swift): A4, margins in points, sizes in points.
PAGE = {"width": 595.276, "height": 841.890, "left": 72.0, "right": 68.0, "top": 76.0, "bottom": 76.0}
BODY, TABLE, CAPTION = 10.5, 9.5, 9.5
HEADINGS = [22, 15, 12.5, 11]


def escape(text: str) -> str:
    """Typst markup for plain text: every markup character escaped."""
    return re.sub(r'([\\#*_`$<>@\[\]~/"=\-+.])', r"\\\1", text).replace("\n", " ")


def inline(block: dict) -> str:
    if "text" in block:
        return escape(block["text"])
    out = []
    for run in block.get("runs", []):
        if isinstance(run, str):
            out.append(escape(run))
        elif run.get("type") == "footnote":
            out.append(f"#footnote[{escape(run['text'])}]")
        else:
            text = escape(run.get("text", ""))
            if run.get("bold") or run.get("type") == "bold":
                text = f"*{text}*"
            if run.get("italic") or run.get("type") == "italic":
                text = f"_{text}_"
            out.append(text)
    return "".join(out)


def column_title(column) -> str:
    return column if isinstance(column, str) else column["title"]


def column_align(column) -> str:
    align = "left" if isinstance(column, str) else column.get("align", "left")
    return {"decimal": "right", "right": "right", "center": "center"}.get(align, "left")


def table(block: dict) -> str:
    columns = block["columns"]
    aligns = ", ".join(column_align(c) for c in columns)
    header = ", ".join(f"[*{escape(column_title(c))}*]" for c in columns)
    rows = ", ".join(f"[{escape(cell)}]" for row in block["rows"] for cell in row)
    # Full text width, the columns sharing it evenly, as CivicBrief spreads a narrow table's spare room.
    body = (f"table(columns: (1fr,) * {len(columns)}, align: ({aligns}), stroke: none, "
            f"fill: (_, y) => if y == 0 {{ rgb(\"#e4ebf3\") }} else if calc.even(y) {{ rgb(\"#f3f6f9\") }}, "
            f"table.header({header}), {rows})")
    caption = block.get("caption")
    if caption:
        return f"#figure(kind: table, caption: [{escape(caption)}], {body})\n"
    return f"#{body}\n"


def svg(drawing: dict) -> str:
    """A chart's drawing as SVG (Typst draws it as a vector image)."""
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{drawing["width"]}" height="{drawing["height"]}" '
             f'viewBox="0 0 {drawing["width"]} {drawing["height"]}">']
    for i in drawing["items"]:
        stroke = f'stroke="{i["stroke"]}" stroke-width="{i.get("lineWidth", 1)}"' if i.get("stroke") else ""
        fill = f'fill="{i["fill"]}"' if i.get("fill") else 'fill="none"'
        kind = i["type"]
        if kind == "rect":
            parts.append(f'<rect x="{i["x"]}" y="{i["y"]}" width="{i["width"]}" height="{i["height"]}" {fill} {stroke}/>')
        elif kind == "line":
            parts.append(f'<line x1="{i["x1"]}" y1="{i["y1"]}" x2="{i["x2"]}" y2="{i["y2"]}" {stroke}/>')
        elif kind == "polyline":
            points = " ".join(f"{p[0]},{p[1]}" for p in i["points"])
            parts.append(f'<polyline points="{points}" fill="none" {stroke}/>')
        elif kind == "circle":
            parts.append(f'<circle cx="{i["cx"]}" cy="{i["cy"]}" r="{i["r"]}" {fill} {stroke}/>')
        elif kind == "polygon":
            d = " ".join("M " + " L ".join(f"{p[0]},{p[1]}" for p in ring) + " Z" for ring in i["rings"])
            parts.append(f'<path d="{d}" fill-rule="evenodd" {fill} {stroke}/>')
        elif kind == "text":
            anchor = {"start": "start", "middle": "middle", "end": "end"}[i.get("anchor", "start")]
            text = i["text"].replace("&", "&amp;").replace("<", "&lt;")
            weight = ' font-weight="bold"' if i.get("bold") else ""
            parts.append(f'<text x="{i["x"]}" y="{i["y"]}" font-family="Noto Sans" font-size="{i["size"]}" '
                         f'text-anchor="{anchor}" fill="{i.get("color", "#1a1a1a")}"{weight}>{text}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_typst(document: dict, images: dict[str, bytes]) -> str:
    """The document model as Typst markup; figures' drawings go into `images` as SVG files."""
    lang = document["metadata"].get("language", "de-DE").split("-")[0]
    out = [f'#set document(title: "{document["metadata"]["title"]}")',
           f'#set page(width: {PAGE["width"]}pt, height: {PAGE["height"]}pt, margin: (left: {PAGE["left"]}pt, '
           f'right: {PAGE["right"]}pt, top: {PAGE["top"]}pt, bottom: {PAGE["bottom"]}pt), numbering: "1")',
           # Lines as tall as Pango's (ascender to descender), 1.07 × that from baseline to baseline.
           f'#set text(font: "Noto Sans", size: {BODY}pt, lang: "{lang}", top-edge: "ascender", bottom-edge: "descender")',
           '#set par(leading: 0.1em, spacing: 7pt)',
           f'#show table: set text(size: {TABLE}pt)',
           '#set table(inset: (x: 6pt, y: 4pt))',
           # A long table breaks across pages, as CivicBrief's do (a figure would not by default).
           '#show figure.where(kind: table): set block(breakable: true)',
           '#show figure.where(kind: table): set figure.caption(position: top)',
           f'#show figure.caption: set text(size: {CAPTION}pt)']
    out += [f"#show heading.where(level: {i + 1}): set text(size: {size}pt)" for i, size in enumerate(HEADINGS)]
    for block in document["blocks"]:
        kind = block["type"]
        if kind == "heading":
            out.append("=" * block["level"] + " " + escape(block["text"]))
        elif kind == "paragraph":
            out.append(inline(block) + "\n")
        elif kind == "table":
            out.append(table(block))
        elif kind == "list":
            for item in block["items"]:
                text = item if isinstance(item, str) else inline(item)
                out.append(("+ " if block.get("ordered") else "- ") + (escape(text) if isinstance(item, str) else text))
            out.append("")
        elif kind == "figure":
            name = f"figure-{len(images) + 1}.svg"
            images[name] = svg(block["drawing"]).encode()
            alt = json.dumps(block["alt"], ensure_ascii=False)
            caption = f", caption: [{escape(block['caption'])}]" if block.get("caption") else ""
            out.append(f'#figure(image("{name}", width: 100%, alt: {alt}){caption})')
        elif kind == "keyFigures":
            cells = ", ".join(f"[*{escape(t['label'])}* \\ #text(size: 20pt)[{escape(t['value'])}]]" for t in block["tiles"])
            out.append(f"#grid(columns: {min(4, len(block['tiles']))}, gutter: 10pt, {cells})")
        elif kind == "pageBreak":
            out.append("#pagebreak()")
        elif kind == "tableOfContents":
            out.append("#outline()")
        elif kind == "definitions":
            out.append("=" * block["heading"]["level"] + " " + escape(block["heading"]["text"]))
            out += [f"*{escape(e['term'])}*: {escape(e['text'])}\n" for e in block["entries"]]
    return "\n".join(out) + "\n"


def civicbrief_ms(binary: str, document: Path, out: Path) -> tuple[float, int]:
    start = time.perf_counter()
    result = subprocess.run([binary, "typeset", str(document), "--out", str(out), "--timings"], capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        sys.exit(f"civicbrief typeset failed:\n{result.stderr}")
    pages = int(re.search(r"pages=(\d+)", result.stderr).group(1))
    return wall, pages


TYPST_RUN = """
import sys, time, typst
start = time.perf_counter()
pdf = typst.compile(sys.argv[1], font_paths=[sys.argv[2]], ignore_system_fonts=True, pdf_standards=["ua-1"])
elapsed = (time.perf_counter() - start) * 1000
open(sys.argv[3], "wb").write(pdf)
print(elapsed)
"""


def typst_ms(source: Path) -> tuple[float, bytes]:
    """One fresh compile, timed inside its own Python process: Typst memoizes across compiles in a
    process, so a second compile there would measure its cache, not the document."""
    out = source.with_suffix(".typst.pdf")
    result = subprocess.run([sys.executable, "-c", TYPST_RUN, str(source), str(FONTS), str(out)], capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"typst failed:\n{result.stderr[-1500:]}")
    return float(result.stdout.strip().splitlines()[-1]), out.read_bytes()


def pdf_pages(pdf: bytes) -> int:
    import io
    import pikepdf
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def compare(binary: str, label: str, document: dict, tmp: Path) -> dict:
    doc_json, typ = tmp / f"{label}.json", tmp / f"{label}.typ"
    doc_json.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    images: dict[str, bytes] = {}
    typ.write_text(to_typst(document, images), encoding="utf-8")
    for name, data in images.items():
        (tmp / name).write_bytes(data)
    ours, theirs, pages, typst_pages = [], [], 0, 0
    for _ in range(RUNS):  # interleaved
        wall, pages = civicbrief_ms(binary, doc_json, tmp / f"{label}.pdf")
        ours.append(wall)
        wall, pdf = typst_ms(typ)
        theirs.append(wall)
        typst_pages = pdf_pages(pdf)
    a, b = statistics.median(ours), statistics.median(theirs)
    return {"label": label, "pages": pages, "typst_pages": typst_pages, "civicbrief": a, "typst": b, "ratio": a / b}


def sized(binary: str, target: int, tmp: Path) -> dict:
    """The bench document (sections of headings, paragraphs and a 24-row table) at about `target` pages."""
    sections = max(1, round(target / 1.4))
    for _ in range(3):
        path = tmp / "probe.json"
        path.write_text(json.dumps(bench.document(sections), ensure_ascii=False), encoding="utf-8")
        _, pages = civicbrief_ms(binary, path, tmp / "probe.pdf")
        if abs(pages - target) <= max(1, target // 50):
            break
        sections = max(1, round(sections * target / pages))
    return bench.document(sections)


def monthly_pack_content(binary: str, tmp: Path) -> dict | None:
    """The monthly pack's documents as one document model, charts drawn (render --charts-drawn)."""
    store = tmp / "demo.sqlite"
    made = subprocess.run([binary, "demo", "--store", str(store), "--out", str(tmp / "demo")], capture_output=True, text=True)
    if made.returncode != 0:
        print(f"monthly pack: demo failed\n{made.stderr[-400:]}")
        return None
    blocks, metadata = [], None
    for k, (template, area) in enumerate([("monatsbericht-sozialausschuss.md", None), ("stadtteilprofil.md", "03"),
                                          ("stadtteilprofil.md", "09")]):
        out = tmp / f"pack-{k}.json"
        args = [binary, "render", "--store", str(store), template, "--out", str(tmp / "pack.pdf"),
                "--emit-document", str(out), "--charts-drawn"] + (["--area", area] if area else [])
        result = subprocess.run(args, capture_output=True, text=True, cwd=REPO)
        if result.returncode != 0:
            print(f"monthly pack: render {template} failed\n{result.stderr[-400:]}")
            return None
        document = json.loads(out.read_text(encoding="utf-8"))
        metadata = metadata or document["metadata"]
        # Heading ids and the links to them prefixed per document, as the pack does („d2-…“).
        blocks += [prefixed(b, f"d{k + 1}-") for b in document["blocks"] if b["type"] != "tableOfContents"]
    return {"metadata": metadata, "blocks": blocks}


def prefixed(value, prefix: str):
    if isinstance(value, list):
        return [prefixed(v, prefix) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: prefixed(v, prefix) for k, v in value.items()}
    if isinstance(out.get("id"), str):
        out["id"] = prefix + out["id"]
    if out.get("type") == "link" and isinstance(out.get("target"), str):
        out["target"] = prefix + out["target"]
    return out


def callgrind_stages(binary: str, document: dict, tmp: Path) -> None:
    if subprocess.run(["which", "valgrind"], capture_output=True).returncode != 0:
        print("callgrind: valgrind is not installed")
        return
    path, out, prof = tmp / "cg.json", tmp / "cg.pdf", tmp / "callgrind.out"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    # Valgrind 3.19 cannot read the DWARF 5 the Swift toolchain writes: a copy without debug
    # information (function names stay), told where the fonts are.
    stripped = tmp / "civicbrief-stripped"
    subprocess.run(["strip", "--strip-debug", "-o", str(stripped), binary], check=True)
    run = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={prof}", str(stripped), "typeset", str(path),
                          "--out", str(out)], capture_output=True, text=True, env={**os.environ, "CIVICBRIEF_FONTS": str(FONTS)})
    total = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or not total:
        print(f"callgrind: the run failed\n{run.stderr[-400:]}")
        return
    annotated = subprocess.run(["callgrind_annotate", "--inclusive=yes", "--threshold=100", str(prof)],
                               capture_output=True, text=True).stdout
    demangled = subprocess.run(["swift", "demangle", "--simplified"], input=annotated, capture_output=True, text=True).stdout \
        or annotated
    def inclusive(pattern: str) -> int:
        counts = [int(m.group(1).replace(",", "")) for line in demangled.splitlines()
                  if re.search(pattern, line) and (m := re.match(r"\s*([\d,]+)", line))]
        return max(counts, default=0)
    whole = int(total.group(1))
    # A long document's second half is measured on a helper thread (Thread.main): layout too.
    stages = [("layout (Typesetter + helper thread)", inclusive(r"Typesetter\.typeset\(_:\)") + inclusive(r"\bThread\.main\(\)")),
              ("PDF (PDFRenderer.render)", inclusive(r"PDFRenderer\.render\(_:metadata:\)")),
              ("finishing (FinishingPass.run)", inclusive(r"FinishingPass\.run\(\)"))]
    print(f"\ninstruction counts, `typeset` of the 20-page document (callgrind, one run, release build):")
    print(f"  {'whole process':<36} {whole / 1e9:>7.3f} G")
    for label, count in stages:
        print(f"  {label:<36} {count / 1e9:>7.3f} G" if count else f"  {label:<36} {'(symbol not found)':>18}")
    rest = whole - sum(c for _, c in stages)
    print(f"  {'start-up, JSON, write, exit':<36} {rest / 1e9:>7.3f} G")


def main() -> int:
    binary = os.environ.get("CIVICBRIEF_BIN")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("set CIVICBRIEF_BIN to the civicbrief executable (make bench does)")
    try:
        import typst  # noqa: F401
    except ImportError:
        sys.exit("Typst is not installed in this Python (make test-deps installs it into .venv)")
    results = []
    keep = os.environ.get("CIVICBRIEF_BENCH_KEEP")  # a folder to keep the documents, markup and PDFs in
    with tempfile.TemporaryDirectory(prefix="civicbrief-typst-") as name:
        tmp = Path(keep or name)
        tmp.mkdir(parents=True, exist_ok=True)
        twenty = sized(binary, 20, tmp)
        results.append(compare(binary, "20 pages", twenty, tmp))
        results.append(compare(binary, "100 pages", sized(binary, 100, tmp), tmp))
        pack = monthly_pack_content(binary, tmp)
        if pack:
            results.append(compare(binary, "monthly pack content", pack, tmp))
        print(f"\n{'against Typst 0.15 (ua-1)':<24} {'pages':>11} {'civicbrief ms':>14} {'typst ms':>9} {'ratio':>6}")
        for r in results:
            print(f"{r['label']:<24} {r['pages']:>5} / {r['typst_pages']:>3} {r['civicbrief']:>14.1f} {r['typst']:>9.1f} "
                  f"{r['ratio']:>6.2f}")
        print(f"(interleaved, {RUNS} runs each, medians; pages: CivicBrief / Typst; goal: ratio ≤ 0.50 at 20 and 100 pages —"
              f" {'met' if all(r['ratio'] <= 0.5 for r in results[:2]) else 'not met'})")
        if "--callgrind" in sys.argv:
            callgrind_stages(binary, twenty, tmp)
    return 0


if __name__ == "__main__":
    sys.exit(main())
