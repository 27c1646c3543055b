"""The benchmark run (make bench): measures and writes benchmarks/results/latest.{json,md}.
Not a timed test: it reports figures and checks them against the targets, it does not assert.

    .venv/bin/python -m benchmarks.run [--skip-tests] [--skip-lighthouse] [--lighthouse-runs 3] [--sizes 50,500,2000]

Figures: strict build time of the real site (median of 3); build time as synthetic pages grow;
search index size; bytes a reader transfers to open an answer page cold (gzip, every request);
Lighthouse scores of the home page and an answer page; the test suite's wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mianjing import ROOT
from mianjing.browser import CHROMIUM_ARGS, chromium, chromium_path, serve_dir
from mianjing.data import registry
from tests.site.build import build, copy_project

RESULTS = ROOT / "benchmarks" / "results"
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / "lighthouse" / "cli" / "index.js"
ANSWER_PAGE = "redis/zrangebyscore-complexity/"
TARGETS = {"build_s": 5.0, "answer_page_kb_gzip": 300, "lighthouse_min": 95}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def strict_build_times(runs: int = 3) -> tuple[list[float], Path]:
    out = Path(tempfile.mkdtemp(prefix="mianjing-bench-site-"))
    times = []
    for _ in range(runs):
        seconds, result = timed(lambda: build(ROOT, out))
        if result.returncode != 0:
            raise SystemExit(f"strict build failed:\n{result.stdout}\n{result.stderr}")
        times.append(seconds)
    return times, out


def synthetic_page(n: int, rng: random.Random, sentences: list[str]) -> str:
    body = [f"# 合成页面 {n}\n"]
    size = 0
    while size < 5000:
        para = "".join(rng.choice(sentences) for _ in range(6))
        body.append(para + "\n")
        size += len(para.encode())
    return "\n".join(body)


def scaling(sizes: list[int]) -> list[dict]:
    sentences = [t.means for t in registry().glossary]
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="mianjing-bench-") as tmp:
            project = copy_project(ROOT, Path(tmp) / "project")
            bench = project / "docs" / "bench"
            bench.mkdir()
            rng = random.Random(n)
            for i in range(n):
                (bench / f"p{i:04d}.md").write_text(synthetic_page(i, rng, sentences), encoding="utf-8")
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
            seconds, result = timed(lambda project=project, env=env, tmp=tmp: subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(Path(tmp) / "out")],
                cwd=project, capture_output=True, text=True, env=env))
            if result.returncode != 0:
                raise SystemExit(f"synthetic build of {n} pages failed:\n{result.stderr}")
            index = Path(tmp) / "out" / "search" / "search_index.json"
            rows.append({"synthetic_pages": n, "build_s": round(seconds, 2),
                         "ms_per_page": round(1000 * seconds / n, 1),
                         "search_index_mb": round(index.stat().st_size / 2**20, 2)})
            print(f"  {n:5d} synthetic pages: {seconds:6.1f} s ({1000 * seconds / n:.1f} ms/page)")
    return rows


def page_weight(site: Path, path: str) -> dict:
    """Open path cold (fresh context, no cache) and add up what was transferred, compressed."""
    with serve_dir(site, compress=True) as base, chromium() as browser:
        context = browser.new_context()
        page = context.new_page()
        responses = []
        page.on("requestfinished", lambda r: responses.append(r))
        page.goto(base + path, wait_until="networkidle")
        page.wait_for_timeout(500)
        rows = []
        for r in responses:
            sizes = r.sizes()
            rows.append({"url": r.url.removeprefix(base), "bytes": sizes["responseBodySize"] + sizes["responseHeadersSize"]})
        foreign = [r.url for r in responses if not r.url.startswith(base)]
        context.close()
    total = sum(r["bytes"] for r in rows)
    return {"page": path, "requests": len(rows), "kb_transferred": round(total / 1024, 1),
            "largest": sorted(rows, key=lambda r: -r["bytes"])[:5], "foreign_requests": foreign}


def lighthouse(site: Path, paths: list[str], runs: int = 3) -> dict:
    """Lighthouse (mobile, simulated throttling) on each path, `runs` times: scores vary from run
    to run on a busy machine, so each category's median is reported (Lighthouse's own advice).
    The report of the median run by performance is kept as benchmarks/results/lighthouse-<page>.json."""
    if not LIGHTHOUSE.exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=ROOT / "benchmarks", check=True)
    scores = {}
    with serve_dir(site, compress=True) as base:
        for path in paths:
            report = RESULTS / f"lighthouse-{(path.strip('/') or 'home').replace('/', '-')}.json"
            flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
            reports = []
            for i in range(runs):
                out = report.with_suffix(f".run{i}.json")
                result = subprocess.run(["node", str(LIGHTHOUSE), base + path, "--quiet", "--output=json",
                                         f"--output-path={out}", f"--chrome-flags={flags}",
                                         "--only-categories=performance,accessibility,best-practices,seo"],
                                        capture_output=True, text=True, env={**os.environ, "CHROME_PATH": chromium_path()})
                if result.returncode != 0:
                    raise SystemExit(f"lighthouse failed on {path}:\n{result.stderr[-2000:]}")
                data = json.loads(out.read_text(encoding="utf-8"))
                out.unlink()
                reports.append(({k: round(100 * v["score"]) for k, v in data["categories"].items()}, data))
            reports.sort(key=lambda r: r[0]["performance"])
            report.write_text(json.dumps(reports[len(reports) // 2][1]) + "\n", encoding="utf-8")
            median = {k: statistics.median(r[0][k] for r in reports) for k in reports[0][0]}
            scores[path or "/"] = {k: round(v) for k, v in median.items()}
            scores[path or "/"]["runs"] = [r[0] for r in reports]
            scores[path or "/"]["lighthouse_version"] = reports[0][1].get("lighthouseVersion")
            print(f"  lighthouse {path or '/'}: median of {runs} {scores[path or '/']}")
    return scores


def test_time() -> float:
    seconds, result = timed(lambda: subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly"],
                                                   cwd=ROOT, capture_output=True, text=True))
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    print(f"  test suite: {seconds:.0f} s ({tail})")
    return round(seconds, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="50,500,2000")
    parser.add_argument("--skip-tests", action="store_true")
    parser.add_argument("--skip-lighthouse", action="store_true")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="runs per page; the median is reported")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)

    print("strict build of the real site (3 runs)")
    times, site = strict_build_times()
    index = site / "search" / "search_index.json"
    results = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                    "chromium": subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip(),
                    "load_average": os.getloadavg()},
        "build_s": {"median": round(statistics.median(times), 2), "runs": [round(t, 2) for t in times]},
        "pages": sum(1 for _ in site.rglob("index.html")),
        "search_index": {"kb": round(index.stat().st_size / 1024, 1),
                         "kb_gzip": round(len(gzip.compress(index.read_bytes(), 6)) / 1024, 1)},
    }
    print(f"  median {results['build_s']['median']} s; search index {results['search_index']}")
    print("page weight, cold")
    results["page_weight"] = [page_weight(site, p) for p in ("", ANSWER_PAGE)]
    for w in results["page_weight"]:
        print(f"  /{w['page']}: {w['kb_transferred']} KB in {w['requests']} requests, foreign {w['foreign_requests']}")
    print("build scaling with synthetic pages")
    results["scaling"] = scaling([int(s) for s in args.sizes.split(",")])
    if not args.skip_lighthouse:
        print("lighthouse")
        results["lighthouse"] = lighthouse(site, ["", ANSWER_PAGE], args.lighthouse_runs)
    if not args.skip_tests:
        print("test suite")
        results["test_suite_s"] = test_time()
    results["targets"] = check(results)
    shutil.rmtree(site, ignore_errors=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(report_md(results), encoding="utf-8")
    print(f"\nwrote {RESULTS / 'latest.json'} and latest.md")
    for name, ok in results["targets"].items():
        print(f"  {'PASS' if ok else 'MISS'}  {name}")
    return 0


def check(r: dict) -> dict:
    answer = next(w for w in r["page_weight"] if w["page"] == ANSWER_PAGE)
    out = {
        f"real site builds in < {TARGETS['build_s']} s": r["build_s"]["median"] < TARGETS["build_s"],
        f"answer page first load < {TARGETS['answer_page_kb_gzip']} KB compressed": answer["kb_transferred"] < TARGETS["answer_page_kb_gzip"],
        "no request leaves the site's host": all(not w["foreign_requests"] for w in r["page_weight"]),
    }
    rows = r["scaling"]
    if len(rows) >= 3:
        # linear = a fixed cost plus a constant cost per page: the marginal cost per added page
        # between consecutive sizes stays within 2x (a quadratic build would grow it with n)
        slopes = [(b["build_s"] - a["build_s"]) / (b["synthetic_pages"] - a["synthetic_pages"])
                  for a, b in zip(rows, rows[1:], strict=False)]
        r["scaling_ms_per_added_page"] = [round(1000 * s, 1) for s in slopes]
        out["build grows linearly (marginal ms/page within 2x across sizes)"] = max(slopes) < 2 * min(slopes)
    if "lighthouse" in r:
        out[f"lighthouse ≥ {TARGETS['lighthouse_min']} in every category"] = all(
            v >= TARGETS["lighthouse_min"] for s in r["lighthouse"].values() for k, v in s.items() if k in CATEGORIES)
    return out


def report_md(r: dict) -> str:
    lh = next((s.get("lighthouse_version") for s in r.get("lighthouse", {}).values()), None)
    lines = ["# 基准测试结果", "", f"机器：{r['machine']['cpus']} 核，Python {r['machine']['python']}，{r['machine']['platform']}；"
             f"{r['machine'].get('chromium', '')}" + (f"，Lighthouse {lh}（移动端模拟，3 次取中位数）" if lh else "")
             + f"；负载 {r['machine'].get('load_average')}", "",
             "| 指标 | 数值 |", "|---|---|",
             f"| 严格构建（中位数，3 次） | {r['build_s']['median']} s |",
             f"| 页面数 | {r['pages']} |",
             f"| 搜索索引 | {r['search_index']['kb']} KB（gzip {r['search_index']['kb_gzip']} KB） |"]
    for w in r["page_weight"]:
        lines.append(f"| 冷启动传输 /{w['page']} | {w['kb_transferred']} KB，{w['requests']} 个请求 |")
    if "test_suite_s" in r:
        lines.append(f"| 测试套件 | {r['test_suite_s']} s |")
    lines += ["", "| 合成页面数 | 构建时间 | 每页 | 搜索索引 |", "|---|---|---|---|"]
    lines += [f"| {x['synthetic_pages']} | {x['build_s']} s | {x['ms_per_page']} ms | {x['search_index_mb']} MB |" for x in r["scaling"]]
    if "lighthouse" in r:
        lines += ["", "| Lighthouse | 性能 | 无障碍 | 最佳实践 | SEO |", "|---|---|---|---|---|"]
        for page, s in r["lighthouse"].items():
            lines.append(f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |")
    lines += ["", "| 目标 | 结果 |", "|---|---|"] + [f"| {k} | {'达成' if v else '未达成'} |" for k, v in r["targets"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
