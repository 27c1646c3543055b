"""infra-11: LRUCache 与一个一眼能看懂对错的参考模型逐步比对（hypothesis 状态机测试）。

同一台状态机也跑 OrderedDictLRU；functools.lru_cache 没有 put，单独比对它的命中/未命中序列。
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from snippets.algorithms.lru_cache import LRUCache
from snippets.algorithms.lru_functools import ReadThroughLRU
from snippets.algorithms.lru_ordereddict import OrderedDictLRU


class ReferenceLRU:
    """朴素模型：一个按使用先后排列的列表，O(n) 但显然正确。"""

    def __init__(self, capacity):
        self.capacity, self.items = capacity, []  # [(key, value)]，末尾最新

    def get(self, key):
        for i, (k, v) in enumerate(self.items):
            if k == key:
                self.items.append(self.items.pop(i))
                return v
        return None

    def put(self, key, value):
        self.items = [(k, v) for k, v in self.items if k != key]
        self.items.append((key, value))
        if len(self.items) > self.capacity:
            self.items.pop(0)


keys = st.integers(min_value=0, max_value=8)


class LRUMachine(RuleBasedStateMachine):
    impl = LRUCache  # 被测实现；子类换成别的实现，规则和不变量原样复用

    @initialize(capacity=st.integers(min_value=1, max_value=5))
    def setup(self, capacity):
        self.cache, self.model = self.impl(capacity), ReferenceLRU(capacity)

    @rule(key=keys)
    def get(self, key):
        assert self.cache.get(key) == self.model.get(key)

    @rule(key=keys, value=st.integers())
    def put(self, key, value):
        self.cache.put(key, value)
        self.model.put(key, value)

    @invariant()
    def same_order_and_size(self):
        if hasattr(self, "cache"):
            assert self.cache.keys() == [k for k, _ in reversed(self.model.items)]
            assert len(self.cache) <= self.cache.capacity


TestLRUAgainstModel = LRUMachine.TestCase
TestLRUAgainstModel.settings = settings(max_examples=300, stateful_step_count=40, deadline=None)


class OrderedDictLRUMachine(LRUMachine):
    impl = OrderedDictLRU


TestOrderedDictLRUAgainstModel = OrderedDictLRUMachine.TestCase
TestOrderedDictLRUAgainstModel.settings = settings(max_examples=200, stateful_step_count=40, deadline=None)


@settings(max_examples=200, deadline=None)
@given(capacity=st.integers(min_value=1, max_value=5), accesses=st.lists(keys, max_size=60))
def test_functools_lru_cache_hits_and_evicts_like_the_model(capacity, accesses):
    """读穿访问序列上，lru_cache 每一次的命中/未命中都与参考模型相同：它淘汰的正是最久未用者。"""
    cache, model = ReadThroughLRU(capacity, loader=lambda k: -k), ReferenceLRU(capacity)
    for key in accesses:
        hits_before = cache.info().hits
        assert cache.get(key) == -key
        model_hit = model.get(key) is not None
        if not model_hit:
            model.put(key, -key)
        assert (cache.info().hits > hits_before) == model_hit
    assert cache.info().currsize == len(model.items)


@pytest.mark.parametrize("impl", [LRUCache, OrderedDictLRU])
def test_falsy_values_are_cached_values_not_misses(impl):
    """值为 0 或 None 时，get 必须能和「不存在」区分开：用 default 参数传一个哨兵对象。"""
    cache, missing = impl(2), object()
    cache.put("zero", 0)
    cache.put("none", None)
    assert cache.get("zero", missing) == 0
    assert cache.get("none", missing) is None
    assert cache.get("absent", missing) is missing


def test_links_stay_consistent_after_many_operations():
    cache = LRUCache(3)
    for i in range(100):
        cache.put(i % 7, i)
        cache.get((i * 3) % 7)
    node, seen = cache.head, 0
    while node.next is not None:  # 正向走到 tail，每一步反向指针都要对得上
        assert node.next.prev is node
        node, seen = node.next, seen + 1
    assert node is cache.tail and seen == len(cache) + 1


@pytest.mark.parametrize("impl", [LRUCache, OrderedDictLRU, lambda c: ReadThroughLRU(c, str)])
def test_rejects_non_positive_capacity(impl):
    with pytest.raises(ValueError, match="capacity"):
        impl(0)
