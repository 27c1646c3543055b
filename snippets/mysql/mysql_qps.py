"""用 sysbench 1.0.20 压一台真实的 MariaDB / MySQL，并用服务器自己的计数器核对 QPS（r2-17）。

sysbench 报告里的 ``queries`` 是它发出的语句数（读 + 写 + other，other 是 BEGIN / COMMIT），
服务器端的 ``Questions`` 状态变量数的是客户端发来的语句数：两者应当吻合。线上回答「最高 QPS」
用的正是后者：监控系统每隔几秒采一次 ``Questions``，差值除以间隔。

>>> r = parse_sysbench(SAMPLE)
>>> r.qps, r.tps, r.reads, r.writes, r.other, r.p95_ms
(39987.15, 2499.2, 105042, 0, 15006, 1.27)
>>> rate(1_000, 61_000, 30.0)
2000.0
"""

from __future__ import annotations

import re
import statistics
import subprocess
import time
from dataclasses import dataclass

from mianjing.servers import require

SAMPLE = """\
SQL statistics:
    queries performed:
        read:                            105042
        write:                           0
        other:                           15006
        total:                           120048
    transactions:                        7503   (2499.20 per sec.)
    queries:                             120048 (39987.15 per sec.)
Latency (ms):
         avg:                                    0.80
         95th percentile:                        1.27
"""


# --8<-- [start:parse]
@dataclass
class SysbenchResult:
    qps: float
    tps: float
    reads: int
    writes: int
    other: int
    total: int
    avg_ms: float
    p95_ms: float


def _num(pattern: str, text: str) -> float:
    m = re.search(pattern, text)
    if not m:
        raise ValueError(f"no match for {pattern!r} in sysbench output:\n{text}")
    return float(m.group(1))


def parse_sysbench(out: str) -> SysbenchResult:
    """从 sysbench run 的文字报告里取出 QPS、TPS、读写条数和延迟。"""
    return SysbenchResult(
        qps=_num(r"queries:\s+\d+\s+\(([\d.]+) per sec", out),
        tps=_num(r"transactions:\s+\d+\s+\(([\d.]+) per sec", out),
        reads=int(_num(r"read:\s+(\d+)", out)),
        writes=int(_num(r"write:\s+(\d+)", out)),
        other=int(_num(r"other:\s+(\d+)", out)),
        total=int(_num(r"total:\s+(\d+)", out)),
        avg_ms=_num(r"avg:\s+([\d.]+)", out),
        p95_ms=_num(r"95th percentile:\s+([\d.]+)", out),
    )
# --8<-- [end:parse]


