"""r1-08、r1-09：每多一个二级索引，每插入一行就多一次 B+ 树插入。小规模实测（notebook 里是大规模）。"""

from snippets.mysql.index_cost import measure

N = 10_000


# --8<-- [start:test]
def test_more_indexes_slower_inserts_more_pages(ixdb, receipt):
    server, db = ixdb
    # 交替各跑两次，取服务器 CPU 花费较少的一次，减少共享机器上的抖动
    runs = [measure(server, db, k, N) for _ in range(2) for k in (0, 10)]
    none = min((r for r in runs if r.indexes == 0), key=lambda r: r.cpu_us_per_row)
    ten = min((r for r in runs if r.indexes == 10), key=lambda r: r.cpu_us_per_row)
    for name, r in (("i0", none), ("i10", ten)):
        receipt(f"mysql.index_cost.{name}.cpu_us_per_row", r.cpu_us_per_row, "µs", versions=[server])
        receipt(f"mysql.index_cost.{name}.clustered_pages", r.pages["PRIMARY"], "页", versions=[server])
        receipt(f"mysql.index_cost.{name}.secondary_pages", sum(v for k, v in r.pages.items() if k != "PRIMARY"),
                "页", versions=[server])
    receipt("mysql.index_cost.cpu_ratio_10_over_0", ten.cpu_us_per_row / none.cpu_us_per_row, "倍", versions=[server])
    # 每个二级索引的叶子层都有 N 条 (c_i, id)：一行数据变成 1 + 10 条索引记录
    assert all(ten.leaf_records[f"k{i}"] == N for i in range(10))
    assert set(none.pages) == {"PRIMARY"}
    # 空间：10 个 INT 索引加起来比整张表（聚簇索引）还大
    assert sum(ten.pages.values()) > 2 * none.pages["PRIMARY"]
    # 时间：服务器每插入一行花的 CPU 明显更多（留宽余量，只断言「明显」）
    assert ten.cpu_us_per_row > 1.5 * none.cpu_us_per_row, (none.cpu_us_per_row, ten.cpu_us_per_row)
# --8<-- [end:test]
