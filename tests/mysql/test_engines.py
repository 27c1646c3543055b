"""r2-01～r2-04：InnoDB 与 MyISAM（MariaDB 还有 Aria）在真实服务器上的差别：事务、锁粒度、COUNT(*)、系统表。"""

import pytest

from snippets.mysql.engines import blocked_seconds, count_ms, create, fsyncs_per_autocommit_insert, rollback_keeps_row

N = 100_000


@pytest.fixture(scope="module")
def conn(ixdb):
    server, db = ixdb
    c = server.connect(db)
    yield c
    c.close()


def test_engines_available_and_default(sql_server, conn):
    with conn.cursor() as cur:
        cur.execute("SHOW ENGINES")
        support = {row[0]: row[1] for row in cur.fetchall()}
    assert support["InnoDB"] == "DEFAULT"
    assert support["MyISAM"] == "YES" and support["MEMORY"] == "YES" and support["CSV"] == "YES"
    assert ("Aria" in support) == (sql_server.engine == "mariadb")


def test_system_tables(sql_server, conn):
    """mysql 库里的系统表：MySQL 8.0 全部迁到 InnoDB（日志表是 CSV），MariaDB 10.11 多数是 Aria。"""
    with conn.cursor() as cur:
        cur.execute("SELECT ENGINE, COUNT(*) FROM information_schema.TABLES "
                    "WHERE TABLE_SCHEMA = 'mysql' AND TABLE_TYPE = 'BASE TABLE' GROUP BY ENGINE")
        engines = dict(cur.fetchall())
    assert "MyISAM" not in engines
    if sql_server.engine == "mariadb":
        assert engines["Aria"] > engines.get("InnoDB", 0)
    else:
        assert engines["InnoDB"] > 0


# --8<-- [start:tests]
@pytest.mark.parametrize(("engine", "kept"), [("InnoDB", False), ("MyISAM", True)])
def test_rollback(conn, engine, kept):
    """MyISAM 不支持事务：ROLLBACK 撤不回已经写进去的行，服务器发出警告 1196。"""
    create(conn, engine, 10)
    row_kept, warnings = rollback_keeps_row(conn)
    assert row_kept == kept
    assert (("Warning", 1196) in warnings) == kept


@pytest.mark.parametrize(("engine", "update_waits"), [("InnoDB", False), ("MyISAM", True)])
def test_table_lock_blocks_update_during_a_read(ixdb, conn, engine, update_waits):
    """一个 1 秒的读正在扫表：MyISAM 上别的会话改另一行也要等它结束（表锁）；InnoDB 不用等（行锁 + MVCC）。"""
    server, db = ixdb
    create(conn, engine, 100)
    waited = blocked_seconds(lambda: server.connect(db), "UPDATE e SET v = v + 1 WHERE id = 2")
    assert (waited > 0.5) == update_waits, waited


def test_myisam_concurrent_insert_only_without_holes(ixdb, conn):
    """MyISAM 的例外：表中间没有空洞时，INSERT 可以追加在文件末尾，与读并发（concurrent_insert=AUTO）；
    删掉一行留下空洞后，INSERT 也得等读结束。"""
    server, db = ixdb
    create(conn, "MyISAM", 100)
    connect = lambda: server.connect(db)  # noqa: E731
    assert blocked_seconds(connect, "INSERT INTO e (v, pad) VALUES (1, 'y')") < 0.3
    with conn.cursor() as cur:
        cur.execute("DELETE FROM e WHERE id = 50")
    assert blocked_seconds(connect, "INSERT INTO e (v, pad) VALUES (1, 'z')") > 0.5


def test_count_star_without_where(sql_server, conn, receipt):
    """MyISAM 在表头里存着精确行数，COUNT(*) 不带 WHERE 直接返回；InnoDB 要真的数一遍
    （MVCC 下每个事务看到的行数可能不同）。"""
    create(conn, "MyISAM", N)
    myisam = count_ms(conn)
    with conn.cursor() as cur:
        cur.execute("EXPLAIN SELECT COUNT(*) FROM e")
        extra = cur.fetchone()[-1]
    create(conn, "InnoDB", N)
    innodb = count_ms(conn, repeat=5)
    receipt(f"mysql.{sql_server.engine}.count_star.myisam_ms", myisam, "ms", versions=[sql_server])
    receipt(f"mysql.{sql_server.engine}.count_star.innodb_ms", innodb, "ms", versions=[sql_server])
    assert extra == "Select tables optimized away"
    assert innodb > 5 * myisam, (myisam, innodb)


def test_innodb_fsyncs_on_every_commit_myisam_never(conn):
    """「MyISAM 插入快」的主要来源：InnoDB 默认每次提交都 fsync redo 日志（持久性），MyISAM 不 fsync。"""
    create(conn, "InnoDB", 0)
    assert fsyncs_per_autocommit_insert(conn) >= 0.9
    create(conn, "MyISAM", 0)
    assert fsyncs_per_autocommit_insert(conn) < 0.1
# --8<-- [end:tests]
