"""With CI=true nothing is skipped: a skip becomes a failure that keeps its reason."""

import os
import shutil
import subprocess
import sys

from mianjing import ROOT

SKIPPING = "import pytest\n\n\ndef test_needs_a_server():\n    pytest.skip('redis-server is not installed')\n"


def run(tmp_path, ci: str):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "test_skip.py").write_text(SKIPPING, encoding="utf-8")
    env = {**os.environ, "CI": ci}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "-c",
                           str(tmp_path / "pytest.ini"), str(tmp_path)], capture_output=True, text=True, env=env)


def test_skip_fails_under_ci(tmp_path):
    result = run(tmp_path, "true")
    assert result.returncode == 1
    assert "skipped under CI=true, where nothing may be skipped: Skipped: redis-server is not installed" in result.stdout


def test_skip_prints_its_reason_elsewhere(tmp_path):
    result = run(tmp_path, "")
    assert result.returncode == 0
    assert "SKIPPED [1]" in result.stdout and "redis-server is not installed" in result.stdout
