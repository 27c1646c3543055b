"""四种隔离级别下的读现象，在真实 MariaDB / MySQL 上用两个会话复现（r2-08、r1-13）。

每个函数都建一张新表，开两个会话 A、B，按固定的交错顺序执行，返回 B（或 A）看到的结果。
表 ``acct(id, balance)`` 开始时只有 (1, 100) 和 (2, 100)。

>>> DOCTORS[-1]
'INSERT INTO doctors VALUES (1, TRUE), (2, TRUE)'
>>> meet(threading.Barrier(1))  # 只有一方时立即通过
"""

from __future__ import annotations

import contextlib
import threading
from concurrent.futures import ThreadPoolExecutor

import pymysql

from .transactions_session import Session


def _setup(server, db: str, table: str = "acct") -> None:
    s = Session(server, db)
    s.run(f"DROP TABLE IF EXISTS {table}")
    s.run(f"CREATE TABLE {table} (id INT PRIMARY KEY, balance INT NOT NULL) ENGINE=InnoDB")
    s.run(f"INSERT INTO {table} VALUES (1, 100), (2, 100)")
    s.close()


# --8<-- [start:dirty_read]
def dirty_read(server, db: str, level: str) -> int:
    """A 改了余额但没提交，B 此时读到多少？返回 B 读到的值（100 = 没脏读，0 = 脏读）。"""
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    a.run("BEGIN")
    a.run("UPDATE acct SET balance = 0 WHERE id = 1")        # 未提交
    seen = b.value("SELECT balance FROM acct WHERE id = 1")  # 普通 SELECT，不加锁
    a.run("ROLLBACK")                                        # 0 这个值从来没有「存在」过
    a.close()
    b.close()
    return seen
# --8<-- [end:dirty_read]


# --8<-- [start:non_repeatable]
def non_repeatable_read(server, db: str, level: str) -> tuple[int, int]:
    """B 在一个事务里读同一行两次，中间 A 改了它并提交。返回 B 的两次读数。"""
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    b.run("BEGIN")
    first = b.value("SELECT balance FROM acct WHERE id = 1")
    a.attempt("UPDATE acct SET balance = 50 WHERE id = 1")  # autocommit：立即提交（SERIALIZABLE 下等锁超时）
    second = b.value("SELECT balance FROM acct WHERE id = 1")
    b.run("COMMIT")
    a.close()
    b.close()
    return first, second
# --8<-- [end:non_repeatable]


# --8<-- [start:writer_waits]
def writer_waits(server, db: str, level: str) -> tuple[tuple[int, int], int]:
    """B 在事务里读两次；其间 A（autocommit）想改这一行。返回 (B 的两次读数, A 的结果)。

    A 的结果：0 = 立即改成功；1205 = 等 B 的锁等到超时（innodb_lock_wait_timeout = 1 秒）。
    SERIALIZABLE 把 B 在事务里的普通 SELECT 变成 LOCK IN SHARE MODE，A 的 X 锁请求就得等。
    """
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    b.run("BEGIN")
    first = b.value("SELECT balance FROM acct WHERE id = 1")
    result = a.attempt("UPDATE acct SET balance = 50 WHERE id = 1")
    second = b.value("SELECT balance FROM acct WHERE id = 1")
    b.run("COMMIT")
    a.close()
    b.close()
    return (first, second), result
# --8<-- [end:writer_waits]


# --8<-- [start:phantom]
def phantom_read(server, db: str, level: str, locking: bool = False) -> tuple[int, int]:
    """B 两次数「余额 ≥ 100 的账户」，中间 A 插入一个满足条件的新账户并提交。

    locking=True 时 B 用 ``LOCK IN SHARE MODE`` 的加锁读：InnoDB 在 RR 下用临键锁挡住 A 的插入，
    A 等锁超时（1205），插入没有发生。返回 (B 第一次的行数, B 第二次的行数)。
    """
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    suffix = " LOCK IN SHARE MODE" if locking else ""
    count = f"SELECT COUNT(*) FROM acct WHERE balance >= 100{suffix}"
    b.run("BEGIN")
    first = b.value(count)
    a.attempt("INSERT INTO acct VALUES (3, 500)")  # 被锁挡住时返回 1205，不抛异常
    second = b.value(count)
    b.run("COMMIT")
    a.close()
    b.close()
    return first, second
# --8<-- [end:phantom]


