"""Helpers for CivicBrief's end-to-end tests: run every PDF/UA checker on a file, and read a
PDF's structure tree, marked-content text and artifacts back with pikepdf.

Every checker named in shared/ACCESSIBILITY.md runs in `check_pdf`; a file passes only when all
of them report zero problems: page-validation with the file's PDF/A profile (2a or 3a) and ua1,
outloud with its default layers and with the conformance layer (zero errors *and* zero warnings,
except two documented false positives of outloud's semantic layer, each verified from the structure
tree: TBL-010 on row-header tables and TAG-002 on repeated table header rows), pdfua and qpdf --check. No checker can tell real
text hidden as an artifact or a useless alt text, so the structure helpers let tests compare the
tagged content with the document model.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import page
import pikepdf

VENV_BIN = Path(sys.executable).parent


# ---------------------------------------------------------------- checkers

def _run(cmd: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300)


def pdfa_profile(path) -> str | None:
    """The page-validation profile the file claims in its XMP (pdfaid:part 2 or 3, conformance A):
    "2a" or "3a"; None when the file claims no PDF/A level A (which fails the check)."""
    try:
        with pikepdf.open(path) as pdf:
            xmp = pdf.Root.Metadata.read_bytes().decode("utf-8", "replace")
    except Exception:  # no catalog, no metadata: claims nothing
        return None
    part = re.search(r"<pdfaid:part>\s*(\d)\s*</pdfaid:part>", xmp)
    conformance = re.search(r"<pdfaid:conformance>\s*([ABU])\s*</pdfaid:conformance>", xmp)
    if not part or not conformance or conformance.group(1) != "A" or part.group(1) not in ("2", "3"):
        return None
    return part.group(1) + "a"


def _page_validation(path: str, profile: str, problems: dict[str, str]) -> None:
    try:
        report = page.validate_pdf(path, profile=profile)
        if not report.is_compliant or report.failures:
            problems[f"page-validation ({profile})"] = "\n".join(
                f"  {f.rule_id}: {f.message} [object {f.object_id}]" for f in report.failures
            ) or "  not compliant, no failures listed"
    except Exception as error:  # unreadable file: that is a failure, not a crash of the harness
        problems[f"page-validation ({profile})"] = f"  raised {type(error).__name__}: {error}"


_TBL010 = re.compile(r"header cells look shredded: (\d+) header cells against (\d+) data cells")


def row_header_tables(path) -> list[tuple[int, int]]:
    """(TH count, TD count) of every table built as one header row of column headers (/Scope
    /Column) over rows that each start with one row header (/Scope /Row) followed by data cells."""
    found = []
    try:
        tagged = read_tagged(path)
    except Exception:
        return found
    for table in tagged.of_type("Table"):
        rows = table.all("TR")
        if len(rows) < 2:
            continue
        cells = [[c for c in row.children if c.type in ("TH", "TD")] for row in rows]
        header, body = cells[0], cells[1:]
        width = len(header)
        well_formed = width >= 2 and all(c.type == "TH" and c.attributes.get("Scope") == "Column" for c in header) and all(
            len(row) == width and row[0].type == "TH" and row[0].attributes.get("Scope") == "Row"
            and all(c.type == "TD" for c in row[1:]) for row in body)
        if well_formed:
            found.append((width + len(body), (width - 1) * len(body)))
    return found


def tbl010_false_positives(path, findings: list[dict]) -> list[dict]:
    """The TBL-010 findings that are outloud's documented false positive (README "Archival PDF and
    embedded data"): its only reason is "more header cells than data cells", and the file has a
    well-formed row-header table with exactly those counts. A table with one header row and a header
    column has more TH than TD cells whenever it has few columns — WeasyPrint's PDF/UA output of such
    a table is flagged the same way (test_archival.py shows it). Real shredding (several header rows,
    headers of single words) never matches."""
    available = row_header_tables(path)
    accepted = []
    for f in findings:
        m = _TBL010.fullmatch(f.get("message", ""))
        if f.get("rule") == "TBL-010" and m and (int(m.group(1)), int(m.group(2))) in available:
            available.remove((int(m.group(1)), int(m.group(2))))
            accepted.append(f)
    return accepted


_TAG002 = re.compile(r"(\d+) line\(s\) of prose are marked /Artifact and will be skipped by every reader")


def tag002_false_positives(path, findings: list[dict]) -> list[dict]:
    """The TAG-002 findings that are outloud's documented false positive (README "Archival PDF and
    embedded data"): every artifact "prose" line it names is the header row of one of the file's
    tables, repeated on a continuation page (repeated header rows are pagination artifacts; Typst
    0.15's PDF/A-3a + PDF/UA-1 output of a table over two pages is flagged the same way, see
    test_archival.py). Any other artifact text never matches."""
    headers = set()
    try:
        for table in read_tagged(path).of_type("Table"):
            first = next(iter(table.all("TR")), None)
            if first is not None and first.children and all(c.type == "TH" for c in first.children):
                headers.add(" ".join(normalize(c.text) for c in first.children))
    except Exception:
        return []
    accepted = []
    for f in findings:
        m = _TAG002.fullmatch(f.get("message", ""))
        if f.get("rule") != "TAG-002" or not m:
            continue
        pieces = [p.strip() for p in f.get("evidence", "").split("; ")]
        if not pieces or int(m.group(1)) > len(pieces) and int(m.group(1)) > 2:
            # outloud shows at most two lines; more than that cannot all be checked
            continue
        def repeated_header(piece: str) -> bool:
            return piece in headers or (piece.endswith("…") and any(h.startswith(piece[:-1]) for h in headers))
        if all(repeated_header(p) for p in pieces):
            accepted.append(f)
    return accepted


def _outloud(path: str, layer: str | None, problems: dict[str, str]) -> None:
    name = "outloud" + (f" --layer {layer}" if layer else " (default layers)")
    run = _run([str(VENV_BIN / "outloud"), path] + (["--layer", layer] if layer else [])
               + ["--fail-on", "never", "--json", "-"])
    try:
        results = json.loads(run.stdout)["results"]
        findings = [f for r in results for f in r.get("findings", [])
                    if f.get("severity") in ("error", "warning")]
        errors = [r.get("error") for r in results if r.get("error")]
    except (ValueError, KeyError) as error:
        findings, errors = [], [f"unreadable JSON ({error}): {run.stdout[:500]} {run.stderr[:500]}"]
    accepted = tbl010_false_positives(path, findings) + tag002_false_positives(path, findings)
    findings = [f for f in findings if f not in accepted]
    if run.returncode != 0 or findings or errors:
        problems[name] = f"  exit {run.returncode}\n" + "\n".join(
            [f"  {f['severity']} {f['rule']}: {f['message']} {f.get('evidence', '')}" for f in findings]
            + [f"  error: {e}" for e in errors])


def checker_problems(path) -> dict[str, str]:
    """Runs every checker: page-validation with the PDF/A profile the file claims (2a or 3a; a file
    claiming none fails) and with ua1, outloud with its default layers and with the conformance
    layer (zero errors and warnings), pdfua and qpdf --check. Returns {checker: readable report}
    for each one that complains."""
    path = str(path)
    problems: dict[str, str] = {}

    profile = pdfa_profile(path)
    if profile is None:
        problems["PDF/A identification"] = "  the XMP metadata claims no PDF/A-2a or PDF/A-3a (pdfaid:part, pdfaid:conformance A)"
    else:
        _page_validation(path, profile, problems)
    _page_validation(path, "ua1", problems)

    _outloud(path, None, problems)
    _outloud(path, "conformance", problems)

    run = _run([str(VENV_BIN / "pdfua"), "check", "--format", "json", path])
    if run.returncode != 0:
        try:
            findings = json.loads(run.stdout).get("findings", [])
            detail = "\n".join(f"  {f['severity']} {f['rule_id']}: {f['message']}" for f in findings)
        except ValueError:
            detail = f"  {run.stdout[:1000]}{run.stderr[:1000]}"
        problems["pdfua"] = f"  exit {run.returncode}\n{detail}"

    run = _run(["qpdf", "--check", path])
    if run.returncode != 0:
        problems["qpdf --check"] = f"  exit {run.returncode}\n  {run.stdout.strip()}\n  {run.stderr.strip()}"
    return problems


def check_pdf(path) -> None:
    """Asserts that every checker accepts `path`, showing all their findings otherwise."""
    problems = checker_problems(path)
    assert not problems, f"{path} fails PDF/UA checks:\n" + "\n".join(
        f"[{name}]\n{report}" for name, report in problems.items())


# ---------------------------------------------------------------- text of marked content

def _hex_bytes(token: bytes) -> bytes:
    return bytes.fromhex(token.decode("ascii"))


def _parse_to_unicode(data: bytes) -> tuple[dict[bytes, str], int]:
    """bfchar/bfrange entries of a ToUnicode CMap and the code length in bytes."""
    mapping: dict[bytes, str] = {}
    space = re.search(rb"begincodespacerange\s*<([0-9A-Fa-f]+)>", data)
    code_length = len(space.group(1)) // 2 if space else 1
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for src, dst in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>", block):
            mapping[_hex_bytes(src)] = _hex_bytes(dst).decode("utf-16-be", "replace")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, rest in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            low, high, width = int(lo, 16), int(hi, 16), len(lo) // 2
            if rest.startswith(b"["):
                targets = [_hex_bytes(t) for t in re.findall(rb"<([0-9A-Fa-f]+)>", rest)]
                for offset, target in enumerate(targets):
                    mapping[(low + offset).to_bytes(width, "big")] = target.decode("utf-16-be", "replace")
            else:
                start = _hex_bytes(rest[1:-1])
                for offset in range(high - low + 1):
                    value = int.from_bytes(start, "big") + offset
                    mapping[(low + offset).to_bytes(width, "big")] = value.to_bytes(len(start), "big").decode("utf-16-be", "replace")
    return mapping, code_length


class _Font:
    def __init__(self, font: pikepdf.Dictionary):
        self.mapping: dict[bytes, str] = {}
        self.code_length = 2 if font.get("/Subtype") == "/Type0" else 1
        if "/ToUnicode" in font:
            self.mapping, self.code_length = _parse_to_unicode(font.ToUnicode.read_bytes())
        self.fallback_cp1252 = font.get("/Encoding") == "/WinAnsiEncoding"

    def decode(self, raw: bytes) -> str:
        out = []
        for i in range(0, len(raw), self.code_length):
            code = raw[i:i + self.code_length]
            if code in self.mapping:
                out.append(self.mapping[code])
            elif self.fallback_cp1252:
                out.append(code.decode("cp1252", "replace"))
            else:
                out.append("\ufffd")
        return "".join(out)


@dataclass
class PageText:
    """Text of one page, split by marked content."""
    by_mcid: dict[int, str] = field(default_factory=dict)
    artifacts: list[str] = field(default_factory=list)
    # The artifact text as drawn, one piece per text operator (roughly one piece per line).
    artifact_pieces: list[str] = field(default_factory=list)
    unmarked: str = ""


def _text_operand_strings(operator: str, operands) -> list[bytes]:
    if operator in ("Tj", "'"):
        return [bytes(operands[0])]
    if operator == '"':
        return [bytes(operands[2])]
    if operator == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return []


def page_text(pdf_page: pikepdf.Page) -> PageText:
    """Decodes the text of a page per MCID, per artifact sequence and outside any marked content.
    Text inside a `/Span << /ActualText … >>` sequence is replaced by its ActualText, as a reader does."""
    fonts: dict[str, _Font] = {}
    resources = pdf_page.obj.get("/Resources", pikepdf.Dictionary())
    font_dict = resources.get("/Font", pikepdf.Dictionary())
    result = PageText()
    # Stack of open sequences: (mcid or None, is_artifact, actual_text or None)
    stack: list[tuple[int | None, bool, str | None]] = []
    current_font: _Font | None = None
    artifact_buffer: list[str] = []

    def sink(text: str) -> None:
        nonlocal artifact_buffer
        if any(artifact for _, artifact, _ in stack):
            artifact_buffer.append(text)
            result.artifact_pieces.append(text)
            return
        mcid = next((m for m, _, _ in reversed(stack) if m is not None), None)
        if mcid is None:
            result.unmarked += text
        else:
            result.by_mcid[mcid] = result.by_mcid.get(mcid, "") + text

    for instruction in pikepdf.parse_content_stream(pdf_page):
        operator = str(instruction.operator)
        operands = instruction.operands if operator != "INLINE IMAGE" else []
        if operator in ("BDC", "BMC"):
            tag = str(operands[0])
            props = operands[1] if operator == "BDC" and len(operands) > 1 else None
            mcid = None
            actual = None
            if isinstance(props, pikepdf.Dictionary):
                if "/MCID" in props:
                    mcid = int(props.MCID)
                if "/ActualText" in props:
                    actual = str(props.ActualText)
            is_artifact = tag == "/Artifact"
            if actual is not None and not any(a is not None for _, _, a in stack):
                stack.append((mcid, is_artifact, actual))
                sink(actual)
            else:
                stack.append((mcid, is_artifact, actual))
        elif operator == "EMC":
            closed = stack.pop() if stack else None
            if closed and closed[1] and not any(a for _, a, _ in stack):
                result.artifacts.append("".join(artifact_buffer))
                artifact_buffer = []
        elif operator == "Tf":
            name = str(operands[0])
            if name not in fonts:
                fonts[name] = _Font(font_dict[name])
            current_font = fonts[name]
        else:
            strings = _text_operand_strings(operator, operands)
            if strings and current_font is not None and not any(a is not None for _, _, a in stack):
                sink("".join(current_font.decode(s) for s in strings))
    return result


# ---------------------------------------------------------------- structure tree

@dataclass
class Element:
    type: str
    alt: str | None
    actual_text: str | None
    lang: str | None
    id: str | None
    attributes: dict
    children: list["Element"] = field(default_factory=list)
    # Content items in order: ("mcid", page_index, mcid) or ("obj", annotation) or ("elem", Element)
    content: list = field(default_factory=list)
    text: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def first(self, type_: str) -> "Element | None":
        return next((e for e in self.walk() if e.type == type_), None)

    def all(self, type_: str) -> list["Element"]:
        return [e for e in self.walk() if e.type == type_]


def normalize(text: str) -> str:
    """Whitespace collapsed, soft hyphens removed: how a screen reader would speak the text."""
    return re.sub(r"\s+", " ", text.replace("\u00ad", "")).strip()


@dataclass
class TaggedDocument:
    pdf: pikepdf.Pdf
    root: list[Element]
    pages: list[PageText]

    def elements(self) -> list[Element]:
        """All structure elements in reading (pre-)order."""
        return [e for r in self.root for e in r.walk()]

    def structure(self) -> list[tuple[str, str | None, dict, str]]:
        """(type, alt, attributes, text) of every element in reading order, as a screen reader walks it."""
        return [(e.type, e.alt, e.attributes, normalize(e.text)) for e in self.elements()]

    def of_type(self, *types: str) -> list[Element]:
        return [e for e in self.elements() if e.type in types]

    def headings(self) -> list[tuple[int, str]]:
        return [(int(e.type[1]), normalize(e.text)) for e in self.elements() if re.fullmatch(r"H[1-6]", e.type)]

    def artifact_texts(self) -> list[str]:
        """The text inside /Artifact sequences, page by page (normalized, empty ones dropped)."""
        return [normalize(t) for p in self.pages for t in p.artifacts if normalize(t)]

    def unmarked_text(self) -> str:
        return normalize(" ".join(p.unmarked for p in self.pages))

    def tagged_text(self) -> str:
        return normalize(" ".join(e.text for e in self.root))


def _name(value) -> str | None:
    return str(value)[1:] if isinstance(value, pikepdf.Name) else None


def _string(value) -> str | None:
    return str(value) if isinstance(value, pikepdf.String) else None


def _attributes(element: pikepdf.Dictionary) -> dict:
    attrs: dict = {}
    value = element.get("/A")
    if value is None:
        return attrs
    dicts = list(value) if isinstance(value, pikepdf.Array) else [value]
    for d in dicts:
        if isinstance(d, pikepdf.Dictionary):
            for key, item in d.items():
                attrs[key[1:]] = _name(item) or _string(item) or item
    return attrs


def read_tagged(path) -> TaggedDocument:
    pdf = pikepdf.open(path)
    page_index = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
    texts = [page_text(p) for p in pdf.pages]
    tree = pdf.Root.get("/StructTreeRoot")
    roots: list[Element] = []
    seen: set = set()

    def build(node: pikepdf.Dictionary) -> Element:
        if node.is_indirect:
            assert node.objgen not in seen, f"structure element {node.objgen} occurs twice"
            seen.add(node.objgen)
        element = Element(type=_name(node.get("/S")) or "?", alt=_string(node.get("/Alt")),
                          actual_text=_string(node.get("/ActualText")), lang=_string(node.get("/Lang")),
                          id=_string(node.get("/ID")), attributes=_attributes(node))
        default_page = node.get("/Pg")
        kids = node.get("/K")
        kids = list(kids) if isinstance(kids, pikepdf.Array) else ([] if kids is None else [kids])
        parts: list[str] = []
        for kid in kids:
            if isinstance(kid, int) or (isinstance(kid, pikepdf.Object) and kid._type_code == pikepdf.ObjectType.integer):
                index = page_index[default_page.objgen]
                element.content.append(("mcid", index, int(kid)))
                parts.append(texts[index].by_mcid.get(int(kid), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                pg = kid.get("/Pg", default_page)
                index = page_index[pg.objgen]
                element.content.append(("mcid", index, int(kid.MCID)))
                parts.append(texts[index].by_mcid.get(int(kid.MCID), ""))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                element.content.append(("obj", kid.Obj))
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = build(kid)
                element.children.append(child)
                element.content.append(("elem", child))
                parts.append(child.text)
        element.text = element.actual_text if element.actual_text is not None else "".join(parts)
        return element

    if tree is not None:
        kids = tree.get("/K")
        for kid in (list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []):
            roots.append(build(kid))
    return TaggedDocument(pdf=pdf, root=roots, pages=texts)


def pdftotext(path, layout: bool = False) -> str:
    cmd = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else []) + [str(path), "-"]
    return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout


def xmp_and_info(path) -> tuple[str, dict[str, str]]:
    with pikepdf.open(path) as pdf:
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        info = {str(k)[1:]: str(v) for k, v in pdf.trailer.Info.items()}
    return xmp, info


def reading_text(path, tagged: TaggedDocument | None = None) -> str:
    """pdftotext's reading order, page by page, with the page furniture (each artifact text
    piece, once) cut out, so a paragraph that continues on the next page reads as one.
    Returned squashed to letters and digits, since cutting happens on that form."""
    tagged = tagged or read_tagged(path)
    pages = pdftotext(path).split("\f")
    out = []
    for index, text in enumerate(pages):
        squashed = squash(text)
        if index < len(tagged.pages):
            for piece in tagged.pages[index].artifact_pieces:
                if squash(piece):
                    squashed = squashed.replace(squash(piece), "", 1)
        out.append(squashed)
    return "".join(out)


def squash(text: str) -> str:
    """Letters and digits only: survives line breaks, hyphenation and spacing differences."""
    return "".join(ch for ch in text if ch.isalnum())
