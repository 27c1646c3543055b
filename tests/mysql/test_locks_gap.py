"""r1-12：S/X 记录锁、一致性非加锁读、间隙锁 / 临键锁与它们造成的死锁，两个真实会话。"""

import pytest

from snippets.mysql.locks_gap import (
    gap_lock_deadlock,
    range_lock_blocks_inserts,
    s_lock_compatibility,
    waiting_locks,
    x_lock_vs_reads,
)
from snippets.mysql.transactions_session import DEADLOCK, LOCK_WAIT_TIMEOUT
from tests.mysql.conftest import scratch_database


@pytest.fixture(scope="module")
def db(sql_server):
    with scratch_database(sql_server, "mj_locks") as name:
        yield name


# --8<-- [start:x_lock]
def test_x_lock_does_not_block_plain_select(sql_server, db):
    """「写锁：其他事务不可以读」不对：普通 SELECT 读 undo 里的旧版本（10），不等锁；只有加锁读要等。"""
    r = x_lock_vs_reads(sql_server, db)
    assert r["plain SELECT"] == 10 and r["plain SELECT 耗时 < 500 ms"]
    assert r["LOCK IN SHARE MODE"] == r["FOR UPDATE"] == LOCK_WAIT_TIMEOUT
    assert r["UPDATE 别的行"] == 0  # 行级锁：别的行不受影响


def test_serializable_plain_select_does_wait(sql_server, db):
    """例外：SERIALIZABLE 且不在 autocommit 下，普通 SELECT 被改成 LOCK IN SHARE MODE，于是也要等 X 锁。"""
    assert x_lock_vs_reads(sql_server, db, "SERIALIZABLE")["plain SELECT"] == LOCK_WAIT_TIMEOUT


def test_s_locks_are_shared_x_is_exclusive(sql_server, db):
    assert s_lock_compatibility(sql_server, db) == {"B 加 S 锁": 0, "B 加 X 锁": LOCK_WAIT_TIMEOUT}
# --8<-- [end:x_lock]


# --8<-- [start:gap]
def test_next_key_locks_block_inserts_under_repeatable_read(sql_server, db):
    """RR：k BETWEEN 15 AND 25 FOR UPDATE 锁住 (10, 20] 和 (20, 30]，插入 17、25 都要等；5 和 35 不受影响。"""
    r = range_lock_blocks_inserts(sql_server, db, "REPEATABLE READ")
    assert r[17] == LOCK_WAIT_TIMEOUT and r[5] == 0 and r[35] == 0
    if sql_server.engine == "mariadb":
        assert r[25] == LOCK_WAIT_TIMEOUT  # 扫描停在 k = 30，它的临键锁覆盖 (20, 30]


def test_read_committed_takes_no_gap_locks(sql_server, db):
    """RC：只锁命中的记录，不锁间隙，所有插入都成功（代价是加锁读也会遇到幻行）。"""
    assert set(range_lock_blocks_inserts(sql_server, db, "READ COMMITTED").values()) == {0}
# --8<-- [end:gap]


def test_lock_wait_is_visible_in_lock_tables(sql_server, db):
    """等锁时从第三个连接能看到两把锁都在 idx_k 的 k = 20 这条记录上：A 持有的 X 锁与 B 请求的插入意向（间隙）锁。"""
    rows = waiting_locks(sql_server, db)
    assert len(rows) >= 2, rows
    assert all(r[2] == "idx_k" and r[1] == "RECORD" for r in rows), rows
    modes = {r[0] for r in rows}
    if sql_server.engine == "mariadb":
        assert modes == {"X", "X,GAP"}, rows
        assert all(r[3].startswith("20,") for r in rows), rows
    else:
        assert "X" in modes and any("GAP" in m for m in modes), rows


def test_gap_locks_are_compatible_and_cause_deadlock(sql_server, db):
    """两个事务都拿到同一个间隙的锁（间隙锁互不冲突），再都插入：死锁，InnoDB 选一个回滚。"""
    assert sorted(gap_lock_deadlock(sql_server, db)) == [0, DEADLOCK]
