"""r2-12：命令在一个线程上逐条执行；流水线（pipelining）把吞吐成倍提高；
Redis 进程里本来就有后台线程，6.0 起还可以开 I/O 线程。"""

import threading
import time
from pathlib import Path

from mianjing import servers
from snippets.redis.bench import redis_benchmark, speedup
from tests.conftest import started


def thread_names(pid: int) -> list[str]:
    return sorted((task / "comm").read_text().strip() for task in Path(f"/proc/{pid}/task").iterdir())


def wait_for_threads(pid: int, wanted: set[str], timeout: float = 5.0) -> list[str]:
    """线程启动之后才给自己改名（prctl），刚启动的服务器要稍等片刻。"""
    deadline = time.monotonic() + timeout
    while not wanted <= set(names := thread_names(pid)):
        assert time.monotonic() < deadline, names
        time.sleep(0.05)
    return names


# --8<-- [start:pipeline]
def test_pipelining_multiplies_throughput(redis_server, receipt):
    """同样 50 个连接，每次往返带 16 条命令：系统调用和往返摊薄，吞吐放大数倍。"""
    plain = redis_benchmark(redis_server.port, "get,set", requests=20_000, pipeline=1)
    piped = redis_benchmark(redis_server.port, "get,set", requests=200_000, pipeline=16)
    for test in ("GET", "SET"):
        name = test.lower()
        receipt(f"redis.pipeline.{name}_p1", plain[test].rps, "次/秒", versions=[redis_server])
        receipt(f"redis.pipeline.{name}_p16", piped[test].rps, "次/秒", versions=[redis_server])
        receipt(f"redis.pipeline.{name}_speedup", speedup(plain[test].rps, piped[test].rps), "倍", versions=[redis_server])
    for test in ("GET", "SET"):
        assert speedup(plain[test].rps, piped[test].rps) > 3, (plain[test], piped[test])
# --8<-- [end:pipeline]


# --8<-- [start:single]
def test_commands_execute_one_at_a_time(redis_server, receipt):
    """一个 300 ms 的 Lua 脚本执行期间，另一个连接的 PING 也得等它结束：命令执行是单线程的。"""
    busy = "local t0 = redis.call('TIME') repeat local t = redis.call('TIME') " \
           "until (t[1] - t0[1]) * 1000000 + (t[2] - t0[2]) > 300000 return 1"
    worker = threading.Thread(target=lambda: redis_server.client().eval(busy, 0))
    other = redis_server.client()
    other.ping()                                  # 先建好连接
    worker.start()
    time.sleep(0.05)                              # 让脚本先开始执行
    t0 = time.perf_counter()
    assert other.ping()
    waited = time.perf_counter() - t0
    worker.join()
    receipt("redis.single_thread.ping_waited_ms", waited * 1000, "ms", versions=[redis_server])
    assert waited > 0.15, waited                  # 平时 PING 只要几十微秒
# --8<-- [end:single]


# --8<-- [start:threads]
def test_background_threads_and_optional_io_threads(redis_server):
    """「单线程」只指命令执行：进程里还有 bio 后台线程；io-threads > 1 时多出 io_thd_* 线程。"""
    names = wait_for_threads(redis_server.proc.pid, {"bio_close_file", "bio_aof_fsync", "bio_lazy_free"})
    assert not any(n.startswith("io_thd_") for n in names)             # 默认 io-threads 1
    r = redis_server.client()
    assert r.config_get("io-threads") == {"io-threads": "1"}
    assert r.config_get("io-threads-do-reads") == {"io-threads-do-reads": "no"}
    with started(servers.redis_server("--io-threads", "3")) as threaded:
        names = wait_for_threads(threaded.proc.pid, {"io_thd_1", "io_thd_2"})
        assert "io_thd_3" not in names                                  # 主线程本身算第 0 个
# --8<-- [end:threads]
