"""发送延迟任务的两种写法：countdown（几秒后）与 eta（某个时刻之后）。

两者在发送端就统一成消息头里的 ``eta``（ISO 8601、带时区）；countdown 不进消息。
这里不连 broker，只用 ``app.amqp.as_task_v2`` 构造将要发出的消息，看它的头：

>>> from snippets.celery.app import make_app
>>> app = make_app("redis://127.0.0.1:1/0")
>>> now = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)
>>> headers = message_headers(app, countdown=30, now=now)
>>> headers["eta"], "countdown" in headers
('2026-01-01T08:00:30+00:00', False)
>>> message_headers(app, eta=now + timedelta(hours=1), now=now)["eta"]
'2026-01-01T09:00:00+00:00'
>>> message_headers(app, now=now)["eta"] is None
True

两个都给时，countdown 算出的 eta 覆盖传入的 eta：

>>> message_headers(app, countdown=30, eta=now + timedelta(hours=1), now=now)["eta"]
'2026-01-01T08:00:30+00:00'
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


# --8<-- [start:send]
def send_examples(app, order_id: str) -> list:
    """三种发法；返回 AsyncResult 列表（需要一个可用的 broker）。"""
    stamp = app.tasks["demo.stamp"]
    return [
        stamp.apply_async(args=[f"order:{order_id}"], countdown=30),  # 30 秒后（不早于）
        stamp.apply_async(args=[f"order:{order_id}"],
                          eta=datetime.now(UTC) + timedelta(minutes=5)),  # 带时区的时刻
        stamp.apply_async(args=[f"order:{order_id}"], countdown=60,
                          expires=120),  # 发出 120 秒后还没开始执行就作废（worker 不再执行它）
    ]
# --8<-- [end:send]


def message_headers(app, countdown=None, eta=None, now: datetime | None = None) -> dict:
    """将要发出的 demo.stamp 消息的头（协议 2）；now 固定住「当前时间」以便复现。"""
    msg = app.amqp.as_task_v2("t-1", "demo.stamp", args=("k",), countdown=countdown, eta=eta, now=now)
    return msg.headers
