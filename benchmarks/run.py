"""The benchmark run (make bench): measures and writes benchmarks/results/latest.{json,md}.
Not a timed test: it reports figures and checks them against the targets, it does not assert.

    .venv/bin/python -m benchmarks.run [--skip-tests] [--skip-lighthouse] [--lighthouse-runs 5] [--sizes 50,500,2000]

Absolute times are this machine's only (the same build takes more than twice as long on another
machine of the same kind), so what the targets judge are ratios measured side by side in this one
run, and sizes:

- build_vs_plain_ratio: the site's strict build / the same docs/ built by plain MkDocs + Material
  with search off (what everything the project adds costs); builds interleaved, medians of 3;
- search_share_of_build: (strict build - the same build with search off) / strict build;
- dirty_rebuild_ratio: `mkdocs serve --dirty` (make serve) rebuilding after one page is edited /
  the same server's full build, both from MkDocs' own "Documentation built in" log line;
- scaling, at each synthetic size (Chinese pages with headings, code and tables, made from the
  real pages' sentences): strict build time, the marginal ms per added page, and a reader's first
  search in headless Chromium (mianjing/search_probe.py): KB transferred (gzip) and ms to results,
  the worst of QUERIES;
- first search on the real site, sharded index against Material's whole index (the baseline);
- page weight cold, Lighthouse, the suite's wall time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from mianjing import DOCS, ROOT
from mianjing.browser import CHROMIUM_ARGS, chromium, chromium_path, serve_dir
from mianjing.search_probe import first_search
from mianjing.servers import free_port
from tests.site.build import build, build_env, copy_project

RESULTS = ROOT / "benchmarks" / "results"
LIGHTHOUSE = ROOT / "benchmarks" / "node_modules" / "lighthouse" / "cli" / "index.js"
ANSWER_PAGE = "redis/zrangebyscore-complexity/"
EDITED_PAGE = "docs/redis/eviction.md"
# a whole word, two words, a Latin word that prefixes many tokens, one character (the widest shard)
QUERIES = ["有序集合", "可重复读 幻读", "Redis", "锁"]
TARGETS = {"answer_page_kb_gzip": 300, "lighthouse_min": 95, "first_search_kb_gzip": 500,
           "first_search_ms": 1000, "dirty_rebuild_ratio": 0.5, "flat_per_page": 1.5}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
PLAIN_CONFIG = """site_name: plain
docs_dir: {docs}
theme:
  name: material
  language: zh
plugins: []
"""


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def mkdocs_build(project: Path, out: Path, strict: bool = True, **env: str) -> float:
    seconds, result = timed(lambda: build(project, out, strict=strict, **env))
    if result.returncode != 0:
        raise SystemExit(f"build failed in {project} ({env}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return seconds


def build_ratios(runs: int = 3) -> tuple[dict, Path]:
    """The site's strict build, the same without search, and plain MkDocs + Material on the same
    docs/, interleaved so that a change in the machine's load touches all three alike."""
    tmp = Path(tempfile.mkdtemp(prefix="mianjing-bench-"))
    plain = tmp / "plain"
    plain.mkdir()
    (plain / "mkdocs.yml").write_text(PLAIN_CONFIG.format(docs=DOCS), encoding="utf-8")
    times: dict[str, list[float]] = {"site": [], "site_without_search": [], "plain_material": []}
    for _ in range(runs):
        times["site"].append(mkdocs_build(ROOT, tmp / "site"))
        times["site_without_search"].append(mkdocs_build(ROOT, tmp / "nosearch", MIANJING_SEARCH="false"))
        times["plain_material"].append(mkdocs_build(plain, tmp / "plain-site", strict=False))
    med = {k: statistics.median(v) for k, v in times.items()}
    out = {"build_s_this_machine": {k: {"median": round(med[k], 2), "runs": [round(t, 2) for t in v]}
                                    for k, v in times.items()},
           "build_vs_plain_ratio": round(med["site"] / med["plain_material"], 2),
           "search_share_of_build": round((med["site"] - med["site_without_search"]) / med["site"], 2)}
    for k in ("nosearch", "plain-site"):
        shutil.rmtree(tmp / k, ignore_errors=True)
    return out, tmp / "site"


