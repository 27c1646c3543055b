"""infra-09：编译并运行 snippets/os/go/workerpool/main.go（Debian 的 golang-go），解析它的输出。

GOCACHE、GOPATH 都放在临时目录里，不碰使用者的环境；单个文件、只用标准库，不需要 go.mod。
找不到 go 时 ``mianjing.servers.require`` 抛出 ServerUnavailable，说明要装哪个包。
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from mianjing.servers import require

SOURCE = Path(__file__).parent / "go" / "workerpool" / "main.go"


@dataclass(frozen=True)
class PoolRun:
    lines: list[str]          # 与调度无关、每次都一样的输出：各任务的结果
    gomaxprocs: int
    num_cpu: int
    worker_threads: int       # worker goroutine 们实际跑在几个 OS 线程上（gettid 去重）
    cores_used: float         # CPU 时间 / 墙钟时间


def build(workdir: Path) -> Path:
    """go build 到 workdir/workerpool，返回可执行文件路径。"""
    go = require("go")
    env = {**os.environ, "GOCACHE": str(workdir / "gocache"), "GOPATH": str(workdir / "gopath"),
           "GO111MODULE": "", "GOFLAGS": "", "CGO_ENABLED": "0"}
    out = workdir / "workerpool"
    subprocess.run([go, "build", "-o", str(out), str(SOURCE)], env=env, check=True, cwd=workdir,
                   capture_output=True, text=True, timeout=300)
    return out


def run(binary: Path, gomaxprocs: int | None = None) -> PoolRun:
    env = {k: v for k, v in os.environ.items() if k != "GOMAXPROCS"}
    if gomaxprocs is not None:
        env["GOMAXPROCS"] = str(gomaxprocs)
    text = subprocess.run([str(binary)], env=env, check=True, capture_output=True, text=True, timeout=120).stdout
    lines = text.splitlines()
    procs = re.search(r"GOMAXPROCS=(\d+) NumCPU=(\d+)", text)
    threads = re.search(r"worker OS threads: (\d+)", text)
    cores = re.search(r"cores used: ([\d.]+)", text)
    return PoolRun([line for line in lines if line.startswith("job ")], int(procs[1]), int(procs[2]),
                   int(threads[1]), float(cores[1]))
