#!/usr/bin/env python3
"""Benchmark `civicbrief publish` (run by `make bench` after scripts/bench.py; binary from $CIVICBRIEF_BIN).

Reports, on a fresh demo store, whole-process wall time (best of several runs, --force so every
document is rendered), ms per document, pages per second and peak resident memory for
  - the monthly pack (Templates/monthly-sozialausschuss.yaml: report, agenda districts, combined pack),
  - a quarterly run over all areas (Templates/quarterly-publication.yaml) with --jobs 1 and --jobs 2,
and the speed-up from 1 to 2 jobs, plus a second (all-skipped) monthly run; and what the embedded data
costs: the monthly pack as PDF/A-3a with its attachments (the default) against the same run as PDF/A-2a
without them (`pdf_standard: a-2a`), in interleaved runs — time and the bytes of its four PDFs.
and, first, for comparison, the monthly report alone (`civicbrief render monatsbericht-sozialausschuss.md`,
store to finished PDF) with the milliseconds of each stage (facts, charts, template, layout, pdf,
finishing, write; medians of its `--timings`).
Targets (README "Publishing"): monthly pack < 250 ms, speed-up ≥ 1.7×, peak < 150 MB.
"""
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_MONTHLY_MS = 250.0
TARGET_SPEEDUP = 1.7
TARGET_MB = 150.0


