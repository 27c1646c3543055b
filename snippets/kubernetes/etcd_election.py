"""infra-03/04：法定人数（quorum）的算术，以及用 etcd 租约（lease）做的选主。

kube-scheduler 和 kube-controller-manager 的选主用的是 Kubernetes 的 Lease 对象（存放在 etcd 里），
思路相同：谁先把「锁」写进去谁就是 leader，leader 必须在租期内不断续约，停止续约（进程挂了、
网络断了）租期一过别人就能抢到。区别在于：Kubernetes 的 Lease 对象到期后不会被服务器删除，由候选者按
本地时钟判断它是否过期再去改写；etcd 的租约到期后由服务器删除绑定的键。这里用 etcd 的租约演示这个机制：

- 抢锁 = 一个事务「键不存在（create_revision == 0）才写入」，写入的键绑定在自己的租约上；
- 续约 = ``lease keep-alive --once``；
- 租约到期或被撤销，绑定的键随之删除，别的候选者的下一次抢锁就会成功。

纯算术部分的 doctest：

>>> [(n, quorum(n), fault_tolerance(n)) for n in range(1, 8)]
[(1, 1, 0), (2, 2, 0), (3, 2, 1), (4, 3, 1), (5, 3, 2), (6, 4, 2), (7, 4, 3)]
"""

from __future__ import annotations

import json
import os
import subprocess

from mianjing.servers import require


# --8<-- [start:quorum]
def quorum(members: int) -> int:
    """Raft 提交一条日志需要的票数：严格过半。"""
    return members // 2 + 1


def fault_tolerance(members: int) -> int:
    """最多能同时坏几个成员而仍能写入。4 个成员和 3 个一样只容 1 个故障。"""
    return members - quorum(members)


# --8<-- [end:quorum]


def etcdctl(endpoints: str, *args: str, stdin: str | None = None, timeout: str = "3s") -> subprocess.CompletedProcess:
    """调用 etcdctl（v3 API），返回完整结果；不检查退出码，由调用方判断。"""
    return subprocess.run(
        [require("etcdctl"), f"--endpoints={endpoints}", f"--command-timeout={timeout}", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, "ETCDCTL_API": "3"},
    )


# --8<-- [start:election]
class Candidate:
    """一个竞选者：持有一个租约，抢到锁就是 leader。"""

    def __init__(self, endpoints: str, name: str, key: str = "/election/leader", ttl: int = 2):
        self.endpoints, self.name, self.key, self.ttl = endpoints, name, key, ttl
        self.lease: str | None = None  # 十六进制租约 ID

    def _grant(self) -> str:
        out = etcdctl(self.endpoints, "-w", "json", "lease", "grant", str(self.ttl))
        out.check_returncode()
        return format(json.loads(out.stdout)["ID"], "x")

    def campaign(self) -> bool:
        """抢锁一次：键不存在才写入（绑定在新申请的租约上）。成功返回 True。"""
        self.lease = self._grant()
        txn = (
            f'create("{self.key}") = "0"\n\n'  # 比较：这个键从未被创建（或已被删除）
            f"put {self.key} {self.name} --lease={self.lease}\n\n"  # 成功分支：写入自己的名字
            f"get {self.key}\n\n"
        )  # 失败分支：看看现在是谁
        out = etcdctl(self.endpoints, "-w", "json", "txn", stdin=txn)
        out.check_returncode()
        if json.loads(out.stdout).get("succeeded", False):
            return True
        self.resign()  # 没抢到：撤销刚申请的租约，不留垃圾
        return False

    def renew(self) -> bool:
        """续约一次（leader 要在 TTL 内反复调用）；租约已过期则返回 False。"""
        out = etcdctl(self.endpoints, "lease", "keep-alive", "--once", self.lease)
        return out.returncode == 0 and "expired" not in (out.stdout + out.stderr)

    def resign(self) -> None:
        """主动让位：撤销租约，绑定的键立即被删除。"""
        etcdctl(self.endpoints, "lease", "revoke", self.lease).check_returncode()
        self.lease = None


def current_leader(endpoints: str, key: str = "/election/leader") -> str | None:
    out = etcdctl(endpoints, "get", key, "--print-value-only")
    out.check_returncode()
    return out.stdout.strip() or None


# --8<-- [end:election]


# --8<-- [start:elect]
def election_leader(endpoints: str, election: str) -> str | None:
    """etcd 自带选举（concurrency.Election，etcdctl elect）的当前 leader。

    每个候选者在 <election>/ 下写一个绑定自己租约的键；创建版本号（create revision）最小的
    那个就是 leader，其余的各自等待排在自己前面的键被删除。
    """
    out = etcdctl(
        endpoints,
        "get",
        f"{election}/",
        "--prefix",
        "--sort-by=CREATE",
        "--order=ASCEND",
        "--limit=1",
        "--print-value-only",
    )
    out.check_returncode()
    return out.stdout.strip() or None


# --8<-- [end:elect]
