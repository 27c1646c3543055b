"""二级索引的代价：同一批行插入 0、2、5、10 个二级索引的表，量插入吞吐与索引占的页数。

>>> print(ddl(2))
CREATE TABLE w (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  c0 INT NOT NULL, c1 INT NOT NULL, c2 INT NOT NULL, c3 INT NOT NULL, c4 INT NOT NULL, c5 INT NOT NULL, c6 INT NOT NULL, c7 INT NOT NULL, c8 INT NOT NULL, c9 INT NOT NULL,
  pad VARCHAR(40) NOT NULL,
  KEY k0 (c0), KEY k1 (c1)
) ENGINE=InnoDB
>>> len(batch(random.Random(0), 3)), len(batch(random.Random(0), 3)[0])
(3, 11)
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass
from pathlib import Path

from snippets.mysql.innodb_pages import btrees

COLUMNS = 10


# --8<-- [start:bench]
def ddl(k: int) -> str:
    """10 个 INT 列 c0…c9，在前 k 个列上各建一个单列二级索引。"""
    cols = ", ".join(f"c{i} INT NOT NULL" for i in range(COLUMNS))
    keys = (",\n  " + ", ".join(f"KEY k{i} (c{i})" for i in range(k))) if k else ""
    return (f"CREATE TABLE w (\n  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,\n  {cols},\n"
            f"  pad VARCHAR(40) NOT NULL{keys}\n) ENGINE=InnoDB")


def batch(rnd: random.Random, n: int) -> list[tuple]:
    """n 行：c0…c9 随机（所以每个二级索引都是随机位置插入），主键自增（聚簇索引顺序追加）。"""
    return [tuple(rnd.randrange(1_000_000_000) for _ in range(COLUMNS)) + ("p" * 40,) for _ in range(n)]


@dataclass
class Result:
    indexes: int
    rows: int
    seconds: float
    pages: dict          # 索引名 → 页数
    leaf_records: dict   # 索引名 → 叶子层记录数
    server_cpu: float    # 这段时间里服务器进程用掉的 CPU 秒数（用户态 + 内核态）

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds

    @property
    def cpu_us_per_row(self) -> float:
        """服务器每插入一行花的 CPU 微秒数：比墙钟时间更不受机器上其他负载的影响。"""
        return self.server_cpu / self.rows * 1e6


def process_cpu_seconds(pid: int) -> float:
    """/proc/<pid>/stat 的第 14、15 项：进程累计的用户态、内核态 CPU 时间（单位是时钟滴答）。"""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(server, db: str, k: int, n: int, chunk: int = 1000, seed: int = 7) -> Result:
    """建有 k 个二级索引的表，按每 chunk 行一条多行 INSERT（自动提交）插入 n 行，
    记下墙钟时间和服务器进程用掉的 CPU 时间；再从 .ibd 读出每个索引的页数。"""
    conn = server.connect(db)
    rnd = random.Random(seed)
    rows = [batch(rnd, min(chunk, n - i)) for i in range(0, n, chunk)]
    placeholders = "(" + ", ".join(["%s"] * (COLUMNS + 1)) + ")"
    sql = f"INSERT INTO w ({', '.join(f'c{i}' for i in range(COLUMNS))}, pad) VALUES {placeholders}"
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS w")
        cur.execute(ddl(k))
        cpu0, start = process_cpu_seconds(server.proc.pid), time.perf_counter()
        for part in rows:
            cur.executemany(sql, part)  # PyMySQL 把它改写成一条多行 INSERT
        seconds = time.perf_counter() - start
        cpu = process_cpu_seconds(server.proc.pid) - cpu0
    conn.close()
    trees = btrees(server, db, "w")
    return Result(k, n, seconds, {name: sum(t.pages_per_level) for name, t in trees.items()},
                  {name: t.records_per_level[0] for name, t in trees.items()}, cpu)
# --8<-- [end:bench]