# --8<-- [start:rr_write_sees_new_rows]
def rr_update_touches_unseen_row(server, db: str) -> tuple[int, int, int]:
    """RR 的快照只管普通 SELECT：B 的 UPDATE 读的是最新提交版本，会改到快照里「看不见」的行。

    返回 (B 快照里的行数, B 的 UPDATE 影响的行数, UPDATE 之后 B 再数的行数)。
    """
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, "REPEATABLE READ")
    b.run("BEGIN")
    before = b.value("SELECT COUNT(*) FROM acct")            # 建立快照：2 行
    a.run("INSERT INTO acct VALUES (3, 100)")                # A 插入并提交
    with b.conn.cursor() as cur:
        changed = cur.execute("UPDATE acct SET balance = balance + 1")  # 当前读：改到 3 行
    after = b.value("SELECT COUNT(*) FROM acct")             # 自己改过的行对自己可见：3 行
    b.run("ROLLBACK")
    a.close()
    b.close()
    return before, changed, after
# --8<-- [end:rr_write_sees_new_rows]


# --8<-- [start:race]
def race(server, db: str, level: str, body, setup_sql: list[str], snapshot_isolation: bool = False) -> list[int]:
    """两个会话同时跑 body(session, me, barrier)：都先读，在 barrier 处会合，再各自写并提交。

    读被锁挡住的一方等不到会合（barrier 超时后各自继续），这正是加锁读把两个事务排成先后的效果。
    返回两个事务的结果：0 = 提交成功，否则是 MySQL 错误码（1213 死锁、1020 快照冲突……）。
    """
    s = Session(server, db)
    for sql in setup_sql:
        s.run(sql)
    s.close()
    barrier = threading.Barrier(2)

    def txn(me: int) -> int:
        sess = Session(server, db, level, lock_wait_timeout=10)
        if snapshot_isolation:  # 仅 MariaDB（10.6.18+ / 10.11.8+）有这个变量
            sess.run("SET SESSION innodb_snapshot_isolation = ON")
        try:
            sess.run("BEGIN")
            body(sess, me, barrier)
            sess.run("COMMIT")
            return 0
        except pymysql.err.MySQLError as exc:
            sess.run("ROLLBACK")
            return exc.args[0]
        finally:
            sess.close()

    with ThreadPoolExecutor(2) as pool:
        return [f.result() for f in [pool.submit(txn, 1), pool.submit(txn, 2)]]


def meet(barrier: threading.Barrier) -> None:
    with contextlib.suppress(threading.BrokenBarrierError):
        barrier.wait(timeout=1.5)
# --8<-- [end:race]


# --8<-- [start:lost_update]
ACCT = ["DROP TABLE IF EXISTS acct",
        "CREATE TABLE acct (id INT PRIMARY KEY, balance INT NOT NULL) ENGINE=InnoDB",
        "INSERT INTO acct VALUES (1, 100)"]


def withdraw_10(read_sql: str):
    """读余额 → 会合 → 写回 余额 - 10（应用层的「读-改-写」）。"""
    def body(s: Session, me: int, barrier) -> None:
        balance = s.value(read_sql)
        meet(barrier)
        s.run("UPDATE acct SET balance = %s WHERE id = 1", (balance - 10,))
    return body


def lost_update(server, db: str, level: str, read_sql: str = "SELECT balance FROM acct WHERE id = 1",
                snapshot_isolation: bool = False) -> tuple[int, list[int]]:
    """两个事务各取 10 元。返回 (最后余额, 两个事务的结果)：80 正确，90 且都成功 = 丢失更新。"""
    results = race(server, db, level, withdraw_10(read_sql), ACCT, snapshot_isolation)
    s = Session(server, db)
    final = s.value("SELECT balance FROM acct WHERE id = 1")
    s.close()
    return final, results
# --8<-- [end:lost_update]


# --8<-- [start:write_skew]
DOCTORS = ["DROP TABLE IF EXISTS doctors",
           "CREATE TABLE doctors (id INT PRIMARY KEY, on_call BOOL NOT NULL) ENGINE=InnoDB",
           "INSERT INTO doctors VALUES (1, TRUE), (2, TRUE)"]


def go_off_duty(read_sql: str):
    """规则：至少留一人值班。各自检查「值班人数 ≥ 2」后只改自己那一行。"""
    def body(s: Session, me: int, barrier) -> None:
        on_call = s.value(read_sql)
        meet(barrier)
        if on_call >= 2:
            s.run("UPDATE doctors SET on_call = FALSE WHERE id = %s", (me,))
    return body


def write_skew(server, db: str, level: str,
               read_sql: str = "SELECT COUNT(*) FROM doctors WHERE on_call") -> tuple[int, list[int]]:
    """返回 (最后还在值班的人数, 两个事务的结果)：0 人值班且都成功 = 写偏斜。"""
    results = race(server, db, level, go_off_duty(read_sql), DOCTORS)
    s = Session(server, db)
    left = s.value("SELECT COUNT(*) FROM doctors WHERE on_call")
    s.close()
    return left, results
# --8<-- [end:write_skew]
