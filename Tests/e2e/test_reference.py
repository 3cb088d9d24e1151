"""`civicbrief facts` and the README's template reference come from one source (issue 16 item 5):
the README holds exactly what `facts --markdown` prints, and `facts` gives values for an area."""
from __future__ import annotations

import json
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_readme_reference_is_what_the_program_prints(civicbrief):
    printed = civicbrief("facts", "--markdown")
    assert printed.returncode == 0, printed.stderr
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("<!-- template-reference:start -->\n")[1].split("<!-- template-reference:end -->")[0]
    assert section == printed.stdout, "README's template reference is stale: paste `civicbrief facts --markdown` between the markers"


def test_facts_lists_paths_with_their_values(civicbrief, tmp_path):
    store = tmp_path / "demo.sqlite"
    assert civicbrief("demo", "--store", store, "--out", tmp_path / "out").returncode == 0
    r = civicbrief("facts", "--store", store, "--area", "03", "--json")
    assert r.returncode == 0, r.stderr
    entries = {e["path"]: e for e in json.loads(r.stdout)}
    assert entries["area.name"]["value"] == "Moisling"
    assert entries["facts.arm_sgb2.current.formatted"]["value"] == "18,2\u00a0%"
    assert entries["facts.arm_sgb2.current.value"]["type"] == "number (may be absent)"
    assert entries["facts.arm_sgb2.city.phrase"]["value"].startswith("liegt deutlich über dem städtischen Durchschnitt von 9,0")
    assert entries["|value_phrase"]["type"] == "filter on a fact"
    # With a template: its parameters and its first main indicator.
    r = civicbrief("facts", "--store", store, "--template", REPO / "Templates" / "monatsbericht-sozialausschuss.md", "--json")
    assert r.returncode == 0, r.stderr
    entries = {e["path"]: e for e in json.loads(r.stdout)}
    assert entries["params.top"]["value"] == "5"
    assert entries["area.code"]["value"] == "00"
    # A wrong indicator is a clear error.
    bad = civicbrief("facts", "--store", store, "--indicator", "arm_sgb3")
    assert bad.returncode == 2 and "no indicator \"arm_sgb3\" in the store (--indicator) — did you mean \"arm_sgb2\"?" in bad.stderr, bad.stderr
