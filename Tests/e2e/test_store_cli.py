"""End-to-end checks of the store commands: demo, import, export, inspect (exit codes, messages, bytes)."""
import hashlib
import json
import re
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


# ---------------------------------------------------------------------------------------------------
# Confidentiality: nothing published lets a suppressed value be recomputed (README "Confidentiality").

def feasible_intervals(observations, areas, units):
    """The attacker: for every suppressed cell, the interval of case counts consistent with everything
    published — every other cell's count (value of a count, numerator of a rate), every total being the
    sum of its parts, and the documented rule's own knowledge: a suppressed cell with no suppressed part
    holds 1 or 2 cases (the small number), any other suppressed or unpublished cell at least 0.
    Bounds are propagated through the sums until nothing changes; on a hierarchy (each cell in at most
    two sums, as total and as part) this gives the exact range."""
    children = {}
    for a in areas:
        if a.get("parent"):
            children.setdefault(a["parent"], []).append(a["code"])
    by_pair = {}
    for o in observations:
        by_pair.setdefault((o["indicator"], o["period"]), {})[o["area"]] = o
    result = {}
    for (indicator, period), cells in by_pair.items():
        if units[indicator] not in ("count", "percent", "per_1000"):
            continue
        inf = float("inf")
        lo, hi = {}, {}
        for a in areas:
            code = a["code"]
            o = cells.get(code)
            q = None if o is None else (o["numerator"] if o["numerator"] is not None else o["value"])
            if o is not None and o["status"] in ("final", "provisional") and q is not None:
                lo[code] = hi[code] = q
            elif o is not None and o["status"] == "suppressed" and not any(
                    cells.get(c, {}).get("status") == "suppressed" for c in children.get(code, [])):
                lo[code], hi[code] = 1, 2
            else:
                lo[code], hi[code] = 0, inf
        changed = True
        while changed:
            changed = False
            for parent, parts in children.items():
                if parent not in cells and all(c not in cells for c in parts):
                    continue
                sum_lo = sum(lo[c] for c in parts)
                sum_hi = sum(hi[c] for c in parts)
                new = (max(lo[parent], sum_lo), min(hi[parent], sum_hi))
                if new != (lo[parent], hi[parent]):
                    lo[parent], hi[parent] = new
                    changed = True
                for c in parts:
                    others_lo = sum_lo - lo[c]
                    others_hi = sum_hi - hi[c] if hi[c] != inf else sum(hi[x] for x in parts if x != c)
                    new = (max(lo[c], lo[parent] - others_hi), min(hi[c], hi[parent] - others_lo))
                    if new != (lo[c], hi[c]):
                        lo[c], hi[c] = new
                        changed = True
                    if lo[c] > hi[c] or lo[parent] > hi[parent]:
                        raise AssertionError(f"{indicator} {period}: the published cells contradict the documented rule at {c}")
        for code, o in cells.items():
            if o["status"] == "suppressed":
                result[(indicator, code, period)] = (lo[code], hi[code])
    return result


