"""r1-11：联合索引 (a, b, c) 在真实服务器上的执行计划与实际读取的记录数。

type=ref/range 是按索引查找；type=index 是把整棵索引从头扫到尾（覆盖扫描）；type=ALL 是全表扫描。
key_len / 4 是用于定位的列数（三列都是 NOT NULL INT）。
"""

import pymysql
import pytest

from snippets.mysql.composite_index import QUERIES, columns_used, create
from snippets.mysql.explain import access, explain, handler_reads

N = 20_000


@pytest.fixture(scope="module")
def conn(ixdb):
    server, db = ixdb
    c = server.connect(db)
    create(c, N)
    yield c
    c.close()


def star(name):
    return f"SELECT * FROM t WHERE {QUERIES[name]}"


def covering(name):
    return f"SELECT id, a, b FROM t WHERE {QUERIES[name]}"


# --8<-- [start:leftmost]
@pytest.mark.parametrize(("name", "n_cols"), [("a", 1), ("a,b", 2), ("a,b,c", 3), ("c,b,a 乱序", 3)])
def test_leftmost_prefix_is_a_lookup(conn, name, n_cols):
    """a；a,b；a,b,c（写的顺序无关）：ref 查找，key_len 说明用了 1、2、3 列。"""
    plan = explain(conn, star(name))
    assert plan["type"] == "ref" and plan["key"] == "idx_abc"
    assert columns_used(plan["key_len"]) == n_cols


def test_a_and_c_positions_on_a_only(conn):
    """a,c：只用 a 定位（key_len 4）；c 不能定位，只能在索引里过滤（索引条件下推）。"""
    plan = explain(conn, star("a,c"))
    assert plan["type"] == "ref" and columns_used(plan["key_len"]) == 1
    assert "Using index condition" in plan["extra"]


@pytest.mark.parametrize("name", ["b,c", "b", "a OR b"])
def test_without_leading_column_select_star_scans_the_table(conn, name):
    """b,c；b；a OR b：SELECT * 要回表取 d，优化器选全表扫描（type=ALL）。"""
    plan = explain(conn, star(name))
    assert access(plan) == "table scan" and plan["key"] is None


@pytest.mark.parametrize("name", ["b,c", "b", "a OR b"])
def test_without_leading_column_covering_query_scans_the_whole_index(sql_server, conn, name):
    """同样的条件，只选索引里的列：MariaDB 10.11 把 idx_abc 整棵扫一遍（type=index, Using index），
    不是查找；MySQL 8.0.13+ 可能改用跳跃扫描（range, Using index for skip scan）。"""
    plan = explain(conn, covering(name))
    assert plan["key"] == "idx_abc" and "Using index" in plan["extra"]
    if sql_server.engine == "mariadb" or name == "a OR b":
        assert access(plan) == "index scan"
        assert handler_reads(conn, covering(name)) >= N  # 读了索引里的每一条
    else:
        assert plan["type"] in ("index", "range")
# --8<-- [end:leftmost]


# --8<-- [start:range]
@pytest.fixture
def no_icp(conn):
    """关掉索引条件下推，让 Handler 计数器数到存储引擎在索引上走过的每一条。"""
    with conn.cursor() as cur:
        cur.execute("SET SESSION optimizer_switch='index_condition_pushdown=off'")
    yield conn
    with conn.cursor() as cur:
        cur.execute("SET SESSION optimizer_switch='index_condition_pushdown=on'")


def test_range_on_a_stops_b_from_narrowing(no_icp):
    """a BETWEEN 5 AND 7 AND b = 3：key_len 可能显示 8，但 b 只收紧了区间的两个端点，
    中间 a = 6 的所有条目都要走；换成 a IN (5, 6, 7) 就是三个等值区间，b 全程参与定位。"""
    between = handler_reads(no_icp, star("a 范围, b"))
    in_list = handler_reads(no_icp, star("a IN, b"))
    only_a = handler_reads(no_icp, "SELECT * FROM t WHERE a BETWEEN 5 AND 7")
    assert explain(no_icp, star("a 范围, b"))["type"] == "range"
    assert between > 10 * in_list, (between, in_list)
    assert between > only_a / 3, (between, only_a)  # 至少中间那个 a 值的全部条目
# --8<-- [end:range]


def test_a_and_c_icp_saves_row_lookups_not_index_reads(conn, no_icp):
    """a,c：关掉 ICP，a = 5 的每一条都交给服务器层回表后再判断 c；打开 ICP，c 先在索引里过滤，
    交出来的只有满足 a = 5 AND c = 9 的几条。两种情况 key_len 都只有 a 的 4 字节。"""
    without_icp = handler_reads(no_icp, star("a,c"))
    with conn.cursor() as cur:
        cur.execute("SET SESSION optimizer_switch='index_condition_pushdown=on'")
        cur.execute("SELECT COUNT(*) FROM t WHERE a = 5")
        a5 = cur.fetchone()[0]
    with_icp = handler_reads(conn, star("a,c"))
    assert without_icp >= a5 > 5 * with_icp, (without_icp, a5, with_icp)


def test_skip_scan(sql_server, conn):
    """跳跃扫描：MySQL 8.0.13 起有（optimizer_switch 的 skip_scan 标志）；MariaDB 10.11 没有这个标志。"""
    with conn.cursor() as cur:
        cur.execute("SELECT @@optimizer_switch")
        flags = cur.fetchone()[0]
        if sql_server.engine == "mariadb":
            assert "skip_scan" not in flags
            with pytest.raises(pymysql.err.MySQLError):
                cur.execute("SET SESSION optimizer_switch='skip_scan=on'")
        else:
            assert "skip_scan=on" in flags
            # 手册的形状：跳过前导列 a，在 b 上做范围；只引用索引里的列
            plan = explain(conn, "SELECT /*+ SKIP_SCAN(t idx_abc) */ a, b FROM t WHERE b > 90")
            assert "Using index for skip scan" in plan["extra"]
