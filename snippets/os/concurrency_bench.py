"""infra-09：同一批任务分别用串行、线程池、进程池、asyncio 跑，CPU 密集与 I/O 密集各一组。

- CPU 密集：纯 Python 的试除法数素数，整个过程都在执行字节码、一直持有 GIL；
- I/O 密集：每个任务等待一段时间。线程和进程里是 ``time.sleep``，asyncio 里是
  ``asyncio.sleep``；另有一组真的在 socket 上等待对端回复（``socket_wait``）。
  等待期间线程不执行字节码，CPython 在阻塞调用前释放 GIL。

返回值是墙钟秒数和各任务结果（核对所有方式算出来的一样）。

>>> r = run_cpu("serial", jobs=4, size=2_000)
>>> r.results
[303, 303, 303, 303]
>>> run_cpu("threads", jobs=4, size=2_000, workers=2).results == r.results
True
>>> run_cpu("processes", jobs=4, size=2_000, workers=2).results == r.results
True
>>> io = {m: run_io(m, jobs=10, delay=0.02) for m in ("serial", "threads", "asyncio")}
>>> io["serial"].seconds > 0.2, io["threads"].seconds < 0.1, io["asyncio"].seconds < 0.1
(True, True, True)
>>> run_io("threads", jobs=4, delay=0.02, kind="socket").results
[b'ok', b'ok', b'ok', b'ok']
"""

from __future__ import annotations

import asyncio
import os
import socket
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass


@dataclass(frozen=True)
class Run:
    mode: str
    workers: int
    jobs: int
    seconds: float
    cpu_seconds: float  # 本进程（含已回收的子进程）用掉的 CPU 时间
    results: list


# --8<-- [start:cpu]
def count_primes(limit: int) -> int:
    """CPU 密集：试除法数 [2, limit) 里的素数，全是 Python 字节码。"""
    count = 0
    for n in range(2, limit):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def run_cpu(mode: str, jobs: int, size: int, workers: int = 2) -> Run:
    """jobs 个同样大小的任务；线程池 / 进程池先把 worker 启动好，启动时间不计入。"""
    args = [size] * jobs
    if mode in ("threads", "processes"):
        pool = ThreadPoolExecutor if mode == "threads" else ProcessPoolExecutor
        with pool(workers) as ex:
            list(ex.map(_noop, range(workers)))
            t0, c0 = time.perf_counter(), _cpu()
            results = list(ex.map(count_primes, args))
            seconds = time.perf_counter() - t0
        cpu = _cpu() - c0  # 进程池的子进程在 with 结束时被回收，它们的 CPU 时间这时才计入
        return Run(mode, workers, jobs, seconds, cpu, results)
    t0, c0 = time.perf_counter(), _cpu()
    if mode == "serial":
        results = [count_primes(a) for a in args]
    elif mode == "asyncio":  # 协程不会让 CPU 密集代码变快：没有 await，就没有让出
        async def main():
            async def one(a):
                return count_primes(a)
            return await asyncio.gather(*(one(a) for a in args))
        results = run_async(main())
    else:
        raise ValueError(mode)
    return Run(mode, 1, jobs, time.perf_counter() - t0, _cpu() - c0, list(results))


def _noop(x):
    return x
# --8<-- [end:cpu]


def run_async(coro):
    """asyncio.run；若当前线程已有运行中的事件循环（如 Jupyter 内核），改到一个新线程里跑。"""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor
    with ThreadPoolExecutor(1) as ex:
        return ex.submit(asyncio.run, coro).result()


def _cpu() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


# --8<-- [start:io]
def wait_sleep(delay: float) -> str:
    time.sleep(delay)  # 阻塞系统调用：这期间 GIL 是释放的
    return "ok"


def wait_socket(args: tuple[int, float]) -> bytes:
    """连到本地服务，它 delay 秒后才回复：线程阻塞在 recv 上。"""
    port, delay = args
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(f"{delay}\n".encode())
        return s.recv(16)


async def await_sleep(delay: float) -> str:
    await asyncio.sleep(delay)
    return "ok"


async def await_socket(port: int, delay: float) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"{delay}\n".encode())
    data = await reader.read(16)
    writer.close()
    await writer.wait_closed()
    return data


def run_io(mode: str, jobs: int, delay: float, workers: int | None = None, kind: str = "sleep") -> Run:
    workers = workers or jobs
    with SlowServer() if kind == "socket" else _nothing() as server:
        blocking = wait_sleep if kind == "sleep" else wait_socket
        args = [delay if kind == "sleep" else (server.port, delay)] * jobs
        t0, c0 = time.perf_counter(), _cpu()
        if mode == "serial":
            results = [blocking(a) for a in args]
        elif mode == "threads":
            with ThreadPoolExecutor(workers) as ex:
                results = list(ex.map(blocking, args))
        elif mode == "processes":
            with ProcessPoolExecutor(min(workers, 2 * (os.cpu_count() or 1))) as ex:
                results = list(ex.map(blocking, args))
        elif mode == "asyncio":
            async def main():
                if kind == "sleep":
                    return await asyncio.gather(*(await_sleep(delay) for _ in range(jobs)))
                return await asyncio.gather(*(await_socket(server.port, delay) for _ in range(jobs)))
            results = run_async(main())
        else:
            raise ValueError(mode)
        seconds = time.perf_counter() - t0
    return Run(mode, 1 if mode in ("serial", "asyncio") else workers, jobs, seconds, _cpu() - c0, list(results))
# --8<-- [end:io]


class _nothing:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


class SlowServer:
    """本地 TCP 服务：每个连接读一行「秒数」，等那么久再回 b'ok'（每个连接一个线程）。"""

    def __enter__(self) -> SlowServer:
        self.sock = socket.create_server(("127.0.0.1", 0), backlog=128)
        self.port = self.sock.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        return self

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._reply, args=(conn,), daemon=True).start()

    @staticmethod
    def _reply(conn: socket.socket) -> None:
        with conn:
            line = conn.makefile().readline()
            time.sleep(float(line))
            conn.sendall(b"ok")

    def __exit__(self, *exc) -> bool:
        self.sock.close()
        return False
