"""Redis 专题自己的服务器：三主的真实 Redis Cluster，以及一主一从的复制对。

都建在 mianjing.servers 之上（spawn / stop / wait_until / free_port / tempdir），进程带泄漏标记，
测试结束一定停掉。集群总线端口默认是 port + 10000，所以选 ≤ 55535 且两个端口都空闲的端口。
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
from dataclasses import dataclass

import pytest

from mianjing import servers
from tests.conftest import started


def _free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def cluster_port(taken: set[int]) -> int:
    """一个自己和 +10000 都空闲的端口（总线端口不超过 65535）。"""
    for _ in range(200):
        port = servers.free_port()
        if port <= 55535 and port not in taken and port + 10000 not in taken and _free(port + 10000):
            taken.update((port, port + 10000))
            return port
    for port in range(20000, 55535):  # 临时端口区间全在 55535 以上的系统
        if port not in taken and _free(port) and _free(port + 10000):
            taken.update((port, port + 10000))
            return port
    raise RuntimeError("no free port pair for a cluster node")


@dataclass
class Cluster:
    nodes: list[servers.Redis]

    def node_for_slot(self, slot: int) -> servers.Redis:
        return self.node_for_slot_from(self.nodes[0], slot)

    def node_for_slot_from(self, asked: servers.Redis, slot: int) -> servers.Redis:
        """asked 这个节点认为 slot 归谁（CLUSTER SLOTS 里每段的第一个节点是主）。"""
        for start, end, master, *_ in asked.client().execute_command("CLUSTER SLOTS"):
            if start <= slot <= end:
                return next(n for n in self.nodes if n.port == master[1])
        raise LookupError(slot)

    def replica_of(self, master: servers.Redis) -> servers.Redis:
        for n in self.nodes:
            info = n.client().info("replication")
            if info["role"] == "slave" and int(info["master_port"]) == master.port:
                return n
        raise LookupError(f"no replica of {master.port}")

    def node_id(self, node: servers.Redis) -> str:
        return node.client().execute_command("CLUSTER MYID").decode()

    def __str__(self) -> str:
        return f"Redis Cluster {self.nodes[0].version}, nodes on " + ", ".join(str(n.port) for n in self.nodes)


def _node(port: int, workdir, *config: str) -> contextlib.AbstractContextManager[servers.Redis]:
    @contextlib.contextmanager
    def cm():
        log = workdir / "redis.log"
        proc = servers.spawn([servers.require("redis-server"), "--port", str(port), "--bind", "127.0.0.1",
                              "--dir", str(workdir), "--save", "", "--appendonly", "no", "--daemonize", "no",
                              "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                              "--cluster-node-timeout", "2000", "--repl-diskless-sync-delay", "0", *config], log)
        try:
            node = servers.Redis(port, workdir, proc, "")
            servers.wait_until(lambda: node.client().ping(), f"cluster node on {port}", proc, log, 20)
            node.version = node.client().info("server")["redis_version"]
            yield node
        finally:
            servers.stop(proc)
    return cm()


@contextlib.contextmanager
def redis_cluster(masters: int = 3, replicas: int = 0):
    """masters 个主节点（每个再配 replicas 个副本），用 redis-cli --cluster create 平分 16384 个槽。"""
    cli = servers.require("redis-cli")
    taken: set[int] = set()
    with contextlib.ExitStack() as stack:
        nodes = []
        for i in range(masters * (1 + replicas)):
            workdir = stack.enter_context(servers.tempdir(f"redis-cluster-{i}"))
            nodes.append(stack.enter_context(_node(cluster_port(taken), workdir)))
        done = subprocess.run([cli, "--cluster", "create", *(f"127.0.0.1:{n.port}" for n in nodes),
                               "--cluster-replicas", str(replicas), "--cluster-yes"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode != 0:
            raise RuntimeError(f"redis-cli --cluster create failed:\n{done.stdout}\n{done.stderr}")
        for n in nodes:
            servers.wait_until(lambda n=n: n.client().execute_command("CLUSTER INFO")["cluster_state"] == "ok",
                               f"cluster state ok on {n.port}", n.proc, n.dir / "redis.log", 30)
        for n in nodes:                                  # 副本完成首次全量同步
            servers.wait_until(lambda n=n: n.client().info("replication").get("master_link_status", "up") == "up",
                               f"replication link on {n.port}", n.proc, n.dir / "redis.log", 30)
        yield Cluster(nodes)


@pytest.fixture(scope="module")
def cluster():
    with started(redis_cluster(3)) as c:
        yield c


@pytest.fixture
def cluster_with_replicas():
    """三主三从，供故障转移的测试独占（测试会杀掉一个主节点）。"""
    with started(redis_cluster(3, replicas=1)) as c:
        yield c


@pytest.fixture
def primary_replica():
    """一主一从（非集群），演示异步复制与 WAIT。"""
    with started(servers.redis_server("--repl-diskless-sync-delay", "0")) as primary, \
            started(servers.redis_server()) as replica:
        replica.client().replicaof(primary.host, primary.port)
        servers.wait_until(lambda: replica.client().info("replication")["master_link_status"] == "up",
                           "replica link up", replica.proc, replica.dir / "redis.log", 20)
        yield primary, replica
