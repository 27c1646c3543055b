"""The checks pre-commit runs, run by the test suite too: ruff and the Chinese copywriting check."""

import subprocess
import sys
from pathlib import Path

from mianjing import ROOT
from mianjing.copywriting import default_files, lint

BIN = Path(sys.executable).parent


def test_ruff():
    result = subprocess.run([str(BIN / "ruff"), "check", "."], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_chinese_copywriting():
    problems = [p for f in default_files() for p in lint(f)]
    assert not problems, "中文排版问题（python -m mianjing.copywriting --fix FILE 可自动修正）:\n" + "\n".join(problems)


def test_copywriting_check_can_fail(tmp_path):
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: x\n---\n\n这是Redis 7的命令,很好。\n", encoding="utf-8")
    assert lint(bad) == [f"{bad}:5:1: '这是Redis 7的命令,很好。' → '这是 Redis 7 的命令，很好。'"]


def test_pre_commit_config_runs_the_same_checks():
    config = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "ruff check" in config and "mianjing.copywriting" in config and "mianjing.check" in config
