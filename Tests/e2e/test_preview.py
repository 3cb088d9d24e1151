"""`civicbrief preview`: the PDF and an image of every page, drawn by Cairo from the same layout;
with --watch, again whenever the template, a partial or the store changes, keeping the last good
output when the new one has an error."""
from __future__ import annotations

import math
import os
import shutil
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat

import harness
from conftest import REPO


@pytest.fixture(scope="module")
def store(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("preview")
    path = folder / "demo.sqlite"
    made = civicbrief("demo", "--store", path, "--out", folder / "demo-out")
    assert made.returncode == 0, made.stderr
    return path


def test_preview_writes_the_pdf_and_every_page_as_the_pdf_shows_it(civicbrief, store, tmp_path):
    out = tmp_path / "profil.pdf"
    result = civicbrief("preview", "--store", store, "stadtteilprofil.md", "--area", "03", "--out", out, "--dpi", "50")
    assert result.returncode == 0, result.stderr
    paths = result.stdout.splitlines()
    with pikepdf.open(out) as pdf:
        pages = len(pdf.pages)
    assert paths == [str(out)] + [str(tmp_path / f"profil-{i}.png") for i in range(1, pages + 1)]
    assert pages == 6
    harness.check_pdf(out)
    # Each image is its page at 50 dpi and looks like the PDF's page as poppler draws it.
    for i in range(1, pages + 1):
        image = Image.open(tmp_path / f"profil-{i}.png").convert("L")
        assert image.size == (math.ceil(595.276 * 50 / 72), math.ceil(841.890 * 50 / 72))
        subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", str(i), "-l", str(i), "-singlefile", str(out),
                        str(tmp_path / f"poppler-{i}")], check=True)
        reference = Image.open(tmp_path / f"poppler-{i}.png").convert("L").resize(image.size)
        # Compared at a quarter of the size: the two rasterisers' anti-aliasing of thin hatching
        # differs pixel by pixel, not in what stands where.
        small = (image.width // 4, image.height // 4)
        def distance(a, b):
            return ImageStat.Stat(ImageChops.difference(a.resize(small, Image.BOX), b.resize(small, Image.BOX))).mean[0]
        ink = 255 - ImageStat.Stat(image).mean[0]
        assert ink > 3, f"page {i} is blank"
        difference = distance(image, reference)
        assert difference < 5, f"page {i} differs from the PDF by {difference:.1f} grey levels on average"
        # The measure tells pages apart: the image is much further from the PDF's other pages.
        other = Image.open(tmp_path / f"profil-{i % pages + 1}.png").convert("L")
        assert distance(other, reference) > 2 * difference, f"page {i} is as far from its PDF page as from another"


def test_preview_refuses_a_resolution_out_of_range(civicbrief, store, tmp_path):
    result = civicbrief("preview", "--store", store, "stadtteilprofil.md", "--dpi", "0", "--out", tmp_path / "p.pdf")
    assert result.returncode == 1 and "--dpi takes 1 to 600" in result.stderr


def read_until(stream, predicate, timeout: float = 60) -> list[str]:
    """Lines from `stream` until one satisfies `predicate` (os.set_blocking off, polled)."""
    lines, deadline, buffer = [], time.monotonic() + timeout, b""
    while time.monotonic() < deadline:
        chunk = stream.read()
        if chunk:
            buffer += chunk
            *complete, buffer = buffer.split(b"\n")
            lines += [c.decode() for c in complete]
            if any(predicate(l) for l in lines):
                return lines
        time.sleep(0.05)
    raise AssertionError(f"timed out; got {lines}")


def test_watch_renders_again_on_change_and_keeps_the_last_good_output(civicbrief_bin, store, tmp_path):
    templates = tmp_path / "Templates"
    shutil.copytree(REPO / "Templates", templates)
    template = templates / "stadtteilprofil.md"
    out = tmp_path / "watch.pdf"
    process = subprocess.Popen([str(civicbrief_bin), "preview", "--store", str(store), str(template), "--area", "03",
                                "--out", str(out), "--dpi", "30", "--watch"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        os.set_blocking(process.stdout.fileno(), False)
        os.set_blocking(process.stderr.fileno(), False)
        read_until(process.stdout, lambda l: l.endswith("watch-6.png"))
        first = (tmp_path / "watch-1.png").read_bytes()
        # A changed heading: rendered again, page 1 differs.
        text = template.read_text(encoding="utf-8")
        template.write_text(text.replace("# {{ profile.district.compound }}profil {{ area.name }}", "# Profil des Stadtteils {{ area.name }}"),
                            encoding="utf-8")
        read_until(process.stdout, lambda l: l.endswith("watch-6.png"))
        second = (tmp_path / "watch-1.png").read_bytes()
        assert second != first
        # A typo in a fact: the error with its position, and the last good output stays.
        template.write_text(text.replace("facts.bev_einwohner.current.hasValue", "facts.bev_einwohner.current.hasValeu"),
                            encoding="utf-8")
        errors = read_until(process.stderr, lambda l: "the last good preview is kept" in l)
        assert any(l.startswith(f"{template}:") and "hasValeu" in l for l in errors), errors
        assert (tmp_path / "watch-1.png").read_bytes() == second
        assert process.poll() is None, "the watch ended on an error"
    finally:
        process.terminate()
        process.wait(timeout=10)
