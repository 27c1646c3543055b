"""直接读 InnoDB 的 .ibd 文件，数出每棵 B+ 树有几层、每层几页、同层的页怎样串起来。

每个 16 KiB 页的前 38 字节是文件页头（FIL header），索引页接着是 56 字节的索引页头（PAGE header）。
用到的偏移取自 InnoDB 源码 fil0types.h（MySQL）/ fil0fil.h（MariaDB）与 page0page.h：

====================  =====================================  =========
字段                   含义                                    偏移
====================  =====================================  =========
FIL_PAGE_OFFSET       本页页号                                 4
FIL_PAGE_PREV         同一层上一页的页号，没有则 0xFFFFFFFF       8
FIL_PAGE_NEXT         同一层下一页的页号                          12
FIL_PAGE_TYPE         页类型，B+ 树索引页是 17855（0x45BF）       24
PAGE_N_RECS           页内用户记录数                             38 + 16
PAGE_LEVEL            层号，叶子层是 0                           38 + 26
PAGE_INDEX_ID         这页属于哪个索引                           38 + 28
====================  =====================================  =========

>>> page = fake_page(7, prev=6, next_=8, level=0, index_id=41, n_recs=3)
>>> parse_page(page)
Page(no=7, prev=6, next=8, level=0, index_id=41, n_recs=3)
>>> pages = [parse_page(fake_page(n, p, x, 0, 41, 5)) for n, p, x in [(4, NIL, 5), (5, 4, 6), (6, 5, NIL)]]
>>> pages.append(parse_page(fake_page(3, NIL, NIL, 1, 41, 3)))
>>> t = trees(pages)[41]
>>> t.height, t.pages_per_level, t.records_per_level
(2, [3, 1], [15, 3])
>>> walk_level(t, 0)
[4, 5, 6]
"""

from __future__ import annotations

import contextlib
import struct
from dataclasses import dataclass, field
from pathlib import Path

PAGE_SIZE = 16 * 1024
FIL_PAGE_INDEX = 17855
NIL = 0xFFFFFFFF  # FIL_NULL
PAGE_HEADER = 38


# --8<-- [start:parse]
@dataclass(frozen=True)
class Page:
    no: int
    prev: int
    next: int
    level: int
    index_id: int
    n_recs: int


def parse_page(raw: bytes) -> Page | None:
    """一个索引页的头部；不是 B+ 树索引页则返回 None。所有字段都是大端序。"""
    no, prev, next_ = struct.unpack_from(">III", raw, 4)
    (page_type,) = struct.unpack_from(">H", raw, 24)
    if page_type != FIL_PAGE_INDEX:
        return None
    (n_recs,) = struct.unpack_from(">H", raw, PAGE_HEADER + 16)
    level, index_id = struct.unpack_from(">HQ", raw, PAGE_HEADER + 26)
    return Page(no, prev, next_, level, index_id, n_recs)


@dataclass
class Tree:
    index_id: int
    levels: dict[int, list[Page]] = field(default_factory=dict)

    @property
    def height(self) -> int:
        return max(self.levels) + 1

    @property
    def pages_per_level(self) -> list[int]:
        return [len(self.levels[lv]) for lv in sorted(self.levels)]

    @property
    def records_per_level(self) -> list[int]:
        return [sum(p.n_recs for p in self.levels[lv]) for lv in sorted(self.levels)]


def trees(pages) -> dict[int, Tree]:
    """按 PAGE_INDEX_ID、PAGE_LEVEL 把索引页归成一棵棵树。"""
    out: dict[int, Tree] = {}
    for p in pages:
        if p is not None:
            out.setdefault(p.index_id, Tree(p.index_id)).levels.setdefault(p.level, []).append(p)
    return out


def walk_level(tree: Tree, level: int) -> list[int]:
    """从这一层最左的页（FIL_PAGE_PREV 为空）出发，沿 FIL_PAGE_NEXT 走到头，并核对每一步的 PREV。"""
    by_no = {p.no: p for p in tree.levels[level]}
    (first,) = [p for p in by_no.values() if p.prev == NIL]
    order, prev, cur = [], NIL, first
    while True:
        assert cur.prev == prev, f"page {cur.no}: PREV={cur.prev}, expected {prev}"
        order.append(cur.no)
        if cur.next == NIL:
            return order
        prev, cur = cur.no, by_no[cur.next]


def read_ibd(path: Path) -> list[Page]:
    data = Path(path).read_bytes()
    return [p for i in range(0, len(data) - PAGE_SIZE + 1, PAGE_SIZE)
            if (p := parse_page(data[i:i + PAGE_SIZE])) is not None]
# --8<-- [end:parse]


# --8<-- [start:flush]
@contextlib.contextmanager
def flushed(conn, table: str):
    """FLUSH TABLES … FOR EXPORT：把这张表的脏页全部写回 .ibd，并在 UNLOCK TABLES 前保持不变。"""
    with conn.cursor() as cur:
        cur.execute(f"FLUSH TABLES {table} FOR EXPORT")
        try:
            yield
        finally:
            cur.execute("UNLOCK TABLES")


def index_names(conn, engine: str, db: str, table: str) -> dict[int, str]:
    """INDEX_ID → 索引名。MariaDB 的视图叫 INNODB_SYS_*，MySQL 8.0 的叫 INNODB_*。"""
    idx, tbl = (("INNODB_SYS_INDEXES", "INNODB_SYS_TABLES") if engine == "mariadb"
                else ("INNODB_INDEXES", "INNODB_TABLES"))
    with conn.cursor() as cur:
        cur.execute(f"SELECT i.INDEX_ID, i.NAME FROM information_schema.{idx} i "
                    f"JOIN information_schema.{tbl} t ON t.TABLE_ID = i.TABLE_ID WHERE t.NAME = %s",
                    (f"{db}/{table}",))
        return {int(i): name for i, name in cur.fetchall()}


def btrees(server, db: str, table: str) -> dict[str, Tree]:
    """这张表的每个索引（按名字）→ 从磁盘上的 .ibd 读出来的 B+ 树形状。"""
    conn = server.connect(db)
    try:
        names = index_names(conn, server.engine, db, table)
        with flushed(conn, table):
            found = trees(read_ibd(server.datadir / db / f"{table}.ibd"))
        return {names[i]: t for i, t in found.items() if i in names}
    finally:
        conn.close()
# --8<-- [end:flush]


def fake_page(no: int, prev: int, next_: int, level: int, index_id: int, n_recs: int) -> bytes:
    """造一个只有页头的索引页（doctest 用）。"""
    raw = bytearray(PAGE_SIZE)
    struct.pack_into(">III", raw, 4, no, prev, next_)
    struct.pack_into(">H", raw, 24, FIL_PAGE_INDEX)
    struct.pack_into(">H", raw, PAGE_HEADER + 16, n_recs)
    struct.pack_into(">HQ", raw, PAGE_HEADER + 26, level, index_id)
    return bytes(raw)
