"""r1-01、r1-02：countdown / eta 的消息在 ETA 之前待在哪里——在 worker 的内存里，而不是 broker 的队列里。

真实的 redis-server 作 broker，真实的 ``celery worker``（prefork，1 个池进程）消费。
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta

from mianjing.servers import celery_worker
from snippets.celery.observe import broker_state, eta_of, reserved, runs, scheduled, where

from .conftest import APP, wait_for


# --8<-- [start:waits_in_worker]
def test_eta_message_is_delivered_at_once_and_waits_in_worker_memory(broker, producer, receipt):
    server, r = broker
    # 预取倍数 1 × 并发 1：worker 平时最多只拿 1 条未确认的消息
    with celery_worker(APP, server.url, "-c", "1", env={"MIANJING_PREFETCH": "1"}) as w:
        sent = [
            producer.send_task("demo.stamp", args=["eta"], countdown=3),
            producer.send_task("demo.stamp", args=["eta"], countdown=3),
            producer.send_task("demo.stamp", args=["eta"],
                               eta=datetime.now(UTC) + timedelta(seconds=3)),
        ]
        # 发出后马上就被 worker 取走：队列空了，三条都记在 unacked 里
        assert wait_for(lambda: broker_state(r)["unacked"] == 3, 2.0)
        assert broker_state(r) == {"queue": 0, "unacked": 3, "unacked_index": 3}
        assert where(broker_state(r)) == "worker"
        # worker 的定时器里排着这三条（inspect scheduled），而不是 reserved / 正在执行
        waiting = scheduled(producer, w.name)
        assert {t["request"]["id"] for t in waiting} == {s.id for s in sent}
        assert all(t["request"]["acknowledged"] is False for t in waiting)
        assert reserved(producer, w.name) == []
        assert runs(r, "eta") == []  # 还没到时间，一次也没执行
        # 预取上限是 1，却拿了 3 条：ETA 任务每收一条，worker 就把 prefetch_count 加 1
        done = wait_for(lambda: len(runs(r, "eta")) == 3 and runs(r, "eta"), 8.0)
        assert done, w.output()[-2000:]
    receipt("celery.eta.max_late_ms", max(row["t"] - eta_of(row) for row in done) * 1000, "ms",
            versions=["celery", server])
    assert {row["id"] for row in done} == {s.id for s in sent}
    assert all(row["t"] >= eta_of(row) - 0.05 for row in done)  # 不早于 ETA
    assert broker_state(r) == {"queue": 0, "unacked": 0, "unacked_index": 0}  # 执行前才 ack
# --8<-- [end:waits_in_worker]


# --8<-- [start:warm_shutdown]
def test_warm_shutdown_puts_waiting_eta_message_back_into_the_queue(broker, producer):
    server, r = broker
    with celery_worker(APP, server.url, "-c", "1") as w:
        res = producer.send_task("demo.stamp", args=["never"], countdown=60)
        assert wait_for(lambda: broker_state(r)["unacked"] == 1, 2.0), w.output()[-2000:]
        assert broker_state(r)["queue"] == 0
    # 离开 with：SIGTERM，worker 温和关闭（warm shutdown），把未确认的消息放回队列
    assert broker_state(r) == {"queue": 1, "unacked": 0, "unacked_index": 0}
    msg = json.loads(r.lindex("celery", 0))
    assert msg["headers"]["id"] == res.id
    assert msg["headers"]["eta"]  # ETA 原样保留，下一个 worker 拿到后继续等
    assert msg["headers"]["redelivered"] is True
    assert runs(r, "never") == []
# --8<-- [end:warm_shutdown]


def test_countdown_is_a_shortcut_for_eta(producer):
    """countdown=N 在发送端就被换算成 eta = 当前时间 + N 秒；消息头里只有 eta，没有 countdown。"""
    before = time.time()
    msg = producer.amqp.as_task_v2("t-1", "demo.stamp", args=("x",), countdown=30)
    eta = datetime.fromisoformat(msg.headers["eta"]).timestamp()
    assert 29 <= eta - before <= 31
    assert "countdown" not in msg.headers
