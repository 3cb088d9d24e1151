"""End-to-end checks that a publish run is safe to leave alone (issue 14) and that nothing a run or a
render writes escapes its folder, collides, survives a crash as a half-truth or leaves temporary files
(issue 20): the social index is never stale in a document, the period is explicit, one data state per
run, the dry run tells the truth, an interrupted or killed run loses nothing, the run manifest follows
its schema, output paths are contained. Every PDF a test renders goes through the checkers once."""
from __future__ import annotations

import json
import os
import random
import re
import resource
import shutil
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

import pikepdf
import pytest

import harness
from test_publish import REPO, TEMPLATES, check_once, manifest, publish, run_manifest, sha, statuses

QUARTERLY = TEMPLATES / "quarterly-publication.yaml"
MONTHLY = TEMPLATES / "monthly-sozialausschuss.yaml"
REVISION = "indikator;gebiet;zeitraum;wert\narm_sgb2;0303;2026-09;21,5\narm_sgb2;0303;2026-10;21,5\n"
SUPPRESS = "indikator;gebiet;zeitraum;wert;status\narm_sgb2;08;2026-10;;gesperrt\n"
# What an operator instruction in a public document would look like.
INSTRUCTION = re.compile(r"civicbrief\s+\w+|index compute|--\w|`")


@pytest.fixture(scope="module")
def demo_store(civicbrief, tmp_path_factory):
    folder = tmp_path_factory.mktemp("safety-demo")
    path = folder / "demo.sqlite"
    result = civicbrief("demo", "--store", path, "--out", folder / "demo-out")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def store(demo_store, tmp_path):
    path = tmp_path / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(demo_store) + suffix)
        if source.exists():
            shutil.copyfile(source, str(path) + suffix)
    return path


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def text_of(pdf: Path) -> str:
    return harness.read_tagged(pdf).tagged_text()


def dry_lines(result) -> dict[str, tuple[str, str]]:
    """{file: (action, reason)} from `publish --dry-run`."""
    found = {}
    for line in result.stdout.splitlines():
        m = re.match(r"(render|skip|fail) +(\S+)  .*?: (.*)$", line)
        assert m, line
        found[m.group(2)] = (m.group(1), m.group(3))
    return found


def run_lines(result) -> dict[str, str]:
    """{file: rendered|skipped|FAILED} from the real run's plain output."""
    return {f: ("render" if s == "rendered" else "skip") for f, s in statuses(result).items()}


# ------------------------------------------------------------------ 1. the social index is never stale

