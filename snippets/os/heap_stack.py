"""数据结构里的堆与栈（r2-20）。操作系统意义上的堆和栈见 proc_maps.py。

二叉堆是一棵完全二叉树，按层序存进数组：下标 k 的孩子是 2k+1、2k+2，父亲是 (k-1)//2。
heapq 是最小堆：每个父节点 ≤ 它的孩子（允许相等），兄弟之间没有顺序，整个数组也不是有序的。

>>> import heapq
>>> a = [9, 4, 7, 1, 8, 2, 2]
>>> heapq.heapify(a)          # O(n) 原地建堆
>>> a                         # 满足堆性质，但不是有序数组
[1, 4, 2, 9, 8, 2, 7]
>>> is_min_heap(a)
True
>>> a[0]                      # 看堆顶 O(1)
1
>>> heapq.heappush(a, 0)      # O(log n)：放到末尾再上浮
>>> [heapq.heappop(a) for _ in range(len(a))]   # 每次弹出 O(log n)，依次得到升序：堆排序
[0, 1, 2, 2, 4, 7, 8, 9]
>>> top_k([5, 1, 9, 3, 7, 9], 3)
[9, 9, 7]
>>> max_heap_pops([3, 1, 4, 1, 5])
[5, 4, 3, 1, 1]
>>> s = Stack(); s.push(1); s.push(2); s.push(3)
>>> s.pop(), s.pop(), s.peek()   # 后进先出（LIFO）
(3, 2, 1)
>>> balanced("{[()()]}"), balanced("([)]")
(True, False)
"""

from __future__ import annotations

import heapq
import subprocess
import sys


# --8<-- [start:heap]
def is_min_heap(a: list) -> bool:
    """堆性质只约束父子：a[k] <= a[2k+1] 且 a[k] <= a[2k+2]。"""
    return all(a[(i - 1) // 2] <= a[i] for i in range(1, len(a)))


def top_k(items, k: int) -> list:
    """最大的 k 个：维护一个大小为 k 的最小堆，O(n log k)；堆顶是目前第 k 大的。"""
    h: list = []
    for x in items:
        if len(h) < k:
            heapq.heappush(h, x)
        elif x > h[0]:
            heapq.heapreplace(h, x)
    return sorted(h, reverse=True)


def max_heap_pops(items) -> list:
    """heapq 只有最小堆：存相反数就得到最大堆。"""
    h = [-x for x in items]
    heapq.heapify(h)
    return [-heapq.heappop(h) for _ in range(len(h))]
# --8<-- [end:heap]


# --8<-- [start:stack]
class Stack:
    """栈：只在一端（栈顶）压入和弹出，O(1)。Python 的 list 尾部 append/pop 就是栈。"""

    def __init__(self):
        self._items: list = []

    def push(self, x) -> None:
        self._items.append(x)

    def pop(self):
        return self._items.pop()

    def peek(self):
        return self._items[-1]

    def __len__(self) -> int:
        return len(self._items)


def balanced(text: str) -> bool:
    """括号匹配：栈的典型用法，最近打开的括号必须最先关闭。"""
    pairs, st = {")": "(", "]": "[", "}": "{"}, Stack()
    for ch in text:
        if ch in "([{":
            st.push(ch)
        elif ch in pairs and (not len(st) or st.pop() != pairs[ch]):
            return False
    return not len(st)
# --8<-- [end:stack]


# --8<-- [start:overflow]
OVERFLOW = """
import resource, sys
resource.setrlimit(resource.RLIMIT_CORE, (0, 0))       # 不要 core 文件
resource.setrlimit(resource.RLIMIT_STACK, (1 << 20, resource.getrlimit(resource.RLIMIT_STACK)[1]))
sys.setrecursionlimit(10**7)                            # 关掉 Python 自己的递归保护
nested = []
for _ in range(10**6):
    nested = [nested]
repr(nested)                                            # C 函数 list_repr 递归：每层吃一段 C 栈
"""


def c_stack_overflow() -> int:
    """在子进程里把 C 栈耗尽：结果不是异常，而是被 SIGSEGV 杀死（返回 -11）。"""
    return subprocess.run([sys.executable, "-c", OVERFLOW], capture_output=True, timeout=60).returncode
# --8<-- [end:overflow]
