"""The fast path for a contributor: the checks of the pages you touched, in one command.

    make check                                  # the pages changed since main (git), or
    make check PAGES="docs/redis/eviction.md"   # these pages (Markdown or notebooks)
    python -m mianjing.fast [--dry-run] [page …]

Runs, and stops at the first that fails:
1. the schema of those pages (python -m mianjing.check: front matter, sources, errata, follow-ups);
2. the strict build of the whole site (links and anchors between pages, facts, receipts, tables);
3. the page's tests: the proofs its errata name, the test files it shows or links, the tests that
   produced the receipts it cites, the doctests of the snippets it includes, and (for a page that
   names no test file) the tests that import a snippet only this page includes; a notebook page:
   its own notebook tests.

`make test` stays the whole truth for CI: other pages' proofs, the browser tests and the site-wide
checks run there. A changed snippet brings in every page that includes it.
"""

from __future__ import annotations

import argparse
import functools
import re
import subprocess
import sys
import time
from pathlib import Path

from . import DOCS, ROOT, receipts

SNIPPET = re.compile(r'--8<--\s+"([^":]+)(?::[^"]*)?"')
NAMED_TEST = re.compile(r"\btests/[\w/]+/test_\w+\.py\b")
SNIPPET_DIRS = (ROOT / "snippets", ROOT)            # mkdocs.yml: pymdownx.snippets base_path


def changed_files() -> list[str]:
    """Files changed against main (committed on this branch, staged, unstaged or new)."""
    def git(*args: str) -> list[str]:
        out = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
        return out.stdout.split() if out.returncode == 0 else []
    base = next((b for b in ("origin/main", "main") if git("rev-parse", "--verify", "-q", b)), None)
    files = set(git("diff", "--name-only", "HEAD"))
    files |= set(git("ls-files", "--others", "--exclude-standard"))
    if base:
        merge_base = git("merge-base", "HEAD", base)
        if merge_base:
            files |= set(git("diff", "--name-only", merge_base[0], "HEAD"))
    return sorted(files)


def included_snippets(page: Path) -> list[Path]:
    found = []
    for name in SNIPPET.findall(page.read_text(encoding="utf-8")):
        path = next((d / name for d in SNIPPET_DIRS if (d / name).is_file()), None)
        if path is not None and path not in found:
            found.append(path)
    return found


def pages_for(files: list[str]) -> list[Path]:
    """The pages among files, and the pages that include a changed snippet."""
    pages = [ROOT / f for f in files if f.startswith("docs/") and f.endswith((".md", ".ipynb"))
             and (ROOT / f).is_file() and not f.startswith("docs/assets/")]
    snippets = {(ROOT / f).resolve() for f in files if f.startswith("snippets/")}
    if snippets:
        for page in sorted(DOCS.rglob("*.md")):
            if page not in pages and any(s.resolve() in snippets for s in included_snippets(page)):
                pages.append(page)
    return pages


@functools.cache
def _includers() -> dict[Path, list[Path]]:
    """Each snippet → the pages that include it."""
    found: dict[Path, list[Path]] = {}
    for page in sorted(DOCS.rglob("*.md")):
        for snippet in included_snippets(page):
            found.setdefault(snippet, []).append(page)
    return found


def _module(path: Path) -> str | None:
    rel = path.relative_to(ROOT)
    return ".".join(rel.with_suffix("").parts) if path.suffix == ".py" else None