def test_a_revision_makes_the_index_stale_import_says_so_and_the_quarterly_run_recomputes_it(civicbrief, store, tmp_path):
    rev = write(tmp_path / "rev.csv", REVISION)
    imported = civicbrief("import", "--store", store, rev)
    assert imported.returncode == 0, imported.stderr
    assert re.search(r"^note: this import made the stored social index mss_luebeck 2026-10 stale \(changed inputs: "
                     r"arm_sgb2 · 0303 · 2026-10 \(value\)\) — run `civicbrief index compute --store .*` before publishing",
                     imported.stderr, re.M), imported.stderr
    assert "mss_luebeck 2026-09 stale (changed inputs: arm_sgb2 · 0303 · 2026-09 (value))" in imported.stderr

    # The monthly manifest may not write to the store: it stops before anything is written.
    monthly_out = tmp_path / "monthly"
    refused = publish(civicbrief, store, MONTHLY, monthly_out)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.splitlines()[:2] == [
        "the stored social index mss_luebeck for 2026-10 no longer matches the data, so its documents would show no index — "
        f"run `civicbrief index compute --store {store} --period 2026-10` first, or set `social_index: {{recompute: true}}` in the manifest",
        "  changed input: arm_sgb2 · 0303 · 2026-10 (value)"]
    assert "nothing was published" in refused.stderr
    assert not monthly_out.exists()
    dry = civicbrief("publish", "--store", store, MONTHLY, "--out", monthly_out, "--dry-run")
    assert dry.returncode == 2 and "no longer matches the data" in dry.stderr and dry.stdout == ""

    # The quarterly manifest recomputes it first (social_index: recompute), and says so.
    out = tmp_path / "q"
    dry = civicbrief("publish", "--store", store, QUARTERLY, "--out", out, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "the run would compute the social index mss_luebeck 2026-09 first (social_index: recompute)" in dry.stderr
    with sqlite3.connect(store) as db:
        runs_before = db.execute("SELECT count(*) FROM index_run").fetchone()[0]
    result = publish(civicbrief, store, QUARTERLY, out)
    assert result.returncode == 0, result.stderr
    assert "social index mss_luebeck 2026-09 computed before rendering (social_index: recompute)" in result.stderr
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM index_run").fetchone()[0] == runs_before + 1
    run = run_manifest(out)
    assert run["data_state"]["social_index"]["period"] == "2026-09"
    assert run["data_state"]["social_index"]["recompute"] is True and run["data_state"]["social_index"]["recomputed"] is True
    assert len(run["outputs"]) == 31
    for o in run["outputs"]:
        text = text_of(out / o["file"])
        assert "passt nicht mehr" not in text and "no longer matches" not in text, o["file"]
        assert not INSTRUCTION.search(text), (o["file"], INSTRUCTION.search(text).group(0))
    check_once(out / "quartalsbericht-00-2026-Q3-de.pdf")


def test_no_shipped_template_prints_an_operator_instruction_even_with_a_stale_index(civicbrief, store, tmp_path):
    write(tmp_path / "rev.csv", REVISION)
    assert civicbrief("import", "--store", store, tmp_path / "rev.csv").returncode == 0
    templates = sorted(TEMPLATES.glob("*.md"))
    assert len(templates) == 5
    for template in templates:
        pdf = tmp_path / f"{template.stem}.pdf"
        r = civicbrief("render", "--store", store, template, "--out", pdf)
        assert r.returncode == 0, r.stderr
        text = text_of(pdf)
        found = INSTRUCTION.search(text)
        assert not found, (template.name, found.group(0))
        if "socialindex" in template.read_text(encoding="utf-8") and "leichte" not in template.name:
            # The index is left out with a reason for readers; the instruction goes to the operator.
            assert "passt nicht mehr" in text or "no longer matches" in text, template.name
            assert "warning: the stored social index mss_luebeck" in r.stderr and "run `civicbrief index compute --store" in r.stderr
    check_once(tmp_path / "stadtteilprofil.pdf")


# ------------------------------------------------------------------ 2. the period is explicit

def test_an_incomplete_newest_month_fails_the_monthly_run_and_is_named_or_is_published_on_purpose(civicbrief, store, tmp_path):
    assert civicbrief("import", "--store", store, write(tmp_path / "s.csv", SUPPRESS)).returncode == 0
    assert civicbrief("index", "compute", "--store", store).returncode == 0
    out = tmp_path / "out"
    refused = publish(civicbrief, store, MONTHLY, out)
    assert refused.returncode == 2, refused.stderr
    assert refused.stderr.splitlines()[0] == (
        f"{MONTHLY}:9:9: period 2026-09 is 1 month behind the newest data (2026-10), which is incomplete: "
        "arm_sgb2 has no value for Schlutup (08) in 2026-10 (suppressed) — more than max_lag 0 allows; import the missing "
        "values, give --period 2026-09 to publish it anyway, or raise max_lag")
    assert not out.exists()
    # On purpose: allowed to lag one month, the run says so on stderr and in the run manifest.
    lagging = publish(civicbrief, store, MONTHLY, out, "--max-lag", "1")
    assert lagging.returncode == 0, lagging.stderr
    assert ("warning: period 2026-09 is 1 month behind the newest data (2026-10), which is incomplete: "
            "arm_sgb2 has no value for Schlutup (08) in 2026-10 (suppressed)") in lagging.stderr
    run = run_manifest(out)
    assert run["periods"]["reference"] == "2026-09" and run["periods"]["lag"] == 1 and run["periods"]["max_lag"] == 1
    assert run["periods"]["gaps"] == [{"period": "2026-10", "indicator": "arm_sgb2", "area": "08", "area_name": "Schlutup",
                                       "state": "suppressed"}]
    assert any(w.startswith("warning: period 2026-09 is 1 month behind") for w in run["warnings"])
    assert {o["file"].split("/")[0] for o in run["outputs"]} == {"2026-09"}
    # --period and --meeting-date override the manifest; the pack and every document carry that date.
    fixed = publish(civicbrief, store, MONTHLY, tmp_path / "fixed", "--period", "2026-08", "--meeting-date", "2026-09-17")
    assert fixed.returncode == 0, fixed.stderr
    pack = tmp_path / "fixed" / "2026-08" / "sozialausschuss-mappe-de.pdf"
    assert f"attach: {pack}" in fixed.stderr
    check_once(pack)
    cover = text_of(pack).replace("\u00a0", " ")
    assert "Sitzung: 17. September 2026" in cover
    assert "Berichtszeitraum: August 2026" in cover
    for o in run_manifest(tmp_path / "fixed")["outputs"]:
        with pikepdf.open(tmp_path / "fixed" / o["file"]) as pdf:
            assert str(pdf.docinfo.CreationDate).startswith("D:20260917"), o["file"]
    bad = civicbrief("publish", "--store", store, QUARTERLY, "--out", tmp_path / "x", "--period", "2026-09", "--dry-run")
    assert bad.returncode == 2
    assert "period 2026-09 is a month, but this run reports by quarter (quartalsbericht.md) — give a quarter such as 2026-Q3" in bad.stderr


# ------------------------------------------------------------------ 3. one data state per run

def classes(text: str, kind: str) -> dict[str, tuple[str, str]]:
    """{area name: (status class, dynamics class)} as a document states them."""
    found: dict[str, tuple[str, str]] = {}
    if kind == "de":
        for name, status, dynamics in re.findall(r"gehört (.+?) im Sozialindex \(Stand [^)]*\) zur Statusklasse „([^“]+)“"
                                                 r" \(Statusindex [^)]*\) und zur Dynamikklasse „([^“]+)“", text):
            found[name] = (status, dynamics)
    if kind == "en":
        english = {"high": "hoch", "medium": "mittel", "low": "niedrig", "very low": "sehr niedrig",
                   "positive": "positiv", "stable": "stabil", "negative": "negativ"}
        for name, status, dynamics in re.findall(r"\), ([^•()]+?) is in status class “([^”]+)” \(status index [^)]*\) and dynamics class “([^”]+)”",
                                                 text):
            found[name] = (english[status], english[dynamics])
    if kind == "easy":
        words = {"Die Lage wird besser.": "positiv", "Die Lage wird schlechter.": "negativ", "Die Lage bleibt fast gleich.": "stabil"}
        for name, status, dynamics in re.findall(r"([^•:]+?): Stufe (hoch|mittel|niedrig|sehr niedrig)\. (Die Lage [^.]*\.)", text):
            found[name] = (status, words[dynamics])
    return found


def report_classes(pdf: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for item in harness.read_tagged(pdf).of_type("LI"):
        m = re.fullmatch(r"(?:• ?)?Status (hoch|mittel|niedrig|sehr niedrig), Dynamik (positiv|stabil|negativ): (.*)", harness.normalize(item.text))
        if m:
            for name in m.group(3).split(", "):
                found[name] = (m.group(1), m.group(2))
    return found


def test_every_document_of_the_quarterly_run_gives_every_area_the_same_classes(civicbrief, store, tmp_path):
    out = tmp_path / "q"
    result = publish(civicbrief, store, QUARTERLY, out)
    assert result.returncode == 0, result.stderr
    run = run_manifest(out)
    assert run["periods"]["reference"] == "2026-Q3"
    assert run["periods"]["documents"] == {"quartalsbericht.md": "2026-Q3", "stadtteilprofil.md": "2026-09",
                                           "district-profile.en.md": "2026-09", "stadtteilprofil-leichte-sprache.md": "2026-09"}
    report = report_classes(out / "quartalsbericht-00-2026-Q3-de.pdf")
    assert len(report) == 35
    assert "Stand September 2026" in text_of(out / "quartalsbericht-00-2026-Q3-de.pdf")
    seen = {"de": {}, "en": {}, "easy": {}}
    for o in run["outputs"]:
        if o["kind"] != "document" or o["template"] == "quartalsbericht.md":
            continue
        assert o["period"] == "2026-09"
        kind = "en" if o["language"] == "en" else "easy" if "leichte" in o["template"] else "de"
        text = text_of(out / o["file"])
        if kind == "de":
            assert "Stand September 2026" in text
        seen[kind].update(classes(text, kind))
    for kind, found in seen.items():
        assert len(found) == 35, (kind, len(found))
        assert {name: found[name] for name in report} == report, kind
    # One data state: every document was rendered from the run's store state.
    assert {o["data_state"] for o in run["outputs"]} == {run["data_state"]["store"]}
    for o in run["outputs"]:
        with pikepdf.open(out / o["file"]) as pdf:
            assert str(pdf.docinfo.CreationDate).startswith("D:20260930"), o["file"]  # the end of the run's quarter
    check_once(out / "district-profile-03-2026-09-en.pdf")
    check_once(out / "stadtteilprofil-leichte-sprache-03-2026-09-de.pdf")


# ------------------------------------------------------------------ 4. the dry run tells the truth

def test_the_dry_run_lists_exactly_what_the_run_then_does(civicbrief, store, tmp_path):
    out = tmp_path / "q"
    first_dry = civicbrief("publish", "--store", store, QUARTERLY, "--out", out, "--dry-run")
    assert first_dry.returncode == 0, first_dry.stderr
    planned = dry_lines(first_dry)
    assert len(planned) == 31 and {a for a, _ in planned.values()} == {"render"} and {r for _, r in planned.values()} == {"new"}
    assert "district-profile-02-2026-09-en.pdf" in planned  # clean file names
    first = publish(civicbrief, store, QUARTERLY, out)
    assert first.returncode == 0
    assert run_lines(first) == {f: a for f, (a, _) in planned.items()}
    # One revised value of one Stadtbezirk: the index is recomputed, and what shows it changes.
    write(tmp_path / "rev.csv", "indikator;gebiet;zeitraum;wert\narb_alq;0303;2026-09;14,9\n")
    assert civicbrief("import", "--store", store, tmp_path / "rev.csv").returncode == 0
    dry = civicbrief("publish", "--store", store, QUARTERLY, "--out", out, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    planned = dry_lines(dry)
    real = publish(civicbrief, store, QUARTERLY, out)
    assert real.returncode == 0, real.stderr
    assert run_lines(real) == {f: a for f, (a, _) in planned.items()}
    rendered = sorted(f for f, (a, _) in planned.items() if a == "render")
    assert 0 < len(rendered) < 31, rendered
    assert all(planned[f][1] == "store data changed" for f in rendered)
    assert all(r.startswith("unchanged") for a, r in planned.values() if a == "skip")
    assert {f for f, (a, _) in planned.items() if a == "skip"} == {o["file"] for o in run_manifest(out)["outputs"] if o["status"] == "skipped"}
    for f in rendered:
        check_once(out / f)
    # Forced, everything would be rendered, and says why.
    forced = dry_lines(civicbrief("publish", "--store", store, QUARTERLY, "--out", out, "--dry-run", "--force"))
    assert set(forced.values()) == {("render", "forced (--force)")}


# ------------------------------------------------------------------ 5. an interrupted run loses nothing

def kill_at_random_points(civicbrief_bin, store, manifest_path, out, trials: int, seed: int):
    rng = random.Random(seed)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    for _ in range(trials):
        proc = subprocess.Popen([str(civicbrief_bin), "publish", "--store", str(store), str(manifest_path), "--out", str(out),
                                 "--quiet", "--jobs", "2"], stderr=subprocess.DEVNULL, env=env, start_new_session=True)
        time.sleep(rng.uniform(0.05, 1.5))
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
        if (out / "run-manifest.json").exists():
            # Whatever the moment, the manifest on disk is valid and vouches only for files as they are.
            run = run_manifest(out)
            for o in run["outputs"]:
                assert sha(out / o["file"]) == o["sha256"], o["file"]


def test_kill_9_at_random_points_leaves_a_true_manifest_and_the_rerun_renders_only_what_is_missing(civicbrief, civicbrief_bin, store, tmp_path):
    reference = tmp_path / "reference"
    assert publish(civicbrief, store, QUARTERLY, reference).returncode == 0
    expected = {o["file"]: o["sha256"] for o in run_manifest(reference)["outputs"]}
    out = tmp_path / "out"
    kill_at_random_points(civicbrief_bin, store, QUARTERLY, out, trials=6, seed=14)
    listed = {o["file"] for o in run_manifest(out)["outputs"]} if (out / "run-manifest.json").exists() else set()
    assert all(expected[f] == sha(out / f) for f in listed)
    rerun = publish(civicbrief, store, QUARTERLY, out)
    assert rerun.returncode == 0, rerun.stderr
    lines = statuses(rerun)
    assert {f for f, s in lines.items() if s == "skipped"} == listed
    assert {f for f, s in lines.items() if s == "rendered"} == set(expected) - listed
    assert {o["file"]: o["sha256"] for o in run_manifest(out)["outputs"]} == expected
    assert {p.name: sha(p) for p in out.glob("*.pdf")} == expected
    assert [p.name for p in out.rglob(".*")] == []  # the killed runs' temporary files are gone


def test_after_sigterm_the_manifest_keeps_every_current_file_and_the_rerun_renders_only_the_rest(civicbrief, civicbrief_bin, store, tmp_path):
    out = tmp_path / "out"
    assert publish(civicbrief, store, QUARTERLY, out).returncode == 0
    before = {o["file"]: o["sha256"] for o in run_manifest(out)["outputs"]}
    write(tmp_path / "rev.csv", "indikator;gebiet;zeitraum;wert\ngrusi_quote;03;2026-Q3;9,9\n".replace("grusi_quote", "arm_grusi"))
    assert civicbrief("import", "--store", store, tmp_path / "rev.csv").returncode == 0
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    proc = subprocess.Popen([str(civicbrief_bin), "publish", "--store", str(store), str(QUARTERLY), "--out", str(out),
                             "--quiet", "--force", "--jobs", "1"], stderr=subprocess.PIPE, text=True, env=env)
    first = proc.stderr.readline()
    assert first.startswith("rendered "), first
    proc.send_signal(signal.SIGTERM)
    rest = proc.stderr.read()
    assert proc.wait(timeout=60) == 143, rest
    run = run_manifest(out)
    assert run["run"]["status"] == "interrupted"
    assert {o["file"] for o in run["outputs"]} == set(before)  # the untouched files are still listed (kept)
    assert 1 <= sum(o["status"] == "rendered" for o in run["outputs"]) < 31
    done = {o["file"] for o in run["outputs"] if o["status"] == "rendered"}
    dry = dry_lines(civicbrief("publish", "--store", store, QUARTERLY, "--out", out, "--dry-run"))
    rerun = publish(civicbrief, store, QUARTERLY, out)
    assert rerun.returncode == 0
    # What the interrupted run finished is not rendered again; the rest is decided as the dry run said.
    assert run_lines(rerun) == {f: a for f, (a, _) in dry.items()}
    assert all(run_lines(rerun)[f] == "skip" for f in done)


# ------------------------------------------------------------------ crash isolation (issue 20, item 2)

def test_a_document_that_crashes_the_renderer_fails_alone(civicbrief, store, tmp_path):
    path = manifest(tmp_path, areas=("03", "04", "05", "09"))
    out = tmp_path / "out"
    period = "2026-10"
    crashed = civicbrief("publish", "--store", store, path, "--out", out, "--quiet", "--jobs", "2",
                         env={"CIVICBRIEF_TEST_CRASH": f"stadtteilprofil/04/{period}/de"})
    assert crashed.returncode == 3, crashed.stderr
    assert f"failed: stadtteilprofil/04/{period}/de" in crashed.stderr
    assert "crashed (signal 11 SIGSEGV, e.g. a stack overflow) while rendering this document" in crashed.stderr
    run = run_manifest(out)
    assert run["run"]["status"] == "failed"
    assert {o["key"] for o in run["outputs"]} == {f"stadtteilprofil/{a}/{period}/de" for a in ("03", "05", "09")}
    assert {f["key"]: f["category"] for f in run["failures"]} == {f"stadtteilprofil/04/{period}/de": "internal",
                                                                  f"pack/{period}/de": "internal"}
    for o in run["outputs"]:
        assert sha(out / o["file"]) == o["sha256"]
    check_once(out / f"stadtteilprofil-05-{period}-de.pdf")
    # The next run renders the crashed one (and the pack) once it no longer crashes.
    again = publish(civicbrief, store, path, out)
    assert again.returncode == 0, again.stderr
    assert {f for f, s in statuses(again).items() if s == "rendered"} == {f"stadtteilprofil-04-{period}-de.pdf", f"mappe-{period}-de.pdf"}


# ------------------------------------------------------------------ output paths (issue 20, items 1 and 6)

def test_substituted_values_cannot_leave_the_output_folder(civicbrief, store, tmp_path):
    # An area code as another tool might have written it into the store.
    with sqlite3.connect(store) as db:
        db.execute("INSERT INTO area (code, name, level, parent_code) SELECT '../../esc/PWNED', 'Evil', 'district', code FROM area WHERE level = 'city'")
        db.execute("INSERT INTO area (code, name, level, parent_code) SELECT 'a/b', 'Slash', 'district', code FROM area WHERE level = 'city'")
    # (They have no data, so no month is complete: the run names one.)
    path = write(tmp_path / "m.yaml", f"period: 2026-10\noutput: \"{{area}}-{{lang}}.pdf\"\ndocuments:\n  - template: {TEMPLATES / 'stadtteilprofil.md'}\n"
                                      "    areas: [\"../../esc/PWNED\", \"a/b\", \"03\"]\n")
    out = tmp_path / "x" / "a" / "b"
    result = publish(civicbrief, store, path, out)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.pdf"))
    # Every file lands in the folder under its escaped name (the two data-less areas may render or fail).
    assert "x/a/b/03-de.pdf" in written
    assert set(written) <= {"x/a/b/03-de.pdf", "x/a/b/a%2Fb-de.pdf", "x/a/b/%2E.%2F..%2Fesc%2FPWNED-de.pdf"}, written
    assert {o["file"] for o in run_manifest(out)["outputs"]} == {Path(w).name for w in written}
    assert not (tmp_path / "x" / "esc").exists() and not (out / "a").exists()
    assert result.returncode in (0, 2), result.stderr
    # render's default path escapes the same way.
    out.mkdir(parents=True, exist_ok=True)
    rendered = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "../../esc/PWNED",
                          "--period", "2026-10", cwd=out)
    if rendered.returncode == 0:
        assert (out / "Output" / "stadtteilprofil-%2E.%2F..%2Fesc%2FPWNED-2026-10-de.pdf").exists()
    assert not (tmp_path / "x" / "esc").exists() and not (out / "esc").exists()
    # A symbolic link out of the folder is refused before anything is written.
    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "2026-10").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "elsewhere").mkdir()
    refused = publish(civicbrief, store, MONTHLY, linked, "--period", "2026-10")
    assert refused.returncode == 2
    assert "leads outside the output folder" in refused.stderr and list((tmp_path / "elsewhere").iterdir()) == []