def test_no_suppressed_demo_value_can_be_recovered_from_what_is_published(tmp_path, check_pdf):
    store = tmp_path / "demo.sqlite"
    assert run("demo", "--store", str(store), "--out", str(tmp_path / "out"), cwd=REPO).returncode == 0
    published = json.loads(run("export", "--store", str(store), "--format", "json").stdout)
    info = json.loads(run("inspect", "--json", "--store", str(store)).stdout)
    units = {i["code"]: i["unit"] for i in info["indicators"]}
    intervals = feasible_intervals(published, info["areas"], units)
    assert len(intervals) == 36, "18 small numbers of devices lent and the 18 city totals they take with them"
    for cell, (lo, hi) in intervals.items():
        assert hi - lo >= 1, f"{cell} is recovered exactly: {lo}"
    # The attack of the issue: January 2024, the city total next to eight published Stadtteile.
    jan = {o["area"]: o for o in published if o["indicator"] == "dig_leihgeraete" and o["period"] == "2024-01"}
    assert jan["00"]["status"] == "suppressed" and jan["08"]["status"] == "suppressed"
    assert intervals[("dig_leihgeraete", "08", "2024-01")] == (1, 2)
    # Every suppressed cell carries the same note, so the small number and its protection look alike.
    assert {o["note"] for o in published if o["status"] == "suppressed"} == {"Wert gesperrt (Geheimhaltung)"}

    # The briefing of that month prints nothing the export does not: "x" where the export is suppressed.
    pdf = tmp_path / "jan.pdf"
    r = run("render", "Templates/monatsbericht-sozialausschuss.md", "--store", str(store), "--area", "00",
            "--period", "2024-01", "--out", str(pdf), cwd=REPO)
    assert r.returncode == 0, r.stderr
    check_pdf(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    table = text.split("Verliehene Endgeräte nach Stadtteilen, Januar 2024")[1].split("x = aus Datenschutzgründen")[0]
    names = {a["code"]: a["name"] for a in info["areas"]}
    for code in [f"{i:02d}" for i in range(1, 11)] + ["00"]:
        label = "Lübeck (gesamt)" if code == "00" else names[code]
        row = next(line for line in table.splitlines() if line.strip().startswith(label + "  "))
        shown = row[len(label) + row.index(label):].split()[0]
        expected = "x" if jan[code]["status"] == "suppressed" else str(int(jan[code]["value"]))
        assert shown == expected, row
    kpi = text.split("Überblick: Lübeck insgesamt")[1].split("Die SGB-II-Quote")[0]
    values = next(line for line in kpi.splitlines() if "%" in line)
    assert values.split()[-1] == "x", kpi  # the tile of devices lent: the city total
    assert not re.search(r"\b84\b", text), "the city total 84 of January 2024 is printed nowhere"

    # A publish run's manifest holds digests of documents and inputs, no value and no hash of a discarded one.
    out = tmp_path / "pub"
    r = run("publish", "Templates/monthly-sozialausschuss.yaml", "--store", str(store), "--out", str(out), "--quiet", cwd=REPO)
    assert r.returncode == 0, r.stderr
    manifest = json.loads((out / "run-manifest.json").read_text())
    numbers = [v for o in manifest["outputs"] for k, v in o.items() if isinstance(v, (int, float)) and k not in ("pages", "bytes")]
    assert numbers == []


def test_a_value_suppressed_later_leaves_no_stale_index_and_no_history(tmp_path):
    store = tmp_path / "demo.sqlite"
    assert run("demo", "--store", str(store), "--out", str(tmp_path / "out"), cwd=REPO).returncode == 0
    before = run("index", "show", "--store", str(store), "--format", "csv")
    assert before.returncode == 0 and before.stdout.splitlines()[0].startswith("area,")
    assert "\n0301," in before.stdout
    suppress = tmp_path / "suppress.csv"
    suppress.write_text("indicator,area,period,value,numerator,denominator,status\n"
                        "arm_sgb2,0301,2026-10,4.2,17,402,suppressed\n", encoding="utf-8")
    r = run("import", "--store", str(store), str(suppress))
    assert r.returncode == 0, r.stderr
    assert "Confidentiality: suppressed arm_sgb2 00 2026-10, arm_sgb2 03 2026-10" in r.stderr
    assert "Removed the stored social index mss_luebeck 2026-10: it was computed from a value that is now suppressed" in r.stderr
    # The index of 2026-10 is gone: what `index show` prints now is September's, which never used the value.
    after = run("index", "show", "--store", str(store), "--format", "csv")
    shown = run("index", "show", "--store", str(store))
    listing = shown.stdout.replace("\u00a0", " ")  # periods are joined by no-break spaces
    assert "September 2026" in listing and "Oktober 2026" not in listing
    assert after.stdout != before.stdout
    # No revision of the cell holds a value any more, and the recorded checksum is not the raw file's.
    import sqlite3
    db = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
    assert db.execute("SELECT count(*) FROM observation WHERE indicator_code = 'arm_sgb2' AND area_code = '0301' "
                      "AND period = '2026-10' AND value IS NOT NULL").fetchone() == (0,)
    assert db.execute("SELECT count(*) FROM index_component c JOIN index_run r ON r.id = c.run_id "
                      "WHERE r.period = '2026-10'").fetchone() == (0,)
    recorded = db.execute("SELECT sha256 FROM import_batch WHERE file_name = ?", (str(suppress),)).fetchone()[0]
    db.close()
    assert recorded != sha(suppress)
    emptied = "indicator,area,period,value,numerator,denominator,status\narm_sgb2,0301,2026-10,,,,suppressed\n"
    assert recorded == hashlib.sha256(emptied.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------------
# Hostile import files: a clear error with a position, never a crash, the store unchanged.

def test_hostile_import_files_are_errors_with_positions(base_store, tmp_path):
    before = sha(base_store)
    deep = tmp_path / "deep.geojson"
    deep.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"code": "01"}, '
                    '"geometry": {"type": "Polygon", "coordinates": ' + "[" * 5000 + "]" * 5000 + "}}]}\n")
    r = run("import", "--store", str(base_store), str(deep))
    assert r.returncode == 2, r.stderr
    assert r.stderr.strip() == (f"{deep}:1:237: cannot read the file: nesting deeper than 100 levels — "
                                "flatten the structure; no CivicBrief file needs more than a few levels")
    extra = tmp_path / "extra.csv"
    # The two rows: two fields too many, and an unquoted decimal comma in a comma-separated file.
    extra.write_text("indicator,area,period,value\nsgb2,03,2024-09,5,EXTRA1,EXTRA2\nsgb2,02,2024-09,100,1\n")
    r = run("import", "--store", str(base_store), str(extra))
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        f"{extra}:2:19: the row has 6 fields but the header has 4 — remove the extra fields, or quote a value that contains \",\"",
        f"{extra}:3:21: the row has 5 fields but the header has 4 (a decimal comma? In a comma-separated file write 100.1, "
        "quote \"100,1\" or save the file with \";\") — remove the extra fields, or quote a value that contains \",\""]
    control = tmp_path / "areas.csv"
    control.write_text("code,name,level,parent\n04,\u202eevil,district,00\n../../esc/PWNED,Ausbruch,district,00\n")
    r = run("import", "--store", str(base_store), str(control))
    assert r.returncode == 2
    assert f"{control}:2:4: the name contains U+202E (right-to-left override) at character 1" in r.stderr
    assert f"{control}:3:1: area code \"../../esc/PWNED\" is not a valid code" in r.stderr
    huge = tmp_path / "huge.csv"
    huge.write_text("indicator,area,period,value\nsgb2,01,2024-10," + "9" * 20_000_000 + "x\n")
    r = run("import", "--store", str(base_store), str(huge))
    assert r.returncode == 2
    assert len(r.stderr) < 400, "a 20-million-character value is quoted as a short excerpt"
    assert r.stderr.startswith(f"{huge}:2:17: value \"{'9' * 40}…\" is not a number")
    assert sha(base_store) == before


