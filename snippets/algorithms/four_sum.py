"""四个整数数组各取一个数、和为 n：列出全部（按下标或按去重后的值）与只计数（LeetCode 454）。

「所有满足条件的组合」有两种读法，结果不同：

- 按下标：每个 (i, j, k, m) 满足 A[i] + B[j] + C[k] + D[m] == n 都算一个。数组里有重复值时，
  同一个值元组会出现多次。
- 按值：只要不同的 (a, b, c, d) 值元组，每个出现一次。

两种都不是数学上的「排列」：四个数的位置由它来自哪个数组决定，(a, b, c, d) 不会再重排。

面经里的例子（A=[1,2]，B=[-2,-1]，C=[-1,2]，D=[0,2]，n=0）的答案就是原答案写的那两组：

>>> A, B, C, D = [1, 2], [-2, -1], [-1, 2], [0, 2]
>>> four_sum_values(A, B, C, D, 0)
[(2, -1, -1, 0), (1, -2, -1, 2)]
>>> four_sum_by_index(A, B, C, D, 0)
[(1, 1, 0, 0), (0, 0, 0, 1)]
>>> four_sum_count(A, B, C, D, 0)
2

重复值让两种读法分开：

>>> four_sum_values([1, 1], [0], [0], [0], 1)      # 按下标：A[0] 和 A[1] 各算一次
[(1, 0, 0, 0), (1, 0, 0, 0)]
>>> four_sum_distinct([1, 1], [0], [0], [0], 1)    # 按值：只剩一个
[(1, 0, 0, 0)]
>>> four_sum_count([1, 1], [0], [0], [0], 1), four_sum_values([], [0], [0], [0], 0)
(2, [])
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

Quad = tuple[int, int, int, int]


# --8<-- [start:by_index]
def four_sum_by_index(A: Sequence[int], B: Sequence[int], C: Sequence[int], D: Sequence[int],
                      n: int) -> list[Quad]:
    """所有下标四元组 (i, j, k, m)。时间 O(|A||B| + |C||D| + K)，K 为结果个数；额外空间 O(|A||B|)。"""
    pairs: defaultdict[int, list[tuple[int, int]]] = defaultdict(list)  # a + b → [(i, j), ...]
    for i, a in enumerate(A):
        for j, b in enumerate(B):
            pairs[a + b].append((i, j))
    out: list[Quad] = []
    for k, c in enumerate(C):
        for m, d in enumerate(D):
            for i, j in pairs.get(n - c - d, ()):  # 用 get：查不到时不往表里插空列表
                out.append((i, j, k, m))
    return out


def four_sum_values(A, B, C, D, n: int) -> list[Quad]:
    """按下标的每个解对应的值元组（有重复值时元组会重复）。"""
    return [(A[i], B[j], C[k], D[m]) for i, j, k, m in four_sum_by_index(A, B, C, D, n)]
# --8<-- [end:by_index]


# --8<-- [start:distinct]
def four_sum_distinct(A, B, C, D, n: int) -> list[Quad]:
    """不重复的值元组。先给每个数组去重：去重后每个值元组恰好对应一个下标四元组，不必再事后去重。"""
    return four_sum_values(*(sorted(set(xs)) for xs in (A, B, C, D)), n)
# --8<-- [end:distinct]


# --8<-- [start:count]
def four_sum_count(A, B, C, D, n: int) -> int:
    """LeetCode 454（4Sum II）：只要个数。时间 O(|A||B| + |C||D|)，与结果个数无关。"""
    sums = Counter(a + b for a in A for b in B)  # a + b → 出现次数
    return sum(sums[n - c - d] for c in C for d in D)  # Counter 查不到返回 0，也不插入
# --8<-- [end:count]


# --8<-- [start:low_memory]
def four_sum_low_memory(A, B, C, D, n: int) -> list[Quad]:
    """省内存的写法：只给 D 建「值 → 下标列表」的表。时间 O(|A||B||C| + K)，额外空间 O(|D|)。"""
    where: defaultdict[int, list[int]] = defaultdict(list)
    for m, d in enumerate(D):
        where[d].append(m)
    return [(i, j, k, m)
            for i, a in enumerate(A) for j, b in enumerate(B) for k, c in enumerate(C)
            for m in where.get(n - a - b - c, ())]
# --8<-- [end:low_memory]
