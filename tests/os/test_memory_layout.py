"""r2-20、r2-21：读活进程的 /proc/self/maps，验证各区域存在、在 x86-64 上的相对顺序，以及 ASLR。"""

import json
import platform
import resource
import subprocess
import sys

import pytest

from snippets.os.heap_stack import c_stack_overflow
from snippets.os.proc_maps import (
    ORDER,
    bss_mapping,
    layout,
    main_stack_region,
    read_maps,
    thread_stack,
    where_malloc_puts,
)

pytestmark = pytest.mark.skipif(platform.machine() != "x86_64", reason="布局顺序按 x86-64 断言")


# --8<-- [start:assertions]
def test_regions_exist_in_x86_64_order():
    regions = layout()
    assert {"text", "data", "heap", "mmap", "stack", "vdso", "vvar"} <= regions.keys()
    starts = [regions[name].start for name in ORDER]
    assert starts == sorted(starts), {n: hex(regions[n].start) for n in ORDER}
    assert "x" in regions["text"].perms and "w" not in regions["text"].perms   # 代码段可执行、不可写
    assert "w" in regions["data"].perms and "x" not in regions["data"].perms   # 数据段可写、不可执行
    assert regions["stack"].perms == "rw-p" and regions["vdso"].perms == "r-xp"


def test_small_malloc_comes_from_brk_heap_large_from_mmap():
    assert where_malloc_puts(100) == "[heap]"
    assert where_malloc_puts(64 << 20) == "anonymous"   # 超过 mmap 阈值（动态上限 32 MiB）：单独 mmap


def test_bss_is_the_zero_filled_tail_of_the_writable_segment():
    maps = read_maps()
    obj = next((m.path for m in maps if "libpython" in m.path), None) or layout(maps)["text"].path
    bss_end, anon = bss_mapping(obj, maps)
    file_end = max(m.end for m in maps if m.path == obj)
    # .bss runs past the last file-backed page into an anonymous mapping that starts right there; in
    # a long-running process the kernel may have merged later anonymous memory into that mapping, so
    # the mapping can end after the .bss, never before
    assert bss_end > file_end, (hex(bss_end), hex(file_end))
    assert anon is not None and anon.start == file_end, anon
    assert anon.start < bss_end <= anon.end, (hex(bss_end), anon)


def test_main_stack_is_the_stack_mapping_thread_stacks_are_mmapped_with_a_guard_page():
    assert main_stack_region() == "[stack]"
    guard, stack = thread_stack()
    assert stack.path == "" and stack.perms == "rw-p" and stack.size >= 1 << 20   # 匿名 mmap，MiB 级
    assert guard.end == stack.start and guard.perms == "---p"                      # 紧贴下方的保护页


def test_aslr_moves_the_regions_between_runs():
    code = ("import json; from snippets.os.proc_maps import layout; "
            "print(json.dumps({k: m.start for k, m in layout().items()}))")
    runs = [json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                      check=True).stdout) for _ in range(2)]
    with open("/proc/sys/kernel/randomize_va_space") as f:
        aslr = int(f.read())
    moved = {k for k in ("text", "mmap", "stack", "vdso") if runs[0][k] != runs[1][k]}
    heap_after_text = [r["heap"] - r["text"] for r in runs]
    if aslr == 0:                                   # 关闭：两次运行逐区域相同
        assert runs[0] == runs[1], runs
    else:                                           # 1 起：PIE 代码段、mmap 区、栈、vDSO 每次都换位置
        assert moved == {"text", "mmap", "stack", "vdso"}, runs
        if aslr == 1:                               # 只有 2 才给 brk 堆再加一段随机偏移
            assert heap_after_text[0] == heap_after_text[1], runs
        else:
            assert heap_after_text[0] != heap_after_text[1], runs
# --8<-- [end:assertions]


def test_overflowing_the_c_stack_is_a_sigsegv_not_an_exception():
    assert resource.getrlimit(resource.RLIMIT_STACK)[1] != 0
    assert c_stack_overflow() == -11