def test_geometries_by_name_and_the_areas_they_miss(base_store, tmp_path):
    geo = tmp_path / "names.geojson"
    square = '{"type": "Polygon", "coordinates": [[[10, 53], [11, 53], [11, 54], [10, 53]]]}'
    geo.write_text('{"type": "FeatureCollection", "features": [\n'
                   + ",\n".join(f'{{"type": "Feature", "properties": {{"NAME": "{n}"}}, "geometry": {square}}}'
                                for n in ["Nord", "Sued"]) + "\n]}\n", encoding="utf-8")
    r = run("import", "--store", str(base_store), "--match-by", "name", "--feature-property", "NAME", str(geo))
    assert r.returncode == 2
    assert r.stderr.splitlines() == [
        f"{geo}:1:1: no feature for 2 areas of level district: 02 \"Süd\", 03 \"Mitte\" — add a feature for each (or correct the features reported above)",
        f"{geo}:3:44: feature 2 (name \"Sued\") matches no area — correct the name to one the store has (see `civicbrief inspect`), or match by another property"]
    geo.write_text('{"type": "FeatureCollection", "features": [\n'
                   + ",\n".join(f'{{"type": "Feature", "properties": {{"NAME": "{n}"}}, "geometry": {square}}}'
                                for n in ["Nord", "Süd", "MITTE"]) + "\n]}\n", encoding="utf-8")
    r = run("import", "--store", str(base_store), "--match-by", "name", "--feature-property", "NAME", str(geo))
    assert r.returncode == 0, r.stderr
    info = json.loads(run("inspect", "--json", "--store", str(base_store)).stdout)
    assert [a["code"] for a in info["areas"] if a["has_geometry"]] == ["01", "02", "03"]
    assert run("import", "--store", str(base_store), "--match-by", "names", str(geo)).returncode == 1


def test_export_for_german_spreadsheets(base_store, tmp_path):
    assert run("import", "--store", str(base_store), str(FIXTURES / "long_utf8.csv"), str(FIXTURES / "long_bom.csv")).returncode == 0
    r = run("export", "--store", str(base_store), "--format", "csv", "--locale", "de", "--indicator", "kita")
    assert r.returncode == 0, r.stderr
    assert r.stdout == ("\ufeffindikator;gebiet;zeitraum;wert;zähler;nenner;status;hinweis\n"
                        "kita;02;2024;40,5;;;endgültig;\n")
    out = tmp_path / "de.csv"
    assert run("export", "--store", str(base_store), "--locale", "de", "--out", str(out)).returncode == 0
    fresh = tmp_path / "fresh.sqlite"
    assert run("import", "--store", str(fresh), str(FIXTURES / "areas.csv"), str(FIXTURES / "indicators.yaml"), str(out)).returncode == 0
    assert run("export", "--store", str(fresh)).stdout == run("export", "--store", str(base_store)).stdout
    r = run("export", "--store", str(base_store), "--format", "json", "--locale", "de")
    assert r.returncode == 1 and "--locale applies to CSV observations only" in r.stderr


