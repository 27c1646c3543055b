"""水平触发（LT）与边缘触发（ET）在真实内核上的差别（r2-14）。

>>> level_vs_edge()
{'LT': [True, True, True], 'ET': [True, False, False], 'ET+新数据': True}
>>> drain(*_pair_with(b"abc" * 10))
(30, 'BlockingIOError')
>>> oneshot_reports()
[True, False, True]
>>> starvation_demo(budget=None)["quiet"]     # 读到 EAGAIN 才换人：闲连接饿死
0
>>> starvation_demo(budget=4)["quiet"]        # 每次唤醒限额读 4 次：闲连接也被服务
10
"""

from __future__ import annotations

import contextlib
import select
import socket
from collections import deque


def _pair_with(data: bytes) -> tuple[socket.socket, socket.socket]:
    a, b = socket.socketpair()
    a.setblocking(False)
    b.sendall(data)
    return a, b


# --8<-- [start:lt_et]
def reported(ep: select.epoll, fd: int) -> bool:
    """零超时 epoll_wait 一次：fd 是否在本次返回的就绪事件里。"""
    return any(f == fd for f, _ in ep.poll(0))


def level_vs_edge() -> dict:
    out = {}
    for name, flags in (("LT", select.EPOLLIN), ("ET", select.EPOLLIN | select.EPOLLET)):
        a, b = socket.socketpair()
        ep = select.epoll()
        ep.register(a.fileno(), flags)
        b.send(b"hello world")
        first = reported(ep, a.fileno())
        a.recv(5)  # 只读走一部分：缓冲区里还剩 6 字节
        out[name] = [first, reported(ep, a.fileno()), reported(ep, a.fileno())]
        if name == "ET":
            b.send(b"!")  # 新数据到达：又一次「边缘」
            out["ET+新数据"] = reported(ep, a.fileno())
        for x in (ep, a, b):
            x.close()
    return out
# --8<-- [end:lt_et]


# --8<-- [start:drain]
def drain(sock: socket.socket, peer: socket.socket | None = None, chunk: int = 4) -> tuple[int, str]:
    """ET 的正确读法：非阻塞套接字上一直读，直到 EAGAIN（Python 里是 BlockingIOError）。"""
    total = 0
    try:
        while True:
            data = sock.recv(chunk)
            if not data:  # 对端关闭（EOF）
                return total, "EOF"
            total += len(data)
    except BlockingIOError:  # EAGAIN/EWOULDBLOCK：内核缓冲区读空了，可以回去等下一次边缘
        return total, "BlockingIOError"
    finally:
        sock.close()
        if peer is not None:
            peer.close()
# --8<-- [end:drain]


def oneshot_reports() -> list[bool]:
    """EPOLLONESHOT：报告一次后该 fd 被禁用，直到 EPOLL_CTL_MOD 重新武装。"""
    a, b = socket.socketpair()
    ep = select.epoll()
    ep.register(a.fileno(), select.EPOLLIN | select.EPOLLONESHOT)
    b.send(b"x")
    first = reported(ep, a.fileno())
    b.send(b"y")
    second = reported(ep, a.fileno())  # 有新数据也不报告：已被禁用
    ep.modify(a.fileno(), select.EPOLLIN | select.EPOLLONESHOT)
    third = reported(ep, a.fileno())
    for x in (ep, a, b):
        x.close()
    return [first, second, third]


# --8<-- [start:fair]
def serve(ep: select.epoll, socks: dict[int, socket.socket], budget: int | None,
          on_read=lambda fd: None, rounds: int = 3, give_up: int = 1 << 20) -> dict[int, int]:
    """ET 事件循环跑 rounds 轮，返回每个 fd 读到的字节数。

    budget=None：每个 fd 都读到 EAGAIN 才去处理下一个。对端写得比我们读得快时这个 fd 永远
    读不完，排在它后面的 fd 就饿死（读到 give_up 字节时放弃，返回结果）。
    budget=k：每个 fd 每轮最多读 k 次；没读完的留在程序自己的就绪队列里，下一轮接着读。
    ET 不会再提醒「还有数据」，所以「没读完」必须由程序自己记住。
    """
    got = dict.fromkeys(socks, 0)
    pending: deque[int] = deque()
    for _ in range(rounds):
        for fd, _ in ep.poll(0):
            if fd not in pending:
                pending.append(fd)
        for _ in range(len(pending)):
            fd = pending.popleft()
            reads = 0
            while budget is None or reads < budget:
                try:
                    data = socks[fd].recv(1024)
                except BlockingIOError:
                    break  # 读空了：等下一次边缘
                got[fd] += len(data)
                reads += 1
                on_read(fd)
                if got[fd] >= give_up:
                    return got
            else:
                pending.append(fd)  # 预算用完、还没读空：排到队尾，下一轮继续
    return got


def starvation_demo(budget: int | None) -> dict[str, int]:
    """同一个 ET epoll 里一个忙连接（发送方读多少补多少）和一个闲连接（只有 10 字节）。"""
    busy, busy_peer = socket.socketpair()
    quiet, quiet_peer = socket.socketpair()
    for s in (busy, quiet, busy_peer):
        s.setblocking(False)

    def keep_sending(fd: int) -> None:  # 模拟一个比我们更快的发送方
        if fd == busy.fileno():
            with contextlib.suppress(BlockingIOError):
                busy_peer.send(b"b" * 1024)

    for _ in range(16):
        keep_sending(busy.fileno())
    quiet_peer.send(b"q" * 10)  # 闲连接的数据后到：在就绪链表里排在忙连接之后
    ep = select.epoll()
    for s in (busy, quiet):
        ep.register(s.fileno(), select.EPOLLIN | select.EPOLLET)
    try:
        got = serve(ep, {busy.fileno(): busy, quiet.fileno(): quiet}, budget, keep_sending)
        return {"busy": got[busy.fileno()], "quiet": got[quiet.fileno()]}
    finally:
        ep.close()
        for s in (busy, busy_peer, quiet, quiet_peer):
            s.close()
# --8<-- [end:fair]
