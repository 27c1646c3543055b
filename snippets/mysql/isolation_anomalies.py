"""四种隔离级别下的读现象，在真实 MariaDB / MySQL 上用两个会话复现（r2-08、r1-13）。

每个函数都建一张新表，开两个会话 A、B，按固定的交错顺序执行，返回 B（或 A）看到的结果。
表 ``acct(id, balance)`` 开始时只有 (1, 100) 和 (2, 100)。

>>> Schedule(["A: BEGIN", "B: SELECT"]).steps
['A: BEGIN', 'B: SELECT']
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .transactions_session import Session


@dataclass
class Schedule:
    """记录一次交错执行的步骤，页面和测试失败信息里都能看到实际顺序。"""

    steps: list[str] = field(default_factory=list)

    def log(self, who: str, sql: str) -> None:
        self.steps.append(f"{who}: {sql}")


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
    a.close(), b.close()
    return seen
# --8<-- [end:dirty_read]


# --8<-- [start:non_repeatable]
def non_repeatable_read(server, db: str, level: str) -> tuple[int, int]:
    """B 在一个事务里读同一行两次，中间 A 改了它并提交。返回 B 的两次读数。"""
    _setup(server, db)
    a, b = Session(server, db), Session(server, db, level)
    b.run("BEGIN")
    first = b.value("SELECT balance FROM acct WHERE id = 1")
    a.run("UPDATE acct SET balance = 50 WHERE id = 1")  # autocommit：立即提交
    second = b.value("SELECT balance FROM acct WHERE id = 1")
    b.run("COMMIT")
    a.close(), b.close()
    return first, second
# --8<-- [end:non_repeatable]


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
    a.close(), b.close()
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
    a.close(), b.close()
    return before, changed, after
# --8<-- [end:rr_write_sees_new_rows]


# --8<-- [start:lost_update]
def lost_update(server, db: str, level: str = "REPEATABLE READ", for_update: bool = False) -> int:
    """两个事务都「先读余额，再写回 余额 - 10」。返回最后的余额：80 正确，90 说明丢了一次更新。

    for_update=True 时用 ``SELECT … FOR UPDATE`` 读：第二个事务的读要等第一个提交，读到的是 90。
    """
    _setup(server, db)
    a, b = Session(server, db, level, lock_wait_timeout=5), Session(server, db, level, lock_wait_timeout=5)
    read = "SELECT balance FROM acct WHERE id = 1" + (" FOR UPDATE" if for_update else "")
    a.run("BEGIN"), b.run("BEGIN")
    x = a.value(read)
    if for_update:  # B 的加锁读会等 A：先让 A 写完并提交
        a.run("UPDATE acct SET balance = %s WHERE id = 1", (x - 10,))
        a.run("COMMIT")
        y = b.value(read)
    else:           # 普通读：两个事务都读到 100
        y = b.value(read)
        a.run("UPDATE acct SET balance = %s WHERE id = 1", (x - 10,))
        a.run("COMMIT")
    b.run("UPDATE acct SET balance = %s WHERE id = 1", (y - 10,))
    b.run("COMMIT")
    final = a.value("SELECT balance FROM acct WHERE id = 1")
    a.close(), b.close()
    return final
# --8<-- [end:lost_update]
