"""`civicbrief init DIR --city NAME` makes a working set-up for a new city, `civicbrief new template`
a new template; both render at once, and neither overwrites anything."""
from __future__ import annotations

import subprocess

import harness


def text_of(pdf) -> str:
    return harness.normalize(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout)


def test_init_makes_a_set_up_whose_templates_render_at_once(civicbrief, tmp_path):
    folder = tmp_path / "neustadt"
    made = civicbrief("init", folder, "--city", "Neustadt am Fluss")
    assert made.returncode == 0, made.stderr
    for name in ["city.yaml", "README.md", "civicbrief.sqlite", "Templates/stadtteilprofil.md",
                 "Templates/monthly-sozialausschuss.yaml", "Templates/index/mss-luebeck.yaml", "data/city-area.yaml"]:
        assert (folder / name).exists(), name
    assert "civicbrief import" in (folder / "README.md").read_text(encoding="utf-8")
    out = folder / "profil.pdf"
    result = civicbrief("render", "Templates/stadtteilprofil.md", "--area", "03", "--out", out, cwd=folder)
    assert result.returncode == 0, result.stderr
    harness.check_pdf(out)
    printed = text_of(out)
    assert "Gesamtstadt Neustadt am Fluss" in printed and "Stadt Neustadt am Fluss · Ausschuss für Soziales" in printed
    assert "synthetische Demodaten" in printed and "Lübeck" not in printed
    # Nothing of anybody's is overwritten.
    again = civicbrief("init", folder, "--city", "Anderswo")
    assert again.returncode == 2 and "is not empty — give a new or empty folder" in again.stderr
    assert "Neustadt am Fluss" in (folder / "city.yaml").read_text(encoding="utf-8")


def test_new_template_starts_from_a_shipped_one_or_a_short_one_and_renders(civicbrief, tmp_path):
    folder = tmp_path / "stadt"
    assert civicbrief("init", folder, "--city", "Musterstadt").returncode == 0
    short = civicbrief("new", "template", "wohnen", cwd=folder)
    assert short.returncode == 0 and short.stdout.strip() == "Templates/wohnen.md", short.stderr
    copy = civicbrief("new", "template", "profil-kurz", "--from", "stadtteilprofil", cwd=folder)
    assert copy.returncode == 0, copy.stderr
    assert (folder / "Templates/profil-kurz.md").read_text(encoding="utf-8") == (folder / "Templates/stadtteilprofil.md").read_text(encoding="utf-8")
    checked = civicbrief("check", "Templates/wohnen.md", "Templates/profil-kurz.md", cwd=folder)
    assert checked.returncode == 0, checked.stderr
    out = folder / "wohnen.pdf"
    rendered = civicbrief("render", "Templates/wohnen.md", "--area", "05", "--out", out, cwd=folder)
    assert rendered.returncode == 0, rendered.stderr
    harness.check_pdf(out)
    assert "Ein Stadtteil von Musterstadt ist St. Lorenz Süd." in text_of(out)
    assert "civicbrief" not in text_of(out), "no operator instruction in the document"
    exists = civicbrief("new", "template", "wohnen", cwd=folder)
    assert exists.returncode == 2 and "exists — choose another name" in exists.stderr
    missing = civicbrief("new", "template", "x", "--from", "gibtsnicht", cwd=folder)
    assert missing.returncode == 2 and "gibtsnicht: template not found" in missing.stderr