def dirty_rebuild(edits: int = 3) -> dict:
    """make serve's rebuild after editing one page, against the same server's first (full) build."""
    built = re.compile(r"Documentation built in ([\d.]+) seconds")
    with tempfile.TemporaryDirectory(prefix="mianjing-bench-serve-") as tmp:
        project = copy_project(ROOT, Path(tmp) / "project")
        log = Path(tmp) / "serve.log"
        with log.open("w") as sink:
            proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dirty",
                                     "--dev-addr", f"127.0.0.1:{free_port()}"], cwd=project, env=build_env(),
                                    stdout=sink, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            def wait_builds(n: int) -> list[float]:
                deadline = time.monotonic() + 300
                while time.monotonic() < deadline:
                    found = [float(x) for x in built.findall(log.read_text(encoding="utf-8", errors="replace"))]
                    if len(found) >= n:
                        return found
                    if proc.poll() is not None:
                        break
                    time.sleep(0.2)
                raise SystemExit(f"mkdocs serve did not report build {n}:\n{log.read_text()[-3000:]}")
            full = wait_builds(1)[0]
            page = project / EDITED_PAGE
            for i in range(edits):
                time.sleep(1.5)                            # past the watcher's debounce
                page.write_text(page.read_text(encoding="utf-8") + f"\n基准测试的第 {i + 1} 次修改。\n", encoding="utf-8")
                found = wait_builds(i + 2)
            rebuilds = found[1:]
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=30)
    median = statistics.median(rebuilds)
    print(f"  serve --dirty: full build {full:.2f} s, rebuild after one edit {rebuilds} s")
    return {"full_build_s": full, "rebuild_s": rebuilds, "dirty_rebuild_ratio": round(median / full, 2)}


def real_sentences() -> list[str]:
    """Chinese sentences from the real pages, without markup that would need a page around it."""
    out = []
    for page in sorted(DOCS.rglob("*.md")):
        for line in page.read_text(encoding="utf-8").splitlines():
            if not re.search(r"[\u4e00-\u9fff]", line) or re.search(r"[{}<>|\[\]\\$\"]|```|^\s*[-*>!#\d]|^\s*[\w-]+:\s|--8<--", line):
                continue
            out += [s.strip() + "。" for s in re.split(r"[。！？]", line) if len(s.strip()) > 12]
    return sorted(set(out))


def synthetic_page(n: int, rng: random.Random, sentences: list[str]) -> str:
    """About 5 KB, like a short answer page: a title, sections with prose, a code block and a table."""
    def para(k: int) -> str:
        return "".join(rng.choice(sentences) for _ in range(k))
    parts = [f"# 合成页面 {n}：{rng.choice(sentences)[:12]}\n", para(5) + "\n"]
    for k in range(1, 5):
        parts += [f"## 第 {k} 节：{rng.choice(sentences)[:10]}\n", para(3) + "\n",
                  f"```python\ndef step_{n}_{k}(items):\n    # {rng.choice(sentences)[:20]}\n"
                  f"    return sorted(items)[:{k}]\n```\n",
                  "| 项 | 说明 |\n|---|---|\n" + "".join(f"| 第 {r} 项 | {rng.choice(sentences)} |\n" for r in range(3))]
    return "\n".join(parts)


def first_searches(site: Path, queries: list[str] = QUERIES) -> dict:
    with serve_dir(site, compress=True) as base, chromium() as browser:
        runs = [first_search(browser, base, q, ANSWER_PAGE) for q in queries]
    foreign = [u for r in runs for u in r.foreign]
    worst_kb, worst_ms = max(runs, key=lambda r: r.bytes), max(runs, key=lambda r: r.ms)
    return {"first_search_kb_gzip": round(worst_kb.kb, 1), "first_search_ms": worst_ms.ms,
            "worst_by_kb": worst_kb.query, "worst_by_ms": worst_ms.query,
            "queries": {r.query: {"kb_gzip": round(r.kb, 1), "ms": r.ms, "requests": len(r.requests),
                                  "results": r.results} for r in runs},
            "foreign_requests": foreign}


