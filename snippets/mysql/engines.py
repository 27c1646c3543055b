"""InnoDB 与 MyISAM（以及 MariaDB 的 Aria）在真实服务器上的几处行为差别。

>>> create_sql("MyISAM")
'CREATE TABLE e (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, pad CHAR(100) NOT NULL) ENGINE=MyISAM'
"""

from __future__ import annotations

import threading
import time


def create_sql(engine: str) -> str:
    return ("CREATE TABLE e (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, v INT NOT NULL, "
            f"pad CHAR(100) NOT NULL) ENGINE={engine}")


def create(conn, engine: str, n: int) -> None:
    """表 e，n 行，用一个事务批量插入（对 MyISAM 来说 BEGIN/COMMIT 没有作用）。"""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS e")
        cur.execute(create_sql(engine))
        rows = [(i, "x") for i in range(n)]
        cur.execute("BEGIN")
        for i in range(0, n, 5000):
            cur.executemany("INSERT INTO e (v, pad) VALUES (%s, %s)", rows[i:i + 5000])
        cur.execute("COMMIT")


# --8<-- [start:count]
def count_ms(conn, repeat: int = 20) -> float:
    """SELECT COUNT(*) FROM e（不带 WHERE）的平均耗时，毫秒（含一次本机往返）。"""
    with conn.cursor() as cur:
        start = time.perf_counter()
        for _ in range(repeat):
            cur.execute("SELECT COUNT(*) FROM e")
            cur.fetchall()
    return (time.perf_counter() - start) / repeat * 1000
# --8<-- [end:count]


# --8<-- [start:lock]
def blocked_seconds(connect, writer_sql: str, reader_sql: str = "SELECT SLEEP(1) FROM e WHERE v = 0") -> float:
    """一个会话执行要跑 1 秒的读（v 上没有索引，全表扫描，恰好一行 v = 0，对它 SLEEP 1 秒），
    0.2 秒后另一个会话执行 writer_sql：返回写等了多久。

    MyISAM 的读在整条语句期间持有表级读锁，UPDATE 要表级写锁，只能等；InnoDB 的普通 SELECT 是
    一致性读，不加锁，UPDATE 只锁它改的那一行。
    """
    reader = threading.Thread(target=lambda: _run(connect, reader_sql))
    reader.start()
    time.sleep(0.2)
    try:
        conn = connect()
        start = time.perf_counter()
        with conn.cursor() as cur:
            cur.execute(writer_sql)
        waited = time.perf_counter() - start
        conn.close()
    finally:
        reader.join()
    return waited


def _run(connect, sql: str) -> None:
    conn = connect()
    with conn.cursor() as cur:
        cur.execute(sql)
        cur.fetchall()
    conn.close()
# --8<-- [end:lock]


# --8<-- [start:rollback]
def rollback_keeps_row(conn) -> tuple[bool, list]:
    """BEGIN; INSERT; ROLLBACK：插入的行还在吗？以及服务器给出的警告。"""
    with conn.cursor() as cur:
        cur.execute("BEGIN")
        cur.execute("INSERT INTO e (v, pad) VALUES (-1, 'rolled back?')")
        cur.execute("ROLLBACK")
        cur.execute("SHOW WARNINGS")
        warnings = [(level, code) for level, code, _ in cur.fetchall()]
        cur.execute("SELECT COUNT(*) FROM e WHERE v = -1")
        kept = cur.fetchone()[0] == 1
        cur.execute("DELETE FROM e WHERE v = -1")
    return kept, warnings
# --8<-- [end:rollback]


# --8<-- [start:fsync]
def fsyncs_per_autocommit_insert(conn, n: int = 200) -> float:
    """每行一条 INSERT、每条自动提交，平均每条引起多少次 InnoDB fsync（全局计数器 Innodb_data_fsyncs，
    MySQL 8.0 另有 redo 日志的 Innodb_os_log_fsyncs，一并计入）。

    InnoDB 在 innodb_flush_log_at_trx_commit=1（默认）时每次提交都把 redo 日志刷到磁盘；
    MyISAM 只把数据交给操作系统，不 fsync，所以「插入快」，断电时也可能丢数据或把表弄坏。
    """
    def fsyncs():
        cur.execute("SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_data_fsyncs', 'Innodb_os_log_fsyncs')")
        return sum(int(v) for _, v in cur.fetchall())

    with conn.cursor() as cur:
        before = fsyncs()
        for i in range(n):
            cur.execute("INSERT INTO e (v, pad) VALUES (%s, 'a')", (i,))
        return (fsyncs() - before) / n
# --8<-- [end:fsync]


def rows_per_second(conn, n: int, batch: int) -> float:
    """插入 n 行的速度：batch = 1 时每行一条语句、各自提交；否则每 batch 行一条多行 INSERT，全部在一个事务里。"""
    rows = [(i, "b") for i in range(n)]
    with conn.cursor() as cur:
        start = time.perf_counter()
        if batch == 1:
            for r in rows:
                cur.execute("INSERT INTO e (v, pad) VALUES (%s, %s)", r)
        else:
            cur.execute("BEGIN")
            for i in range(0, n, batch):
                cur.executemany("INSERT INTO e (v, pad) VALUES (%s, %s)", rows[i:i + batch])
            cur.execute("COMMIT")
    return n / (time.perf_counter() - start)


def compare(server, db: str = "engines") -> list[tuple]:
    """页面上的对比表：每种引擎的单行提交插入、批量插入、COUNT(*)（10 万行）。"""
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute(f"CREATE DATABASE IF NOT EXISTS {db}")
    conn.select_db(db)
    engines = ["InnoDB", "MyISAM"] + (["Aria"] if server.engine == "mariadb" else [])
    out = []
    for engine in engines:
        create(conn, engine, 0)
        single = rows_per_second(conn, 2000, 1)
        create(conn, engine, 0)
        bulk = rows_per_second(conn, 100_000, 1000)
        out.append((engine, round(single), round(bulk), round(count_ms(conn), 3)))
    conn.close()
    return out


if __name__ == "__main__":  # python -m snippets.mysql.engines：自己起一个 MariaDB 量一遍
    import os

    from mianjing import servers

    with servers.sql_server("mariadb") as s:
        print(s, "load", os.getloadavg())
        print(f"{'引擎':<8}{'单行提交 行/秒':>16}{'批量 行/秒':>12}{'COUNT(*) ms':>14}")
        for engine, single, bulk, count in compare(s):
            print(f"{engine:<8}{single:>16,}{bulk:>12,}{count:>14}")
