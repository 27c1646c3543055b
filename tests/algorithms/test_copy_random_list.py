"""r2-22：复制带随机指针的链表。随机链表上检查：深拷贝不共享任何节点、结构相同、原链表不变。"""

import copy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from snippets.algorithms.copy_random_list import (
    Node,
    build,
    copy_interleaved,
    copy_with_map,
    describe,
    nodes,
)

COPIES = [copy_with_map, copy_interleaved]


@st.composite
def random_lists(draw):
    """值可以重复；random 可以是 None、指向自己、指向前面或后面的任意节点。"""
    n = draw(st.integers(min_value=0, max_value=25))
    values = draw(st.lists(st.integers(-3, 3), min_size=n, max_size=n))
    raw = draw(st.lists(st.integers(-2, n - 1), min_size=n, max_size=n))
    randoms = [None if r == -1 else i if r == -2 else r for i, r in enumerate(raw)]  # -1 → None，-2 → 自己
    return values, randoms


# --8<-- [start:check]
def check_deep_copy(copy_fn, values, randoms):
    head = build(values, randoms)
    before = nodes(head)
    before_random = [node.random for node in before]
    new = copy_fn(head)
    copied = nodes(new)
    assert not {id(x) for x in copied} & {id(x) for x in before}  # 1. 没有一个节点是共享的
    assert describe(new) == (values, randoms)  # 2. 结构相同；random 全指向副本自己的节点
    assert nodes(head) == before  # 3. 原链表：还是那些节点、同样的 next 顺序
    assert [node.random for node in before] == before_random  # 原 random 也没动
    assert describe(head) == (values, randoms)
# --8<-- [end:check]


@pytest.mark.parametrize("copy_fn", COPIES)
@settings(max_examples=250, deadline=None)
@given(spec=random_lists())
def test_deep_copy_of_random_lists(copy_fn, spec):
    check_deep_copy(copy_fn, *spec)


@pytest.mark.parametrize("copy_fn", COPIES)
@pytest.mark.parametrize("values, randoms", [
    ([], []),                              # 空链表
    ([1], [None]),
    ([1], [0]),                            # 指向自己
    ([1, 2, 3], [2, 0, 1]),                # 向前、向后都有
    ([5, 5, 5], [None, 0, 0]),             # 值相同：结构靠身份区分，不靠值
])
def test_edge_cases(copy_fn, values, randoms):
    check_deep_copy(copy_fn, values, randoms)


def shallow_copy(head):
    """错误示范：新节点的 random 仍指向原链表的节点。"""
    made = [Node(node.val, random=node.random) for node in nodes(head)]
    for a, b in zip(made, made[1:], strict=False):
        a.next = b
    return made[0] if made else None


def test_checker_catches_a_shallow_copy():
    with pytest.raises(ValueError, match="outside"):
        check_deep_copy(shallow_copy, [1, 2], [1, 0])


def test_long_list_no_recursion():
    n = 20_000  # 两种写法都是循环，没有递归深度限制
    values, randoms = list(range(n)), [n - 1 - i for i in range(n)]
    for copy_fn in COPIES:
        check_deep_copy(copy_fn, values, randoms)


def test_copy_deepcopy_is_the_map_method_but_recursive():
    """copy.deepcopy 也用一张 memo 表（原对象 id → 副本），所以短链表上它是对的；
    但它沿 next 递归，在 CPython 3.11 默认递归上限（1000）下，几百个节点就会 RecursionError。"""
    short = build([1, 2, 3], [2, None, 0])
    check_deep_copy(copy.deepcopy, [1, 2, 3], [2, None, 0])
    assert describe(short) == ([1, 2, 3], [2, None, 0])
    with pytest.raises(RecursionError):
        copy.deepcopy(build(list(range(1000)), [None] * 1000))
