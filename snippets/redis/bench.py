"""压测工具的封装：redis-benchmark（--csv 输出）与 sysbench 的 oltp_point_select（MariaDB / MySQL）。

>>> rows = parse_benchmark_csv(SAMPLE_CSV)
>>> rows["GET"].rps, rows["GET"].p50_ms, rows["SET"].p99_ms
(46511.63, 0.535, 4.767)
>>> parse_sysbench_qps(SAMPLE_SYSBENCH)
(61234.5, 0.03, 0.05)
>>> speedup(50_000.0, 600_000.0)
12.0
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from dataclasses import dataclass

from mianjing.servers import require

SAMPLE_CSV = '''\
"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
"SET","47732.70","0.708","0.040","0.567","0.999","4.767","8.751"
"GET","46511.63","0.768","0.152","0.535","2.551","6.311","11.151"
'''

SAMPLE_SYSBENCH = """\
    queries:                             306207 (61234.50 per sec.)
Latency (ms):
         avg:                                    0.03
         95th percentile:                        0.05
"""


# --8<-- [start:benchmark]
@dataclass(frozen=True)
class BenchRow:
    test: str
    rps: float
    avg_ms: float
    p50_ms: float
    p99_ms: float


def parse_benchmark_csv(text: str) -> dict[str, BenchRow]:
    """redis-benchmark --csv 的输出：首行是表头，之后每个测试一行。"""
    return {row["test"]: BenchRow(row["test"], float(row["rps"]), float(row["avg_latency_ms"]),
                                  float(row["p50_latency_ms"]), float(row["p99_latency_ms"]))
            for row in csv.DictReader(io.StringIO(text))}


def redis_benchmark(port: int, tests: str = "get", requests: int = 20_000, pipeline: int = 1,
                    clients: int = 50, size: int = 3, host: str = "127.0.0.1") -> dict[str, BenchRow]:
    """redis-benchmark -t tests -n requests -P pipeline -c clients -d size --csv，返回各测试的结果。"""
    out = subprocess.run([require("redis-benchmark"), "-h", host, "-p", str(port), "-t", tests,
                          "-n", str(requests), "-P", str(pipeline), "-c", str(clients), "-d", str(size),
                          "--csv", "-q"], capture_output=True, text=True, check=True, timeout=120).stdout
    return parse_benchmark_csv(out)
# --8<-- [end:benchmark]


def speedup(before: float, after: float) -> float:
    return round(after / before, 1)


# --8<-- [start:sysbench]
def parse_sysbench_qps(text: str) -> tuple[float, float, float]:
    """sysbench 报告里的 (每秒语句数, 平均延迟 ms, p95 延迟 ms)。"""
    qps = re.search(r"queries:\s+\d+\s+\(([\d.]+) per sec", text)
    avg = re.search(r"avg:\s+([\d.]+)", text)
    p95 = re.search(r"95th percentile:\s+([\d.]+)", text)
    if not (qps and avg and p95):
        raise ValueError(f"not a sysbench report:\n{text}")
    return float(qps.group(1)), float(avg.group(1)), float(p95.group(1))


def point_select_qps(sql, threads: int = 4, seconds: int = 5, table_size: int = 10_000,
                     db: str = "sb_point_select") -> tuple[float, float, float]:
    """sysbench oltp_point_select：按主键取一行（SELECT c FROM sbtest1 WHERE id = ?），返回 QPS 与延迟。"""
    with sql.connect() as conn, conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS {db}")
    common = [require("sysbench"), "oltp_point_select", "--db-driver=mysql", f"--mysql-host={sql.host}",
              f"--mysql-port={sql.port}", f"--mysql-user={sql.user}", "--mysql-password=", f"--mysql-db={db}",
              "--tables=1", f"--table-size={table_size}"]
    subprocess.run([*common, "prepare"], capture_output=True, check=True, timeout=120)
    try:
        out = subprocess.run([*common, f"--threads={threads}", f"--time={seconds}", "run"],
                             capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    finally:
        subprocess.run([*common, "cleanup"], capture_output=True, check=False, timeout=60)
    return parse_sysbench_qps(out)
# --8<-- [end:sysbench]
