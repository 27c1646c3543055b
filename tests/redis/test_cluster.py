"""r2-15：真实的三主 Redis Cluster（回环地址上）：槽的计算、哈希标签、MOVED 与 ASK 重定向，
以及异步复制意味着「已确认的写」也可能只在主节点上（WAIT 的作用）。"""

import os
import random
import signal

import pytest
import redis

from mianjing import servers
from snippets.redis.cluster_slots import SLOTS, key_slot, parse_redirect


def redirect_of(node, *command):
    """向 node 发一条命令，返回它的重定向 (类型, 槽, 主机, 端口)；没有重定向则返回 None。"""
    try:
        node.client().execute_command(*command)
    except redis.exceptions.ResponseError as exc:  # MovedError / AskError 都是它的子类
        kind = "ASK" if type(exc) is redis.exceptions.AskError else "MOVED"
        return parse_redirect(f"{kind} {exc.args[0]}")
    return None


# --8<-- [start:slots]
def test_slots_cover_16384_and_crc16_matches_cluster_keyslot(cluster):
    """自己实现的 CRC16 mod 16384（含哈希标签规则）与服务器的 CLUSTER KEYSLOT 对 5000 个键逐个一致。"""
    r = cluster.nodes[0].client()
    ranges = r.execute_command("CLUSTER SLOTS")
    assert sum(end - start + 1 for start, end, *_ in ranges) == SLOTS
    assert len({tuple(master[:2]) for *_, master in ranges}) == 3

    rng = random.Random(15)
    keys = [f"user:{rng.randrange(10**9)}" for _ in range(4000)]
    keys += [f"{{tag{rng.randrange(100)}}}:{i}" for i in range(500)]           # 哈希标签
    keys += ["".join(rng.choice("{}ab") for _ in range(6)) for _ in range(500)]  # 花括号的边角情况
    pipe = r.pipeline(transaction=False)
    for k in keys:
        pipe.execute_command("CLUSTER KEYSLOT", k)
    assert pipe.execute() == [key_slot(k) for k in keys]
# --8<-- [end:slots]


def test_hash_tags_colocate_keys_and_multi_key_commands_need_one_slot(cluster):
    a, b = "{user1000}.following", "{user1000}.followers"
    node = cluster.node_for_slot(key_slot(a))
    r = node.client()
    assert r.mset({a: "1", b: "2"})                      # 同一个槽：多键命令可以执行
    assert r.mget(a, b) == [b"1", b"2"]
    x, y = "user:1", "user:2"                            # 不同的槽
    assert key_slot(x) != key_slot(y)
    # 服务器回 -CROSSSLOT Keys in request don't hash to the same slot
    with pytest.raises(redis.exceptions.ClusterCrossSlotError, match="same slot"):
        cluster.node_for_slot(key_slot(x)).client().mset({x: "1", y: "2"})
    r.delete(a, b)


# --8<-- [start:moved]
def test_wrong_node_answers_moved_with_slot_and_owner(cluster):
    slot = key_slot("foo")
    owner = cluster.node_for_slot(slot)
    other = next(n for n in cluster.nodes if n is not owner)
    assert redirect_of(other, "GET", "foo") == ("MOVED", slot, "127.0.0.1", owner.port)
    assert redirect_of(owner, "GET", "foo") is None      # 槽的主人直接执行
    # 集群感知的客户端缓存槽表，遇到 MOVED 就更新并重试，调用方看不到重定向
    rc = redis.RedisCluster(host="127.0.0.1", port=other.port)
    rc.set("foo", "bar")
    assert rc.get("foo") == b"bar"
    rc.close()
# --8<-- [end:moved]


