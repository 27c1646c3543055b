"""从外面观察 Celery + Redis：broker 里消息在哪、任务何时执行、执行了几次。

kombu 的 Redis 传输（kombu/transport/redis.py）用三个键模拟 AMQP 的确认：

- 队列本身是一个列表，键名就是队列名（默认 ``celery``），worker 用 BRPOP 取消息；
- 取走而未确认的消息整条存进哈希 ``unacked``（字段是 delivery tag）；
- 同时把 delivery tag 以「取走时刻」为分数写进有序集合 ``unacked_index``，
  超过可见性超时的条目由 ``restore_visible`` 放回队列。

>>> where({"queue": 0, "unacked": 2, "unacked_index": 2})
'worker'
>>> where({"queue": 1, "unacked": 0, "unacked_index": 0})
'queue'
>>> lateness([{"t": 105.5, "eta": None}], 100.0)
[5.5]
"""

from __future__ import annotations

import json
from datetime import datetime


# --8<-- [start:broker_state]
def broker_state(r, queue: str = "celery") -> dict[str, int]:
    """Redis 里此刻各处有几条消息：排队中的、已被 worker 取走但还没 ack 的。"""
    return {
        "queue": r.llen(queue),                   # 还在队列里，没有 worker 拿走
        "unacked": r.hlen("unacked"),             # 已投递给某个 worker、尚未确认（整条消息）
        "unacked_index": r.zcard("unacked_index"),  # 同上，分数是投递时刻，供超时回收用
    }


def where(state: dict[str, int]) -> str:
    """消息此刻在哪一边等待。"""
    if state["queue"] and not state["unacked"]:
        return "queue"
    if state["unacked"] and not state["queue"]:
        return "worker"
    return "both" if state["queue"] else "nowhere"
# --8<-- [end:broker_state]


# --8<-- [start:runs]
def runs(r, key: str) -> list[dict]:
    """任务写下的执行记录（每次执行一条）。"""
    return [json.loads(x) for x in r.lrange(key, 0, -1)]


def eta_of(row: dict) -> float:
    """任务消息里的 ETA（ISO 8601，带时区）转成 Unix 时间戳。"""
    return datetime.fromisoformat(row["eta"]).timestamp()


def lateness(rows: list[dict], due: float) -> list[float]:
    """每次执行比应执行时刻 due 晚了几秒。"""
    return [round(row["t"] - due, 3) for row in rows]
# --8<-- [end:runs]


def scheduled(app, worker: str) -> list[dict]:
    """worker 内存里按 ETA 排着的任务（``celery inspect scheduled``）。"""
    return (app.control.inspect(destination=[worker], timeout=2.0).scheduled() or {}).get(worker, [])


def reserved(app, worker: str) -> list[dict]:
    """worker 已取到、到期待执行但还没进池子的任务（``celery inspect reserved``）。"""
    return (app.control.inspect(destination=[worker], timeout=2.0).reserved() or {}).get(worker, [])
