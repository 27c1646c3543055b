"""读 EXPLAIN 和 Handler 计数器的两个小工具，索引相关的几页共用。

EXPLAIN 的一行变成字典，只留判断「怎么用的索引」要看的几列：

>>> row = plan_row(("id", "select_type", "table", "type", "possible_keys", "key", "key_len",
...                 "ref", "rows", "Extra"),
...                (1, "SIMPLE", "t", "ref", "idx_abc", "idx_abc", "8", "const,const", 2, None))
>>> row["type"], row["key"], row["key_len"], row["extra"]
('ref', 'idx_abc', 8, '')
>>> access(row)
'lookup'
>>> access({"type": "index", "key": "idx_abc", "key_len": 12, "extra": "Using where; Using index"})
'index scan'
>>> access({"type": "ALL", "key": None, "key_len": None, "extra": "Using where"})
'table scan'
"""

from __future__ import annotations


# --8<-- [start:explain]
def plan_row(columns, values) -> dict:
    """EXPLAIN 的一行 → {type, key, key_len(int), ref, rows, extra}（MySQL 8.0 与 MariaDB 列名相同）。"""
    r = dict(zip(columns, values, strict=True))
    key_len = r.get("key_len")
    return {"type": r["type"], "key": r["key"], "key_len": int(key_len) if key_len else None,
            "ref": r.get("ref"), "rows": r.get("rows"), "extra": r.get("Extra") or ""}


def explain(conn, sql: str, params=None) -> dict:
    """单表查询的执行计划（只取第一行）。"""
    with conn.cursor() as cur:
        cur.execute("EXPLAIN " + sql, params)
        return plan_row([d[0] for d in cur.description], cur.fetchone())


def access(plan: dict) -> str:
    """把 type 归成三类：按索引查找（const/eq_ref/ref/range）、整棵索引扫描、全表扫描。"""
    if plan["type"] in ("const", "eq_ref", "ref", "ref_or_null", "range"):
        return "lookup"
    if plan["type"] == "index":
        return "index scan"
    if plan["type"] == "ALL":
        return "table scan"
    return plan["type"]
# --8<-- [end:explain]


# --8<-- [start:handler]
def handler_reads(conn, sql: str, params=None) -> int:
    """执行 sql，返回存储引擎为它读了多少条记录（本会话 Handler_read_* 计数之和）。

    Handler_read_key 是一次索引定位，Handler_read_next/prev 是沿索引走一步，
    Handler_read_rnd_next 是全表扫描读下一行。两种服务器都有这组计数器。
    """
    def counters():
        cur.execute("SHOW SESSION STATUS LIKE 'Handler_read%'")
        return {k: int(v) for k, v in cur.fetchall()}

    with conn.cursor() as cur:
        cur.execute("FLUSH STATUS")  # 清零本会话的计数器
        before = counters()
        cur.execute(sql, params)
        cur.fetchall()
        after = counters()
    keys = ("Handler_read_first", "Handler_read_key", "Handler_read_last", "Handler_read_next",
            "Handler_read_prev", "Handler_read_rnd", "Handler_read_rnd_next")
    return sum(after.get(k, 0) - before.get(k, 0) for k in keys)
# --8<-- [end:handler]
