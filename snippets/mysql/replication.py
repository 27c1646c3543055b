"""MariaDB 主从复制：在回环地址上起一主一从，走一遍 binlog → I/O 线程 → relay log → SQL 线程（r2-09）。

MariaDB 10.11 的语法是 ``CHANGE MASTER TO … MASTER_USE_GTID = slave_pos`` / ``START SLAVE`` /
``SHOW SLAVE STATUS``（10.11 也接受 ``START REPLICA``、``SHOW REPLICA STATUS``）；MySQL 8.0.23 起
对应 ``CHANGE REPLICATION SOURCE TO … SOURCE_AUTO_POSITION = 1``、8.0.22 起 ``START REPLICA``。

>>> parse_gtid("0-1-42")
(0, 1, 42)
>>> change_master_sql("127.0.0.1", 3307, "repl", "pw")
"CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = 3307, MASTER_USER = 'repl', MASTER_PASSWORD = 'pw', MASTER_USE_GTID = slave_pos"
"""

from __future__ import annotations

import time

PRIMARY_OPTIONS = ("--server-id=1", "--log-bin=primary-bin")   # binlog_format left at the server's default
REPLICA_OPTIONS = ("--server-id=2", "--log-bin=replica-bin", "--relay-log=replica-relay-bin", "--read-only=ON")


def parse_gtid(gtid: str) -> tuple[int, int, int]:
    """MariaDB 的 GTID：domain_id-server_id-seq_no（MySQL 是 source_uuid:transaction_id）。"""
    domain, server, seq = (int(x) for x in gtid.split("-"))
    return domain, server, seq


# --8<-- [start:setup]
def change_master_sql(host: str, port: int, user: str, password: str) -> str:
    return (f"CHANGE MASTER TO MASTER_HOST = '{host}', MASTER_PORT = {port}, "
            f"MASTER_USER = '{user}', MASTER_PASSWORD = '{password}', MASTER_USE_GTID = slave_pos")


def start_replication(primary, replica, user: str = "repl", password: str = "repl-pw") -> None:
    """主库建复制账号；从库指向主库并启动两个复制线程。"""
    p = primary.connect()
    with p.cursor() as cur:
        cur.execute(f"CREATE USER IF NOT EXISTS '{user}'@'127.0.0.1' IDENTIFIED BY '{password}'")
        cur.execute(f"GRANT REPLICATION SLAVE ON *.* TO '{user}'@'127.0.0.1'")
    p.close()
    r = replica.connect()
    with r.cursor() as cur:
        cur.execute(change_master_sql(primary.host, primary.port, user, password))
        cur.execute("START SLAVE")
    r.close()
# --8<-- [end:setup]


# --8<-- [start:status]
def slave_status(replica) -> dict:
    """SHOW SLAVE STATUS 的一行，转成 {列名: 值}。"""
    conn = replica.connect()
    with conn.cursor() as cur:
        cur.execute("SHOW SLAVE STATUS")
        row = cur.fetchone()
        names = [d[0] for d in cur.description]
    conn.close()
    return dict(zip(names, row, strict=True)) if row else {}


def wait_threads_running(replica, timeout: float = 30) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        st = slave_status(replica)
        if st.get("Slave_IO_Running") == "Yes" and st.get("Slave_SQL_Running") == "Yes":
            return st
        time.sleep(0.1)
    raise TimeoutError(f"replication threads not running: {slave_status(replica)}")
# --8<-- [end:status]


# --8<-- [start:read_your_write]
def primary_gtid(primary) -> str:
    conn = primary.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT @@gtid_binlog_pos")
        pos = cur.fetchone()[0]
    conn.close()
    return pos


def wait_for_gtid(replica, gtid: str, timeout: float = 10) -> int:
    """从库等到执行过 gtid 为止：MASTER_GTID_WAIT 返回 0 = 到了，-1 = 超时。
    （MySQL 8.0 的对应物是 WAIT_FOR_EXECUTED_GTID_SET。）"""
    conn = replica.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT MASTER_GTID_WAIT(%s, %s)", (gtid, timeout))
        result = cur.fetchone()[0]
    conn.close()
    return result
# --8<-- [end:read_your_write]


