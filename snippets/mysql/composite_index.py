"""联合索引 (a, b, c)：哪些条件能用它查找，哪些只能把它整棵扫一遍，哪些只能全表扫描。

表 t 有主键 id、联合索引 idx_abc(a, b, c) 和一个不在任何索引里的列 d。
a、b、c 都是 NOT NULL 的 INT（4 字节），所以 EXPLAIN 的 key_len 直接说明用了几列：

>>> [columns_used(n) for n in (4, 8, 12)]
[1, 2, 3]
>>> len(rows(1000, seed=1)), rows(2, seed=1)[0][:3]
(1000, (17, 72, 97))
"""

from __future__ import annotations

import random

# --8<-- [start:schema]
DDL = """
CREATE TABLE t (
  id INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  a  INT NOT NULL,
  b  INT NOT NULL,
  c  INT NOT NULL,
  d  VARCHAR(100) NOT NULL,          -- 不在任何索引里：要它就得读整行
  KEY idx_abc (a, b, c)
) ENGINE=InnoDB
"""

# 每个查询：SELECT * 的版本要回表取 d；只选索引里有的列（含主键 id）的版本是覆盖查询
QUERIES = {
    "a":            "a = 5",
    "a,b":          "a = 5 AND b = 7",
    "a,b,c":        "a = 5 AND b = 7 AND c = 9",
    "c,b,a 乱序":    "c = 9 AND b = 7 AND a = 5",
    "a,c":          "a = 5 AND c = 9",
    "b,c":          "b = 7 AND c = 9",
    "b":            "b = 7",
    "a OR b":       "a = 5 OR b = 7",
    "a 范围, b":     "a BETWEEN 5 AND 7 AND b = 3",
    "a IN, b":      "a IN (5, 6, 7) AND b = 3",
}
# --8<-- [end:schema]


def rows(n: int, seed: int = 1, distinct: int = 100) -> list[tuple]:
    """n 行 (a, b, c, d)：a、b、c 各在 0 … distinct-1 中均匀随机，d 是 50 字节的填充。"""
    rnd = random.Random(seed)
    return [(rnd.randrange(distinct), rnd.randrange(distinct), rnd.randrange(distinct), "x" * 50)
            for _ in range(n)]


# --8<-- [start:fill]
def create(conn, n: int = 20_000, seed: int = 1, distinct: int = 100) -> None:
    """建表、插入 n 行、ANALYZE TABLE，让优化器的统计信息稳定。"""
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS t")
        cur.execute(DDL)
        data = rows(n, seed, distinct)
        for i in range(0, n, 5000):
            cur.executemany("INSERT INTO t (a, b, c, d) VALUES (%s, %s, %s, %s)", data[i:i + 5000])
        cur.execute("ANALYZE TABLE t")
        cur.fetchall()
# --8<-- [end:fill]


def columns_used(key_len: int) -> int:
    """NOT NULL INT 每列 4 字节：key_len / 4 就是用到的索引列数。"""
    return key_len // 4
