"""r1-15、r2-13：select/poll 每次调用 O(被监视数)，epoll 每次调用 O(就绪数)；三者都有上限。

断言的是倍数且留足余量：空闲连接从 10 个增加到 900 个（90 倍），select/poll 的单次耗时在本机上涨
60～100 倍，epoll 基本不变。阈值取 select/poll > 10 倍、epoll < 4 倍。
"""

import errno
import resource
import select
import socket

import pytest

from snippets.os.mux_cost import KINDS, descriptor_numbered, per_call_seconds, which_can_watch


@pytest.fixture(scope="module")
def costs():
    return {kind: {n: per_call_seconds(kind, n) for n in (10, 900)} for kind in KINDS}


# --8<-- [start:assertions]
def test_select_and_poll_scan_every_watched_fd(costs, receipt):
    for kind, by_n in costs.items():
        for n, seconds in by_n.items():
            receipt(f"os.mux.{kind}.n{n}_us", seconds * 1e6, "µs", versions=["python", "kernel"])
    for kind in ("select", "poll"):
        assert costs[kind][900] / costs[kind][10] > 10, (kind, costs[kind])


def test_epoll_cost_does_not_grow_with_idle_connections(costs):
    assert costs["epoll"][900] / costs["epoll"][10] < 4, costs["epoll"]
    assert costs["select"][900] / costs["epoll"][900] > 10, costs


def test_select_cannot_watch_fd_1024_or_above():
    with descriptor_numbered(1500) as fd:
        result = which_can_watch(fd)
    assert result["select"] == "ValueError: filedescriptor out of range in select()"
    assert result["poll"] == result["epoll"] == "ready [1500]"
# --8<-- [end:assertions]


def test_select_limit_is_the_fd_number_not_the_count():
    """只监视 1 个描述符也不行：fd_set 是按编号索引的位图，编号 ≥ FD_SETSIZE 就放不进去。"""
    with descriptor_numbered(1024) as fd, pytest.raises(ValueError):
        select.select([fd], [], [], 0)
    with descriptor_numbered(1023) as fd:
        assert select.select([fd], [], [], 0)[0] == [1023]


def test_poll_nfds_is_bounded_by_rlimit_nofile():
    """「poll 无上限」不对：内核 do_sys_poll 在 nfds > RLIMIT_NOFILE 时返回 EINVAL。"""
    socks = [socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) for _ in range(64)]
    p = select.poll()
    for s in socks:
        p.register(s.fileno(), select.POLLIN)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        assert p.poll(0) == []
        resource.setrlimit(resource.RLIMIT_NOFILE, (32, hard))  # 只降软上限；已打开的描述符不受影响
        with pytest.raises(OSError) as e:
            p.poll(0)
        assert e.value.errno == errno.EINVAL
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        for s in socks:
            s.close()


def test_epoll_is_bounded_by_open_files_and_max_user_watches():
    """「epoll 无上限」也不对：一个 epoll 实例只能注册已打开的描述符，进程能打开多少受 RLIMIT_NOFILE
    限制；每个用户的注册总数还受 /proc/sys/fs/epoll/max_user_watches 限制（超出时 epoll_ctl 返回 ENOSPC）。
    若 epoll 真的不受限，软上限降到 64 之后照样能注册第 64 个、第 100 个描述符。"""
    with open("/proc/sys/fs/epoll/max_user_watches") as f:
        watches = int(f.read())
    assert 0 < watches < 2**31                      # 一个有限的、按用户计的上限
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ep = select.epoll()
    opened = []
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (64, hard))
        with pytest.raises(OSError) as e:
            while True:
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                opened.append(s)
                ep.register(s.fileno(), select.EPOLLIN)
        assert e.value.errno == errno.EMFILE        # 打不开第 64 个描述符，也就注册不了它
        assert len(opened) < 64                     # 这个 epoll 实例注册的描述符少于 64 个
        with pytest.raises(OSError) as bad:         # 注册的是打开的文件，不是任意编号
            ep.register(1000, select.EPOLLIN)
        assert bad.value.errno == errno.EBADF
    finally:
        for s in opened:
            s.close()
        ep.close()
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
