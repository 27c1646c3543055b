"""Redis Cluster 的键 → 槽映射：CRC16（XMODEM 变体）对 16384 取模，花括号里的哈希标签优先。

按集群规范自己实现一遍，测试再拿它和真实集群的 ``CLUSTER KEYSLOT`` 对几千个键逐个比对。

>>> hex(crc16(b"123456789"))           # 规范给出的校验值
'0x31c3'
>>> key_slot("foo"), key_slot("bar")
(12182, 5061)
>>> key_slot("{user1000}.following") == key_slot("{user1000}.followers") == key_slot("user1000")
True
>>> hash_tag(b"foo{}{bar}"), hash_tag(b"foo{{bar}}zap"), hash_tag(b"foo{bar}{zap}")
(b'foo{}{bar}', b'{bar', b'bar')
>>> parse_redirect("MOVED 3999 127.0.0.1:6381")
('MOVED', 3999, '127.0.0.1', 6381)
"""

from __future__ import annotations

SLOTS = 16384


# --8<-- [start:slot]
def crc16(data: bytes) -> int:
    """CRC-16/XMODEM：多项式 0x1021，初值 0，不反射，不异或输出。"""
    crc = 0
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = (crc << 1) ^ 0x1021 if crc & 0x8000 else crc << 1
        crc &= 0xFFFF
    return crc


def hash_tag(key: bytes) -> bytes:
    """参与哈希的那一段：第一个 '{' 之后、紧随其后的第一个 '}' 之前；为空或不成对就用整个键。"""
    start = key.find(b"{")
    if start == -1:
        return key
    end = key.find(b"}", start + 1)
    if end == -1 or end == start + 1:
        return key
    return key[start + 1:end]


def key_slot(key: str | bytes) -> int:
    """键所在的哈希槽，0 … 16383。"""
    if isinstance(key, str):
        key = key.encode()
    return crc16(hash_tag(key)) % SLOTS  # 16384 是 2 的幂，等价于 & 0x3FFF
# --8<-- [end:slot]


def parse_redirect(message: str) -> tuple[str, int, str, int]:
    """把 'MOVED 3999 127.0.0.1:6381' / 'ASK …' 拆成 (类型, 槽, 主机, 端口)。"""
    kind, slot, address = message.split()
    host, _, port = address.rpartition(":")
    return kind, int(slot), host, int(port)
