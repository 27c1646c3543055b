"""从第一性原理估算 InnoDB B+ 树的扇出和高度，并与红黑树对比。

一个 16 KiB 页扣掉文件页头 38、索引页头 56、infimum/supremum 两条系统记录 26、
文件页尾 8 字节，剩 16 256 字节放记录；页目录每 4～8 条记录一个 2 字节槽，按每条约 1/3 字节算。
顺序插入时 InnoDB 留 1/16 的空间给以后的更新，所以按 15/16 填充。

非叶子层的每条记录（node pointer）= 5 字节记录头 + 子页最小记录的键 + 4 字节子页页号：

>>> node_pointer_bytes(key_bytes=8)          # BIGINT 主键
17
>>> fanout(17)
879
>>> per_page(103)                             # 学生表一行（含 6 字节事务 ID 和 7 字节回滚指针）
147
>>> btree_height(100_000_000, row_bytes=103, key_bytes=8)
3
>>> per_page(1024), btree_height(10_000_000, row_bytes=1024, key_bytes=8)
(14, 3)
>>> btree_height(20_000_000, row_bytes=1024, key_bytes=8)
4
>>> rb_height_bound(100_000_000), min_binary_height(100_000_000)
(53, 27)
"""

from __future__ import annotations

import math

# --8<-- [start:model]
PAGE = 16 * 1024
USABLE = PAGE - 38 - 56 - 26 - 8      # 16 256 字节
FILL = 15 / 16                        # 顺序插入时的填充率
DIR_PER_REC = 1 / 3                   # 页目录：每 4～8 条记录一个 2 字节槽
REC_HEADER = 5                        # COMPACT/DYNAMIC 行格式的记录头
CHILD_PAGE_NO = 4                     # node pointer 里的子页页号


def per_page(record_bytes: float, fill: float = FILL) -> int:
    """一页能放多少条这么大的记录。"""
    return int(USABLE * fill // (record_bytes + DIR_PER_REC))


def node_pointer_bytes(key_bytes: int) -> int:
    return REC_HEADER + key_bytes + CHILD_PAGE_NO


def fanout(pointer_bytes: int, fill: float = FILL) -> int:
    """一个非叶子页能指向多少个子页。"""
    return per_page(pointer_bytes, fill)


def btree_height(rows: int, row_bytes: int, key_bytes: int, fill: float = FILL) -> int:
    """存 rows 行的聚簇索引有几层（含叶子层）：每往上一层，页数除以扇出，直到只剩一个根页。"""
    pages = math.ceil(rows / per_page(row_bytes, fill))
    f = fanout(node_pointer_bytes(key_bytes), fill)
    height = 1
    while pages > 1:
        pages = math.ceil(pages / f)
        height += 1
    return height


def rb_height_bound(n: int) -> int:
    """n 个节点的红黑树高度上界 2·log2(n+1)。"""
    return math.floor(2 * math.log2(n + 1))


def min_binary_height(n: int) -> int:
    """任何二叉搜索树至少有 ⌈log2(n+1)⌉ 层。"""
    return math.ceil(math.log2(n + 1))
# --8<-- [end:model]


def capacity(height: int, row_bytes: int, key_bytes: int, fill: float = FILL) -> int:
    """height 层的聚簇索引最多大约能放多少行。

    >>> capacity(3, row_bytes=1024, key_bytes=8)
    10816974
    >>> capacity(3, row_bytes=1024, key_bytes=8, fill=1.0)    # 页全部填满
    13169535
    """
    return per_page(row_bytes, fill) * fanout(node_pointer_bytes(key_bytes), fill) ** (height - 1)
