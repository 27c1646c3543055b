"""r1-04：Redis 传输的可见性超时（visibility timeout）。

ETA 超过可见性超时的任务会被 kombu 的 restore_visible 放回队列、再投递一次——而且是每过一个
可见性超时就再来一次；副本何时出现由 unacked_restore_interval × unacked_restore_throttle
（kombu 5.7 默认 10 秒 × 10）决定。测试把可见性超时压到 2 秒、扫描间隔压到 1 秒。
"""

from __future__ import annotations

import os
import signal
import time

import pytest

from mianjing import servers
from mianjing.servers import celery_worker
from snippets.celery.app import make_app
from snippets.celery.observe import broker_state, eta_of, runs

from .conftest import APP, wait_for

# --8<-- [start:fast_restore]
FAST_RESTORE = {
    "MIANJING_VISIBILITY_TIMEOUT": "2",  # 取走 2 秒还没 ack，就算「丢了」
    "MIANJING_RESTORE_INTERVAL": "1",    # 每 1 秒调用一次 restore_visible
    "MIANJING_RESTORE_THROTTLE": "1",    # 而且每次调用都真的扫描 unacked_index
}
# --8<-- [end:fast_restore]


@pytest.fixture(scope="module")
def duplicated():
    """一个 worker、可见性超时 2 秒，发两个 countdown=6 的任务：一个普通，一个做了幂等。"""
    with servers.redis_server() as server, celery_worker(APP, server.url, "-c", "1", env=FAST_RESTORE) as w:
        r = server.client()
        app = make_app(server.url)
        plain = app.send_task("demo.stamp", args=["plain"], countdown=6)
        once = app.send_task("demo.charge_once", args=["order-42", "pay"], countdown=6)
        # ETA 一到，原件和副本一起执行；等到两种任务都至少执行了两次
        wait_for(lambda: len(runs(r, "plain")) >= 2 and r.llen("pay:runs") >= 2, 10.0)
        time.sleep(0.5)
        yield {"r": r, "plain": plain.id, "once": once.id, "log": w.output()}
        app.close()


# --8<-- [start:duplicate]
def test_eta_longer_than_visibility_timeout_is_executed_again_and_again(duplicated, receipt):
    rows = runs(duplicated["r"], "plain")
    receipt("celery.visibility.plain_executions", len(rows), "次", versions=["celery", "redis"])
    assert len(rows) >= 2, duplicated["log"][-2000:]  # 同一个任务执行了不止一次
    assert {row["id"] for row in rows} == {duplicated["plain"]}  # 同一个 task id
    assert [row["redelivered"] for row in rows].count(False) == 1  # 一次原件，其余是放回后再投递的副本
    assert all(row["t"] >= eta_of(row) - 0.05 for row in rows)  # 每个副本都等到 ETA 才执行
    # 副本回到的是同一个（唯一的）worker：「重新分发到另一个 worker」并不必然
    assert len({row["pid"] for row in rows}) == 1


def test_idempotent_task_does_its_side_effect_once_despite_duplicates(duplicated, receipt):
    r = duplicated["r"]
    receipt("celery.visibility.idempotent_executions", r.llen("pay:runs"), "次", versions=["celery", "redis"])
    assert r.llen("pay:runs") >= 2  # 任务同样被执行了多次……
    assert int(r.get("pay:charged")) == 1  # ……但 SET NX 去重键让副作用只发生一次
    assert r.get("dedup:charge:order-42").decode() == duplicated["once"]
# --8<-- [end:duplicate]


def test_visibility_timeout_longer_than_eta_executes_once(broker, producer):
    server, r = broker
    env = {**FAST_RESTORE, "MIANJING_VISIBILITY_TIMEOUT": "30"}  # 可见性超时大于 ETA
    with celery_worker(APP, server.url, "-c", "1", env=env):
        producer.send_task("demo.stamp", args=["once"], countdown=4)
        wait_for(lambda: False, 5.5)
    assert len(runs(r, "once")) == 1


def test_default_restore_cadence_hides_the_problem_in_short_tests(broker, producer):
    """可见性超时 2 秒、但扫描节奏用默认值（10 秒一次调用、每 10 次才扫描一次）：
    启动时扫过一次之后，约 100 秒内不会再扫，于是 5 秒的 ETA 只执行一次。"""
    server, r = broker
    env = {"MIANJING_VISIBILITY_TIMEOUT": "2"}
    with celery_worker(APP, server.url, "-c", "1", env=env):
        producer.send_task("demo.stamp", args=["cadence"], countdown=5)
        wait_for(lambda: False, 6.5)
    assert len(runs(r, "cadence")) == 1


# --8<-- [start:acks_late]
@pytest.mark.parametrize("acks_late", [False, True])
def test_acks_late_extends_the_unacked_window_to_the_whole_run(broker, producer, acks_late):
    server, r = broker
    env = {**FAST_RESTORE, "MIANJING_ACKS_LATE": "1" if acks_late else "0", "MIANJING_PREFETCH": "1"}
    with celery_worker(APP, server.url, "-c", "2", env=env) as w:
        producer.send_task("demo.sleep", args=[4, "long"])  # 没有 ETA，只是执行 4 秒 > 可见性超时 2 秒
        wait_for(lambda: False, 5.5)
        starts = [row for row in runs(r, "long") if row["phase"] == "start"]
    if acks_late:  # 执行完才 ack：执行期间超过可见性超时，另一个池进程把副本又跑了一遍
        assert len(starts) >= 2, w.output()[-2000:]
        assert starts[1]["redelivered"] is True
    else:  # 默认在执行前就 ack：长任务不受可见性超时影响
        assert len(starts) == 1
# --8<-- [end:acks_late]


# --8<-- [start:killed]
def test_killed_worker_message_comes_back_only_after_visibility_timeout(broker, producer):
    server, r = broker
    with celery_worker(APP, server.url, "-c", "1", env=FAST_RESTORE) as w:
        res = producer.send_task("demo.stamp", args=["orphan"], countdown=2)
        assert wait_for(lambda: broker_state(r)["unacked"] == 1, 2.0)
        os.kill(w.proc.pid, signal.SIGKILL)  # 模拟断电、OOM killer：没有机会把消息放回去
        w.proc.wait(5)
    time.sleep(1.0)
    # 没有活着的 worker，Redis 自己不会做任何事：消息一直躺在 unacked 里
    assert broker_state(r) == {"queue": 0, "unacked": 1, "unacked_index": 1}
    with celery_worker(APP, server.url, "-c", "1", env=FAST_RESTORE):
        # 新 worker 启动后扫描 unacked_index（启动时一次，之后每秒一次），把超时的消息放回队列并执行
        rows = wait_for(lambda: runs(r, "orphan"), 5.0)
    assert rows and rows[0]["id"] == res.id and rows[0]["redelivered"] is True
    assert broker_state(r) == {"queue": 0, "unacked": 0, "unacked_index": 0}
# --8<-- [end:killed]
