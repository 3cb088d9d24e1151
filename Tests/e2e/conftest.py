"""Shared fixtures for CivicBrief's end-to-end tests (run by `make test`).

The binary under test is $CIVICBRIEF_BIN, else .build/debug/civicbrief in the repository.
Helpers for checking PDFs live in harness.py (importable from every test in this folder).
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_DOCUMENT = REPO / "Templates" / "samples" / "sample-document.json"


@pytest.fixture(scope="session")
def civicbrief_bin() -> Path:
    path = Path(os.environ.get("CIVICBRIEF_BIN") or REPO / ".build" / "debug" / "civicbrief")
    if not path.is_file():
        pytest.fail(f"{path} does not exist — run `swift build` or set CIVICBRIEF_BIN")
    return path


@pytest.fixture(scope="session")
def civicbrief(civicbrief_bin):
    """Runs the binary: civicbrief(*args, env={...}, cwd=...) → CompletedProcess (text).
    SOURCE_DATE_EPOCH is removed from the inherited environment so dates are reproducible."""
    def run(*args, env: dict | None = None, cwd=None) -> subprocess.CompletedProcess:
        full_env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        full_env.update(env or {})
        return subprocess.run([str(civicbrief_bin), *map(str, args)], capture_output=True, text=True,
                              env=full_env, cwd=cwd, timeout=600)
    return run


@pytest.fixture(scope="session")
def typeset(civicbrief):
    """typeset(document_json, out_pdf, env=None, check=True) → CompletedProcess.
    With check=True a non-zero exit fails the test and shows stderr."""
    probe = civicbrief("typeset", "--help")
    if probe.returncode != 0:
        pytest.skip(f"`civicbrief typeset` is not available yet: {probe.stderr.strip()[:200]}")

    def run(document, out, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
        result = civicbrief("typeset", document, "--out", out, env=env)
        if check:
            assert result.returncode == 0, (
                f"typeset {document} exited {result.returncode}:\n{result.stderr}")
            assert Path(out).is_file(), f"typeset {document} exited 0 but wrote no {out}"
        return result
    return run


@pytest.fixture(scope="session")
def rendered(typeset, tmp_path_factory):
    """rendered(document_json) → Path of its PDF, rendered once per test session."""
    cache: dict[Path, Path] = {}

    def get(document) -> Path:
        document = Path(document)
        if document not in cache:
            out = tmp_path_factory.mktemp("rendered") / (document.stem + ".pdf")
            typeset(document, out)
            cache[document] = out
        return cache[document]
    return get


@pytest.fixture
def check_pdf():
    """check_pdf(path): asserts that page-validation, outloud, pdfua and qpdf all accept the file."""
    return harness.check_pdf


@pytest.fixture
def read_tagged():
    """read_tagged(path) → harness.TaggedDocument (structure tree with text, artifacts)."""
    return harness.read_tagged
