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

from .conftest import APP, wait_for


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


# --8<-- [start:mingle]
@pytest.mark.parametrize(("without", "executed"), [(("gossip",), False), (("mingle", "gossip"), True)],
                         ids=["with-mingle", "without-mingle"])
def test_without_mingle_a_new_worker_runs_a_task_revoked_before_it_started(broker, producer, without, executed):
    """撤销（revoke）只是一条广播：在线的 worker 把任务 id 记进内存里的 revoked 集合。之后才启动的 worker
    靠 mingle 在启动时向其他节点同步这个集合；带 --without-mingle 启动的 worker 不知道它，照样执行。
    所以「一律带上 --without-mingle」不是免费的：若启动参数不影响结果，两种情况下任务都不该执行。"""
    server, r = broker
    with celery_worker(APP, server.url, "-c", "1", without=("gossip",)) as old:
        producer.control.revoke("revoked-before-start")
        assert wait_for(lambda: "revoked-before-start" in str(producer.control.inspect(
            destination=[old.name], timeout=1).revoked() or {}), 10)
        new = celery_worker(APP, server.url, "-c", "1", without=without)
        worker = new.__enter__()
        try:
            if "mingle" not in without:
                assert "mingle: sync with 1 nodes" in worker.output()
            old_proc = old.proc
            old_proc.terminate()          # 只剩新 worker：被撤销的任务只可能交给它
            old_proc.wait(15)
            producer.send_task("demo.stamp", args=["revoked"], task_id="revoked-before-start")
            ran = wait_for(lambda: r.llen("revoked") > 0, 6)
            assert bool(ran) is executed, worker.output()[-2000:]
            if not executed:
                assert "Discarding revoked task: demo.stamp[revoked-before-start]" in worker.output()
        finally:
            new.__exit__(None, None, None)
# --8<-- [end:mingle]