# ---------------------------------------------------------------------------------------------------
# Output paths and read-only stores: user errors, exit 2, nothing half-written.

def namespace_available():
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "true"], capture_output=True).returncode == 0


def in_namespace(script):
    """Runs a shell script as root of a new user and mount namespace (read-only bind mounts, a tiny tmpfs)."""
    return subprocess.run(["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
                          capture_output=True, text=True, timeout=120)


def test_export_out_errors_are_user_errors(base_store, tmp_path):
    assert run("import", "--store", str(base_store), str(FIXTURES / "long_utf8.csv")).returncode == 0
    folder = tmp_path / "folder"
    folder.mkdir()
    r = run("export", "--store", str(base_store), "--out", str(folder))
    assert (r.returncode, r.stderr.strip()) == (2, f"civicbrief: {folder}: this is a folder, not a file — give a file name, e.g. {folder}/export.csv")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    r = run("export", "--store", str(base_store), "--out", str(a_file / "x.csv"))
    assert (r.returncode, r.stderr.strip()) == (2, f"civicbrief: {a_file}/x.csv: {a_file} is a file, not a folder — give a path whose folders are folders")
    long_name = tmp_path / ("a" * 300 + ".csv")
    r = run("export", "--store", str(base_store), "--out", str(long_name))
    assert r.returncode == 2
    assert "the file name is 304 bytes long; file systems allow at most 255 — choose a shorter name" in r.stderr
    assert len(r.stderr) < 300 and "NSCocoaErrorDomain" not in r.stderr
    # A temporary file a killed export left behind is removed by the next export into the folder.
    leftover = folder / ".civicbrief-999999-abc.tmp"
    leftover.write_text("half")
    assert run("export", "--store", str(base_store), "--out", str(folder / "ok.csv")).returncode == 0
    assert sorted(p.name for p in folder.iterdir()) == ["ok.csv"]


def test_render_and_publish_out_errors_are_user_errors(tmp_path):
    store = tmp_path / "demo.sqlite"
    assert run("demo", "--store", str(store), "--out", str(tmp_path / "out"), cwd=REPO).returncode == 0
    folder = tmp_path / "folder"
    folder.mkdir()
    a_file = tmp_path / "notes.txt"
    a_file.write_text("x")
    template = "Templates/stadtteilprofil.md"
    cases = {folder: "this is a folder, not a file", a_file / "x.pdf": f"{a_file} is a file, not a folder",
             tmp_path / ("b" * 300 + ".pdf"): "the file name is 304 bytes long; file systems allow at most 255"}
    for out, problem in cases.items():
        r = run("render", template, "--store", str(store), "--area", "03", "--out", str(out), cwd=REPO)
        assert r.returncode == 2, r.stderr
        assert f"cannot write the PDF ({problem})" in r.stderr, r.stderr
    r = run("publish", "Templates/monthly-sozialausschuss.yaml", "--store", str(store), "--out", str(a_file), "--quiet", cwd=REPO)
    assert (r.returncode, r.stderr.strip()) == (2, f"civicbrief publish: {a_file}: this is a file, not a folder — give a path whose folders are folders")
    # Besides the store: the demo city's profile written next to it, and what the test made.
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("demo.sqlite")) == ["city.yaml", "folder", "notes.txt", "out"]
    assert list(folder.iterdir()) == [], "nothing half-written"


