"""r1-16 / r2-19：协程切换与线程切换各花多少时间，量出来。

同一个「乒乓」：两个执行体轮流把一个计数器交给对方，来回一次算 2 次切换。

- generator：``send`` 进生成器、它 ``yield`` 回来——纯用户态，一次普通的函数级跳转；
- greenlet：有栈协程（stackful），``switch()`` 时把 C 栈的一段拷出 / 拷回；
- asyncio：两个 Task 各自 ``await asyncio.sleep(0)``，每次让出都要经过事件循环；
- thread：两个线程用两把 ``threading.Lock`` 当二值信号量互相唤醒：每次交接是一次
  futex 唤醒 + 内核调度 + 抢 GIL。

结果只看倍数。计时照 timeit 的做法关掉 gc，取 repeat 次中最快的一次。

>>> r = measure_all(n=2000, repeat=1)
>>> sorted(r) == sorted(KINDS) or sorted(r) == sorted(k for k in KINDS if k != "greenlet")
True
>>> all(v > 0 for v in r.values())
True
>>> 50 < generator_bytes(1000) < 2000   # 一个挂起的生成器对象（含帧）只有几百字节
True
"""

from __future__ import annotations

import asyncio
import gc
import threading
import time
import tracemalloc

from snippets.os.concurrency_bench import run_async

KINDS = ("generator", "greenlet", "asyncio", "thread")


def _timed(fn, n: int, repeat: int) -> float:
    """fn(n) 做 n 个来回；返回每次切换的纳秒数（一个来回 = 2 次切换），repeat 次取最快。"""
    best = float("inf")
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(repeat):
            t0 = time.perf_counter_ns()
            fn(n)
            best = min(best, time.perf_counter_ns() - t0)
    finally:
        if was_enabled:
            gc.enable()
    return best / (2 * n)


# --8<-- [start:pingpong]
def generator_pingpong(n: int) -> int:
    def pong():
        x = yield
        while True:
            x = yield x + 1          # 收到球，加一，交回去

    p = pong()
    next(p)
    x = 0
    for _ in range(n):
        x = p.send(x)                # 切进 pong，等它 yield 回来
    return x


def greenlet_pingpong(n: int) -> int:
    from greenlet import greenlet

    def pong(x):
        while True:
            x = main.switch(x + 1)

    main = greenlet.getcurrent()
    g = greenlet(pong)
    x = 0
    for _ in range(n):
        x = g.switch(x)
    return x


def asyncio_pingpong(n: int) -> int:
    async def player(k: int) -> int:
        for _ in range(k):
            await asyncio.sleep(0)   # 让出：回到事件循环，轮到另一个 Task
        return k

    async def main() -> int:
        a, b = await asyncio.gather(player(n), player(n))
        return a + b

    return run_async(main())


def thread_pingpong(n: int) -> int:
    ping, pong = threading.Lock(), threading.Lock()
    ping.acquire()
    pong.acquire()                   # 两把锁都先锁上，当作计数为 0 的信号量
    box = [0]

    def other():
        for _ in range(n):
            pong.acquire()           # 睡到对方交球
            box[0] += 1
            ping.release()           # 唤醒对方

    t = threading.Thread(target=other)
    t.start()
    for _ in range(n):
        pong.release()
        ping.acquire()
    t.join()
    return box[0]
# --8<-- [end:pingpong]


PINGPONG = {"generator": generator_pingpong, "greenlet": greenlet_pingpong,
            "asyncio": asyncio_pingpong, "thread": thread_pingpong}


def have_greenlet() -> bool:
    try:
        import greenlet  # noqa: F401
    except ImportError:
        return False
    return True


def measure(kind: str, n: int = 20_000, repeat: int = 3) -> float:
    """每次切换的纳秒数。"""
    return _timed(PINGPONG[kind], n, repeat)


def measure_all(n: int = 20_000, repeat: int = 3) -> dict[str, float]:
    kinds = [k for k in KINDS if k != "greenlet" or have_greenlet()]
    return {k: measure(k, n if k != "thread" else max(n // 10, 100), repeat) for k in kinds}


def generator_bytes(count: int = 10_000) -> float:
    """挂起在 yield 上的生成器，每个占多少字节（tracemalloc 统计的 Python 堆分配）。"""
    def g():
        yield

    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        gens = [g() for _ in range(count)]
        for x in gens:
            next(x)
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    list_overhead = 8 * count  # 存放它们的 list 每项一个指针
    return (after - before - list_overhead) / count
