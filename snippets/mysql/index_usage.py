"""找出从没用过的索引，先隐藏再删除：MySQL 8.0 与 MariaDB 10.11 各有各的做法。

>>> hide_index_sql("mysql", "u", "kb")
'ALTER TABLE u ALTER INDEX kb INVISIBLE'
>>> hide_index_sql("mariadb", "u", "kb", hidden=False)
'ALTER TABLE u ALTER INDEX kb NOT IGNORED'
"""

from __future__ import annotations


# --8<-- [start:usage]
def used_indexes(conn, engine: str, db: str, table: str) -> set[str]:
    """自统计开始以来被读过的索引名。

    MySQL 8.0：performance_schema 默认开启，table_io_waits_summary_by_index_usage 按索引计数
    （sys.schema_unused_indexes 就是在它上面筛出 COUNT_STAR = 0 的索引）。
    MariaDB 10.11：performance_schema 默认关闭；打开 userstat 后，
    information_schema.INDEX_STATISTICS 按索引记下读过的行数。
    """
    with conn.cursor() as cur:
        if engine == "mariadb":
            cur.execute("SELECT INDEX_NAME FROM information_schema.INDEX_STATISTICS "
                        "WHERE TABLE_SCHEMA = %s AND TABLE_NAME = %s AND ROWS_READ > 0", (db, table))
        else:
            cur.execute("SELECT INDEX_NAME FROM performance_schema.table_io_waits_summary_by_index_usage "
                        "WHERE OBJECT_SCHEMA = %s AND OBJECT_NAME = %s AND INDEX_NAME IS NOT NULL "
                        "AND COUNT_STAR > 0", (db, table))
        return {name for (name,) in cur.fetchall()}


def hide_index_sql(engine: str, table: str, index: str, hidden: bool = True) -> str:
    """让优化器不再使用这个索引，但索引照常维护，随时可以恢复：
    MySQL 8.0 叫 INVISIBLE，MariaDB 10.6 起叫 IGNORED。"""
    word = ("INVISIBLE" if hidden else "VISIBLE") if engine == "mysql" else ("IGNORED" if hidden else "NOT IGNORED")
    return f"ALTER TABLE {table} ALTER INDEX {index} {word}"
# --8<-- [end:usage]
