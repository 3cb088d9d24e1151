#!/usr/bin/env python3
"""Benchmark `civicbrief typeset` on generated 20-, 100- and 400-page documents of text and tables.

Run by `make bench` (release build); the binary comes from $CIVICBRIEF_BIN.
Reports, per size: whole-process wall time (median of several runs), peak resident memory of the
process, the per-stage times printed by `--timings` (medians), the finishing pass's share, and
milliseconds per page (linear growth means a flat ms/page column).
Targets (README "Performance"): 20 pages < 150 ms whole-process, peak < 80 MB, linear growth.
"""
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

SIZES = [(20, 7), (100, 5), (400, 3)]  # (target pages, runs)
TARGET_MS_20 = 150.0
TARGET_MB = 80.0

WORDS = ("Die Grundsicherungsquote im Stadtteil ist im Berichtszeitraum leicht gesunken, während die "
         "Arbeitslosenquote nahezu unverändert blieb. Besonders Familien mit kleinen Kindern sind auf "
         "Unterstützung angewiesen, weshalb die Quartiersarbeit fortgeführt wird.").split()
DISTRICTS = ["Innenstadt", "St. Jürgen", "Moisling", "Buntekuh", "St. Lorenz Süd", "St. Lorenz Nord",
             "St. Gertrud", "Schlutup", "Kücknitz", "Travemünde"]


def paragraph(seed: int, words: int = 70) -> dict:
    text = " ".join(WORDS[(seed * 7 + i) % len(WORDS)] for i in range(words))
    return {"type": "paragraph", "text": text[0].upper() + text[1:] + "."}


def document(sections: int) -> dict:
    blocks = [{"type": "heading", "level": 1, "text": "Benchmark Sozialmonitoring"}]
    for s in range(sections):
        blocks.append({"type": "heading", "level": 2, "text": f"Abschnitt {s + 1}"})
        blocks += [paragraph(s * 3 + k) for k in range(3)]
        rows = []
        for r in range(24):
            d = DISTRICTS[(s + r) % len(DISTRICTS)]
            v = 5 + ((s * 31 + r * 17) % 200) / 10
            rows.append([f"{d}, Q{r % 4 + 1}", f"{v:.1f}".replace(".", ","), f"{v * 0.5:.1f}".replace(".", ","),
                         str(400 + (s * 97 + r * 53) % 4000)])
        blocks.append({"type": "table", "caption": f"Kennzahlen, Abschnitt {s + 1} (synthetisch)",
                       "columns": ["Stadtteil", {"title": "SGB II", "align": "decimal"},
                                   {"title": "ALQ", "align": "decimal"}, {"title": "Fälle", "align": "right"}],
                       "rowHeaders": True, "rows": rows})
        blocks.append(paragraph(s + 11, 45))
    return {"metadata": {"title": "Benchmark", "language": "de-DE", "organisation": "Hansestadt Lübeck",
                         "date": "2026-11-26"}, "blocks": blocks}


TIMINGS = re.compile(r"timings: layout=([\d.]+)ms pdf=([\d.]+)ms finishing=([\d.]+)ms write=([\d.]+)ms pages=(\d+)")


