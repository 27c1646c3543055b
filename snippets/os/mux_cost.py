"""select、poll、epoll 每次等待的代价随「被监视的空闲连接数」怎样增长（r1-15、r2-13）。

N 个空闲套接字加 1 个一直可读的套接字：每次调用都只有 1 个就绪，变的只是被监视的总数。
select 和 poll 每次调用都把整个集合交给内核，内核逐个调用每个文件的 poll 方法，是 O(N)；
epoll 的兴趣集合常驻内核，epoll_wait 只看就绪链表，是 O(就绪数)。

>>> with watched_sockets(3) as (fds, active):
...     [ready_fds(kind, fds) for kind in KINDS] == [[active]] * 3
True
>>> per_call_seconds("epoll", 10, calls=50) > 0
True
"""

from __future__ import annotations

import os
import resource
import select
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager

KINDS = ("select", "poll", "epoll")


# --8<-- [start:setup]
@contextmanager
def watched_sockets(n_idle: int) -> Iterator[tuple[list[int], int]]:
    """n_idle 个永远不会可读的套接字，加 1 个对端已写入 1 字节、始终可读的套接字。"""
    idle = [socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) for _ in range(n_idle)]
    active, peer = socket.socketpair()
    peer.send(b"x")  # 不去读它：active 一直处于可读状态（水平触发下每次都报告）
    try:
        yield [s.fileno() for s in idle] + [active.fileno()], active.fileno()
    finally:
        for s in (*idle, active, peer):
            s.close()
# --8<-- [end:setup]


# --8<-- [start:waiters]
def make_waiter(kind: str, fds: list[int]):
    """返回一个零超时等待一次、返回就绪 fd 列表的函数。注册（poll/epoll）只做一次。"""
    if kind == "select":
        return lambda: select.select(fds, [], [], 0)[0]  # 每次都把整个 fd_set 交给内核
    if kind == "poll":
        p = select.poll()
        for fd in fds:
            p.register(fd, select.POLLIN)
        return lambda: [fd for fd, _ in p.poll(0)]  # 每次都复制整个 pollfd 数组
    if kind == "epoll":
        ep = select.epoll()
        for fd in fds:
            ep.register(fd, select.EPOLLIN)  # epoll_ctl(ADD)：进入内核的红黑树，只做一次
        waiter = lambda: [fd for fd, _ in ep.poll(0)]  # noqa: E731  epoll_wait：只取就绪链表
        waiter.close = ep.close
        return waiter
    raise ValueError(kind)
# --8<-- [end:waiters]


def ready_fds(kind: str, fds: list[int]) -> list[int]:
    waiter = make_waiter(kind, fds)
    try:
        return waiter()
    finally:
        getattr(waiter, "close", lambda: None)()


# --8<-- [start:measure]
def per_call_seconds(kind: str, n_idle: int, calls: int = 300, rounds: int = 5) -> float:
    """n_idle 个空闲 + 1 个就绪时，一次零超时等待的耗时（取 rounds 轮里最快的一轮的均值）。"""
    with watched_sockets(n_idle) as (fds, active):
        waiter = make_waiter(kind, fds)
        try:
            assert waiter() == [active]
            best = float("inf")
            for _ in range(rounds):
                t0 = time.perf_counter()
                for _ in range(calls):
                    waiter()
                best = min(best, (time.perf_counter() - t0) / calls)
            return best
        finally:
            getattr(waiter, "close", lambda: None)()


def cost_table(sizes=(10, 100, 900)) -> dict[str, dict[int, float]]:
    """{kind: {n_idle: 微秒/次}}。select 只能用 fd < 1024，所以最大规模取 900。"""
    return {kind: {n: per_call_seconds(kind, n) * 1e6 for n in sizes} for kind in KINDS}
# --8<-- [end:measure]


# --8<-- [start:high_fd]
@contextmanager
def descriptor_numbered(target: int) -> Iterator[int]:
    """把一个套接字 dup2 到编号 target 上（必要时在硬上限之内调高 RLIMIT_NOFILE 的软上限）。"""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft <= target:
        if hard != resource.RLIM_INFINITY and hard <= target:
            raise OSError(f"RLIMIT_NOFILE hard limit {hard} is too low for fd {target}")
        resource.setrlimit(resource.RLIMIT_NOFILE, (target + 1, hard))
    a, b = socket.socketpair()
    try:
        fd = os.dup2(a.fileno(), target)
        b.send(b"x")  # 让它可读
        try:
            yield fd
        finally:
            os.close(fd)
    finally:
        a.close()
        b.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def which_can_watch(fd: int) -> dict[str, str]:
    """对编号为 fd 的可读描述符分别试 select、poll、epoll：返回每种的结果或异常。"""
    out = {}
    for kind in KINDS:
        try:
            out[kind] = f"ready {ready_fds(kind, [fd])}"
        except ValueError as e:
            out[kind] = f"ValueError: {e}"
    return out
# --8<-- [end:high_fd]


if __name__ == "__main__":  # 页面上的表格就是这样生成的
    import platform
    print(platform.platform(), platform.python_version(), os.cpu_count(), "CPU")
    table = cost_table()
    print("| 空闲连接数 | " + " | ".join(KINDS) + " |")
    for n in table["select"]:
        print(f"| {n} | " + " | ".join(f"{table[k][n]:.1f}" for k in KINDS) + " |")
    with descriptor_numbered(1500) as fd:
        print(which_can_watch(fd))