def scaling(sizes: list[int]) -> list[dict]:
    sentences = real_sentences()
    rows = []
    for n in sizes:
        with tempfile.TemporaryDirectory(prefix="mianjing-bench-") as tmp:
            project = copy_project(ROOT, Path(tmp) / "project")
            bench = project / "docs" / "bench"
            bench.mkdir()
            rng = random.Random(n)
            for i in range(n):
                (bench / f"p{i:04d}.md").write_text(synthetic_page(i, rng, sentences), encoding="utf-8")
            out = Path(tmp) / "out"
            seconds = mkdocs_build(project, out)
            shards = list((out / "search" / "shards").glob("*.json"))
            row = {"synthetic_pages": n, "build_s_this_machine": round(seconds, 2),
                   "shards": len(shards),
                   "largest_shard_kb_gzip": round(max(len(gzip.compress(p.read_bytes(), 6)) for p in shards) / 1024, 1),
                   "whole_index_kb_gzip": round(json.loads((out / "search" / "search_index.json").read_text(
                       encoding="utf-8"))["config"]["mianjing"]["whole_index_gzip"] / 1024, 1)}
            row.update(first_searches(out))
            rows.append(row)
            print(f"  {n:5d} synthetic pages: build {seconds:6.1f} s; first search ≤ {row['first_search_kb_gzip']} KB, "
                  f"≤ {row['first_search_ms']} ms (whole index would be {row['whole_index_kb_gzip']} KB)")
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
    parser.add_argument("--lighthouse-runs", type=int, default=5, help="runs per page; the median is reported")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    results: dict = {"machine": {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "chromium": subprocess.run([chromium_path(), "--version"], capture_output=True, text=True).stdout.strip(),
        "load_average_at_start": os.getloadavg()}}

    print("builds side by side: the site (strict), the site without search, plain MkDocs + Material (3 rounds)")
    ratios, site = build_ratios()
    results.update(ratios)
    results["pages"] = sum(1 for _ in site.rglob("index.html"))
    print(f"  build_vs_plain_ratio {ratios['build_vs_plain_ratio']}, search_share_of_build "
          f"{ratios['search_share_of_build']}; {ratios['build_s_this_machine']}")
    print("a writer's rebuild (make serve --dirty) after editing one page")
    results.update(dirty_rebuild())
    print("first search on the real site: sharded index, then Material's whole index (baseline)")
    whole_site = site.parent / "whole"
    mkdocs_build(ROOT, whole_site, MIANJING_SEARCH_INDEX="whole")
    results["real_site_first_search"] = {"sharded": first_searches(site), "whole_index": first_searches(whole_site)}
    shutil.rmtree(whole_site, ignore_errors=True)
    for k, v in results["real_site_first_search"].items():
        print(f"  {k}: ≤ {v['first_search_kb_gzip']} KB, ≤ {v['first_search_ms']} ms")
    print("page weight, cold")
    results["page_weight"] = [page_weight(site, p) for p in ("", ANSWER_PAGE)]
    for w in results["page_weight"]:
        print(f"  /{w['page']}: {w['kb_transferred']} KB in {w['requests']} requests, foreign {w['foreign_requests']}")
    print("scaling with synthetic pages")
    results["scaling"] = scaling([int(s) for s in args.sizes.split(",")])
    if not args.skip_lighthouse:
        print("lighthouse")
        results["lighthouse"] = lighthouse(site, ["", ANSWER_PAGE], args.lighthouse_runs)
    if not args.skip_tests:
        print("test suite")
        results["test_suite_s_this_machine"] = test_time()
    results["machine"]["load_average_at_end"] = os.getloadavg()
    results["targets"] = check(results)
    shutil.rmtree(site.parent, ignore_errors=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "latest.md").write_text(report_md(results), encoding="utf-8")
    print(f"\nwrote {RESULTS / 'latest.json'} and latest.md")
    for name, ok in results["targets"].items():
        print(f"  {'PASS' if ok else 'MISS'}  {name}")
    return 0


def check(r: dict) -> dict:
    answer = next(w for w in r["page_weight"] if w["page"] == ANSWER_PAGE)
    real = r["real_site_first_search"]
    out = {
        f"answer page first load < {TARGETS['answer_page_kb_gzip']} KB compressed": answer["kb_transferred"] < TARGETS["answer_page_kb_gzip"],
        "no request leaves the site's host": all(not w["foreign_requests"] for w in r["page_weight"])
        and all(not x["foreign_requests"] for x in [*real.values(), *r["scaling"]]),
        "real site: first search transfers no more than with the whole index":
            real["sharded"]["first_search_kb_gzip"] <= real["whole_index"]["first_search_kb_gzip"],
        f"a rebuild after one edit < {TARGETS['dirty_rebuild_ratio']} of a full build":
            r["dirty_rebuild_ratio"] < TARGETS["dirty_rebuild_ratio"],
    }
    big = max(r["scaling"], key=lambda x: x["synthetic_pages"])
    n = big["synthetic_pages"]
    out[f"{n} pages: first search < {TARGETS['first_search_kb_gzip']} KB gzip"] = big["first_search_kb_gzip"] < TARGETS["first_search_kb_gzip"]
    out[f"{n} pages: first search < {TARGETS['first_search_ms']} ms"] = big["first_search_ms"] < TARGETS["first_search_ms"]
    rows = r["scaling"]
    if len(rows) >= 3:
        # flat: the marginal cost of one more page is about the same from the middle size to the
        # largest as from the smallest to the middle (a build that grew faster than linearly would not be)
        slopes = [(b["build_s_this_machine"] - a["build_s_this_machine"]) / (b["synthetic_pages"] - a["synthetic_pages"])
                  for a, b in zip(rows, rows[1:], strict=False)]
        r["ms_per_added_page_this_machine"] = [round(1000 * x, 1) for x in slopes]
        r["per_page_growth_ratio"] = round(slopes[-1] / slopes[-2], 2)
        out[f"cost per added page flat (last/previous interval < {TARGETS['flat_per_page']})"] = \
            r["per_page_growth_ratio"] < TARGETS["flat_per_page"]
    if "lighthouse" in r:
        out[f"lighthouse ≥ {TARGETS['lighthouse_min']} in every category"] = all(
            v >= TARGETS["lighthouse_min"] for s in r["lighthouse"].values() for k, v in s.items() if k in CATEGORIES)
    return out


