"""r1-16 / r2-19：用生成器（generator）当协程，在 selectors 上写一个几十行的调度器。

协程是一段能暂停、之后从暂停处继续执行的函数。生成器正好是这样的东西：执行到
``yield`` 就把控制权连同一个值交还给调用者，调用者之后用 ``send(value)`` 让它从
``yield`` 处继续。调度器就是那个调用者：任务 ``yield`` 出「我在等什么」，调度器
记下来，等条件满足了再 ``send`` 回去。

任务可以 yield 的请求：

- ``("read", sock)`` / ``("write", sock)``：等 sock 可读 / 可写（注册到 selectors）；
- ``("sleep", seconds)``：等一段时间（放进按到期时间排序的小顶堆）。

三个任务各睡 30、10、20 ms，按到期先后醒来，总耗时约等于最长的一个而不是三者之和：

>>> log = []
>>> sched = Scheduler()
>>> for name, delay in [("a", 0.03), ("b", 0.01), ("c", 0.02)]:
...     sched.spawn(sleeper(name, delay, log))
>>> elapsed = sched.run()
>>> log
['b', 'c', 'a']
>>> 0.03 <= elapsed < 0.055   # 串行要 0.06 s
True

一对 socket 上的回显：客户端发一条、等回复，服务端读一条、原样转大写写回，
两个任务在同一个线程里交替执行，全靠 selectors 告诉调度器谁能继续：

>>> a, b = socket.socketpair()
>>> replies = []
>>> sched = Scheduler()
>>> sched.spawn(echo_server(b, 3))
>>> sched.spawn(client(a, [b"ping", b"pong", b"bye"], replies))
>>> _ = sched.run()
>>> replies
[b'PING', b'PONG', b'BYE']
>>> sched.switches   # 2 个任务 ×（首次启动 + 6 次从 yield 处恢复）
14
>>> a.close(); b.close()
"""

from __future__ import annotations

import heapq
import selectors
import socket
import time
from collections import deque
from collections.abc import Generator

# --8<-- [start:scheduler]
Task = Generator[tuple, None, None]


class Scheduler:
    """单线程的协作式调度器：就绪队列 + 定时器堆 + selectors（Linux 上是 epoll）。"""

    def __init__(self) -> None:
        self.ready: deque[Task] = deque()                # 可以立刻继续的任务
        self.timers: list[tuple[float, int, Task]] = []  # (到期时间, 序号, 任务) 的小顶堆
        self.selector = selectors.DefaultSelector()
        self.seq = 0
        self.switches = 0

    def spawn(self, task: Task) -> None:
        self.ready.append(task)

    def run(self) -> float:
        start = time.monotonic()
        while self.ready or self.timers or self.selector.get_map():
            if not self.ready:  # 没有可运行的任务：阻塞在 select 上，最多等到最近的定时器到期
                timeout = max(0.0, self.timers[0][0] - time.monotonic()) if self.timers else None
                for key, _events in self.selector.select(timeout):
                    self.selector.unregister(key.fileobj)
                    self.ready.append(key.data)
                while self.timers and self.timers[0][0] <= time.monotonic():
                    self.ready.append(heapq.heappop(self.timers)[2])
                continue
            task = self.ready.popleft()
            self.switches += 1
            try:
                op, arg = task.send(None)  # 切换到任务，直到它下一次 yield
            except StopIteration:
                continue  # 任务结束
            if op == "sleep":
                self.seq += 1
                heapq.heappush(self.timers, (time.monotonic() + arg, self.seq, task))
            elif op == "read":
                self.selector.register(arg, selectors.EVENT_READ, task)
            elif op == "write":
                self.selector.register(arg, selectors.EVENT_WRITE, task)
            else:
                raise ValueError(f"unknown request {op!r}")
        return time.monotonic() - start
# --8<-- [end:scheduler]


# --8<-- [start:tasks]
def sleeper(name: str, delay: float, log: list) -> Task:
    yield "sleep", delay
    log.append(name)


def echo_server(sock: socket.socket, n: int) -> Task:
    sock.setblocking(False)
    for _ in range(n):
        yield "read", sock            # 等到可读，recv 才不会阻塞整个线程
        data = sock.recv(1024)
        yield "write", sock
        sock.send(data.upper())


def client(sock: socket.socket, messages: list[bytes], replies: list) -> Task:
    sock.setblocking(False)
    for m in messages:
        yield "write", sock
        sock.send(m)
        yield "read", sock
        replies.append(sock.recv(1024))
# --8<-- [end:tasks]