def tests_for(page: Path, registry, committed: dict) -> list[str]:
    """pytest node ids and files that prove or exercise this page."""
    rel = str(page.relative_to(ROOT))
    if page.suffix == ".ipynb":
        nb = str(page.relative_to(DOCS))
        return [f"tests/site/test_notebooks.py::test_committed_with_outputs[{nb}]",
                f"tests/site/test_notebooks.py::test_runs_in_quick_mode[{nb}]"]
    from .schema import check_page

    out: list[str] = []
    text = page.read_text(encoding="utf-8")
    try:
        answer = check_page(rel, text, registry, ROOT)
        out += [e.proof for e in answer.errata if e.proof]
    except Exception:  # the schema step has reported it already
        pass
    out += [committed[name].test for name in receipts.cited(text) if name in committed]
    named = [t for t in dict.fromkeys(NAMED_TEST.findall(text)) if (ROOT / t).is_file()]   # the tests it shows
    out += named
    tests = sorted((ROOT / "tests").rglob("test_*.py"))
    for snippet in included_snippets(page):
        if named or len(_includers().get(snippet, ())) > 1:
            # the page names its tests, or the snippet is a helper several pages include (a Celery
            # app, a measuring function): its doctests only; other tests that import it belong to
            # other pages
            if snippet.suffix == ".py" and snippet.is_relative_to(ROOT / "snippets"):
                out.append(str(snippet.relative_to(ROOT)))
            continue
        module = _module(snippet)
        if module and snippet.is_relative_to(ROOT / "snippets"):
            out.append(str(snippet.relative_to(ROOT)))           # its doctests
            package, name = module.rsplit(".", 1)
            uses = re.compile(rf"\b{re.escape(module)}\b|from {re.escape(package)} import [^\n]*\b{name}\b")
        else:   # a YAML, Dockerfile, Go… snippet: the tests of its topic that name the file
            topic = snippet.relative_to(ROOT / "snippets").parts[0] if snippet.is_relative_to(ROOT / "snippets") else ""
            uses = re.compile(r"[\"']" + re.escape(snippet.name) + r"[\"']")
            out += [str(t.relative_to(ROOT)) for t in tests if t.parent.name == topic
                    and uses.search(t.read_text(encoding="utf-8"))]
            continue
        out += [str(t.relative_to(ROOT)) for t in tests if uses.search(t.read_text(encoding="utf-8"))]
    files = {t for t in out if "::" not in t}
    return [t for t in dict.fromkeys(out) if t.split("::")[0] not in files or "::" not in t]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="pages under docs/ (default: the pages changed since main)")
    parser.add_argument("--dry-run", action="store_true", help="list what would run, run nothing")
    args = parser.parse_args(argv)
    if args.pages:
        missing = [p for p in args.pages if not (ROOT / p).is_file()]
        if missing:
            print(f"no such page: {', '.join(missing)}", file=sys.stderr)
            return 2
        pages = pages_for([str((ROOT / p).resolve().relative_to(ROOT)) for p in args.pages])
    else:
        pages = pages_for(changed_files())
    from .data import load_registry

    registry = load_registry()
    committed = receipts.committed()
    tests = list(dict.fromkeys(t for p in pages for t in tests_for(p, registry, committed)))
    rels = [str(p.relative_to(ROOT)) for p in pages]
    print(f"pages: {', '.join(rels) or '(none changed: schema and build only)'}")
    steps = [("schema", [sys.executable, "-m", "mianjing.check", *[r for r in rels if r.endswith(".md")]]),
             ("strict build", [sys.executable, "-m", "mkdocs", "build", "--strict", "-q",
                               "-d", str(ROOT / ".cache" / "fast-site")])]
    if tests:
        steps.append(("tests", [sys.executable, "-m", "pytest", "-q", "-p", "no:randomly", *tests]))
    for name, cmd in steps:
        print(f"\n== {name}: {' '.join(Path(c).name if c == sys.executable else c for c in cmd)}", flush=True)
        if args.dry_run:
            continue
        start = time.perf_counter()
        code = subprocess.run(cmd, cwd=ROOT).returncode
        if name == "tests" and code == 5:
            print("   (these pages' files hold no test: nothing to run)")
            continue
        if code != 0:
            print(f"\nFAILED at {name} ({time.perf_counter() - start:.1f} s). `make test` runs everything.",
                  file=sys.stderr)
            return 1
        print(f"   {name} ok in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