# --8<-- [start:run]
def sysbench(server, workload: str, command: str, *, tables: int = 1, table_size: int = 1000,
             threads: int = 2, seconds: int = 5, db: str = "sbtest") -> str:
    """运行 /usr/share/sysbench/<workload>.lua 的 prepare / run / cleanup，返回标准输出。"""
    args = [require("sysbench"), workload, "--db-driver=mysql", f"--mysql-host={server.host}",
            f"--mysql-port={server.port}", f"--mysql-user={server.user}", "--mysql-password=",
            f"--mysql-db={db}", f"--tables={tables}", f"--table-size={table_size}"]
    if command == "run":
        args += [f"--threads={threads}", f"--time={seconds}", "--report-interval=0"]
    done = subprocess.run([*args, command], capture_output=True, text=True, timeout=seconds + 600)
    if done.returncode != 0:
        raise RuntimeError(f"sysbench {workload} {command} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def questions(server) -> int:
    """服务器的 Questions 计数器：客户端发来的语句总数（不含存储过程内部的语句）。"""
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute("SHOW GLOBAL STATUS LIKE 'Questions'")
        value = int(cur.fetchone()[1])
    conn.close()
    return value


def rate(before: int, after: int, seconds: float) -> float:
    return round((after - before) / seconds, 1)


def measure(server, workload: str = "oltp_read_only", **options) -> tuple[SysbenchResult, float]:
    """建表、压测、删表；返回 (sysbench 的结果, 同一时段服务器 Questions 算出的 QPS)。"""
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE IF NOT EXISTS sbtest")
    conn.close()
    sysbench(server, workload, "prepare", **options)
    try:
        q0, t0 = questions(server), time.monotonic()
        result = parse_sysbench(sysbench(server, workload, "run", **options))
        q1, t1 = questions(server), time.monotonic()
    finally:
        sysbench(server, workload, "cleanup", **options)
    return result, rate(q0, q1, t1 - t0)
# --8<-- [end:run]


# --8<-- [start:sweep]
def status(server, name: str) -> int:
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute("SHOW GLOBAL STATUS LIKE %s", (name,))
        value = int(cur.fetchone()[1])
    conn.close()
    return value


def sweep(server, runs: list[tuple[str, int, int]], *, seconds: int = 15, tables: int = 4,
          table_size: int = 50_000) -> list[dict]:
    """一次建表，依次跑 runs 里的每个 (负载, 线程数, innodb_flush_log_at_trx_commit)，最后删表。

    每行结果带上同一时段服务器端的 QPS、buffer pool 命中率和每秒 fsync 次数（MariaDB 10.11 用
    Innodb_data_fsyncs，它已没有 Innodb_os_log_fsyncs；MySQL 8.0 用 Innodb_os_log_fsyncs，只数 redo 日志的）。
    """
    fsyncs = "Innodb_os_log_fsyncs" if server.engine == "mysql" else "Innodb_data_fsyncs"
    opts = {"tables": tables, "table_size": table_size}
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute("CREATE DATABASE IF NOT EXISTS sbtest")
    sysbench(server, "oltp_read_write", "prepare", **opts)
    rows = []
    try:
        for workload, threads, flush in runs:
            with conn.cursor() as cur:
                cur.execute(f"SET GLOBAL innodb_flush_log_at_trx_commit = {int(flush)}")
            before = {k: status(server, k) for k in ("Questions", "Innodb_buffer_pool_read_requests",
                                                       "Innodb_buffer_pool_reads", fsyncs)}
            t0 = time.monotonic()
            r = parse_sysbench(sysbench(server, workload, "run", threads=threads, seconds=seconds, **opts))
            elapsed = time.monotonic() - t0
            after = {k: status(server, k) for k in before}
            requests = after["Innodb_buffer_pool_read_requests"] - before["Innodb_buffer_pool_read_requests"]
            misses = after["Innodb_buffer_pool_reads"] - before["Innodb_buffer_pool_reads"]
            rows.append({"workload": workload, "threads": threads, "flush": flush, "qps": r.qps, "tps": r.tps,
                         "avg_ms": r.avg_ms, "p95_ms": r.p95_ms,
                         "server_qps": rate(before["Questions"], after["Questions"], elapsed),
                         "hit_ratio": round(1 - misses / max(requests, 1), 4),
                         "fsyncs_per_s": rate(before[fsyncs], after[fsyncs], elapsed)})
    finally:
        with conn.cursor() as cur:
            cur.execute("SET GLOBAL innodb_flush_log_at_trx_commit = 1")
        conn.close()
        sysbench(server, "oltp_read_write", "cleanup", **opts)
    return rows
# --8<-- [end:sweep]


def medians(rows: list[dict]) -> list[dict]:
    """同一 (负载, 线程, flush) 跑了多遍时，每个数值列取中位数，并给出 QPS 的最小值和最大值。

    >>> rows = [{"workload": "w", "threads": 1, "flush": 1, "qps": q, "tps": q} for q in (10.0, 30.0, 20.0)]
    >>> medians(rows)
    [{'workload': 'w', 'threads': 1, 'flush': 1, 'qps': 20.0, 'tps': 20.0, 'qps_min': 10.0, 'qps_max': 30.0, 'n': 3}]
    """
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        groups.setdefault((row["workload"], row["threads"], row["flush"]), []).append(row)
    out = []
    for (workload, threads, flush), group in groups.items():
        merged = {"workload": workload, "threads": threads, "flush": flush}
        for key in group[0]:
            if key not in merged:
                merged[key] = statistics.median(r[key] for r in group)
        qps = [r["qps"] for r in group]
        out.append({**merged, "qps_min": min(qps), "qps_max": max(qps), "n": len(group)})
    return out


PAGE_RUNS = [(w, t, 1) for w in ("oltp_point_select", "oltp_read_only", "oltp_read_write") for t in (1, 4, 16)]
PAGE_RUNS += [("oltp_read_write", t, 2) for t in (1, 4, 16)]

if __name__ == "__main__":  # 页面上的表：python -m snippets.mysql.mysql_qps（3 遍交错运行，约 10 分钟）
    import platform

    from mianjing.servers import sql_server

    with sql_server("mariadb") as srv:
        print(f"# {srv.version}, {platform.platform()}, sysbench 1.0.20")
        for row in medians(sweep(srv, PAGE_RUNS * 3)):
            print(row)