def test_two_outputs_on_one_path_are_an_error_before_anything_is_written(civicbrief, store, tmp_path):
    same = write(tmp_path / "same.yaml", f"output: same.pdf\ndocuments:\n  - template: {TEMPLATES / 'stadtteilprofil.md'}\n"
                                         "    areas: [\"03\", \"04\"]\n")
    out = tmp_path / "out"
    result = publish(civicbrief, store, same, out)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == (
        f"{same}: {TEMPLATES / 'stadtteilprofil.md'} for 03 (de) and {TEMPLATES / 'stadtteilprofil.md'} for 04 (de) would both be "
        "written to same.pdf — make the output pattern tell them apart (e.g. with {area} and {lang})")
    assert not out.exists()
    pack = write(tmp_path / "pack.yaml", f"output: \"{{area}}.pdf\"\ndocuments:\n  - template: {TEMPLATES / 'stadtteilprofil.md'}\n"
                                         "    areas: [\"03\"]\npack:\n  title: Mappe\n  file: 03.pdf\n")
    result = publish(civicbrief, store, pack, out)
    assert result.returncode == 2
    assert "and the pack (de) would both be written to 03.pdf" in result.stderr and not out.exists()
    checked = civicbrief("check", "--store", store, same)
    assert checked.returncode == 2 and "would both be written to same.pdf" in checked.stderr


