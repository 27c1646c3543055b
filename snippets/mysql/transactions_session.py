"""两个（或更多）真实会话并排执行 SQL 的小工具：隔离级别、锁等待超时、错误码都在这里。

MariaDB 10.11 和 MySQL 8.0 都认 ``SET SESSION TRANSACTION ISOLATION LEVEL …``，所以不必区分
``tx_isolation``（MariaDB 10.11 只有这个名字）和 ``transaction_isolation``（MySQL 8.0）。

>>> level_sql("READ COMMITTED")
'SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED'
>>> LOCK_WAIT_TIMEOUT, DEADLOCK
(1205, 1213)
"""

from __future__ import annotations

import pymysql

LOCK_WAIT_TIMEOUT = 1205  # ER_LOCK_WAIT_TIMEOUT：等锁超过 innodb_lock_wait_timeout
DEADLOCK = 1213  # ER_LOCK_DEADLOCK：死锁检测选中本事务回滚
LEVELS = ("READ UNCOMMITTED", "READ COMMITTED", "REPEATABLE READ", "SERIALIZABLE")


def level_sql(level: str) -> str:
    assert level in LEVELS, level
    return f"SET SESSION TRANSACTION ISOLATION LEVEL {level}"


# --8<-- [start:session]
class Session:
    """一个连接 = 一个会话；autocommit 打开，显式 BEGIN 开事务。"""

    def __init__(self, server, database: str, level: str = "REPEATABLE READ", lock_wait_timeout: int = 1):
        self.conn = server.connect(database)
        self.run(level_sql(level))
        self.run(f"SET SESSION innodb_lock_wait_timeout = {lock_wait_timeout}")

    def run(self, sql: str, args=None) -> list[tuple]:
        with self.conn.cursor() as cur:
            cur.execute(sql, args)
            return list(cur.fetchall())

    def value(self, sql: str, args=None):
        rows = self.run(sql, args)
        return rows[0][0] if rows else None

    def attempt(self, sql: str, args=None) -> int:
        """执行 sql：成功返回 0（结果留在 self.rows），被锁挡住或死锁时返回 MySQL 错误码（1205 / 1213）。"""
        try:
            self.rows = self.run(sql, args)
            return 0
        except pymysql.err.OperationalError as exc:
            if exc.args[0] in (LOCK_WAIT_TIMEOUT, DEADLOCK):
                return exc.args[0]
            raise

    def close(self) -> None:
        self.conn.close()
# --8<-- [end:session]


def fresh_database(server, name: str) -> str:
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS {name}")
    conn.close()
    return name
