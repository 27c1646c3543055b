"""r1-16 / r2-19：生成器调度器真的在一个线程里并发处理多个连接；asyncio 得到同样的结果；
协程不绑定线程；无栈（生成器）与有栈（greenlet）的区别；协程切换比线程切换便宜多少。"""

import asyncio
import socket
import threading

import pytest

from snippets.os.coroutines import Scheduler, client, echo_server, sleeper
from snippets.os.coroutines_asyncio import echo_demo, sleep_demo
from snippets.os.coroutines_switch import generator_bytes, have_greenlet, measure


# --8<-- [start:many]
def test_one_thread_serves_many_connections():
    pairs = [socket.socketpair() for _ in range(50)]
    replies = [[] for _ in pairs]
    sched = Scheduler()
    for (a, b), out in zip(pairs, replies, strict=True):
        sched.spawn(echo_server(b, 3))
        sched.spawn(client(a, [b"x", b"y", b"z"], out))
    threads_before = threading.active_count()
    sched.run()
    assert replies == [[b"X", b"Y", b"Z"]] * 50
    assert threading.active_count() == threads_before  # 没有开任何线程
    for a, b in pairs:
        a.close()
        b.close()
# --8<-- [end:many]


def test_sleeps_overlap_in_the_generator_scheduler_and_in_asyncio():
    log = []
    sched = Scheduler()
    for i in range(20):
        sched.spawn(sleeper(i, 0.05, log))
    assert sched.run() < 0.5          # 20 × 0.05 s 串行要 1 s
    assert sorted(log) == list(range(20))
    order, elapsed = asyncio.run(sleep_demo({str(i): 0.05 for i in range(20)}))
    assert elapsed < 0.5 and len(order) == 20


def test_asyncio_echo_matches_the_generator_scheduler():
    a, b = socket.socketpair()
    mine = []
    sched = Scheduler()
    sched.spawn(echo_server(b, 2))
    sched.spawn(client(a, [b"ping", b"pong"], mine))
    sched.run()
    a.close()
    b.close()
    assert asyncio.run(echo_demo([b"ping", b"pong"])) == mine == [b"PING", b"PONG"]


# --8<-- [start:threads]
def test_a_coroutine_is_not_tied_to_one_thread():
    """同一个生成器，第一段在线程 A 里执行，挂起后在线程 B 里恢复：协程的状态在堆上的对象里，不在某个线程的栈上。"""
    def steps():
        first = threading.current_thread().name
        yield
        yield first, threading.current_thread().name

    g = steps()
    box = []
    a = threading.Thread(target=next, args=(g,), name="A")
    b = threading.Thread(target=lambda: box.append(next(g)), name="B")
    a.start()
    a.join()
    b.start()
    b.join()
    assert box == [("A", "B")]
# --8<-- [end:threads]


# --8<-- [start:stackless]
def test_stackless_generator_cannot_yield_from_a_nested_plain_call():
    """无栈协程只能在自己这一层帧里挂起：普通函数里的 yield 让那个函数也变成生成器，外层得 yield from 一路转交。"""
    def helper():
        yield "inner"             # 这让 helper 本身成了生成器函数

    def wrong():
        helper()                  # 只创建了一个生成器对象，没有执行、也没有挂起外层
        yield "outer"

    def right():
        yield from helper()       # PEP 380：逐层转交
        yield "outer"

    assert list(wrong()) == ["outer"]
    assert list(right()) == ["inner", "outer"]


def test_stackful_greenlet_switches_from_deep_inside_plain_calls():
    """有栈协程（greenlet）：在任意深度的普通函数调用里都能切走，回来时整条调用栈原样还在。"""
    if not have_greenlet():
        pytest.skip("greenlet not installed")
    from greenlet import greenlet

    main = greenlet.getcurrent()

    def depth(n):                 # 普通递归函数，里面没有 yield / await
        if n == 0:
            return main.switch("suspended at depth 0")
        return depth(n - 1) + 1

    g = greenlet(lambda: depth(50))
    assert g.switch() == "suspended at depth 0"   # 从 50 层普通调用的最深处切回来
    assert g.switch(0) == 50                       # 再切进去，50 层栈帧依次返回
# --8<-- [end:stackless]


# --8<-- [start:switch]
def test_coroutine_switch_is_much_cheaper_than_a_thread_switch(receipt):
    """「协程切换开销小」要分情况：生成器、greenlet 的切换远比线程交接便宜，asyncio 的一次让出却要走一圈
    事件循环，和线程交接是同一数量级。若 asyncio 的切换也像生成器那样「小」（比线程便宜 20 倍以上），
    最后一条断言失败。"""
    gen = measure("generator", n=20_000)
    thread = measure("thread", n=2_000)
    aio = measure("asyncio", n=5_000)
    kinds = {"generator": gen, "asyncio": aio, "thread": thread}
    if have_greenlet():
        kinds["greenlet"] = measure("greenlet", n=20_000)
    for kind, ns in kinds.items():
        receipt(f"os.switch.{kind}_ns", ns, "ns", versions=["python", "kernel"])
        if kind != "thread":
            receipt(f"os.switch.thread_over_{kind}", thread / ns, "倍", versions=["python", "kernel"])
    assert gen * 20 < thread      # 生成器：一次帧切换，远比线程交接便宜
    if "greenlet" in kinds:
        assert kinds["greenlet"] * 5 < thread
    assert gen * 10 < aio         # asyncio 每次让出都要回到事件循环（每一圈一次 selector.select）
    assert thread < 30 * aio      # …所以它和线程交接差不了几倍，不是「切换开销小」
# --8<-- [end:switch]


def test_a_suspended_generator_is_a_few_hundred_bytes():
    assert generator_bytes(5_000) < 1_000   # 线程栈默认按 RLIMIT_STACK（常见 8 MiB）预留虚拟地址


# --8<-- [start:blocking]
def test_a_blocking_call_inside_a_coroutine_stalls_the_whole_loop():
    """协程只在 await 处让出。某个协程里调用阻塞的 time.sleep，同一事件循环里的其他协程全都等着。"""
    import time

    async def main(blocking):
        woke = []
        start = time.monotonic()

        async def quick():
            await asyncio.sleep(0.01)
            woke.append(time.monotonic() - start)

        async def slow():
            if blocking:
                time.sleep(0.2)             # 阻塞整个线程，事件循环转不动
            else:
                await asyncio.sleep(0.2)    # 把等待交给事件循环

        await asyncio.gather(quick(), slow())
        return woke[0]

    assert asyncio.run(main(blocking=True)) >= 0.2    # 本该 10 ms 后醒来，被拖到 200 ms 之后
    assert asyncio.run(main(blocking=False)) < 0.15
# --8<-- [end:blocking]
