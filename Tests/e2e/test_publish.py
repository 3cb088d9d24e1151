"""End-to-end checks of `civicbrief publish`: outputs and run manifest, skipping, failures, shards,
interruption and concurrent use of one store. Every PDF a test renders goes through check_pdf
(identical bytes are checked once)."""
from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import jsonschema
import pikepdf
import pytest

import harness

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "Templates"
CHANGE = "indicator,area,period,value,numerator,denominator,status,note\n" \
         "arm_sgb2,03,{period},{value},{num},10322,provisional,vorläufiger Wert\n"
_checked: set[str] = set()


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check_once(path: Path) -> None:
    digest = sha(path)
    if digest not in _checked:
        harness.check_pdf(path)
        _checked.add(digest)


def manifest(folder: Path, areas=("03", "04"), extra: str = "", templates: Path = TEMPLATES, pack: bool = True) -> Path:
    area_list = ", ".join(f'"{a}"' for a in areas)
    path = folder / "small.yaml"
    pack_text = 'pack:\n  title: Sitzungsunterlagen Sozialausschuss\n  file: "mappe-{period}-{lang}.pdf"\n' if pack else ""
    path.write_text(f"""name: klein
languages: [de]
output: "{{template}}-{{area}}-{{period}}-{{lang}}.pdf"
metadata:
  committee: Sozialausschuss
  meeting_date: 2026-12-03
  organisation: Hansestadt Lübeck · Test
documents:
  - template: {templates / 'stadtteilprofil.md'}
    areas: [{area_list}]
{extra}{pack_text}""", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def demo_store(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("publish-demo")
    path = folder / "demo.sqlite"
    result = civicbrief("demo", "--store", path, "--out", folder / "demo-out")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def store(demo_store, tmp_path):
    """A private copy of the demo store (with its WAL, if any), so tests may change it."""
    path = tmp_path / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(demo_store) + suffix)
        if source.exists():
            shutil.copyfile(source, str(path) + suffix)
    return path


def publish(civicbrief, store, manifest_path, out, *extra):
    return civicbrief("publish", "--store", store, manifest_path, "--out", out, "--quiet", *extra)


SCHEMA = json.loads((REPO / "Schemas" / "run-manifest.schema.json").read_text(encoding="utf-8"))


def run_manifest(out: Path, name="run-manifest.json") -> dict:
    """The run manifest, validated against Schemas/run-manifest.schema.json."""
    manifest = json.loads((out / name).read_text(encoding="utf-8"))
    jsonschema.validate(manifest, SCHEMA, format_checker=jsonschema.FormatChecker())
    return manifest


def statuses(result) -> dict[str, str]:
    """{file: rendered|skipped} from the one-line-per-document output."""
    found = {}
    for line in result.stderr.splitlines():
        m = re.match(r"(rendered|skipped) +(\S+)", line)
        if m:
            found[m.group(2)] = m.group(1)
    return found


def test_publish_writes_every_file_and_a_run_manifest_then_skips_and_rerenders_only_what_changed(civicbrief, store, tmp_path):
    out = tmp_path / "out"
    first = publish(civicbrief, store, manifest(tmp_path), out)
    assert first.returncode == 0, first.stderr
    run = run_manifest(out)
    period = run["outputs"][0]["period"]
    files = {f"stadtteilprofil-03-{period}-de.pdf", f"stadtteilprofil-04-{period}-de.pdf", f"mappe-{period}-de.pdf"}
    assert {o["file"] for o in run["outputs"]} == files
    assert sorted(p.name for p in out.iterdir()) == sorted(files | {"run-manifest.json"})
    assert run["failures"] == [] and run["run"]["shard"] == "1/1" and run["run"]["status"] == "complete"
    assert run["run"]["packs"] == [f"mappe-{period}-de.pdf"]
    assert f"attach: {out / f'mappe-{period}-de.pdf'}" in first.stderr
    assert statuses(first) == {f: "rendered" for f in files}
    for o in run["outputs"]:
        pdf = out / o["file"]
        check_once(pdf)
        assert o["sha256"] == sha(pdf) and o["bytes"] == pdf.stat().st_size
        with pikepdf.open(pdf) as doc:
            assert o["pages"] == len(doc.pages)
            assert str(doc.Root.Lang) == "de-DE"
            # The meeting date, never 2000-01-01.
            assert str(doc.docinfo.CreationDate).startswith("D:20261203")
        assert (o["template"], o["language"], o["period"]) == (
            (str(tmp_path / "small.yaml"), "de", period) if o["kind"] == "pack"
            else (str(TEMPLATES / "stadtteilprofil.md"), "de", period))
        assert o["data_state"] == run["data_state"]["store"] and len(o["document"]) == 64
    assert {(o.get("area") or {}).get("code"): o["title"] for o in run["outputs"]} == {
        "03": "Stadtteilprofil Moisling", "04": "Stadtteilprofil Buntekuh", None: "Sitzungsunterlagen Sozialausschuss"}
    assert {o["key"] for o in run["outputs"]} == {f"stadtteilprofil/03/{period}/de", f"stadtteilprofil/04/{period}/de",
                                                   f"pack/{period}/de"}
    assert run["tool"]["name"] == "civicbrief" and run["manifest"] == {"name": "klein", "path": str(tmp_path / "small.yaml")}

    # The pack: cover + TOC + one section per document, one H1 each, bookmarks per section, page
    # numbers running across the pack, and one appendix with the definitions of all its documents.
    pack = out / f"mappe-{period}-de.pdf"
    h1 = [text for level, text in harness.read_tagged(pack).headings() if level == 1]
    with pikepdf.open(pack) as doc:
        with doc.open_outline() as outline:
            top = [item.title for item in outline.root]
        parts = sum(o["pages"] for o in run["outputs"] if o["kind"] == "document")
        assert parts // 2 < len(doc.pages) <= parts + 1
    assert top[0] == "Sitzungsunterlagen Sozialausschuss"
    assert "Stadtteilprofil Moisling" in top and "Stadtteilprofil Buntekuh" in top
    assert top.index("Stadtteilprofil Moisling") < top.index("Stadtteilprofil Buntekuh")
    assert h1 == ["Sitzungsunterlagen Sozialausschuss", "Stadtteilprofil Moisling", "Stadtteilprofil Buntekuh",
                  "Anhang: Definitionen und Quellen"]
    # Each section is its document as rendered on its own (the pack places what the document's job
    # measured) up to its definitions, which it replaces by a reference to the pack's appendix
    # (elements compared with their text; a Sect's text is all of its section's).
    def reading(path):
        def walk(elements):
            for e in elements:
                if e.type == "TOC":
                    continue
                if e.type not in ("Document", "Sect"):
                    yield e.type, harness.normalize(e.text)
                yield from walk(e.children)
        return list(walk(harness.read_tagged(path).root))
    definitions = ("H2", "Definitionen und Quellen")
    reference = ("P", harness.normalize("Die Definitionen und Quellen der Kennzahlen stehen im Anhang am Ende der Mappe."))
    whole = reading(pack)
    entries = {}
    for o in (o for o in run["outputs"] if o["kind"] == "document"):
        own = reading(out / o["file"])
        cut = own.index(definitions)
        start = next(i for i in range(len(whole)) if whole[i:i + cut] == own[:cut])
        assert whole[start + cut:start + cut + 2] == [definitions, reference], o["file"]
        entries.update({text.split(":")[0]: text for kind, text in own[cut + 1:] if kind == "P"})
    appendix = whole[whole.index(("H1", "Anhang: Definitionen und Quellen")) + 1:]
    printed = [text for kind, text in appendix if kind == "P"]
    # Every definition of every document, each once.
    assert sorted(printed) == sorted(entries.values())
    assert len(printed) == len(set(printed))

    # Same inputs: everything is skipped and no file is touched.
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    second = publish(civicbrief, store, manifest(tmp_path), out)
    assert second.returncode == 0, second.stderr
    assert statuses(second) == {f: "skipped" for f in files}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == mtimes
    assert [o["sha256"] for o in run_manifest(out)["outputs"]] == [o["sha256"] for o in run["outputs"]]
    dry = civicbrief("publish", "--store", store, manifest(tmp_path), "--out", out, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"skip    stadtteilprofil-03-{period}-de.pdf  {TEMPLATES / 'stadtteilprofil.md'} · 03 Moisling · {period} · de: unchanged inputs",
        f"skip    stadtteilprofil-04-{period}-de.pdf  {TEMPLATES / 'stadtteilprofil.md'} · 04 Buntekuh · {period} · de: unchanged inputs",
        f"skip    mappe-{period}-de.pdf  pack · 2 documents · {period} · de: unchanged inputs"]

    # An earlier month of Moisling is revised: its profile (which shows its own history) and the pack
    # are rendered again; Buntekuh's profile (whose charts compare districts in the current month only)
    # is not.
    year, month = map(int, period.split("-"))
    earlier = f"{year - (month <= 4)}-{(month - 5) % 12 + 1:02d}"
    before_change = sha(out / f"stadtteilprofil-03-{period}-de.pdf")
    change = tmp_path / "change.csv"
    change.write_text(CHANGE.format(period=earlier, value="18.4", num="1899"), encoding="utf-8")
    imported = civicbrief("import", "--store", store, change)
    assert imported.returncode == 0, imported.stderr
    third = publish(civicbrief, store, manifest(tmp_path), out)
    assert third.returncode == 0, third.stderr
    assert statuses(third) == {f"stadtteilprofil-03-{period}-de.pdf": "rendered",
                               f"stadtteilprofil-04-{period}-de.pdf": "skipped",
                               f"mappe-{period}-de.pdf": "rendered"}
    changed = out / f"stadtteilprofil-03-{period}-de.pdf"
    check_once(changed)
    check_once(out / f"mappe-{period}-de.pdf")
    assert sha(changed) != before_change
    # A revision no document shows (an earlier month of a district outside the pack): the data changed,
    # but every document is the same, and so is the pack built from them — nothing is rendered.
    other = tmp_path / "other.csv"
    other.write_text("indicator,area,period,value,numerator,denominator,status,note\n"
                     f"arm_sgb2,05,{earlier},9.9,,,provisional,\n", encoding="utf-8")
    assert civicbrief("import", "--store", store, other).returncode == 0
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    fourth = publish(civicbrief, store, manifest(tmp_path), out)
    assert fourth.returncode == 0, fourth.stderr
    assert statuses(fourth) == {f: "skipped" for f in files}
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == mtimes
    # --force renders everything, and the bytes are the same as the skipped ones.
    forced = publish(civicbrief, store, manifest(tmp_path), out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert set(statuses(forced).values()) == {"rendered"}
    assert {p.name: sha(p) for p in out.glob("*.pdf")} == {o["file"]: o["sha256"] for o in run_manifest(out)["outputs"]}


def test_a_broken_template_fails_alone_and_is_named(civicbrief, store, tmp_path):
    templates = tmp_path / "Templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("*.yaml", "samples", "index"))
    broken = templates / "kaputt.md"
    text = (templates / "stadtteilprofil.md").read_text(encoding="utf-8")
    broken.write_text(text.replace("# {{ profile.district.compound }}profil {{ area.name }}", "# Profil {{ area.name | nosuchfilter }}"),
                      encoding="utf-8")
    line = next(i for i, l in enumerate(broken.read_text(encoding="utf-8").splitlines(), 1) if "nosuchfilter" in l)
    path = manifest(tmp_path, areas=("03",), templates=templates,
                    extra=f"  - template: {broken}\n    areas: [\"04\"]\n")
    out = tmp_path / "out"
    result = publish(civicbrief, store, path, out)
    assert result.returncode == 2, result.stderr
    assert re.search(rf"kaputt\.md:{line}:\d+: .*nosuchfilter", result.stderr), result.stderr
    run = run_manifest(out)
    period = run["periods"]["reference"]
    assert f"failed: kaputt/04/{period}/de" in result.stderr
    assert [(f["key"], f["category"]) for f in run["failures"]] == [(f"kaputt/04/{period}/de", "input"), (f"pack/{period}/de", "input")]
    good = [o["file"] for o in run["outputs"]]
    assert len(good) == 1 and good[0].startswith("stadtteilprofil-03-")
    check_once(out / good[0])
    assert sorted(p.name for p in out.iterdir()) == sorted([good[0], "run-manifest.json"])

    # `--dry-run --check` validates the manifest and every template without rendering.
    checked = civicbrief("publish", "--store", store, path, "--dry-run", "--check")
    assert checked.returncode == 2
    assert re.search(rf"^fail    kaputt-04-{period}-de.pdf  .*kaputt\.md:{line}:\d+: ", checked.stdout, re.M), checked.stdout
    assert re.search(rf"kaputt\.md:{line}:\d+: ", checked.stderr)
    # `civicbrief check` takes a manifest too.
    checked = civicbrief("check", "--store", store, path)
    assert checked.returncode == 2
    assert re.search(rf"kaputt\.md:{line}:\d+: ", checked.stderr)
    shipped = civicbrief("check", "--store", store, TEMPLATES / "monthly-sozialausschuss.yaml")
    assert shipped.returncode == 0, shipped.stderr
    assert shipped.stderr == f"{TEMPLATES / 'monthly-sozialausschuss.yaml'}: ok\n"
    bad = tmp_path / "bad.yaml"
    bad.write_text("languages: [de, fr]\ndocuments:\n  - template: nowhere.md\n    aeras: district\n", encoding="utf-8")
    invalid = civicbrief("publish", "--store", store, bad, "--dry-run")
    assert invalid.returncode == 2
    assert invalid.stderr.splitlines() == [
        f'{bad}:1:17: unknown language "fr" — use de or en',
        f'{bad}:3:15: template "nowhere.md" not found (looked for {tmp_path}/nowhere.md) — paths are relative to the manifest\'s folder',
        f'{bad}:4:5: unknown key "aeras" in a document entry — use template, areas, parameters, languages',
    ]


def test_two_packs_come_out_the_same_however_the_work_is_shared(civicbrief, store, tmp_path):
    # A pack per language, each placing the text its documents' jobs measured, with one, two and three
    # threads, and on a shard without its documents (where the pack measures them itself): the same
    # bytes every time, and no run waits forever for another.
    path = tmp_path / "two.yaml"
    path.write_text(f"""name: zwei
languages: [de, en]
output: "{{template}}-{{area}}-{{lang}}.pdf"
metadata:
  committee: Sozialausschuss
  meeting_date: 2026-12-03
documents:
  - template: {TEMPLATES / 'stadtteilprofil.md'}
    areas: ["03", "09"]
    languages: [de]
  - template: {TEMPLATES / 'district-profile.en.md'}
    areas: ["03", "04"]
    languages: [en]
pack:
  title: Sitzungsunterlagen
  file: "mappe-{{lang}}.pdf"
""", encoding="utf-8")
    runs = {}
    for jobs in (1, 2, 3):
        out = tmp_path / f"jobs{jobs}"
        r = publish(civicbrief, store, path, out, "--jobs", str(jobs))
        assert r.returncode == 0, r.stderr
        runs[jobs] = {p.name: sha(p) for p in out.glob("*.pdf")}
    assert len(runs[1]) == 6 and runs[1] == runs[2] == runs[3]
    packs = ("mappe-de.pdf", "mappe-en.pdf")
    for name in packs:
        check_once(tmp_path / "jobs2" / name)
    # Two shards: each gets one pack and one of its two documents, so each pack places one document its
    # shard measured and measures the other itself.
    alone = {}
    for i in (1, 2):
        out = tmp_path / f"shard{i}"
        r = publish(civicbrief, store, path, out, "--shard", f"{i}/2")
        assert r.returncode == 0, r.stderr
        alone.update({p.name: sha(p) for p in out.glob("*.pdf")})
    assert alone == runs[1]


def test_shards_cover_every_document_exactly_once_and_merge(civicbrief, store, tmp_path):
    path = manifest(tmp_path, areas=("03", "04"))
    whole = civicbrief("publish", "--store", store, path, "--dry-run")
    assert whole.returncode == 0
    listed = whole.stdout.splitlines()
    assert len(listed) == 3
    for n in (2, 3):
        parts = []
        for i in range(1, n + 1):
            r = civicbrief("publish", "--store", store, path, "--dry-run", "--shard", f"{i}/{n}")
            assert r.returncode == 0
            parts += r.stdout.splitlines()
        assert sorted(parts) == sorted(listed)
    out = tmp_path / "out"
    for i in (1, 2):
        r = publish(civicbrief, store, path, out, "--shard", f"{i}/2")
        assert r.returncode == 0, r.stderr
    a, b = run_manifest(out, "run-manifest-1-of-2.json"), run_manifest(out, "run-manifest-2-of-2.json")
    # Each shard renders its own share; in a shared folder the second also lists the first's files as kept.
    keys_a = {o["key"] for o in a["outputs"] if o["status"] == "rendered"}
    keys_b = {o["key"] for o in b["outputs"] if o["status"] == "rendered"}
    assert not keys_a & keys_b
    assert {o["key"] for o in b["outputs"] if o["status"] == "kept"} == keys_a
    period = a["periods"]["reference"]
    assert keys_a | keys_b == {f"stadtteilprofil/03/{period}/de", f"stadtteilprofil/04/{period}/de", f"pack/{period}/de"}
    merged = civicbrief("publish", "--merge-manifests", out / "run-manifest-1-of-2.json",
                        out / "run-manifest-2-of-2.json", "--out", tmp_path / "run.json")
    assert merged.returncode == 0, merged.stderr
    joined = json.loads((tmp_path / "run.json").read_text())
    assert [o["key"] for o in joined["outputs"]] == sorted(keys_a | keys_b)
    for o in joined["outputs"]:
        check_once(out / o["file"])
        assert sha(out / o["file"]) == o["sha256"]


def test_an_interrupted_run_leaves_no_partial_files(civicbrief_bin, store, tmp_path):
    path = tmp_path / "all.yaml"
    path.write_text(f"documents:\n  - template: {TEMPLATES / 'stadtteilprofil.md'}\n    areas: district\n", encoding="utf-8")
    out = tmp_path / "out"
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen([str(civicbrief_bin), "publish", "--store", str(store), str(path), "--out", str(out),
                             "--quiet", "--jobs", "1"], stderr=subprocess.PIPE, text=True, env=env)
    first = proc.stderr.readline()
    assert first.startswith("rendered "), first
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 128 + signal.SIGTERM, rest
    assert "interrupted by signal 15" in rest
    run = run_manifest(out)
    pdfs = sorted(p.name for p in out.glob("*.pdf"))
    assert 1 <= len(pdfs) < 10
    assert sorted(o["file"] for o in run["outputs"]) == pdfs
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    for o in run["outputs"]:
        assert sha(out / o["file"]) == o["sha256"]
    check_once(out / pdfs[-1])


def test_concurrent_publishes_and_an_import_leave_the_store_intact(civicbrief, civicbrief_bin, store, tmp_path):
    path = manifest(tmp_path, areas=("03",), pack=False)
    # Reference renders of Moisling's profile before and after the import.
    before = publish(civicbrief, store, path, tmp_path / "before")
    assert before.returncode == 0, before.stderr
    period = run_manifest(tmp_path / "before")["outputs"][0]["period"]
    name = f"stadtteilprofil-03-{period}-de.pdf"
    expected_before = sha(tmp_path / "before" / name)
    change = tmp_path / "change.csv"
    change.write_text(CHANGE.format(period=period, value="19.0", num="1961"), encoding="utf-8")

    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    def start(*args):
        return subprocess.Popen([str(civicbrief_bin), *map(str, args)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, env=env)
    # Two runs into the same folder take turns; a third writes elsewhere; an import commits meanwhile.
    procs = [start("publish", "--store", store, path, "--out", tmp_path / "a", "--quiet"),
             start("publish", "--store", store, path, "--out", tmp_path / "a", "--quiet"),
             start("publish", "--store", store, path, "--out", tmp_path / "b", "--quiet", "--jobs", "1")]
    time.sleep(0.2)
    procs.append(start("import", "--store", store, change))
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 0, err

    after = publish(civicbrief, store, path, tmp_path / "after")
    assert after.returncode == 0, after.stderr
    expected_after = sha(tmp_path / "after" / name)
    assert expected_after != expected_before
    for folder in ("a", "b"):
        # Each profile shows one data state: byte-identical to the render before or after the import.
        assert sha(tmp_path / folder / name) in (expected_before, expected_after)
        assert run_manifest(tmp_path / folder)["outputs"][0]["sha256"] == sha(tmp_path / folder / name)
        check_once(tmp_path / folder / name)
    check_once(tmp_path / "after" / name)
    check_once(tmp_path / "before" / name)

    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        current = db.execute("SELECT value, numerator, revision FROM observation WHERE indicator_code='arm_sgb2' "
                             "AND area_code='03' AND period=? AND is_current=1", (period,)).fetchall()
        assert current == [(19.0, 1961.0, 2)]


def test_progress_bar_on_a_terminal_plain_lines_otherwise(civicbrief, civicbrief_bin, store, tmp_path):
    import pty
    path = manifest(tmp_path, areas=("03",), pack=False)
    out = tmp_path / "out"
    first = publish(civicbrief, store, path, out)
    assert first.returncode == 0, first.stderr
    check_once(next(out.glob("*.pdf")))

    def on_terminal(extra_env: dict, *args) -> str:
        controller, terminal = pty.openpty()
        env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "NO_COLOR")}
        env.update(extra_env)
        proc = subprocess.Popen([str(civicbrief_bin), "publish", "--store", str(store), str(path), "--out", str(out), *args],
                                stdout=subprocess.DEVNULL, stderr=terminal, env=env)
        os.close(terminal)
        chunks = []
        while True:
            try:
                data = os.read(controller, 4096)
            except OSError:
                break
            if not data:
                break
            chunks.append(data)
        assert proc.wait(timeout=60) == 0
        os.close(controller)
        return b"".join(chunks).decode()

    bar = on_terminal({"TERM": "xterm"})
    assert "\r\x1b[2K[------------------------] 0/1 · 0 rendered · 0 skipped · 0 failed" in bar
    assert "\r\x1b[2K[########################] 1/1 · 0 rendered · 1 skipped · 0 failed" in bar
    assert "skipped  " not in bar and re.search(r"0 rendered, 1 skipped, 0 failed in [\d.]+ s", bar)
    for env, args in (({"TERM": "xterm", "NO_COLOR": "1"}, ()), ({"TERM": "xterm"}, ("--quiet",))):
        plain = on_terminal(env, *args)
        assert "\x1b" not in plain
        assert plain.splitlines()[0].startswith("skipped  stadtteilprofil-03-")