# --8<-- [start:ask]
def test_ask_during_slot_migration(cluster):
    """迁移中的槽：已迁走的键回 ASK（只此一次去新节点，先发 ASKING），还没迁的键源节点照常处理。"""
    slot = key_slot("{mig}")
    source = cluster.node_for_slot(slot)
    target = next(n for n in cluster.nodes if n is not source)
    src, dst = source.client(), target.client()
    src.set("{mig}moved", "v1")
    src.set("{mig}stays", "v2")

    dst.execute_command("CLUSTER SETSLOT", slot, "IMPORTING", cluster.node_id(source))
    src.execute_command("CLUSTER SETSLOT", slot, "MIGRATING", cluster.node_id(target))
    src.execute_command("MIGRATE", "127.0.0.1", target.port, "", 0, 5000, "KEYS", "{mig}moved")

    assert redirect_of(source, "GET", "{mig}moved") == ("ASK", slot, "127.0.0.1", target.port)
    assert src.get("{mig}stays") == b"v2"                               # 还在源节点上
    assert redirect_of(target, "GET", "{mig}moved") == ("MOVED", slot, "127.0.0.1", source.port)
    pipe = dst.pipeline(transaction=False)                               # 同一连接：ASKING 再 GET
    pipe.execute_command("ASKING")
    pipe.get("{mig}moved")
    assert pipe.execute() == [True, b"v1"]

    src.execute_command("MIGRATE", "127.0.0.1", target.port, "", 0, 5000, "KEYS", "{mig}stays")
    for node in cluster.nodes:                                           # 迁移完成：槽归目标节点
        node.client().execute_command("CLUSTER SETSLOT", slot, "NODE", cluster.node_id(target))
    assert redirect_of(source, "GET", "{mig}stays") == ("MOVED", slot, "127.0.0.1", target.port)
    assert dst.get("{mig}stays") == b"v2"
# --8<-- [end:ask]


# --8<-- [start:async]
def test_acknowledged_write_may_exist_only_on_the_primary(primary_replica):
    """异步复制：主节点回 OK 时不等副本。副本停住时写照样成功，WAIT 却报告 0 个副本确认。"""
    primary, replica = primary_replica
    p = primary.client()
    p.set("k", "before")
    assert p.wait(1, 2000) == 1                  # 副本在线：1 个副本确认
    os.killpg(replica.proc.pid, signal.SIGSTOP)  # 模拟副本卡住或网络分区
    try:
        assert p.set("k", "after") is True       # 客户端已经拿到 OK
        assert p.wait(1, 300) == 0               # 但没有任何副本收到：此刻主节点宕机，这次写就丢了
    finally:
        os.killpg(replica.proc.pid, signal.SIGCONT)
    assert p.wait(1, 5000) == 1                  # 副本恢复后追上
    assert replica.client().get("k") == b"after"
# --8<-- [end:async]


# --8<-- [start:failover]
def test_failover_promotes_the_replica_and_loses_an_unreplicated_acknowledged_write(cluster_with_replicas):
    """主节点回了 OK、但写还没到副本时主节点宕机：副本被选为新主，这次「已确认的写」就没了。"""
    c = cluster_with_replicas
    slot = key_slot("acct")
    master = c.node_for_slot(slot)
    replica = c.replica_of(master)
    m = master.client()
    m.set("acct", "v1")
    assert m.wait(1, 2000) == 1                          # v1 已被副本确认

    os.killpg(replica.proc.pid, signal.SIGSTOP)          # 副本卡住 ……
    m.client_kill_filter(_type="replica")                # …… 且复制连接断开（模拟网络分区）
    assert m.set("acct", "v2") is True                   # 客户端拿到了 OK
    assert m.wait(1, 200) == 0                           # 但没有副本收到
    servers.stop(master.proc, sig=signal.SIGKILL)        # 主节点此刻宕机
    os.killpg(replica.proc.pid, signal.SIGCONT)

    r = replica.client()                                 # 其余主节点判定 FAIL、投票，副本升为主
    servers.wait_until(lambda: r.info("replication")["role"] == "master" and
                       r.execute_command("CLUSTER INFO")["cluster_state"] == "ok",
                       "replica promoted", replica.proc, replica.dir / "redis.log", 30)
    assert c.node_for_slot_from(replica, slot) is replica
    assert r.get("acct") == b"v1"                        # v2 丢了：最后一次故障转移说了算
# --8<-- [end:failover]
