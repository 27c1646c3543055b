"""r1-17：数据结构里的堆。原答案说最大堆「子节点总小于父节点」；判据取自 CPython 的 heapq 实际产出的堆，
不是本项目自己写的谓词：标准库认可的合法堆里，父子可以相等、兄弟之间没有顺序、整个数组也不是有序的。"""

import heapq
import random

from hypothesis import given
from hypothesis import strategies as st

from snippets.os.heap_stack import is_min_heap, max_heap_pops


def parent_child_pairs(a):
    return [(a[(i - 1) // 2], a[i]) for i in range(1, len(a))]


def test_a_valid_heap_can_have_a_child_equal_to_its_parent():
    """若「子节点总是严格小于（最大堆）/ 大于（最小堆）父节点」才算堆，heapq 产出的这个堆就不算堆了。"""
    h = [5, 3, 3, 3, 1]
    heapq.heapify(h)                                   # 最小堆
    assert any(p == c for p, c in parent_child_pairs(h)), h
    assert [heapq.heappop(h) for _ in range(5)] == [1, 3, 3, 3, 5]   # 它照样正确地按序弹出
    m = [-x for x in [5, 5, 2]]
    heapq.heapify(m)                                   # 存相反数的最大堆：根与孩子都是 5
    assert [-x for x in m][:2] == [5, 5]


def test_siblings_are_unordered_and_the_array_is_not_sorted():
    h = [9, 4, 7, 1, 8, 2, 2]
    heapq.heapify(h)
    assert h == [1, 4, 2, 9, 8, 2, 7]
    assert h != sorted(h)                               # 堆不是有序数组
    assert h[1] > h[2]                                  # 左孩子比右孩子大：兄弟之间没有约束


@given(st.lists(st.integers(min_value=0, max_value=5), min_size=2, max_size=60))
def test_heapq_only_guarantees_parent_not_greater_than_child(xs):
    """任意输入（含大量重复值）：heapify 之后只保证 父 <= 子，并能按序弹出。"""
    h = list(xs)
    heapq.heapify(h)
    assert is_min_heap(h)
    assert max_heap_pops(xs) == sorted(xs, reverse=True)


def test_with_duplicates_strict_inequality_fails_often():
    rng = random.Random(1)
    strict = 0
    for _ in range(200):
        h = [rng.randrange(4) for _ in range(20)]
        heapq.heapify(h)
        strict += all(p < c for p, c in parent_child_pairs(h))
    assert strict == 0      # 20 个取值只有 0–3 的元素：合法堆里总有相等的父子
