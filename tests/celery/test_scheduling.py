"""r1-03：ETA 任务等待时，立即任务照常执行；ETA 只保证「不早于」，池子被占满时会晚；
真正的隔离靠不同的队列和 worker。"""

from __future__ import annotations

import time

from mianjing.servers import celery_worker
from snippets.celery.observe import broker_state, eta_of, lateness, reserved, runs, scheduled

from .conftest import APP, wait_for


# --8<-- [start:urgent_first]
def test_urgent_tasks_run_while_an_eta_task_waits(broker, producer):
    server, r = broker
    with celery_worker(APP, server.url, "-c", "1") as w:
        t0 = time.time()
        later = producer.send_task("demo.stamp", args=["later"], countdown=3)
        for _ in range(3):
            producer.send_task("demo.stamp", args=["now"])
        now_rows = wait_for(lambda: len(runs(r, "now")) == 3 and runs(r, "now"), 3.0)
        later_rows = wait_for(lambda: runs(r, "later"), 6.0)
        assert now_rows and later_rows, w.output()[-2000:]
    # 后发的立即任务先执行完；先发的 ETA 任务既不挡路，也不被挡
    assert max(row["t"] for row in now_rows) < later_rows[0]["t"]
    assert max(row["t"] for row in now_rows) - t0 < 2.0
    assert later_rows[0]["id"] == later.id
    assert later_rows[0]["t"] >= eta_of(later_rows[0]) - 0.05
# --8<-- [end:urgent_first]


# --8<-- [start:busy_pool]
def test_eta_is_not_before_not_exactly_at_busy_pool_makes_it_late(broker, producer, receipt):
    server, r = broker
    # 只有 1 个池进程，预取倍数 1：平时最多领 1 条未确认的消息
    with celery_worker(APP, server.url, "-c", "1", env={"MIANJING_PREFETCH": "1"}) as w:
        producer.send_task("demo.sleep", args=[4, "slow"])  # 先占住唯一的池进程 4 秒
        assert wait_for(lambda: runs(r, "slow"), 3.0), w.output()[-2000:]
        due = producer.send_task("demo.stamp", args=["eta"], countdown=1)
        for _ in range(3):
            producer.send_task("demo.stamp", args=["now"])
        time.sleep(1.8)  # ETA 已过，慢任务还在跑
        # 到期的 ETA 任务在 worker 里排队等池进程（reserved），不回 Redis 队列；
        # 立即任务受预取上限约束：worker 只多领了 1 条，另 2 条还在 Redis 列表里
        held = [t["id"] for t in reserved(producer, w.name)]
        assert due.id in held and len(held) == 2, held
        assert scheduled(producer, w.name) == []
        assert broker_state(r) == {"queue": 2, "unacked": 2, "unacked_index": 2}
        rows = wait_for(lambda: runs(r, "eta"), 8.0)
        assert rows, w.output()[-2000:]
    late = lateness(rows, eta_of(rows[0]))[0]
    receipt("celery.eta.busy_pool_late_s", late, "s", versions=["celery", server])
    slow_end = [row for row in runs(r, "slow") if row.get("phase") == "end"][0]["t"]
    # ETA 到了，定时器把它交给池，但池里唯一的进程还在跑慢任务：它要等慢任务结束
    assert late > 1.5, late
    assert rows[0]["t"] >= slow_end
# --8<-- [end:busy_pool]


# --8<-- [start:dedicated]
def test_a_dedicated_queue_and_worker_keep_eta_tasks_on_time(broker, producer, receipt):
    server, r = broker
    with celery_worker(APP, server.url, "-c", "1", "-Q", "bulk") as bulk, \
            celery_worker(APP, server.url, "-c", "1", "-Q", "celery") as fast:
        producer.send_task("demo.sleep", args=[3, "slow"], queue="bulk")  # 慢任务走自己的队列
        assert wait_for(lambda: runs(r, "slow"), 3.0), bulk.output()[-2000:]
        producer.send_task("demo.stamp", args=["eta"], countdown=1)
        rows = wait_for(lambda: runs(r, "eta"), 6.0)
        assert rows, fast.output()[-2000:]
        slow = runs(r, "slow")
    receipt("celery.eta.dedicated_worker_late_ms", lateness(rows, eta_of(rows[0]))[0] * 1000, "ms",
            versions=["celery", server])
    assert 0 <= lateness(rows, eta_of(rows[0]))[0] < 1.0
    assert [row["phase"] for row in slow] == ["start"]  # 慢任务还没跑完……
    assert rows[0]["t"] < slow[0]["t"] + 3  # ……ETA 任务已在另一个 worker 上准时执行
    assert rows[0]["pid"] != slow[0]["pid"]
# --8<-- [end:dedicated]
