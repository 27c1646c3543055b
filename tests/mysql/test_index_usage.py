"""r1-10：与其给 60% 的列都建索引，不如先量出哪些索引真的被用到，没用的先隐藏、观察、再删除。"""

import pytest

from snippets.mysql.explain import explain
from snippets.mysql.index_usage import hide_index_sql, used_indexes


@pytest.fixture(scope="module")
def conn(ixdb):
    server, db = ixdb
    c = server.connect(db)
    with c.cursor() as cur:
        cur.execute("CREATE TABLE u (id INT PRIMARY KEY, a INT NOT NULL, b INT NOT NULL, c INT NOT NULL, "
                    "KEY ka (a), KEY kb (b), KEY kc (c))")
        cur.executemany("INSERT INTO u VALUES (%s, %s, %s, %s)",
                        [(i, i % 100, i % 7, i % 300) for i in range(3000)])
        cur.execute("ANALYZE TABLE u")
        cur.fetchall()
    yield c
    c.close()


@pytest.fixture
def userstat(sql_server, conn):
    """MariaDB：临时打开 userstat（全局变量，用完恢复），并清空索引统计。"""
    if sql_server.engine != "mariadb":
        yield
        return
    with conn.cursor() as cur:
        cur.execute("SELECT @@GLOBAL.userstat")
        before = cur.fetchone()[0]
        cur.execute("SET GLOBAL userstat = 1")
        cur.execute("FLUSH INDEX_STATISTICS")
    yield
    with conn.cursor() as cur:
        cur.execute(f"SET GLOBAL userstat = {int(before)}")


# --8<-- [start:tests]
def test_find_indexes_the_workload_never_uses(sql_server, ixdb, conn, userstat):
    """负载只按 a 和 c 查：统计里只有 ka、kc 被读过，kb 是候选的无用索引。"""
    with conn.cursor() as cur:
        for v in range(20):
            cur.execute("SELECT * FROM u WHERE a = %s", (v,))
            cur.execute("SELECT * FROM u WHERE c = %s", (v,))
    used = used_indexes(conn, sql_server.engine, ixdb[1], "u")
    assert {"ka", "kc"} <= used and "kb" not in used, used


def test_hide_an_index_before_dropping_it(sql_server, conn):
    """隐藏之后优化器不再选它（索引照样随写入维护）；出问题一条 ALTER 就能恢复，不用重建。"""
    query = "SELECT * FROM u WHERE a = 5"
    assert explain(conn, query)["key"] == "ka"
    with conn.cursor() as cur:
        cur.execute(hide_index_sql(sql_server.engine, "u", "ka"))
        assert explain(conn, query)["key"] is None
        cur.execute(hide_index_sql(sql_server.engine, "u", "ka", hidden=False))
    assert explain(conn, query)["key"] == "ka"
# --8<-- [end:tests]
