"""r2-14：在真实内核上比较水平触发与边缘触发，以及 ET 的两条使用纪律。"""

import select
import socket

import pytest

from snippets.os.epoll_triggers import drain, level_vs_edge, oneshot_reports, reported, starvation_demo


# --8<-- [start:assertions]
def test_level_triggered_repeats_edge_triggered_reports_once():
    r = level_vs_edge()
    assert r["LT"] == [True, True, True]   # 缓冲区里还有数据：每次 epoll_wait 都报告
    assert r["ET"] == [True, False, False]  # 只在状态变化（新数据到达）时报告一次
    assert r["ET+新数据"] is True            # 没读完也会再报：触发条件是「新事件」，不是「变为可读」


def test_edge_triggered_requires_draining_until_eagain():
    a, b = socket.socketpair()
    a.setblocking(False)
    b.sendall(b"x" * 100_000)
    assert drain(a, b, chunk=4096) == (100_000, "BlockingIOError")


def test_blocking_socket_would_hang_after_the_last_byte():
    """为什么 ET 必须配非阻塞套接字：读空之后再 recv，阻塞套接字会一直等（这里用 0.2 s 超时代替永远）。"""
    a, b = socket.socketpair()
    a.settimeout(0.2)
    b.send(b"abc")
    assert a.recv(1024) == b"abc"
    with pytest.raises(TimeoutError):
        a.recv(1024)
    a.close()
    b.close()


def test_drain_loop_starves_others_and_a_budget_fixes_it():
    starved = starvation_demo(budget=None)
    assert starved["quiet"] == 0 and starved["busy"] >= 1 << 20
    fair = starvation_demo(budget=4)
    assert fair["quiet"] == 10 and fair["busy"] > 0


def test_oneshot_disables_until_rearmed():
    assert oneshot_reports() == [True, False, True]
# --8<-- [end:assertions]


def test_level_triggered_epollout_fires_while_send_buffer_has_room():
    """LT 下一直注册 EPOLLOUT 会每次都报告「可写」——这就是只在有数据要发时才注册 EPOLLOUT 的原因。"""
    a, b = socket.socketpair()
    ep = select.epoll()
    ep.register(a.fileno(), select.EPOLLOUT)
    assert all(reported(ep, a.fileno()) for _ in range(5))
    ep.modify(a.fileno(), select.EPOLLOUT | select.EPOLLET)
    assert [reported(ep, a.fileno()) for _ in range(3)] == [True, False, False]
    for x in (ep, a, b):
        x.close()
