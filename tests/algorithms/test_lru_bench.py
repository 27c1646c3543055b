"""infra-11：吞吐量测量代码（lru_bench）在小规模上的检验，也是「O(1) 对 O(n)」的小规模证明。

断言的是倍数和趋势，不是绝对时间：容量放大 40 倍，三种 O(1) 实现的吞吐量基本不变，
而用 list 维护顺序的 O(n) 对照组明显变慢。
"""

import pytest

from snippets.algorithms.lru_bench import lock_cost_ns, measure, threaded_ops_per_s

O1_IMPLS = ["hand", "ordereddict", "functools"]


@pytest.mark.parametrize("impl", O1_IMPLS + ["locked", "list"])
@pytest.mark.parametrize("hit_ratio", [0.5, 0.8])
def test_measured_hit_ratio_is_the_designed_one(impl, hit_ratio):
    r = measure(impl, capacity=200, n_ops=4000, hit_ratio=hit_ratio, repeat=2)
    assert r.hit_ratio == pytest.approx(hit_ratio, abs=0.04)


# --8<-- [start:scaling]
def test_constant_time_implementations_do_not_slow_down_with_capacity(receipt):
    small = {impl: measure(impl, 100, 20_000, repeat=5).ops_per_s for impl in O1_IMPLS + ["list"]}
    large = {impl: measure(impl, 4000, 20_000 if impl != "list" else 2000, repeat=5).ops_per_s
             for impl in O1_IMPLS + ["list"]}
    for impl in small:
        receipt(f"lru.ops_per_s.{impl}.c100", small[impl], "次/秒", versions=["python"])
        receipt(f"lru.ops_per_s.{impl}.c4000", large[impl], "次/秒", versions=["python"])
        receipt(f"lru.capacity_x40_keeps.{impl}", large[impl] / small[impl], "倍", versions=["python"])
    # 容量 ×40。O(n) 会慢到约 1/40；O(1) 实现只受 CPU 缓存影响，
    # 阈值取 0.3，在两种趋势之间留出宽余量（2 核共享机器上计时有噪声）。
    for impl in O1_IMPLS:
        assert large[impl] > 0.3 * small[impl], impl
    assert large["list"] < 0.12 * small["list"]  # O(n) 对照组
# --8<-- [end:scaling]


def test_lock_costs_something_and_threads_do_not_add_throughput(receipt):
    receipt("lru.uncontended_lock_ns", lock_cost_ns(20_000), "ns", versions=["python"])
    hand, locked = measure("hand", 1000, 20_000), measure("locked", 1000, 20_000)
    receipt("lru.locked_over_hand", locked.ops_per_s / hand.ops_per_s, "倍", versions=["python"])
    assert locked.ops_per_s < hand.ops_per_s  # 每次 get/put 多一次 acquire/release
    one, four = threaded_ops_per_s(1000, 1, 10_000), threaded_ops_per_s(1000, 4, 10_000)
    receipt("lru.threads.t1_ops_per_s", one, "次/秒", versions=["python"])
    receipt("lru.threads.t4_ops_per_s", four, "次/秒", versions=["python"])
    assert four < 1.5 * one  # CPython 有 GIL：4 个线程的总吞吐不会成倍增长