def run_once(binary: str, doc: str, out: str) -> dict:
    start = time.perf_counter()
    proc = subprocess.Popen([binary, "typeset", doc, "--out", out, "--timings"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = proc.stderr.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"civicbrief typeset failed (exit {proc.returncode}):\n{stderr}")
    m = TIMINGS.search(stderr)
    if not m:
        sys.exit(f"no --timings line in stderr:\n{stderr}")
    layout, pdf, finishing, write, pages = m.groups()
    return {"wall": wall, "rss_mb": usage.ru_maxrss / 1024, "layout": float(layout), "pdf": float(pdf),
            "finishing": float(finishing), "write": float(write), "pages": int(pages)}


def main() -> int:
    binary = os.environ.get("CIVICBRIEF_BIN")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("set CIVICBRIEF_BIN to the civicbrief executable (make bench does)")
    results = []
    with tempfile.TemporaryDirectory(prefix="civicbrief-bench-") as tmp:
        for target, runs in SIZES:
            # Calibrate the number of sections so the document has about `target` pages.
            sections = max(1, round(target / 1.4))
            path, out = os.path.join(tmp, f"doc-{target}.json"), os.path.join(tmp, f"doc-{target}.pdf")
            for _ in range(3):
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(document(sections), f, ensure_ascii=False)
                pages = run_once(binary, path, out)["pages"]
                if abs(pages - target) <= max(1, target // 50):
                    break
                sections = max(1, round(sections * target / pages))
            samples = [run_once(binary, path, out) for _ in range(runs)]
            med = {k: statistics.median(s[k] for s in samples) for k in ("wall", "layout", "pdf", "finishing", "write")}
            results.append({"pages": samples[0]["pages"], "runs": runs, **med,
                            "rss_mb": max(s["rss_mb"] for s in samples)})

    print(f"{'pages':>5} {'runs':>4} {'whole ms':>9} {'peak MB':>8} {'layout':>8} {'pdf':>8} "
          f"{'finish':>8} {'write':>7} {'finish %':>9} {'ms/page':>8}")
    for r in results:
        share = 100 * r["finishing"] / r["wall"]
        print(f"{r['pages']:>5} {r['runs']:>4} {r['wall']:>9.1f} {r['rss_mb']:>8.1f} {r['layout']:>8.1f} "
              f"{r['pdf']:>8.1f} {r['finishing']:>8.1f} {r['write']:>7.1f} {share:>8.1f}% {r['wall'] / r['pages']:>8.2f}")
    small, large = results[0], results[-1]
    growth = (large["wall"] / large["pages"]) / (small["wall"] / small["pages"])
    print()
    print(f"20-page target (< {TARGET_MS_20:.0f} ms): {small['wall']:.1f} ms — "
          f"{'met' if small['wall'] < TARGET_MS_20 else 'MISSED'}")
    print(f"peak memory target (< {TARGET_MB:.0f} MB at 20 pages): {small['rss_mb']:.1f} MB — "
          f"{'met' if small['rss_mb'] < TARGET_MB else 'MISSED'}")
    print(f"growth: ms/page at {large['pages']} pages is {growth:.2f}× the 20-page value "
          f"({'linear' if growth < 1.5 else 'NOT linear'}; fixed start-up cost makes small documents dearer per page)")
    bench_charts(binary)
    return 0


CHART_TARGETS = [("baseline.json", "baseline (one heading)", None), ("six-charts.json", "six charts", 40.0),
                 ("choropleth-500.json", "choropleth, 500 areas", 100.0)]


def bench_charts(binary: str, runs: int = 7) -> None:
    """Chart documents come from the Swift test BenchDocumentTests (Sources/Charts draws them);
    targets apply to layout + PDF drawing of the charts, i.e. minus the baseline document's
    layout + pdf (font set-up and the empty page are paid once per run, charts or not)."""
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory(prefix="civicbrief-chart-bench-") as tmp:
        made = subprocess.run(["swift", "test", "--skip-build", "--filter", "BenchDocumentTests.writeBenchDocuments"],
                              cwd=repo, env={**os.environ, "CIVICBRIEF_CHART_BENCH_DIR": tmp},
                              capture_output=True, text=True)
        if made.returncode != 0 or not all(os.path.exists(os.path.join(tmp, f)) for f, _, _ in CHART_TARGETS):
            print(f"\ncharts: could not generate the chart documents (run `swift build --build-tests` first)\n{made.stderr[-500:]}")
            return
        print()
        print(f"{'charts':<24} {'pages':>5} {'whole ms':>9} {'layout':>8} {'pdf':>8} {'finish':>8} {'layout+pdf':>11} {'charts':>7}")
        baseline = 0.0
        for name, label, target in CHART_TARGETS:
            doc, out = os.path.join(tmp, name), os.path.join(tmp, name + ".pdf")
            samples = [run_once(binary, doc, out) for _ in range(runs)]
            med = {k: statistics.median(s[k] for s in samples) for k in ("wall", "layout", "pdf", "finishing")}
            render = med["layout"] + med["pdf"]
            if target is None:
                baseline = render
            charts = render - baseline
            verdict = "" if target is None else f"  target < {target:.0f} ms: {'met' if charts < target else 'MISSED'}"
            print(f"{label:<24} {samples[0]['pages']:>5} {med['wall']:>9.1f} {med['layout']:>8.1f} {med['pdf']:>8.1f} "
                  f"{med['finishing']:>8.1f} {render:>11.1f} {charts:>7.1f}{verdict}")


if __name__ == "__main__":
    sys.exit(main())