# ------------------------------------------------------------------ temporary files (issue 20, item 8)

def test_temporary_files_of_a_killed_render_are_removed_by_the_next_and_never_left_on_error(civicbrief, civicbrief_bin, store, tmp_path):
    out = tmp_path / "Output"
    out.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    rng = random.Random(8)
    for _ in range(6):
        proc = subprocess.Popen([str(civicbrief_bin), "render", "--store", str(store), str(TEMPLATES / "stadtteilprofil.md"),
                                 "--area", "03"], cwd=tmp_path, stderr=subprocess.DEVNULL, env=env)
        time.sleep(rng.uniform(0.1, 0.9))
        proc.kill()
        proc.wait()
    # And one that is certainly abandoned: its writer (a PID no process has) is gone.
    (out / ".stadtteilprofil-03-2026-10-de.pdf.tmp-4194303-deadbeef").write_bytes(b"partial")
    (out / ".keep-me").write_text("not ours")
    done = civicbrief("render", "--store", store, TEMPLATES / "stadtteilprofil.md", "--area", "03", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == [".keep-me", "stadtteilprofil-03-2026-10-de.pdf"]
    check_once(out / "stadtteilprofil-03-2026-10-de.pdf")

    # A write that fails (a file-size limit standing in for a full disk) leaves no temporary file.
    def limited():
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    export = tmp_path / "exp"
    export.mkdir()
    failed = subprocess.run([str(civicbrief_bin), "export", "--store", str(store), "--out", str(export / "all.csv")],
                            capture_output=True, text=True, env=env, preexec_fn=limited)
    assert failed.returncode != 0
    assert list(export.iterdir()) == []
    failed = subprocess.run([str(civicbrief_bin), "render", "--store", str(store), str(TEMPLATES / "stadtteilprofil.md"),
                             "--out", str(export / "p.pdf")], capture_output=True, text=True, env=env, preexec_fn=limited)
    assert failed.returncode != 0 and list(export.iterdir()) == []


# ------------------------------------------------------------------ secretaries' friction

def test_templates_and_manifests_are_found_by_name_and_a_missing_one_is_not_found(civicbrief, store, tmp_path):
    env = {"CIVICBRIEF_TEMPLATES": str(TEMPLATES)}
    r = civicbrief("render", "--store", store, "monatsbericht-sozialausschuss.md", "--out", tmp_path / "m.pdf", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    with pikepdf.open(tmp_path / "m.pdf") as pdf:
        assert str(pdf.docinfo.CreationDate).startswith("D:20261031")  # the end of its month, never 2000-01-01
    check_once(tmp_path / "m.pdf")
    r = civicbrief("publish", "--store", store, "monthly-sozialausschuss", "--out", tmp_path / "pack", "--quiet", cwd=tmp_path, env=env)
    assert r.returncode == 0, r.stderr
    assert f"attach: {tmp_path / 'pack' / '2026-10' / 'sozialausschuss-mappe-de.pdf'}" in r.stderr
    missing = civicbrief("render", "--store", store, "nosuch.md", cwd=tmp_path, env=env)
    assert missing.returncode == 2
    assert missing.stderr.strip() == f"nosuch.md: template not found — looked for nosuch.md, {TEMPLATES / 'nosuch.md'}"
    missing = civicbrief("publish", "--store", store, "nosuch.yaml", cwd=tmp_path, env=env)
    assert missing.returncode == 2 and missing.stderr.startswith("nosuch.yaml: manifest not found — looked for nosuch.yaml, ")
    folder = civicbrief("render", "--store", store, "stadtteilprofil.md", "--out", tmp_path, cwd=tmp_path, env=env)
    assert folder.returncode == 2 and "cannot write the PDF (this is a folder, not a file) — give a file name" in folder.stderr, folder.stderr


def test_version_names_the_build_commit(civicbrief):
    r = civicbrief("--version")
    assert r.returncode == 0
    head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "HEAD"], capture_output=True, text=True)
    m = re.fullmatch(r"civicbrief (\d+\.\d+\.\d+) \(commit ([0-9a-f]{40}(-modified)?|unknown)\)\n", r.stdout)
    assert m, r.stdout
    if head.returncode == 0:
        assert m.group(2).startswith(head.stdout.strip())


