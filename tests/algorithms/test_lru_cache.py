"""infra-11: LRUCache 与一个一眼能看懂对错的参考模型逐步比对（hypothesis 状态机测试）。"""

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from snippets.algorithms.lru_cache import LRUCache


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
    @initialize(capacity=st.integers(min_value=1, max_value=5))
    def setup(self, capacity):
        self.cache, self.model = LRUCache(capacity), ReferenceLRU(capacity)

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


def test_rejects_non_positive_capacity():
    with pytest.raises(ValueError, match="capacity"):
        LRUCache(0)
