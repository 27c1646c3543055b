"""r2-17：sysbench 1.0.20 压真实的 MariaDB / MySQL，QPS 为正，且与服务器 Questions 计数器吻合。"""


import pytest

from snippets.mysql.mysql_qps import measure


# --8<-- [start:test]
def test_sysbench_read_only_qps_matches_server_counter(sql_server, sysbench):
    result, server_qps = measure(sql_server, "oltp_read_only", tables=1, table_size=1000, threads=2, seconds=3)
    assert result.qps > 0 and result.tps > 0
    assert result.writes == 0                        # 只读负载
    assert result.total == result.reads + result.other
    # oltp_read_only 每个事务 = BEGIN + 14 条 SELECT + COMMIT（默认参数）= 16 条语句
    assert result.qps / result.tps == pytest.approx(16, rel=0.01)
    # sysbench 发出的语句数 ≈ 服务器收到的语句数（Questions）；留宽余量：两边的计时窗口不完全重合
    assert 0.7 < server_qps / result.qps < 1.3, (server_qps, result.qps)
    # 利特尔定律：并发数 = 吞吐 × 平均延迟。2 个线程一直在跑，所以 TPS × 平均事务延迟 ≈ 2
    assert result.tps * result.avg_ms / 1000 == pytest.approx(2, rel=0.3)
# --8<-- [end:test]


# --8<-- [start:sweep]
RUNS = [("oltp_point_select", 4, 1), ("oltp_read_only", 4, 1), ("oltp_read_write", 1, 1),
        ("oltp_read_write", 4, 1), ("oltp_read_write", 16, 1), ("oltp_read_write", 1, 2)]


def test_sweep_shapes_the_page_reads(sql_server, sysbench, receipt):
    """页面那张表就是这次运行：每个 (负载, 线程, innodb_flush_log_at_trx_commit) 跑 4 秒，记下 receipts，
    并断言页面从表里读出的每一条关系。"""
    from snippets.mysql.mysql_qps import sweep

    rows = {(r["workload"], r["threads"], r["flush"]): r
            for r in sweep(sql_server, RUNS, seconds=4, tables=1, table_size=20_000)}
    for (workload, threads, flush), r in rows.items():
        key = f"mysql.sweep.{sql_server.engine}.{workload.removeprefix('oltp_')}.t{threads}.f{flush}"
        for field, unit in (("qps", "次/秒"), ("tps", "次/秒"), ("avg_ms", "ms"), ("p95_ms", "ms"),
                            ("server_qps", "次/秒"), ("fsyncs_per_s", "次/秒")):
            receipt(f"{key}.{field}", r[field], unit, versions=[sql_server])
    for r in rows.values():      # 两种 QPS 口径一致：sysbench 发出的语句 ≈ 服务器 Questions 的差值
        assert 0.85 < r["server_qps"] / r["qps"] < 1.15, r
    ps, ro, rw = (rows[w, 4, 1]["qps"] for w in ("oltp_point_select", "oltp_read_only", "oltp_read_write"))
    assert ps > ro > rw, (ps, ro, rw)                       # 语句越重，QPS 越低
    one, four, sixteen = (rows["oltp_read_write", t, 1] for t in (1, 4, 16))
    assert one["fsyncs_per_s"] >= 0.8 * one["tps"], one     # 单线程：每次提交至少一次 fsync
    assert sixteen["fsyncs_per_s"] < sixteen["tps"], sixteen  # 16 线程：组提交，多个提交共享一次 fsync
    assert sixteen["avg_ms"] > 2 * four["avg_ms"], (four, sixteen)      # 并发翻 4 倍，延迟先涨……
    assert sixteen["tps"] < 2 * four["tps"], (four, sixteen)            # ……吞吐涨不了多少（2 个核）
    lazy = rows["oltp_read_write", 1, 2]
    assert lazy["fsyncs_per_s"] < 0.2 * lazy["tps"], lazy  # flush = 2：日志约每秒刷一次盘，不再每次提交都刷
# --8<-- [end:sweep]