def report_md(r: dict) -> str:
    lh = next((s.get("lighthouse_version") for s in r.get("lighthouse", {}).values()), None)
    m = r["machine"]
    b = r["build_s_this_machine"]
    real = r["real_site_first_search"]
    lines = ["# 基准测试结果", "",
             "比值在同一次运行里并排测得，可以跨机器比较；绝对时间只代表这台机器（同类机器之间相差可超过 2 倍）。", "",
             f"机器：{m['cpus']} 核，Python {m['python']}，{m['platform']}；{m.get('chromium', '')}"
             + (f"，Lighthouse {lh}（移动端模拟，{len(next(iter(r['lighthouse'].values()))['runs'])} 次取中位数）" if lh else "")
             + f"；负载 {m.get('load_average_at_start')} → {m.get('load_average_at_end')}", "",
             "| 比值 | 数值 |", "|---|---|",
             f"| 本站严格构建 ÷ 纯 MkDocs + Material（关搜索） | {r['build_vs_plain_ratio']} |",
             f"| 搜索在构建中的占比 | {r['search_share_of_build']:.0%} |",
             f"| `make serve` 改一页后的重建 ÷ 完整构建 | {r['dirty_rebuild_ratio']} |"]
    if "per_page_growth_ratio" in r:
        lines.append(f"| 每增一页的构建成本：后一区间 ÷ 前一区间 | {r['per_page_growth_ratio']} |")
    lines += ["", "| 本机绝对值 | 数值 |", "|---|---|",
              f"| 严格构建（中位数，3 次） | {b['site']['median']} s |",
              f"| 关掉搜索的严格构建 | {b['site_without_search']['median']} s |",
              f"| 纯 MkDocs + Material | {b['plain_material']['median']} s |",
              f"| `make serve --dirty`：首次构建 / 改一页后重建 | {r['full_build_s']} s / {r['rebuild_s']} s |",
              f"| 页面数 | {r['pages']} |"]
    for w in r["page_weight"]:
        lines.append(f"| 冷启动传输 /{w['page']} | {w['kb_transferred']} KB，{w['requests']} 个请求 |")
    for k, name in (("sharded", "分片索引"), ("whole_index", "整体索引（基线）")):
        lines.append(f"| 本站首次搜索，{name} | 最多 {real[k]['first_search_kb_gzip']} KB，最慢 {real[k]['first_search_ms']} ms |")
    if "test_suite_s_this_machine" in r:
        lines.append(f"| 测试套件 | {r['test_suite_s_this_machine']} s |")
    lines += ["", f"首次搜索取查询 {'、'.join(QUERIES)} 中最差的一个（新的浏览器上下文，无缓存，gzip 传输）。", "",
              "| 合成页面数 | 严格构建（本机） | 首次搜索传输 | 首次搜索耗时（本机） | 整体索引会是 | 最大分片 |",
              "|---|---|---|---|---|---|"]
    lines += [f"| {x['synthetic_pages']} | {x['build_s_this_machine']} s | {x['first_search_kb_gzip']} KB | "
              f"{x['first_search_ms']} ms | {x['whole_index_kb_gzip']} KB | {x['largest_shard_kb_gzip']} KB |"
              for x in r["scaling"]]
    if "lighthouse" in r:
        lines += ["", "| Lighthouse | 性能 | 无障碍 | 最佳实践 | SEO |", "|---|---|---|---|---|"]
        for page, s in r["lighthouse"].items():
            lines.append(f"| {page} | {s['performance']} | {s['accessibility']} | {s['best-practices']} | {s['seo']} |")
    lines += ["", "| 目标 | 结果 |", "|---|---|"] + [f"| {k} | {'达成' if v else '未达成'} |" for k, v in r["targets"].items()]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
