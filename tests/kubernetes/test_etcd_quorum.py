"""infra-03/04：在真实的三成员 etcd 3.4 集群上证明 Raft 法定人数与基于租约的选主。

etcd_cluster 是整个会话共享的夹具：这里停掉的每个成员都在 finally 里重新启动并等到健康。
"""

from __future__ import annotations

import time
import uuid

import pytest

from mianjing.servers import require, spawn, stop, wait_until
from snippets.kubernetes.etcd_election import Candidate, current_leader, election_leader, fault_tolerance, quorum


def _put(cluster, endpoints, key, value):
    return cluster.etcdctl("put", key, value, endpoints=endpoints, timeout="2s", check=False)


def _get(cluster, endpoints, key, serializable=False):
    extra = ["--consistency=s"] if serializable else []
    return cluster.etcdctl("get", key, "--print-value-only", *extra, endpoints=endpoints, timeout="2s", check=False)


# --8<-- [start:quorum]
def test_quorum_one_down_ok_two_down_blocks_then_recovers(etcd_cluster):
    c = etcd_cluster
    m0, m1, m2 = c.members
    assert (quorum(3), fault_tolerance(3)) == (2, 1)
    prefix = f"/mianjing/quorum/{uuid.uuid4().hex}"
    try:
        # 1. 停一个成员：剩下 2 个仍是多数派，写入照常成功
        c.stop(m0)
        live = f"{m1.endpoint},{m2.endpoint}"
        assert _put(c, live, f"{prefix}/a", "1").returncode == 0

        # 2. 再停一个：只剩 1/3，没有多数派，写入超时失败，线性一致读也失败
        c.stop(m1)
        lost = _put(c, m2.endpoint, f"{prefix}/b", "2")
        assert lost.returncode != 0
        assert "deadline exceeded" in lost.stderr or "no leader" in lost.stderr or "timed out" in lost.stderr
        assert _get(c, m2.endpoint, f"{prefix}/a").returncode != 0
        # 串行化读（--consistency=s）只读本地副本，不需要法定人数：仍能读到旧值
        stale = _get(c, m2.endpoint, f"{prefix}/a", serializable=True)
        assert stale.returncode == 0 and stale.stdout.strip() == "1"

        # 3. 成员回来，法定人数恢复，写入重新成功
        c.start(m1)
        c.wait_healthy([m1, m2])
        assert _put(c, f"{m1.endpoint},{m2.endpoint}", f"{prefix}/c", "3").returncode == 0
    finally:
        for m in (m0, m1):
            if m.proc is None:
                c.start(m)
        c.wait_healthy()
    # 4. 最早停掉的 m0 追上了日志：从它那里线性一致地读到故障期间写入的数据
    for key, value in (("a", "1"), ("c", "3")):
        got = _get(c, m0.endpoint, f"{prefix}/{key}")
        assert got.returncode == 0 and got.stdout.strip() == value


# --8<-- [end:quorum]


# --8<-- [start:election]
def test_lease_election_second_candidate_takes_over(etcd_cluster):
    ep, key = etcd_cluster.endpoints, f"/mianjing/election/{uuid.uuid4().hex}"
    a, b = Candidate(ep, "sched-a", key, ttl=2), Candidate(ep, "sched-b", key, ttl=2)

    assert a.campaign() is True
    assert b.campaign() is False  # 锁已被持有
    # a 在 3 秒内每 0.5 秒续约一次：超过 TTL（2 秒）也不丢锁，b 始终抢不到
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        assert a.renew() is True
        assert b.campaign() is False
        time.sleep(0.5)
    assert current_leader(ep, key) == "sched-a"

    # a「挂掉」：不再续约。租约过期后键被删除，b 的下一次抢锁成功
    time.sleep(a.ttl + 1.5)
    assert a.renew() is False
    assert b.campaign() is True
    assert current_leader(ep, key) == "sched-b"

    # b 主动让位（撤销租约）：锁立即释放，不必等 TTL
    b.resign()
    assert current_leader(ep, key) is None
    assert a.campaign() is True and current_leader(ep, key) == "sched-a"
    a.resign()


# --8<-- [end:election]


# --8<-- [start:etcdctl-elect]
def test_etcdctl_elect_queues_candidates_and_hands_over(etcd_cluster, tmp_path):
    ep, election = etcd_cluster.endpoints, f"/mianjing/elect/{uuid.uuid4().hex}"

    def candidate(name):  # etcdctl elect 当选后打印提案并一直持有领导权，直到进程退出
        cmd = [require("etcdctl"), f"--endpoints={ep}", "elect", election, name]
        return spawn(cmd, tmp_path / f"{name}.log", env={"ETCDCTL_API": "3"})

    a = candidate("sched-a")
    try:
        wait_until(
            lambda: election_leader(ep, election) == "sched-a", "sched-a elected", a, tmp_path / "sched-a.log", 10
        )
        b = candidate("sched-b")
        try:
            time.sleep(1)
            assert election_leader(ep, election) == "sched-a"  # b 排在后面等待
            assert "sched-b" not in (tmp_path / "sched-b.log").read_text()  # b 还没有当选
            stop(a)  # SIGTERM：etcdctl elect 退出前主动让位（删除自己的键）
            wait_until(
                lambda: election_leader(ep, election) == "sched-b", "sched-b elected", b, tmp_path / "sched-b.log", 10
            )
            assert "sched-b" in (tmp_path / "sched-b.log").read_text()
        finally:
            stop(b)
    finally:
        stop(a)
    assert election_leader(ep, election) is None


# --8<-- [end:etcdctl-elect]


@pytest.mark.parametrize("members, tolerated", [(1, 0), (3, 1), (4, 1), (5, 2), (7, 3)])
def test_even_members_add_no_tolerance(members, tolerated):
    assert fault_tolerance(members) == tolerated
