"""r2-08 / r1-13：四种隔离级别下的读现象与写冲突，两个真实会话交错执行。

在 MariaDB 10.11 上必跑；装有 MySQL 8.0 的机器（CI）上同样的断言再跑一遍（sql_server 参数化）。
"""

import pytest

from snippets.mysql.isolation_anomalies import (
    dirty_read,
    lost_update,
    non_repeatable_read,
    phantom_read,
    rr_update_touches_unseen_row,
    write_skew,
    writer_waits,
)
from snippets.mysql.transactions_session import DEADLOCK, LOCK_WAIT_TIMEOUT
from tests.mysql.conftest import scratch_database

RU, RC, RR, SER = "READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE"


@pytest.fixture(scope="module")
def db(sql_server):
    with scratch_database(sql_server, "mj_isolation") as name:
        yield name


# --8<-- [start:read_phenomena]
@pytest.mark.parametrize(("level", "seen"), [(RU, 0), (RC, 100), (RR, 100), (SER, 100)])
def test_dirty_read_only_under_read_uncommitted(sql_server, db, level, seen):
    """脏读：只有 READ UNCOMMITTED 读到了别人未提交（随后回滚）的 0。"""
    assert dirty_read(sql_server, db, level) == seen


@pytest.mark.parametrize(("level", "reads"), [(RU, (100, 50)), (RC, (100, 50)), (RR, (100, 100))])
def test_non_repeatable_read_under_read_committed(sql_server, db, level, reads):
    """不可重复读：RC 每条语句一个新快照，第二次读到 A 已提交的 50；RR 整个事务复用第一次读的快照。"""
    assert non_repeatable_read(sql_server, db, level) == reads


@pytest.mark.parametrize(("level", "writer"), [(RR, 0), (SER, LOCK_WAIT_TIMEOUT)])
def test_serializable_makes_the_writer_wait(sql_server, db, level, writer):
    """SERIALIZABLE（且在显式事务中）把普通 SELECT 变成 LOCK IN SHARE MODE：A 的 UPDATE 等 B 的 S 锁直到超时；
    RR 下 B 的读不加锁，A 立即改成功。两种级别下 B 两次都读到 100，区别只在写的一方等不等。"""
    assert writer_waits(sql_server, db, level) == ((100, 100), writer)


@pytest.mark.parametrize(("level", "counts"), [(RC, (2, 3)), (RR, (2, 2)), (SER, (2, 2))])
def test_phantom_with_plain_reads(sql_server, db, level, counts):
    """幻读：RC 下第二次 COUNT 多出 A 新插入的一行；RR 的一致性读看不到它。"""
    assert phantom_read(sql_server, db, level) == counts


@pytest.mark.parametrize(("level", "counts"), [(RC, (2, 3)), (RR, (2, 2))])
def test_phantom_with_locking_reads(sql_server, db, level, counts):
    """加锁读（当前读）：RR 用临键锁挡住插入（A 得到 1205）；RC 不加间隙锁，插入成功，出现幻行。"""
    assert phantom_read(sql_server, db, level, locking=True) == counts
# --8<-- [end:read_phenomena]


def test_repeatable_read_snapshot_does_not_cover_writes(sql_server, db):
    """RR 不是「完全没有幻读」：快照里 2 行，B 的 UPDATE 却改了 3 行（含 A 刚提交的那行），之后 B 也看得见它。"""
    assert rr_update_touches_unseen_row(sql_server, db) == (2, 3, 3)


# --8<-- [start:write_conflicts]
def test_lost_update_under_repeatable_read(sql_server, db):
    """应用层「读-改-写」：两次各取 10 元，余额只少了 10，两个事务都成功提交。RR 不防丢失更新。"""
    assert lost_update(sql_server, db, RR) == (90, [0, 0])


def test_for_update_prevents_lost_update(sql_server, db):
    """读的时候就加 X 锁：第二个事务等第一个提交后读到 90，结果 80。"""
    final, results = lost_update(sql_server, db, RR, "SELECT balance FROM acct WHERE id = 1 FOR UPDATE")
    assert (final, results) == (80, [0, 0])


def test_serializable_turns_lost_update_into_deadlock(sql_server, db):
    """SERIALIZABLE：两边的读都拿了 S 锁，再写就互等，InnoDB 回滚其中一个（1213）；应用重试即可。"""
    final, results = lost_update(sql_server, db, SER)
    assert final == 90 and sorted(results) == [0, DEADLOCK]


def test_write_skew_under_repeatable_read(sql_server, db):
    """写偏斜：两人都看到「2 人值班」，各自只改自己那一行，结果无人值班，两个事务都成功。"""
    assert write_skew(sql_server, db, RR) == (0, [0, 0])


@pytest.mark.parametrize("level", [RR, SER])
def test_write_skew_fixes(sql_server, db, level):
    """修法：RR 下检查时 FOR UPDATE（锁住被检查的行），或 SERIALIZABLE（S 锁 → 死锁 → 一方回滚）。"""
    read = "SELECT COUNT(*) FROM doctors WHERE on_call" + (" FOR UPDATE" if level == RR else "")
    left, results = write_skew(sql_server, db, level, read)
    assert left == 1
    assert sorted(results) == ([0, 0] if level == RR else [0, DEADLOCK])
# --8<-- [end:write_conflicts]


def test_mariadb_snapshot_isolation_flags_lost_update_but_not_write_skew(mariadb_server):
    """MariaDB 的 innodb_snapshot_isolation=ON（10.6.18 / 10.11.8 起的 MariaDB 变量，MySQL 没有）：
    写一行时若它在快照之后被别人改过，报 1020 并回滚——丢失更新没了；但两个事务改的是不同的行，
    写偏斜照样发生（快照隔离的已知缺口）。"""
    from snippets.mysql.isolation_anomalies import DOCTORS, go_off_duty, race

    with scratch_database(mariadb_server, "mj_isolation_m") as db:
        final, results = lost_update(mariadb_server, db, RR, snapshot_isolation=True)
        assert final == 90 and sorted(results) == [0, 1020]
        skew = race(mariadb_server, db, RR, go_off_duty("SELECT COUNT(*) FROM doctors WHERE on_call"), DOCTORS, True)
        assert skew == [0, 0]


def test_isolation_variable_names(sql_server):
    """MariaDB 10.11 只有 tx_isolation；MySQL 8.0 只有 transaction_isolation（tx_isolation 已在 8.0.3 删除）。"""
    conn = sql_server.connect()
    with conn.cursor() as cur:
        cur.execute("SHOW SESSION VARIABLES WHERE Variable_name IN ('tx_isolation', 'transaction_isolation')")
        names = {row[0] for row in cur.fetchall()}
    conn.close()
    assert names == ({"tx_isolation"} if sql_server.engine == "mariadb" else {"transaction_isolation"})