# ------------------------------------------------------------------ the README's scheduled job

def readme_job() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    m = re.search(r"<!-- quarterly-job -->\n```sh\n(.*?)```", readme, re.S)
    assert m, "README: the quarterly job block is missing"
    return m.group(1)


def test_the_readme_quarterly_job_runs_as_written(civicbrief_bin, store, tmp_path):
    job = tmp_path / "quarterly.sh"
    job.write_text(readme_job(), encoding="utf-8")
    inbox, out, logs = tmp_path / "inbox", tmp_path / "publish", tmp_path / "log"
    inbox.mkdir()
    (inbox / "lieferung.csv").write_text(REVISION, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.update({"PATH": f"{civicbrief_bin.parent}:{env['PATH']}", "CIVICBRIEF_HOME": str(REPO), "CIVICBRIEF_STORE": str(store),
                "CIVICBRIEF_INBOX": str(inbox), "CIVICBRIEF_OUT": str(out), "CIVICBRIEF_LOGS": str(logs), "MAILTO": ""})
    first = subprocess.run(["sh", str(job)], capture_output=True, text=True, env=env, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    log = (logs / "quarterly.log").read_text(encoding="utf-8")
    assert "2 revised" in log and "Index mss_luebeck" in log and "31 rendered, 0 skipped, 0 failed" in log, log
    assert not list(inbox.glob("*.csv")) and (inbox / "done" / "lieferung.csv").exists()
    run = run_manifest(out)
    assert run["run"]["status"] == "complete" and len(run["outputs"]) == 31
    check_once(out / "stadtteilprofil-03-2026-09-de.pdf")
    # A bad delivery: the job stops at the import, publishes nothing new, and exits with its code.
    (inbox / "kaputt.csv").write_text("indikator;gebiet;zeitraum;wert\narm_sgb2;99;2026-09;1,0\n", encoding="utf-8")
    second = subprocess.run(["sh", str(job)], capture_output=True, text=True, env=env, timeout=600)
    assert second.returncode == 2, second.stdout + second.stderr
    log = (logs / "quarterly.log").read_text(encoding="utf-8")
    assert "kaputt.csv:2:" in log and "import failed (exit 2)" in log
    assert run_manifest(out)["run"]["ended"] == run["run"]["ended"]


def test_a_template_that_overflows_the_stack_fails_alone_whatever_stops_it(civicbrief, store, tmp_path):
    # 3,000 nested block quotes: the debug build's Markdown conversion overflowed its stack (issue 20).
    # Whether the converter stops it with an error or the process crashes, the run goes on without it.
    templates = tmp_path / "Templates"
    shutil.copytree(TEMPLATES, templates, ignore=shutil.ignore_patterns("*.yaml", "samples", "index"))
    deep = templates / "tief.md"
    deep.write_text((templates / "stadtteilprofil.md").read_text(encoding="utf-8") + "\n\n" + "> " * 3000 + "x\n", encoding="utf-8")
    path = manifest(tmp_path, areas=("03", "04"), templates=templates, pack=False,
                    extra=f"  - template: {deep}\n    areas: [\"05\"]\n")
    out = tmp_path / "out"
    result = publish(civicbrief, store, path, out)
    assert result.returncode in (2, 3), result.stderr
    run = run_manifest(out)
    assert sorted(o["file"] for o in run["outputs"]) == ["stadtteilprofil-03-2026-10-de.pdf", "stadtteilprofil-04-2026-10-de.pdf"]
    [failure] = run["failures"]
    assert failure["key"] == "tief/05/2026-10/de"
    assert (failure["category"] == "internal" and "crashed (signal" in failure["reason"]) or \
        (failure["category"] == "input" and re.search(r"tief\.md:\d+:\d+: ", failure["reason"])), failure
    for o in run["outputs"]:
        assert sha(out / o["file"]) == o["sha256"]
