"""The harness must be able to fail: untagged and broken PDFs are rejected, and the text helpers
read marked content and artifacts correctly."""
from __future__ import annotations

import subprocess

import pikepdf
import pytest

import harness


def _untagged_pdf(path, text="Hallo Lübeck"):
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica,
                                                Encoding=pikepdf.Name.WinAnsiEncoding))
    content = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode("cp1252")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842],
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)


def _tagged_pdf(path):
    """A minimal tagged page: P (MCID 0), a page number as /Artifact, an unmarked word."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1,
                                                BaseFont=pikepdf.Name.Helvetica,
                                                Encoding=pikepdf.Name.WinAnsiEncoding))
    content = (b"/P <</MCID 0>> BDC BT /F1 12 Tf 72 720 Td (Gr\xf6\xdfe \\(Text\\)) Tj ET EMC\n"
               b"/Artifact <</Type /Pagination>> BDC BT /F1 8 Tf 72 40 Td [(Seite) -250 ( 1)] TJ ET EMC\n"
               b"BT /F1 8 Tf 72 20 Td (lose) Tj ET\n")
    page = pikepdf.Dictionary(Type=pikepdf.Name.Page, MediaBox=[0, 0, 595, 842], StructParents=0,
                              Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
                              Contents=pdf.make_stream(content))
    pdf.pages.append(pikepdf.Page(page))
    page_ref = pdf.pages[0].obj
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    document = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Document, P=root))
    paragraph = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.P,
                                                     P=document, Pg=page_ref, K=0))
    document.K = pikepdf.Array([paragraph])
    root.K = pikepdf.Array([document])
    root.ParentTree = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Array([paragraph])]))
    pdf.Root.StructTreeRoot = root
    pdf.save(path)


def test_untagged_pdf_fails_every_accessibility_checker(tmp_path):
    path = tmp_path / "untagged.pdf"
    _untagged_pdf(path)
    problems = harness.checker_problems(path)
    assert {"PDF/A identification", "page-validation (ua1)", "outloud (default layers)",
            "outloud --layer conformance", "pdfua"} <= set(problems), problems
    with pytest.raises(AssertionError, match="fails PDF/UA checks"):
        harness.check_pdf(path)


def test_empty_pdf_fails(tmp_path):
    path = tmp_path / "empty.pdf"
    subprocess.run(["qpdf", "--empty", str(path)], check=True)
    with pytest.raises(AssertionError):
        harness.check_pdf(path)


def test_truncated_pdf_fails_qpdf_check_too(tmp_path):
    good = tmp_path / "good.pdf"
    _untagged_pdf(good)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(good.read_bytes()[:300])
    problems = harness.checker_problems(broken)
    assert "qpdf --check" in problems, problems


def test_text_helpers_separate_tagged_text_artifacts_and_unmarked_text(tmp_path):
    path = tmp_path / "tagged.pdf"
    _tagged_pdf(path)
    doc = harness.read_tagged(path)
    assert [(e.type, e.text) for e in doc.elements()] == [("Document", "Größe (Text)"), ("P", "Größe (Text)")]
    assert doc.artifact_texts() == ["Seite 1"]
    assert doc.unmarked_text() == "lose"


def test_normalize_collapses_whitespace_and_drops_soft_hyphens():
    assert harness.normalize("  Sozial\u00admonitoring \n Lübeck ") == "Sozialmonitoring Lübeck"
