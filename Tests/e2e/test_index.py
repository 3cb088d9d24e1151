"""End-to-end checks of the social index (MSS method): `civicbrief index compute/show` against an
independent Python reference implementation, on 542 synthetic planning areas imported through the
normal wide-format import + mapping (the size of Berlin's MSS 2021), plus the demo and staleness.

The reference is written from the method description (README "Social index (MSS method)") with
Python's `statistics` module, not from the Swift code: z = (x − mean) / stdev (n − 1), status sum,
status index = the sum z-standardised again, dynamics the same on the two-year change, classes on
the value rounded to two decimals (half away from zero), boundary owners −1.00 → mittel,
1.00 → mittel, 1.50 → niedrig; dynamics −1.00 → stabil, 1.00 → stabil.
"""
import csv
import io
import os
import pathlib
import random
import statistics
import subprocess
from decimal import ROUND_HALF_UP, Decimal

import pytest

BIN = os.environ.get("CIVICBRIEF_BIN", "/work/main/.build/debug/civicbrief")
REPO = pathlib.Path(__file__).resolve().parents[2]
AREAS = 542


def run(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in ("CIVICBRIEF_STORE", "SOURCE_DATE_EPOCH")}
    full_env.update(env or {})
    return subprocess.run([BIN, *map(str, args)], cwd=cwd, env=full_env, capture_output=True, text=True, timeout=300)


