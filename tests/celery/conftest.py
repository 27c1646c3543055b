"""Celery 测试共用的东西：每个测试一个新的 redis-server 作 broker，一个只发消息的生产者应用。

worker 由 mianjing.servers.celery_worker 启动（真实的 ``celery worker`` 进程，默认 prefork 池），
它的设置（可见性超时、预取倍数、acks_late）通过环境变量交给 snippets/celery/app.py。
"""

from __future__ import annotations

import time

import pytest

from snippets.celery.app import make_app

APP = "snippets.celery.app"


@pytest.fixture
def broker(fresh_redis):
    """(redis 服务器, 客户端)；每个测试独占，互不干扰。"""
    return fresh_redis, fresh_redis.client()


@pytest.fixture
def producer(broker):
    """测试进程这一侧的 Celery 应用：只用来发任务和 inspect，设置全用默认值。"""
    server, _ = broker
    app = make_app(server.url)
    yield app
    app.close()


def wait_for(check, timeout: float, step: float = 0.1):
    """轮询直到 check() 为真（返回其值）；超时返回最后一次的值。"""
    deadline = time.monotonic() + timeout
    value = check()
    while not value and time.monotonic() < deadline:
        time.sleep(step)
        value = check()
    return value
