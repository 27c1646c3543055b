"""演示用的 Celery 应用：任务把「何时、第几次、是否重投」写进 Redis，测试读这些键来观察行为。

worker 端（``celery -A snippets.celery.app worker``）从环境变量读 broker 地址和各项设置，
所以每个测试都能用不同的可见性超时、预取倍数、acks_late 启动一个真实 worker；
测试进程自己用 :func:`make_app` 建一个同名任务的生产者，只负责发消息。

>>> settings_from_env({"MIANJING_VISIBILITY_TIMEOUT": "3", "MIANJING_PREFETCH": "1"})["broker_transport_options"]
{'visibility_timeout': 3, 'unacked_restore_interval': 10, 'unacked_restore_throttle': 10}
>>> settings_from_env({})["worker_prefetch_multiplier"], settings_from_env({})["task_acks_late"]
(4, False)
>>> demo = make_app("redis://127.0.0.1:1/0")
>>> sorted(name for name in demo.tasks if name.startswith("demo."))
['demo.charge_once', 'demo.sleep', 'demo.stamp']
"""

from __future__ import annotations

import json
import os
import time

import redis
from celery import Celery


# --8<-- [start:settings]
def settings_from_env(env=os.environ) -> dict:
    """worker 的设置；默认值与 Celery 5.x / kombu 的默认值相同。"""
    return {
        "broker_transport_options": {
            # Redis 传输的可见性超时：消息取走后这么多秒仍未 ack，就会被放回队列（默认 3600）
            "visibility_timeout": int(env.get("MIANJING_VISIBILITY_TIMEOUT", 3600)),
            # kombu 5.7 起可调：多久检查一次 unacked_index（默认 10 秒），以及每第几次才真查（默认 10）
            "unacked_restore_interval": int(env.get("MIANJING_RESTORE_INTERVAL", 10)),
            "unacked_restore_throttle": int(env.get("MIANJING_RESTORE_THROTTLE", 10)),
        },
        "worker_prefetch_multiplier": int(env.get("MIANJING_PREFETCH", 4)),
        "task_acks_late": env.get("MIANJING_ACKS_LATE", "0") == "1",
    }
# --8<-- [end:settings]


def make_app(broker_url: str, settings: dict | None = None) -> Celery:
    """一个 Celery 应用，带三个演示任务；broker 与记录用的 Redis 是同一个。"""
    app = Celery("mianjing_celery", broker=broker_url, set_as_current=False)
    app.conf.update(
        broker_connection_retry_on_startup=True,
        task_default_queue="celery",
        worker_hijack_root_logger=False,
        **(settings or {}),
    )
    store = redis.Redis.from_url(broker_url)

    def record(key: str, task, **extra) -> None:
        req = task.request
        store.rpush(key, json.dumps({
            "id": req.id,
            "t": time.time(),
            "eta": req.eta,
            "redelivered": bool((req.delivery_info or {}).get("redelivered")),
            "pid": os.getpid(),
            **extra,
        }))

    # --8<-- [start:tasks]
    @app.task(bind=True, shared=False, name="demo.stamp")
    def stamp(self, key: str) -> None:
        """执行时把时间戳追加到列表 key。"""
        record(key, self)

    @app.task(bind=True, shared=False, name="demo.sleep")
    def sleep(self, seconds: float, key: str) -> None:
        """占住一个池进程 seconds 秒（模拟慢任务）。"""
        record(key, self, phase="start")
        time.sleep(seconds)
        record(key, self, phase="end")

    @app.task(bind=True, shared=False, name="demo.charge_once")
    def charge_once(self, order_id: str, key: str) -> bool:
        """幂等任务：同一 order_id 的副作用只做一次，重复投递的副本直接返回。"""
        record(f"{key}:runs", self)  # 每次被执行都记一笔，用来证明确实有重复投递
        first = store.set(f"dedup:charge:{order_id}", self.request.id, nx=True, ex=7 * 24 * 3600)
        if not first:
            return False
        store.incr(f"{key}:charged")  # 真正的副作用（扣款、发邮件……）
        return True
    # --8<-- [end:tasks]

    return app


# `celery -A snippets.celery.app worker` 找的就是这个模块级的 app
app = make_app(os.environ.get("MIANJING_BROKER_URL", "redis://127.0.0.1:6379/0"), settings_from_env())