def two(x: float) -> Decimal:
    """What a reader of the published table sees: two decimals, half away from zero, on the decimal text."""
    return Decimal(repr(x)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def status_class(x: float) -> int:
    r = two(x)
    if r < Decimal("-1.00"):
        return 1  # hoch
    if r <= Decimal("1.00"):
        return 2  # mittel
    if r <= Decimal("1.50"):
        return 3  # niedrig
    return 4  # sehr niedrig


def dynamics_class(x: float) -> int:
    r = two(x)
    if r < Decimal("-1.00"):
        return 1  # positiv
    if r <= Decimal("1.00"):
        return 2  # stabil
    return 3  # negativ


def zscores(values):
    m, s = statistics.mean(values), statistics.stdev(values)
    return [(v - m) / s for v in values]


def reference_index(rows: dict) -> dict:
    """rows: area → list of indicator values; returns area → (sum, index)."""
    codes = sorted(rows)
    columns = list(zip(*(rows[c] for c in codes)))
    zs = [zscores(list(col)) for col in columns]
    sums = [sum(z[i] for z in zs) for i in range(len(codes))]
    index = zscores(sums)
    return {c: (sums[i], index[i]) for i, c in enumerate(codes)}


def write(path: pathlib.Path, text: str):
    path.write_text(text, encoding="utf-8")
    return path


INDICATORS = """code;name;short_label;domain;unit;decimals;polarity;granularity;numerator;denominator;reference_date;source;licence;synthetic
s1;Arbeitslose (SGB II und III);S1;labour;{unit};2;higher_is_worse;year;Arbeitslose;Einwohner 15 bis unter 65;31.12.;Synthetisch;CC0 1.0;ja
s3;Transferbezug ohne Arbeitslose;S3;income_poverty;{unit};2;higher_is_worse;year;SGB II/XII ohne Arbeitslose;Einwohner;31.12.;Synthetisch;CC0 1.0;ja
s4;Kinderarmut;S4;income_poverty;{unit};2;higher_is_worse;year;Nicht erwerbsfähige unter 15;Einwohner unter 15;31.12.;Synthetisch;CC0 1.0;ja
"""

MAPPING = """area_code_column: Planungsraum
area_name_column: Name
period_column: Jahr
decimal: comma
columns:
  S1: s1
  S3: s3
  S4: s4
"""

DEFINITION = """code: mss_test
name: MSS-Test (542 Planungsräume)
level: subdistrict
status_indicators: [s1, s3, s4]
dynamics_years: 2
minimum_population: 300
standard_deviation: sample
classify_on: rounded
decimals: 2
"""


def comma(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def build_store(tmp: pathlib.Path, unit: str, years, values, populations, suppressed=()):
    """Imports 542 planning areas (12 Bezirke) and a wide file with one row per area and year."""
    areas = ["code,name,level,parent,population,population_date", "0,Berlin (synthetisch),city,,,"]
    areas += [f"{b:02d},Bezirk {b},district,0,," for b in range(1, 13)]
    for i in range(AREAS):
        code = f"{i % 12 + 1:02d}{i:05d}"
        areas.append(f"{code},Planungsraum {i},subdistrict,{i % 12 + 1:02d},{populations[i]},31.12.2021")
    store = tmp / "mss.sqlite"
    r = run("import", "--store", store, write(tmp / "areas.csv", "\n".join(areas) + "\n"),
            write(tmp / "indicators.csv", INDICATORS.format(unit=unit)))
    assert r.returncode == 0, r.stderr
    wide = ["Planungsraum;Name;Jahr;S1;S3;S4"]
    for year in years:
        for i in range(AREAS):
            code = f"{i % 12 + 1:02d}{i:05d}"
            cells = ["x" if (code, year, j) in suppressed else comma(values[year][i][j]) for j in range(3)]
            wide.append(f"{code};Planungsraum {i};{year};" + ";".join(cells))
    r = run("import", "--store", store, "--mapping", write(tmp / "mapping.yaml", MAPPING),
            write(tmp / "mss.csv", "\n".join(wide) + "\n"))
    assert r.returncode == 0, r.stderr
    return store


def shown(store):
    r = run("index", "show", "--store", store, "--format", "csv")
    assert r.returncode == 0, r.stderr
    return {row["area"]: row for row in csv.DictReader(io.StringIO(r.stdout))}


def test_542_areas_from_shares_match_the_python_reference_to_two_decimals(tmp_path):
    rng = random.Random(2021)
    codes = [f"{i % 12 + 1:02d}{i:05d}" for i in range(AREAS)]
    # Shares with realistic spread and correlated disadvantage; a few tiny areas; a few suppressed cells.
    populations = [rng.choice([120, 250, 299, 300]) if i % 60 == 7 else rng.randint(800, 30000) for i in range(AREAS)]
    values = {}
    base_level = [rng.gauss(0, 1) for _ in range(AREAS)]
    for year, drift in (("2019", 0.0), ("2021", 1.0)):
        values[year] = []
        for i in range(AREAS):
            d = base_level[i] + drift * rng.gauss(0, 0.15)
            values[year].append([max(0.0, 7 + 3 * d + rng.gauss(0, 0.8)), max(0.0, 9 + 4 * d + rng.gauss(0, 1)),
                                 max(0.0, 25 + 12 * d + rng.gauss(0, 3))])
    suppressed = {(codes[13], "2021", 2), (codes[101], "2019", 0)}
    store = build_store(tmp_path, "percent", ["2019", "2021"], values, populations, suppressed)

    r = run("index", "compute", "--store", store, "--definition", write(tmp_path / "mss.yaml", DEFINITION))
    assert r.returncode == 0, r.stderr
    assert "Index mss_test 2021 (dynamics against 2019)" in r.stderr

    # Reference, from the values as imported (two decimals, as written in the wide file).
    def read(year, i):
        return [float(comma(v).replace(",", ".")) for v in values[year][i]]
    excluded = {codes[i] for i in range(AREAS) if populations[i] < 300}
    status_in = {codes[i]: read("2021", i) for i in range(AREAS) if codes[i] not in excluded and codes[i] != codes[13]}
    ref_status = reference_index(status_in)
    dyn_in = {c: [a - b for a, b in zip(status_in[c], read("2019", codes.index(c)))] for c in status_in if c != codes[101]}
    ref_dynamics = reference_index(dyn_in)
    assert 0 < len(excluded) < 9 and 300 in populations, "some tiny areas excluded, one with exactly 300 kept"
    assert len(dyn_in) == len(status_in) - 1

    got = shown(store)
    assert len(got) == AREAS
    classes = {1: 0, 2: 0, 3: 0, 4: 0}
    for code in codes:
        row = got[code]
        if code in excluded:
            assert (row["status_state"], row["status_index"], row["status_class"]) == ("excluded_population", "", "")
            continue
        if code == codes[13]:
            assert (row["status_state"], row["status_index"], row["dynamics_state"]) == ("input_suppressed", "", "input_suppressed")
            continue
        s_sum, s_index = ref_status[code]
        assert two(float(row["status_index"])) == two(s_index), code
        assert abs(float(row["status_index"]) - s_index) < 1e-9, code
        assert abs(float(row["status_sum"]) - s_sum) < 1e-9, code
        assert int(row["status_class"]) == status_class(s_index), code
        classes[status_class(s_index)] += 1
        if code == codes[101]:
            assert (row["dynamics_state"], row["dynamics_index"]) == ("input_suppressed", "")
            continue
        d_sum, d_index = ref_dynamics[code]
        assert two(float(row["dynamics_index"])) == two(d_index), code
        assert int(row["dynamics_class"]) == dynamics_class(d_index), code
    assert all(n > 0 for n in classes.values()), classes


def test_published_style_z_values_give_the_restandardised_status_index(tmp_path):
    """MSS tables publish each indicator's z-value; fed those (unit index, may be negative), the status
    index is their sum z-standardised again. Without values two years earlier the dynamics are a state."""
    rng = random.Random(542)
    raw = [[rng.gauss(0, 1) for _ in range(3)] for _ in range(AREAS)]
    columns = [zscores([r[j] for r in raw]) for j in range(3)]
    published = [[round(columns[j][i], 2) for j in range(3)] for i in range(AREAS)]
    store = build_store(tmp_path, "index", ["2021"], {"2021": published}, [5000] * AREAS)
    r = run("index", "compute", "--store", store, "--definition", write(tmp_path / "mss.yaml", DEFINITION))
    assert r.returncode == 0, r.stderr
    codes = [f"{i % 12 + 1:02d}{i:05d}" for i in range(AREAS)]
    ref = reference_index({codes[i]: published[i] for i in range(AREAS)})
    got = shown(store)
    for code in codes:
        assert two(float(got[code]["status_index"])) == two(ref[code][1]), code
        assert int(got[code]["status_class"]) == status_class(ref[code][1]), code
        assert got[code]["dynamics_state"] == "input_missing"


def test_demo_store_carries_a_current_index_and_an_import_makes_it_stale(tmp_path, check_pdf, read_tagged):
    store = tmp_path / "demo.sqlite"
    # From the repository: demo also renders the sample briefings from Templates/.
    r = run("demo", "--store", store, "--out", tmp_path / "out", cwd=REPO)
    assert r.returncode == 0, r.stderr
    assert ("Index mss_luebeck 2026-10 (dynamics against 2024-10): 35 areas with a status index, 35 with a dynamics index, "
            "0 without (excluded or inputs suppressed/missing); stored.") in r.stderr
    rows = shown(store)
    assert len(rows) == 35 and all(row["status_state"] == "computed" for row in rows.values())
    table = run("index", "show", "--store", store)
    assert table.returncode == 0
    assert "| Status \\ Dynamik | positiv | stabil | negativ |" in table.stdout

    again = run("index", "compute", "--store", store)
    assert again.returncode == 0 and "unchanged" in again.stderr

    # The quarterly report maps the index: status class as colour and hatching, dynamics as a symbol.
    report = tmp_path / "out" / "quartalsbericht-00-2026-Q3-de.pdf"
    check_pdf(report)
    maps = [f.alt.replace("\u00a0", " ") for f in read_tagged(report).of_type("Figure") if f.alt and f.alt.startswith("Karte – Sozialindex")]
    # Counts as in the store: select status_class, count(*) from index_value where run_id = 1 group by 1.
    assert maps == ["Karte – Sozialindex Lübeck (MSS-Methode), September 2026, 35 Gebiete. Status: hoch 0, mittel 28, "
                    "niedrig 3, sehr niedrig 4. Dynamik: positiv 5, stabil 25, negativ 5. Status sehr niedrig: Reecke, "
                    "Alt-Moisling/Genin, Buntekuh und Herrenwyk."]

    assert "Index mss_luebeck 2026-09 (dynamics against 2024-09): 35 areas" in r.stderr, "the quarter-end index too"

    revision = write(tmp_path / "rev.csv",
                     "indicator,area,period,value\narb_alq,0401,2026-10,25.0\narb_alq,0401,2026-09,24.0\n")
    assert run("import", "--store", store, revision).returncode == 0
    stale = run("index", "show", "--store", store, "--format", "csv")
    assert stale.returncode == 2
    assert "no longer matches the data" in stale.stderr
    assert {row["status_state"] for row in csv.DictReader(io.StringIO(stale.stdout))} == {"stale"}
    # A stale index is never drawn: the report says why instead.
    stale_report = tmp_path / "stale.pdf"
    r = run("render", "--store", store, REPO / "Templates" / "quartalsbericht.md", "--out", stale_report, cwd=REPO)
    assert r.returncode == 0, r.stderr
    check_pdf(stale_report)
    tagged = read_tagged(stale_report)
    assert not [f for f in tagged.of_type("Figure") if f.alt and "Sozialindex" in f.alt]
    assert "no longer" in " ".join(e.text for e in tagged.of_type("P")) or "nicht mehr" in " ".join(e.text for e in tagged.of_type("P"))
    fresh = run("index", "compute", "--store", store, cwd=tmp_path)
    assert fresh.returncode == 0
    lines = fresh.stderr.splitlines()
    assert lines[0].startswith("Index mss_luebeck 2026-10 ") and lines[0].endswith("stored.")
    assert lines[1].startswith("Index mss_luebeck 2026-09 ") and lines[1].endswith("stored."), "stale earlier period recomputed"
    assert run("index", "show", "--store", store).returncode == 0
    assert run("index", "compute", "--store", store).stderr.count("\n") == 1, "nothing stale any more"


def test_a_bad_definition_exits_2_with_its_position(tmp_path):
    store = tmp_path / "demo.sqlite"
    assert run("demo", "--store", store, "--out", tmp_path / "out").returncode == 0
    bad = write(tmp_path / "bad.yaml", "code: x\nname: y\nlevel: subdistrict\nstatus_indicators: [arb_alq]\ndecimals: ten\n")
    r = run("index", "compute", "--store", store, "--definition", bad)
    assert r.returncode == 2
    assert f"{bad}:5:11: \"decimals\" must be a whole number from 0 to 6" in r.stderr
    unknown = write(tmp_path / "unknown.yaml", "code: x\nname: y\nlevel: subdistrict\nstatus_indicators: [nope]\n")
    r = run("index", "compute", "--store", store, "--definition", unknown)
    assert r.returncode == 2
    assert "the status indicator \"nope\" is not in the store" in r.stderr
