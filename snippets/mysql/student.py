"""二面第 5 题的学生表：学号 sno 是主键（聚簇索引），姓名 name 上建二级索引 idx_name。

>>> student(3)
(3, 'name000003', 21, 'class03', 'addr-000003-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx')
>>> len(student(3)[4])
60
"""

from __future__ import annotations

# --8<-- [start:schema]
DDL = """
CREATE TABLE student (
  sno     INT NOT NULL,                 -- 学号：主键，InnoDB 按它组织聚簇索引
  name    VARCHAR(32) NOT NULL,         -- 姓名：二级索引 idx_name
  age     TINYINT UNSIGNED NOT NULL,
  class   VARCHAR(16) NOT NULL,
  address VARCHAR(100) NOT NULL,
  PRIMARY KEY (sno),
  KEY idx_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4
"""
# --8<-- [end:schema]


def student(sno: int) -> tuple:
    """第 sno 个学生；姓名按学号单调，address 凑够 60 字节让一行有个正常的大小。"""
    return (sno, f"name{sno:06d}", 18 + sno % 5, f"class{sno % 40:02d}", f"addr-{sno:06d}-".ljust(60, "x"))


def create(conn, n: int, shuffled_names: bool = True) -> None:
    """建表并插入 n 个学生（按学号顺序插入）。shuffled_names 时姓名与学号不同序，更像真实数据。"""
    import random

    names = [f"name{i:06d}" for i in range(1, n + 1)]
    if shuffled_names:
        random.Random(5).shuffle(names)
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS student")
        cur.execute(DDL)
        rows = [(s[0], names[s[0] - 1], *s[2:]) for s in map(student, range(1, n + 1))]
        for i in range(0, n, 5000):
            cur.executemany("INSERT INTO student VALUES (%s, %s, %s, %s, %s)", rows[i:i + 5000])
        cur.execute("ANALYZE TABLE student")
        cur.fetchall()