def run(binary, args, env):
    """Wall ms and peak RSS (MB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen([binary, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    err = proc.stderr.read().decode()
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"{' '.join(args)} exited {proc.returncode}:\n{err}")
    return wall, usage.ru_maxrss / 1024, (usage.ru_utime + usage.ru_stime) * 1000


def measure(binary, store, manifest, out, env, jobs=None, runs=3, force=True):
    args = ["publish", "--store", store, str(manifest), "--out", out, "--quiet"]
    if force:
        args.append("--force")
    if jobs:
        args += ["--jobs", str(jobs)]
    best, peak, cpu = None, 0.0, 0.0
    for _ in range(runs):
        wall, rss, used = run(binary, args, env)
        if best is None or wall < best:
            best, cpu = wall, used
        peak = max(peak, rss)
    manifest_json = json.loads((Path(out) / "run-manifest.json").read_text())
    outputs = manifest_json["outputs"]
    pages = sum(o["pages"] for o in outputs)
    return {"ms": best, "documents": len(outputs), "pages": pages, "peak_mb": peak, "cpu_ms": cpu}


def render_stages(binary, store, out, env, runs=9):
    """Whole-process ms (best and median) and median per-stage ms of the monthly pack render."""
    args = ["render", "--store", store, str(REPO / "Templates" / "monatsbericht-sozialausschuss.md"), "--out", out, "--timings"]
    walls, peak, stages = [], 0.0, {}
    for _ in range(runs):
        start = time.perf_counter()
        proc = subprocess.run([binary, *args], capture_output=True, text=True, env=env)
        walls.append((time.perf_counter() - start) * 1000)
        if proc.returncode != 0:
            sys.exit(f"render exited {proc.returncode}:\n{proc.stderr}")
        timing = next(l for l in proc.stderr.splitlines() if l.startswith("timings: "))
        for part in timing[len("timings: "):].split():
            name, value = part.split("=")
            if value.endswith("ms"):
                stages.setdefault(name, []).append(float(value[:-2]))
    walls.sort()
    return walls[0], walls[len(walls) // 2], {k: sorted(v)[len(v) // 2] for k, v in stages.items()}


def pdf_bytes(out):
    """Total bytes of the PDFs under `out`, and of the files embedded in them (uncompressed)."""
    pdfs = sorted(Path(out).rglob("*.pdf"))
    total = sum(p.stat().st_size for p in pdfs)
    embedded = 0
    for p in pdfs:
        import pikepdf  # the test venv's; only here, so the rest runs without it
        with pikepdf.open(p) as pdf:
            embedded += sum(len(a.get_file().read_bytes()) for a in pdf.attachments.values())
    return total, embedded, len(pdfs)


def attachment_cost(binary, store, tmp, env, rounds=7):
    """Best wall ms of the monthly pack with (a-3a) and without (a-2a) attachments, interleaved."""
    source = (REPO / "Templates" / "monthly-sozialausschuss.yaml").read_text(encoding="utf-8")
    absolute = source.replace("- template: ", f"- template: {REPO / 'Templates'}/")
    with_data, without = Path(tmp) / "with.yaml", Path(tmp) / "without.yaml"
    with_data.write_text(absolute, encoding="utf-8")
    without.write_text("pdf_standard: a-2a\n" + absolute, encoding="utf-8")
    best = {"a3": None, "a2": None}
    for _ in range(rounds):
        for key, manifest in (("a3", with_data), ("a2", without)):
            r = measure(binary, store, manifest, f"{tmp}/cost-{key}", env, runs=1)
            best[key] = r["ms"] if best[key] is None else min(best[key], r["ms"])
    return best, pdf_bytes(f"{tmp}/cost-a3"), pdf_bytes(f"{tmp}/cost-a2")


def line(name, r):
    return (f"{name:<34} {r['ms']:8.0f} ms  {r['documents']:3d} docs  {r['ms'] / max(1, r['documents']):7.0f} ms/doc  "
            f"{r['pages'] / (r['ms'] / 1000):7.1f} pages/s  peak {r['peak_mb']:6.1f} MB  cpu {r['cpu_ms']:6.0f} ms")


def main():
    binary = os.environ.get("CIVICBRIEF_BIN") or str(REPO / ".build" / "release" / "civicbrief")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        store = f"{tmp}/demo.sqlite"
        run(binary, ["demo", "--store", store, "--out", f"{tmp}/demo"], env)
        best, median, stages = render_stages(binary, store, f"{tmp}/render.pdf", env)
        monthly = measure(binary, store, REPO / "Templates" / "monthly-sozialausschuss.yaml", f"{tmp}/monthly", env, runs=5)
        skipped = measure(binary, store, REPO / "Templates" / "monthly-sozialausschuss.yaml", f"{tmp}/monthly", env,
                          runs=5, force=False)
        quarterly = REPO / "Templates" / "quarterly-publication.yaml"
        one = measure(binary, store, quarterly, f"{tmp}/q1", env, jobs=1, runs=3)
        two = measure(binary, store, quarterly, f"{tmp}/q2", env, jobs=2, runs=3)
        cost, (a3_bytes, a3_embedded, a3_files), (a2_bytes, _, _) = attachment_cost(binary, store, tmp, env)
    # Other work on the machine skews wall times; the load average and CPU time make that visible.
    print("civicbrief render monatsbericht-sozialausschuss.md (cores: %d, load average before: %.2f)" % (os.cpu_count(), load))
    # For comparison only: the target is for the whole monthly publish run below.
    print(f"monthly report alone, one briefing: best {best:.0f} ms, median {median:.0f} ms whole-process; stage medians: "
          + " ".join(f"{k}={v:.1f}" for k, v in stages.items()) + " ms")
    print("civicbrief publish Templates/monthly-sozialausschuss.yaml and quarterly-publication.yaml")
    print(line("monthly pack (all jobs)", monthly))
    print(line("monthly pack, unchanged (skips)", skipped))
    print(line("quarterly, all areas, --jobs 1", one))
    print(line("quarterly, all areas, --jobs 2", two))
    speedup = one["ms"] / two["ms"]
    peak = max(monthly["peak_mb"], one["peak_mb"], two["peak_mb"])
    print(f"speed-up --jobs 1 → 2: {speedup:.2f}×")
    print(f"embedded data, monthly pack ({a3_files} PDFs, best of 7 interleaved runs each): "
          f"PDF/A-3a with attachments {cost['a3']:.0f} ms, {a3_bytes / 1024:.0f} KB "
          f"({a3_embedded / 1024:.0f} KB of CSV and JSON before compression); "
          f"PDF/A-2a without {cost['a2']:.0f} ms, {a2_bytes / 1024:.0f} KB; "
          f"the attachments add {cost['a3'] - cost['a2']:+.0f} ms and {(a3_bytes - a2_bytes) / 1024:+.0f} KB "
          f"({(a3_bytes - a2_bytes) / a2_bytes * 100:+.1f} %)")
    verdicts = [("monthly publish run (4 PDFs) < %.0f ms" % TARGET_MONTHLY_MS, monthly["ms"] < TARGET_MONTHLY_MS),
                ("speed-up ≥ %.1f×" % TARGET_SPEEDUP, speedup >= TARGET_SPEEDUP),
                ("peak < %.0f MB" % TARGET_MB, peak < TARGET_MB)]
    print("targets: " + ", ".join(f"{name}: {'met' if ok else 'MISSED'}" for name, ok in verdicts))


if __name__ == "__main__":
    main()
