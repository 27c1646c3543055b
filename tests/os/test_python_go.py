"""infra-09：Python 的线程、进程、asyncio 在 CPU 密集与 I/O 密集任务上的表现，以及 Go 的 worker pool。

计时只断言倍数。CPU 密集的并行加速需要空闲的核：2 核共享机器上别的进程把核占满时，
进程池也快不起来——这时（非 CI）跳过并打印负载，CI 下照常失败。
"""

import os
import sys
import sysconfig
import threading
from pathlib import Path

import pytest

from mianjing import servers
from snippets.os import concurrency_go
from snippets.os.concurrency_bench import count_primes, run_cpu, run_io
from tests.conftest import IN_CI, unavailable

JOBS, SIZE = 4, 40_000


def test_this_interpreter_has_a_gil():
    """本页的测量跑在带 GIL 的 CPython（3.11）上；自由线程构建会把 Py_GIL_DISABLED 设为 1（3.13 起）。"""
    assert not sysconfig.get_config_var("Py_GIL_DISABLED")
    assert getattr(sys, "_is_gil_enabled", lambda: True)()  # 3.13 起才有这个函数


def test_cpu_bound_threads_use_at_most_one_core():
    """有 GIL 时，再多线程也只能同时有一个在执行字节码：整个进程的 CPU 时间不超过墙钟时间。"""
    serial = run_cpu("serial", JOBS, SIZE)
    threads = run_cpu("threads", JOBS, SIZE, workers=4)
    assert threads.results == serial.results
    assert threads.cpu_seconds < 1.2 * threads.seconds + 0.05  # 平均用了不到 1.2 个核


# --8<-- [start:cpu]
def test_cpu_bound_processes_speed_up_threads_do_not(receipt):
    attempts = []
    for _ in range(3):  # 共享机器上计时有噪声：三次里有一次满足即可
        serial = run_cpu("serial", JOBS, SIZE)
        threads = run_cpu("threads", JOBS, SIZE, workers=2)
        procs = run_cpu("processes", JOBS, SIZE, workers=2)
        attempts.append((serial.seconds, threads.seconds, procs.seconds))
        # 线程：GIL 下没有加速（本机实测约 1.0 倍）；进程：各有各的解释器和 GIL（本机空闲时约 1.9 倍）
        if threads.seconds > 0.75 * serial.seconds and procs.seconds < 0.75 * threads.seconds:
            for name, run in (("serial", serial), ("threads2", threads), ("processes2", procs)):
                receipt(f"os.gil.cpu.{name}_s", run.seconds, "s", versions=["python", "kernel"])
            receipt("os.gil.cpu.threads_speedup", serial.seconds / threads.seconds, "倍", versions=["python", "kernel"])
            receipt("os.gil.cpu.processes_speedup", serial.seconds / procs.seconds, "倍", versions=["python", "kernel"])
            return
    load = os.getloadavg()[0]
    message = f"no parallel speed-up measured (serial, threads, processes seconds: {attempts}; load {load:.1f})"
    if not IN_CI and load > (os.cpu_count() or 1):
        pytest.skip(f"CPU cores busy with other work: {message}")
    pytest.fail(message)
# --8<-- [end:cpu]


# --8<-- [start:io]
@pytest.mark.parametrize("kind", ["sleep", "socket"])
def test_io_bound_threads_and_asyncio_overlap_the_waits(kind, receipt):
    jobs, delay = 10, 0.05
    serial = run_io("serial", jobs, delay, kind=kind)
    threads = run_io("threads", jobs, delay, kind=kind)
    aio = run_io("asyncio", jobs, delay, kind=kind)
    for name, run in (("serial", serial), ("threads", threads), ("asyncio", aio)):
        receipt(f"os.gil.io.{kind}.{name}_s", run.seconds, "s", versions=["python", "kernel"])
    assert serial.results == threads.results == aio.results
    assert serial.seconds >= jobs * delay             # 串行：等待一个接一个，至少 0.5 s
    assert threads.seconds < 0.6 * serial.seconds     # 线程：阻塞时释放 GIL，等待互相重叠（完全不重叠则 ≥ 1.0）
    assert aio.seconds < 0.6 * serial.seconds         # asyncio：一个线程，事件循环里同时挂着 10 个等待
# --8<-- [end:io]


def test_asyncio_gives_no_speed_up_on_cpu_bound_work():
    serial = run_cpu("serial", 2, 10_000)
    aio = run_cpu("asyncio", 2, 10_000)
    assert aio.results == serial.results
    assert aio.cpu_seconds < 1.2 * aio.seconds + 0.05  # 一个线程，从不让出


def test_blocked_threads_do_not_hold_the_gil():
    """一个线程在 sleep（阻塞调用前释放 GIL），另一个线程照样能把 CPU 密集的活干完。"""
    done = threading.Event()
    t = threading.Thread(target=lambda: (done.wait(5), None))
    t.start()
    try:
        assert count_primes(5_000) == 669
    finally:
        done.set()
        t.join()


@pytest.fixture(scope="module")
def go_binary(tmp_path_factory):
    try:
        return concurrency_go.build(tmp_path_factory.mktemp("go"))
    except servers.ServerUnavailable as exc:
        unavailable(str(exc))


def sieve_count(limit):
    flags = bytearray([1]) * limit
    flags[0:2] = b"\x00\x00"
    for i in range(2, int(limit**0.5) + 1):
        if flags[i]:
            flags[i * i::i] = bytes(len(range(i * i, limit, i)))
    return sum(flags)


# --8<-- [start:go]
def test_go_worker_pool_output_is_deterministic_and_correct(go_binary):
    run = concurrency_go.run(go_binary, gomaxprocs=2)
    expected = [f"job {j}: primes below {j * 100_000} = {sieve_count(j * 100_000)}" for j in range(1, 9)]
    assert run.lines == expected              # 结果按任务编号排序后打印，与调度顺序无关
    assert run.gomaxprocs == 2 and run.num_cpu == len(os.sched_getaffinity(0))  # NumCPU 看的是 CPU 亲和性掩码


def test_goroutines_run_on_several_os_threads(go_binary):
    """goroutine 不绑定在一个线程上：GOMAXPROCS=2 时两个 P 各配一个 M，4 个 worker 至少用到 2 个 OS 线程。"""
    assert concurrency_go.run(go_binary, gomaxprocs=2).worker_threads >= 2


def test_gomaxprocs_1_caps_go_code_at_one_core(go_binary):
    run = concurrency_go.run(go_binary, gomaxprocs=1)
    assert run.gomaxprocs == 1
    assert run.cores_used < 1.3   # 只有一个 P：同一时刻最多一个 M 在执行 Go 代码
# --8<-- [end:go]


def cgroup_cpu_limited():
    """cgroup v2 的 cpu.max 或 v1 的 cpu.cfs_quota_us 设了 CPU 限额。"""
    v2, v1 = Path("/sys/fs/cgroup/cpu.max"), Path("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")
    if v2.is_file():
        return v2.read_text().split()[0] != "max"
    return v1.is_file() and v1.read_text().strip() != "-1"


def test_default_gomaxprocs_is_the_cpu_count(go_binary):
    """Go 1.5 起默认 GOMAXPROCS = 可用 CPU 数；Go 1.25 起在有 cgroup CPU 限额时取更小的限额。"""
    run = concurrency_go.run(go_binary)
    if cgroup_cpu_limited():
        assert 1 <= run.gomaxprocs <= run.num_cpu
    else:
        assert run.gomaxprocs == run.num_cpu
