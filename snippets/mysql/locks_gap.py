"""InnoDB 的行锁、间隙锁、临键锁，在真实 MariaDB / MySQL 上用两个会话观察（r1-12）。

表 ``t(id 主键, k 普通二级索引)`` 开始时有 k = 10、20、30 三行。会话 B 把
``innodb_lock_wait_timeout`` 设为 1 秒：被锁挡住时 1 秒后得到错误 1205，而不是卡住 50 秒。

>>> sorted(INSERT_PROBES)
[5, 17, 25, 35]
"""

from __future__ import annotations

import threading
import time

from .isolation_anomalies import meet, race
from .transactions_session import Session

T = ["DROP TABLE IF EXISTS t",
     "CREATE TABLE t (id INT PRIMARY KEY, k INT NOT NULL, KEY idx_k (k)) ENGINE=InnoDB",
     "INSERT INTO t VALUES (1, 10), (2, 20), (3, 30)"]
INSERT_PROBES = (5, 17, 25, 35)


def setup(server, db: str) -> None:
    s = Session(server, db)
    for sql in T:
        s.run(sql)
    s.close()


# --8<-- [start:x_lock_vs_reads]
def x_lock_vs_reads(server, db: str, level: str = "REPEATABLE READ") -> dict[str, object]:
    """A 改了 id = 1 还没提交（持有这条记录的 X 锁）。B 用各种方式读它，结果如何？"""
    setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    a.run("BEGIN")
    a.run("UPDATE t SET k = 11 WHERE id = 1")
    b.run("BEGIN")
    t0 = time.monotonic()
    code = b.attempt("SELECT k FROM t WHERE id = 1")  # RC/RR：一致性非加锁读，读旧版本，不等锁
    result = {
        "plain SELECT": b.rows[0][0] if code == 0 else code,
        "plain SELECT 耗时 < 500 ms": time.monotonic() - t0 < 0.5,
        "LOCK IN SHARE MODE": b.attempt("SELECT k FROM t WHERE id = 1 LOCK IN SHARE MODE"),
        "FOR UPDATE": b.attempt("SELECT k FROM t WHERE id = 1 FOR UPDATE"),
        "UPDATE 别的行": b.attempt("UPDATE t SET k = 21 WHERE id = 2"),
    }
    b.run("ROLLBACK")
    a.run("ROLLBACK")
    a.close()
    b.close()
    return result
# --8<-- [end:x_lock_vs_reads]


# --8<-- [start:s_lock]
def s_lock_compatibility(server, db: str) -> dict[str, int]:
    """A 对 id = 1 加 S 锁。B 再加 S 锁可以，加 X 锁（UPDATE）要等。"""
    setup(server, db)
    a, b = Session(server, db), Session(server, db)
    a.run("BEGIN")
    a.run("SELECT k FROM t WHERE id = 1 LOCK IN SHARE MODE")
    b.run("BEGIN")
    result = {
        "B 加 S 锁": b.attempt("SELECT k FROM t WHERE id = 1 LOCK IN SHARE MODE"),
        "B 加 X 锁": b.attempt("UPDATE t SET k = 12 WHERE id = 1"),
    }
    b.run("ROLLBACK")
    a.run("ROLLBACK")
    a.close()
    b.close()
    return result
# --8<-- [end:s_lock]


# --8<-- [start:gap]
def range_lock_blocks_inserts(server, db: str, level: str) -> dict[int, int]:
    """A 在 k BETWEEN 15 AND 25 上做加锁读；B 往不同位置插入。返回 {插入的 k: 结果}。

    0 = 插进去了；1205 = 等锁超时（被间隙锁 / 临键锁挡住）。
    """
    setup(server, db)
    a, b = Session(server, db, level), Session(server, db, level)
    a.run("BEGIN")
    a.run("SELECT * FROM t WHERE k BETWEEN 15 AND 25 FOR UPDATE")
    result = {}
    for i, k in enumerate(INSERT_PROBES):
        result[k] = b.attempt("INSERT INTO t VALUES (%s, %s)", (100 + i, k))
    a.run("ROLLBACK")
    a.close()
    b.close()
    return result
# --8<-- [end:gap]


# --8<-- [start:lock_view]
def waiting_locks(server, db: str) -> list[tuple]:
    """B 的插入被 A 的临键锁挡住时，从第三个连接看锁表。

    MariaDB 10.11：information_schema.INNODB_LOCKS（只列出有人在等的锁）；
    MySQL 8.0：performance_schema.data_locks（列出所有锁，INNODB_LOCKS 已在 8.0 删除；这里只取 idx_k 上的）。
    返回 [(锁模式, 锁类型, 索引名, 被锁的索引记录), ...]。
    """
    setup(server, db)
    a, b = Session(server, db), Session(server, db, lock_wait_timeout=5)
    a.run("BEGIN")
    a.run("SELECT * FROM t WHERE k BETWEEN 15 AND 25 FOR UPDATE")
    waiter = threading.Thread(target=b.attempt, args=("INSERT INTO t VALUES (100, 17)",))
    waiter.start()
    watcher = Session(server, db)
    if server.engine == "mysql":
        sql = ("SELECT lock_mode, lock_type, index_name, lock_data FROM performance_schema.data_locks "
               "WHERE object_name = 't' AND index_name = 'idx_k' ORDER BY lock_status, lock_mode")
    else:
        sql = ("SELECT lock_mode, lock_type, lock_index, lock_data FROM information_schema.INNODB_LOCKS "
               "WHERE lock_table LIKE '%`t`' ORDER BY lock_mode")
    rows: list[tuple] = []
    deadline = time.monotonic() + 4
    while time.monotonic() < deadline and not any("GAP" in r[0] for r in rows):  # 等 B 真正进入锁等待
        rows = watcher.run(sql)
        time.sleep(0.05)
    a.run("ROLLBACK")  # 释放锁，B 的插入随即成功
    waiter.join()
    b.run("ROLLBACK")
    watcher.close()
    a.close()
    b.close()
    return rows
# --8<-- [end:lock_view]


# --8<-- [start:deadlock]
def gap_lock_deadlock(server, db: str) -> list[int]:
    """经典的间隙锁死锁：两个事务都先 FOR UPDATE 一个不存在的 k = 17（间隙锁彼此兼容，都拿到），
    再都去插入 k = 17（插入意向锁与对方的间隙锁冲突）→ 互相等待 → InnoDB 回滚其中一个（1213）。"""
    def body(s: Session, me: int, barrier) -> None:
        s.run("SELECT * FROM t WHERE k = 17 FOR UPDATE")  # 没有这一行：锁住的是 (10, 20) 这个间隙
        meet(barrier)
        s.run("INSERT INTO t VALUES (%s, 17)", (100 + me,))
    return race(server, db, "REPEATABLE READ", body, T)
# --8<-- [end:deadlock]