@pytest.mark.skipif(not namespace_available(), reason="needs user namespaces (unshare) for read-only mounts and a full disk")
def test_read_only_and_full_disks(base_store, tmp_path):
    assert run("import", "--store", str(base_store), str(FIXTURES / "long_utf8.csv")).returncode == 0
    ro = tmp_path / "ro"
    ro.mkdir()
    (ro / "store.sqlite").write_bytes(base_store.read_bytes())
    small = tmp_path / "small"
    small.mkdir()
    script = f"""
        mount --bind {ro} {ro} && mount -o remount,ro,bind {ro} {ro} || exit 99
        mount -t tmpfs -o size=16k tmpfs {small} || exit 98
        {BIN} inspect --store {ro}/store.sqlite > {tmp_path}/inspect.txt 2>&1; echo "inspect=$?"
        {BIN} export --store {ro}/store.sqlite --out {ro}/x.csv 2>&1; echo "export-ro=$?"
        {BIN} import --store {ro}/store.sqlite {FIXTURES}/long_bom.csv 2>&1; echo "import-ro=$?"
        head -c 30000 /dev/zero > {small}/filler 2>/dev/null
        {BIN} export --store {ro}/store.sqlite --out {small}/full.csv 2>&1; echo "export-full=$?"
        ls -a {small}
    """
    r = in_namespace(script)
    assert "inspect=0" in r.stdout, r.stdout + r.stderr
    assert "Teststadt" in (tmp_path / "inspect.txt").read_text(), "a store on a read-only file system is simply readable"
    assert f"civicbrief: {ro}/x.csv: the folder {ro} is on a read-only file system — choose a folder on a writable disk\nexport-ro=2" in r.stdout
    assert "is on a read-only file system, so the store can be read but not changed" in r.stdout and "import-ro=2" in r.stdout
    assert f"civicbrief: {small}/full.csv: the disk is full (nothing was written) — free some space or choose another disk\nexport-full=2" in r.stdout
    assert r.stdout.split("export-full=2")[1].split() == [".", "..", "filler"], "no temporary file is left on a full disk"


# ---------------------------------------------------------------------------------------------------
# Seeded fuzzing of the CSV importer: small and bounded (a fixed number of cases from a fixed seed).

FUZZ_SEED = 20
FUZZ_CASES = 120
HOSTILE = [b",", b";", b"\t", b"\"", b"\n", b"\r\n", b"\x00", b"\x1b", "\u202e".encode(), b"x", b".", b"-",
           b"9", b" ", "\u00a0".encode(), "ä".encode(), "\ufeff".encode(), b"\x81", b"\xe4", b"\xff\xfe"]


def mutate(data: bytes, rng) -> bytes:
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(8)
        i = rng.randrange(len(data) + 1)
        if op == 0:
            data = data[:i] + rng.choice(HOSTILE) + data[i:]
        elif op == 1 and data:
            data = data[:i] + data[i + 1:]
        elif op == 2:
            lines = data.split(b"\n")
            j = rng.randrange(len(lines))
            lines.insert(j, lines[j])
            data = b"\n".join(lines)
        elif op == 3:
            data = data[:i] + rng.choice([b"9" * 400, b"1e308", b"-0", b"NaN", b"\"\"\"", b"a" * 5000, b"1.234.567,8"]) + data[i:]
        elif op == 4:
            lines = data.split(b"\n")
            sep = b";" if b";" in lines[0] else b"\t" if b"\t" in lines[0] else b","
            cells = lines[0].split(sep)
            rng.shuffle(cells)
            data = b"\n".join([sep.join(cells)] + lines[1:])
        elif op == 5:
            data = data[:i]
        elif op == 6:
            data = data[:i] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 8))) + data[i:]
        else:
            data = data.replace(b",", b";", 1) if rng.random() < 0.5 else data.replace(b"\n", b"\r", 2)
    return data


def test_seeded_fuzz_of_the_csv_importer_never_crashes_and_leaves_the_store_alone(base_store, tmp_path):
    import random
    rng = random.Random(FUZZ_SEED)
    sources = [FIXTURES / n for n in ["long_utf8.csv", "long_bom.csv", "long_cp1252.csv", "long_tab.tsv", "areas.csv",
                                      "indicators.csv", "errors.csv"]]
    pristine = base_store.read_bytes()
    outcomes = {0: 0, 2: 0}
    position = re.compile(r"^.+:\d+:\d+: .+ — .+$")
    for case in range(FUZZ_CASES):
        source = rng.choice(sources)
        path = tmp_path / f"fuzz-{case:03d}{source.suffix}"
        path.write_bytes(mutate(source.read_bytes(), rng))
        store = tmp_path / "fuzz.sqlite"
        store.write_bytes(pristine)
        for suffix in ("-wal", "-shm"):
            pathlib.Path(str(store) + suffix).unlink(missing_ok=True)
        r = run("import", "--store", str(store), str(path))
        context = f"case {case} from {source.name}: exit {r.returncode}\n{r.stderr[:2000]}"
        assert r.returncode in (0, 2), context
        assert "crashed" not in r.stderr and "Fatal error" not in r.stderr and "internal error" not in r.stderr, context
        outcomes[r.returncode] += 1
        if r.returncode == 2:
            assert store.read_bytes() == pristine, f"a failed import changed the store — {context}"
            lines = r.stderr.splitlines()
            assert lines and all(position.match(l) or re.match(r"^… and \d+ more problems?$", l) for l in lines), context
            assert all(len(l) < 600 for l in lines), context
    assert outcomes[2] > FUZZ_CASES // 2, outcomes
