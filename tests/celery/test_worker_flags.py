"""r1-04：--without-heartbeat 关掉的是什么。

worker 的「心跳」是事件（event）：每 2 秒往事件交换机 celeryev 发一条 worker-heartbeat，
Redis 传输下就是一条 PUBLISH。它不是 broker 连接层的心跳（broker_heartbeat），也不占池进程。
"""

from __future__ import annotations

import base64
import json
import time

import pytest

from mianjing.servers import celery_worker

from .conftest import APP


# --8<-- [start:events]
def worker_events(server, seconds: float) -> list[tuple[str, str]]:
    """订阅 Redis 上的全部 pub/sub 频道 seconds 秒，返回 (频道, 事件类型)。"""
    sub = server.client().pubsub()
    sub.psubscribe("*")
    seen, deadline = [], time.monotonic() + seconds
    while time.monotonic() < deadline:
        m = sub.get_message(timeout=0.2)
        if m and m["type"] == "pmessage":
            envelope = json.loads(m["data"])  # kombu 的消息信封，正文默认 base64
            body = json.loads(base64.b64decode(envelope["body"]))
            if isinstance(body, dict) and "type" in body:
                seen.append((m["channel"].decode(), body["type"]))
    sub.close()
    return seen


@pytest.mark.parametrize("flags", [(), ("--without-heartbeat",)], ids=["default", "without-heartbeat"])
def test_heartbeat_is_an_event_published_every_two_seconds(broker, flags):
    server, _ = broker
    with celery_worker(APP, server.url, "-c", "1", *flags):  # 启动器已带 --without-mingle --without-gossip
        seen = worker_events(server, 4.5)
    if flags:
        assert seen == []  # 心跳、gossip、任务事件都关了：事件分发器整个停用，一条也不发
    else:
        assert ("/0.celeryev/worker.heartbeat", "worker-heartbeat") in seen
        assert 1 <= len(seen) <= 4  # 约每 2 秒一条
# --8<-- [end:events]
