"""r2-09：回环地址上的一主一从（两个真实 mariadbd），异步复制、两个复制线程、GTID、半同步回退。"""

import contextlib

import pytest

from mianjing import servers
from snippets.mysql.replication import (
    PRIMARY_OPTIONS,
    REPLICA_OPTIONS,
    enable_semisync,
    io_without_sql,
    parse_gtid,
    primary_gtid,
    replicate_with_format,
    slave_status,
    sql,
    start_replication,
    status_var,
    timed_commit,
    wait_for_gtid,
    wait_threads_running,
)
from tests.conftest import unavailable


@pytest.fixture(scope="module")
def pair():
    """(primary, replica)：两个 MariaDB 10.11，server_id 1 和 2，主库开 binlog，从库只读。"""
    with contextlib.ExitStack() as stack:
        try:
            primary = stack.enter_context(servers.sql_server("mariadb", *PRIMARY_OPTIONS))
            replica = stack.enter_context(servers.sql_server("mariadb", *REPLICA_OPTIONS))
        except servers.ServerUnavailable as exc:
            unavailable(str(exc))
        start_replication(primary, replica)
        wait_threads_running(replica)
        sql(primary, "CREATE DATABASE shop")
        sql(primary, "CREATE TABLE shop.orders (id INT PRIMARY KEY, item VARCHAR(20)) ENGINE=InnoDB")
        yield primary, replica


# --8<-- [start:flow]
def test_both_replication_threads_run(pair):
    _, replica = pair
    st = wait_threads_running(replica)
    assert (st["Slave_IO_Running"], st["Slave_SQL_Running"]) == ("Yes", "Yes")
    assert st["Using_Gtid"] == "Slave_Pos"
    assert st["Master_Log_File"].startswith("primary-bin.")      # I/O 线程读的是主库的 binlog
    assert st["Relay_Log_File"].startswith("replica-relay-bin.")  # 落到从库自己的 relay log


def test_write_on_primary_is_read_back_on_replica(pair):
    primary, replica = pair
    sql(primary, "INSERT INTO shop.orders VALUES (1, 'book')")
    gtid = primary_gtid(primary)
    assert parse_gtid(gtid)[:2] == (0, 1)           # domain 0、server_id 1 产生的事务
    assert wait_for_gtid(replica, gtid) == 0        # 从库追到这个 GTID（超时会返回 -1）
    assert sql(replica, "SELECT item FROM shop.orders WHERE id = 1") == [("book",)]
    assert sql(replica, "SELECT @@gtid_slave_pos")[0][0] == gtid


def test_binlog_ships_row_images_not_sql_text(pair):
    """从库「从 relay log 解析 SQL 语句再执行」只在语句格式下成立。同一条 UPDATE SET item = CONCAT('port-',
    @@port)：STATEMENT 格式下从库重新执行它，写入自己的端口；ROW 格式下从库应用主库的行镜像，写入主库的
    端口。若从库总是解析并执行 SQL，ROW 那一行也会是从库的端口，断言失败。"""
    primary, replica = pair
    assert sql(primary, "SELECT @@GLOBAL.binlog_format")[0][0] == "MIXED"     # MariaDB 10.11 的默认值
    stmt = replicate_with_format(primary, replica, "STATEMENT", 100)
    row = replicate_with_format(primary, replica, "ROW", 101)
    mine, theirs = f"port-{primary.port}", f"port-{replica.port}"
    assert (stmt["primary"], stmt["replica"]) == (mine, theirs)   # 从库重新执行了 SQL 文本
    assert stmt["relay_events"] == ["Query", "Query"]
    assert (row["primary"], row["replica"]) == (mine, mine)       # 从库应用的是行镜像
    assert row["relay_events"][-1].startswith("Update_rows"), row
    assert "Binlog Dump" in {r[4] for r in sql(primary, "SHOW PROCESSLIST")}  # 主库推送事件的线程


def test_io_thread_fetches_while_sql_thread_is_stopped(pair, receipt):
    """两个线程各管一段：SQL 线程停了，I/O 线程照样把事件收进 relay log；此时 Seconds_Behind_Master 是 NULL。"""
    primary, replica = pair
    stopped, resumed = io_without_sql(primary, replica, [f"INSERT INTO shop.orders VALUES ({i}, 'pen')" for i in (2, 3)])
    for field in ("Read_Master_Log_Pos", "Exec_Master_Log_Pos"):
        receipt(f"mysql.replication.sql_stopped.{field.lower()}", int(stopped[field]), "", versions=[primary])
    assert stopped["Slave_SQL_Running"] == "No" and stopped["Slave_IO_Running"] == "Yes"
    assert stopped["Read_Master_Log_Pos"] > stopped["Exec_Master_Log_Pos"]  # 收到了，还没执行
    assert stopped["Seconds_Behind_Master"] is None                         # 不是 0，也不是「很大」
    assert resumed["Exec_Master_Log_Pos"] == resumed["Read_Master_Log_Pos"]
    assert resumed["Seconds_Behind_Master"] == 0
    assert sql(replica, "SELECT COUNT(*) FROM shop.orders WHERE item = 'pen'") == [(2,)]
# --8<-- [end:flow]


# --8<-- [start:semisync]
def test_semisync_waits_for_ack_then_falls_back_to_async(pair, receipt):
    primary, replica = pair
    enable_semisync(primary, replica, timeout_ms=1000)
    yes0 = int(status_var(primary, "Rpl_semi_sync_master_yes_tx"))
    acked = timed_commit(primary, "INSERT INTO shop.orders VALUES (10, 'ack')")
    assert int(status_var(primary, "Rpl_semi_sync_master_yes_tx")) == yes0 + 1  # 从库确认过

    sql(replica, "STOP SLAVE IO_THREAD")                   # 没有从库回 ACK 了
    waited = timed_commit(primary, "INSERT INTO shop.orders VALUES (11, 'no-ack')")
    assert waited >= 0.9                                   # 提交卡到 rpl_semi_sync_master_timeout
    assert status_var(primary, "Rpl_semi_sync_master_status") == "OFF"  # 退回异步
    fallen_back = timed_commit(primary, "INSERT INTO shop.orders VALUES (12, 'async')")
    for name, seconds in (("acked", acked), ("timed_out", waited), ("async", fallen_back)):
        receipt(f"mysql.semisync.commit_{name}_ms", seconds * 1000, "ms", versions=[primary])
    assert fallen_back < waited / 2

    sql(replica, "START SLAVE IO_THREAD")                  # 从库追上后自动回到半同步
    wait_for_gtid(replica, primary_gtid(primary))
    assert sql(replica, "SELECT COUNT(*) FROM shop.orders WHERE id BETWEEN 10 AND 12") == [(3,)]
# --8<-- [end:semisync]


def test_replica_status_has_no_error(pair):
    _, replica = pair
    st = slave_status(replica)
    assert st["Last_IO_Error"] == "" and st["Last_SQL_Error"] == ""
