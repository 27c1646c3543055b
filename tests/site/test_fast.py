"""The contributor's fast path (make check, mianjing/fast.py) picks the right tests and stops at a failure."""

from __future__ import annotations

import json
import subprocess

from mianjing import ROOT, fast, receipts
from mianjing.data import registry

RECEIPTS = receipts.committed()


def selected(page: str) -> list[str]:
    return fast.tests_for(ROOT / page, registry(), RECEIPTS)


def test_a_page_brings_its_proofs_its_named_tests_and_its_snippets_doctests():
    tests = selected("docs/mysql/isolation-levels.md")
    assert "tests/mysql/test_isolation_anomalies.py" in tests and "tests/mysql/test_hermitage.py" in tests
    assert "snippets/mysql/hermitage.py" in tests                  # doctests of what the page includes
    assert not [t for t in tests if t.startswith(("tests/redis", "tests/celery"))]


def test_receipts_a_page_cites_bring_the_test_that_measured_them():
    tests = selected("docs/redis/single-instance-qps.md")
    measured = {RECEIPTS[name].test.split("::")[0] for name in receipts.cited(
        (ROOT / "docs/redis/single-instance-qps.md").read_text(encoding="utf-8"))}
    assert measured and all(any(t.split("::")[0] == m for t in tests) for m in measured), (measured, tests)


def test_a_notebook_page_runs_its_notebook_tests():
    tests = selected("docs/redis/zrangebyscore-latency.ipynb")
    assert tests == ["tests/site/test_notebooks.py::test_committed_with_outputs[redis/zrangebyscore-latency.ipynb]",
                     "tests/site/test_notebooks.py::test_runs_in_quick_mode[redis/zrangebyscore-latency.ipynb]"]


def test_a_changed_snippet_brings_every_page_that_includes_it():
    pages = fast.pages_for(["snippets/algorithms/lru_cache.py"])
    assert ROOT / "docs/algorithms/lru-cache.md" in pages


def test_it_stops_at_the_first_failing_step(monkeypatch, capsys):
    ran = []

    def run(cmd, cwd):
        ran.append(cmd)
        return subprocess.CompletedProcess(cmd, 1 if "mkdocs" in cmd else 0)
    monkeypatch.setattr(fast.subprocess, "run", run)
    assert fast.main(["docs/redis/eviction.md"]) == 1
    assert [c[2] for c in ran] == ["mianjing.check", "mkdocs"]       # the tests never ran
    assert "FAILED at strict build" in capsys.readouterr().err


def test_an_unknown_page_is_an_error(capsys):
    assert fast.main(["docs/redis/no-such-page.md"]) == 2
    assert "no-such-page.md" in capsys.readouterr().err