def sql(server, statement: str, args=None) -> list[tuple]:
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute(statement, args)
        rows = list(cur.fetchall())
    conn.close()
    return rows


# --8<-- [start:formats]
def replicate_with_format(primary, replica, fmt: str, row_id: int) -> dict:
    """在主库用 binlog_format=fmt 执行一条取值依赖服务器的 UPDATE，返回主、从两边的结果和从库 relay log 里的事件类型。

    两台服务器监听不同的端口：从库若「解析并重新执行 SQL」，``@@port`` 取的是它自己的端口；若应用的是
    主库记下的行镜像，写进去的就是主库的端口。（不用 ``@@server_id``：SQL 线程执行事件时会把会话的
    server_id 设成事件来源的 server_id，防止环形复制，所以它在从库上也等于主库的值。）"""
    conn = primary.connect()
    with conn.cursor() as cur:
        cur.execute(f"SET SESSION binlog_format = '{fmt}'")
        cur.execute("INSERT INTO shop.orders VALUES (%s, 'x')", (row_id,))
        cur.execute("UPDATE shop.orders SET item = CONCAT('port-', @@port) WHERE id = %s", (row_id,))
    conn.close()
    gtid = primary_gtid(primary)
    wait_for_gtid(replica, gtid)
    relay = sql(replica, "SHOW RELAYLOG EVENTS IN %s", (slave_status(replica)["Relay_Log_File"],))
    last = [e[2] for e in relay if e[2] not in ("Gtid", "Xid", "Annotate_rows", "Gtid_list", "Binlog_checkpoint")][-2:]
    return {"primary": sql(primary, "SELECT item FROM shop.orders WHERE id = %s", (row_id,))[0][0],
            "replica": sql(replica, "SELECT item FROM shop.orders WHERE id = %s", (row_id,))[0][0],
            "relay_events": last}
# --8<-- [end:formats]


def status_var(server, name: str) -> str:
    return sql(server, "SHOW GLOBAL STATUS LIKE %s", (name,))[0][1]


# --8<-- [start:two_threads]
def io_without_sql(primary, replica, statements: list[str]) -> tuple[dict, dict]:
    """停掉 SQL 线程、保留 I/O 线程，在主库写入：事件照样进 relay log（Read_Master_Log_Pos 前进），
    但没有被执行（Exec_Master_Log_Pos 不动，Seconds_Behind_Master 变成 NULL）。返回 (停时状态, 恢复后状态)。"""
    sql(replica, "STOP SLAVE SQL_THREAD")
    for s in statements:
        sql(primary, s)
    deadline = time.monotonic() + 10
    while True:  # 等 I/O 线程把新事件收进 relay log
        stopped = slave_status(replica)
        if stopped["Read_Master_Log_Pos"] > stopped["Exec_Master_Log_Pos"] or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    sql(replica, "START SLAVE SQL_THREAD")
    wait_for_gtid(replica, primary_gtid(primary))
    return stopped, slave_status(replica)
# --8<-- [end:two_threads]


# --8<-- [start:semisync]
def enable_semisync(primary, replica, timeout_ms: int = 1000) -> None:
    """MariaDB 10.3.3 起半同步内置于服务器（不用 INSTALL PLUGIN）。从库要重连 I/O 线程才生效。"""
    sql(primary, f"SET GLOBAL rpl_semi_sync_master_timeout = {timeout_ms}")
    sql(primary, "SET GLOBAL rpl_semi_sync_master_enabled = ON")
    sql(replica, "SET GLOBAL rpl_semi_sync_slave_enabled = ON")
    sql(replica, "STOP SLAVE IO_THREAD")
    sql(replica, "START SLAVE IO_THREAD")
    deadline = time.monotonic() + 10
    while status_var(primary, "Rpl_semi_sync_master_clients") != "1":
        if time.monotonic() > deadline:
            raise TimeoutError("semi-sync replica did not connect")
        time.sleep(0.05)


def timed_commit(primary, statement: str) -> float:
    """在主库执行一条自动提交的写入，返回提交耗时（秒）。"""
    t0 = time.monotonic()
    sql(primary, statement)
    return time.monotonic() - t0
# --8<-- [end:semisync]
