"""End-to-end checks of the store commands: demo, import, export, inspect (exit codes, messages, bytes)."""
import hashlib
import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("CIVICBRIEF_BIN") or str(REPO / ".build" / "debug" / "civicbrief")
FIXTURES = pathlib.Path(__file__).resolve().parent.parent / "IndicatorStoreTests" / "Fixtures"


def run(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k != "CIVICBRIEF_STORE"}
    full_env.update(env or {})
    return subprocess.run([BIN, *args], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=120)


def sha(path):
    return hashlib.sha256(pathlib.Path(path).read_bytes()).hexdigest()


@pytest.fixture()
def base_store(tmp_path):
    store = tmp_path / "store.sqlite"
    r = run("import", "--store", str(store), str(FIXTURES / "areas.csv"), str(FIXTURES / "indicators.yaml"))
    assert r.returncode == 0, r.stderr
    return store


@pytest.mark.parametrize("command", ["demo", "import", "export", "inspect"])
def test_every_store_command_has_help(command):
    r = run(command, "--help")
    assert r.returncode == 0
    assert "--store" in r.stdout
    assert "CIVICBRIEF_STORE" in r.stdout


def test_demo_creates_the_store_reproducibly_and_keeps_an_existing_one(tmp_path, check_pdf):
    # From a folder without Templates/: the demo finds the templates shipped next to the binary.
    r = run("demo", "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    written = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert written == sorted(
        ["monatsbericht-sozialausschuss-00-2026-10-de.pdf", "quartalsbericht-00-2026-Q3-de.pdf",
         "district-profile-03-2026-10-en.pdf", "stadtteilprofil-leichte-sprache-03-2026-10-de.pdf",
         "sample-document.pdf"]
        + [f"stadtteilprofil-{code:02d}-2026-10-de.pdf" for code in range(1, 11)])
    check_pdf(tmp_path / "out" / "district-profile-03-2026-10-en.pdf")
    default = tmp_path / "civicbrief.sqlite"
    assert default.exists(), "the default store is ./civicbrief.sqlite"
    assert "46 areas, 31 indicators, 8601 observations" in r.stderr
    first = sha(default)
    other = tmp_path / "other.sqlite"
    assert run("demo", cwd=tmp_path, env={"CIVICBRIEF_STORE": str(other)}).returncode == 0
    assert sha(other) == first, "two demo runs give the same bytes"
    again = run("demo", "--store", str(default), cwd=tmp_path)
    assert again.returncode == 0
    assert "exists; leaving it as it is" in again.stderr
    assert sha(default) == first


def test_bad_import_exits_2_names_every_problem_and_leaves_the_store_untouched(base_store):
    before = sha(base_store)
    errors = FIXTURES / "errors.csv"
    encoding = FIXTURES / "bad_encoding.csv"
    r = run("import", "--store", str(base_store), str(errors), str(encoding))
    assert r.returncode == 2
    assert r.stdout == ""
    lines = r.stderr.splitlines()
    assert lines[0] == (f"{errors}:3:6: unknown area \"99\" — import it first (area metadata CSV or YAML) "
                        "or correct the code (codes keep leading zeros, e.g. 01)")
    assert f"{errors}:6:17: percentage \"104,2\" is outside 0–100 — check the value; shares are written in percent (9,3 rather than 0,093)" in lines
    assert f"{errors}:7:14: negative count \"-3\" — counts cannot be negative; check the value" in lines
    assert lines[-1] == f"{encoding}:3:18: unreadable encoding: byte 0x81 is neither UTF-8 nor Windows-1252 — save the file as UTF-8 (CSV UTF-8)"
    assert len(lines) == 9
    assert "Traceback" not in r.stderr and "Fatal error" not in r.stderr
    assert sha(base_store) == before


def test_import_export_round_trip_and_idempotent_reimport(base_store, tmp_path):
    files = [str(FIXTURES / n) for n in ["long_utf8.csv", "long_bom.csv", "long_cp1252.csv", "long_tab.tsv"]]
    assert run("import", "--store", str(base_store), *files).returncode == 0
    after_first = sha(base_store)
    again = run("import", "--store", str(base_store), *files)
    assert again.returncode == 0
    assert "Nothing changed" in again.stderr
    assert sha(base_store) == after_first

    exported = tmp_path / "export.csv"
    meta = tmp_path / "meta.yaml"
    assert run("export", "--store", str(base_store), "--out", str(exported)).returncode == 0
    assert run("export", "--store", str(base_store), "--metadata", "--out", str(meta)).returncode == 0
    fresh = tmp_path / "fresh.sqlite"
    r = run("import", "--store", str(fresh), str(meta), str(exported))
    assert r.returncode == 0, r.stderr
    assert run("export", "--store", str(fresh)).stdout == exported.read_text(encoding="utf-8")
    assert "sgb2,01,2024-09,12.4,50,403,provisional,Schätzung für Nord – Prüfung läuft" in exported.read_text(encoding="utf-8")


def test_export_json_filters_and_inspect_json(base_store):
    assert run("import", "--store", str(base_store), str(FIXTURES / "long_utf8.csv")).returncode == 0
    r = run("export", "--store", str(base_store), "--indicator", "sgb2", "--area", "03", "--format", "json")
    assert r.returncode == 0
    assert json.loads(r.stdout) == [{"indicator": "sgb2", "area": "03", "period": "2024-10", "value": None,
                                     "numerator": None, "denominator": None, "status": "suppressed",
                                     "note": "kleine Fallzahl"}]
    info = json.loads(run("inspect", "--json", "--store", str(base_store)).stdout)
    assert [a["code"] for a in info["areas"]] == ["00", "01", "02", "03"]
    sgb2 = next(i for i in info["indicators"] if i["code"] == "sgb2")
    assert (sgb2["first_period"], sgb2["last_period"], sgb2["observations"]) == ("2024-10", "2024-10", 4)


def test_missing_store_and_unknown_codes_are_user_errors(tmp_path, base_store):
    r = run("inspect", "--store", str(tmp_path / "nope.sqlite"))
    assert r.returncode == 2
    assert "no indicator store here" in r.stderr
    assert not (tmp_path / "nope.sqlite").exists()
    r = run("export", "--store", str(base_store), "--indicator", "zzz")
    assert r.returncode == 2
    assert r.stderr.strip() == 'civicbrief: unknown indicator "zzz" — see `civicbrief inspect` for the codes'


def test_demo_without_templates_says_where_it_looked(tmp_path):
    r = run("demo", "--store", str(tmp_path / "s.sqlite"), "--out", str(tmp_path / "out"), cwd=tmp_path,
            env={"CIVICBRIEF_TEMPLATES": str(tmp_path / "missing")})
    assert r.returncode == 2
    assert "no Templates/ folder with the shipped templates found; searched:" in r.stderr
    assert f"  {tmp_path / 'missing'}" in r.stderr
    assert "Give --templates DIR or set CIVICBRIEF_TEMPLATES." in r.stderr
    assert not (tmp_path / "s.sqlite").exists() and not (tmp_path / "out").exists(), "nothing is created"


def test_store_in_a_missing_folder_is_a_user_error(tmp_path):
    r = run("demo", "--store", str(tmp_path / "nodir" / "x.sqlite"))
    assert r.returncode == 2
    assert "cannot open or create the store" in r.stderr
    assert "does not exist" in r.stderr
