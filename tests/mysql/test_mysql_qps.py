"""r2-17：sysbench 1.0.20 压真实的 MariaDB / MySQL，QPS 为正，且与服务器 Questions 计数器吻合。"""


import pytest

from snippets.mysql.mysql_qps import measure


# --8<-- [start:test]
def test_sysbench_read_only_qps_matches_server_counter(sql_server, sysbench, record_property):
    result, server_qps = measure(sql_server, "oltp_read_only", tables=1, table_size=1000, threads=2, seconds=3)
    record_property("sysbench", result)
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


def test_sweep_reports_server_side_counters(sql_server, sysbench):
    """页面上那张表的生成函数，用极小的规模跑一个写负载点：每个提交至少一次 fsync（flush=1、单线程）。"""
    from snippets.mysql.mysql_qps import sweep

    (row,) = sweep(sql_server, [("oltp_write_only", 1, 1)], seconds=2, tables=1, table_size=1000)
    assert row["qps"] > 0 and 0.7 < row["server_qps"] / row["qps"] < 1.3, row
    assert row["hit_ratio"] > 0.9, row          # 1 000 行的小表全在 buffer pool 里
    assert row["fsyncs_per_s"] >= 0.8 * row["tps"], row  # 单线程没有组提交可言：一事务至少一次 fsync
