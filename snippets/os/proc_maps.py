"""读 /proc/<pid>/maps，把一个活进程的虚拟地址空间按区域归类（r2-21、r2-20）。

每行：起止地址、权限（r/w/x，p 私有 / s 共享）、文件偏移、设备、inode、路径名。
路径名为空的是匿名映射；[heap]、[stack]、[vdso]、[vvar] 是内核给的伪路径名。

>>> m = Mapping.parse("55db14e68000-55db14e6d000 r-xp 00002000 fe:00 260131   /usr/bin/cat")
>>> hex(m.start), m.perms, m.offset, m.path, m.size
('0x55db14e68000', 'r-xp', 8192, '/usr/bin/cat', 20480)
>>> Mapping.parse("7ffd70540000-7ffd70561000 rw-p 00000000 00:00 0   [stack]").path
'[stack]'
>>> regions = layout()
>>> [name for name in ORDER if name in regions] == list(ORDER)
True
"""

from __future__ import annotations

import ctypes
import os
import struct
from dataclasses import dataclass
from pathlib import Path


# --8<-- [start:parse]
@dataclass(frozen=True)
class Mapping:
    start: int
    end: int
    perms: str
    offset: int
    path: str

    @classmethod
    def parse(cls, line: str) -> Mapping:
        fields = line.split(maxsplit=5)
        start, end = (int(x, 16) for x in fields[0].split("-"))
        path = fields[5].strip() if len(fields) > 5 else ""
        return cls(start, end, fields[1], int(fields[2], 16), path)

    @property
    def size(self) -> int:
        return self.end - self.start


def read_maps(pid: int | str = "self") -> list[Mapping]:
    with open(f"/proc/{pid}/maps") as f:
        return [Mapping.parse(line) for line in f]
# --8<-- [end:parse]


# --8<-- [start:layout]
ORDER = ("text", "data", "heap", "mmap", "stack")  # x86-64 上从低地址到高地址


def layout(maps: list[Mapping] | None = None) -> dict[str, Mapping]:
    """挑出各区域的代表映射：可执行文件的代码段与数据段、[heap]、libc（mmap 区）、[stack]、[vdso]、[vvar]。"""
    maps = maps if maps is not None else read_maps()
    exe = os.path.realpath("/proc/self/exe")
    out = {}
    for m in maps:
        if m.path == exe and "x" in m.perms:
            out.setdefault("text", m)          # 代码段：r-x
        elif m.path == exe and "w" in m.perms:
            out.setdefault("data", m)          # 已初始化数据（及 .bss 落在同一页里的部分）：rw-
        elif m.path == "[heap]":
            out["heap"] = m                    # brk 堆：malloc 的主分配区从这里切小块
        elif "/libc.so" in m.path and "mmap" not in out:
            out["mmap"] = m                    # 共享库、mmap 都在这一大片区域
        elif m.path in ("[stack]", "[vdso]", "[vvar]"):
            out[m.path.strip("[]")] = m
    return out
# --8<-- [end:layout]


def region_of(address: int, maps: list[Mapping] | None = None) -> str:
    """地址落在哪个映射里：返回路径名，匿名映射返回 'anonymous'，未映射返回 'unmapped'。"""
    for m in maps if maps is not None else read_maps():
        if m.start <= address < m.end:
            return m.path or "anonymous"
    return "unmapped"


# --8<-- [start:malloc]
def where_malloc_puts(size: int) -> str:
    """用 libc 的 malloc 真分配一块，看它落在 [heap]（brk）还是匿名 mmap 区域。"""
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    p = libc.malloc(size)
    try:
        return region_of(p)
    finally:
        libc.free(p)


def main_stack_region() -> str:
    """/proc/self/stat 第 28 个字段 startstack：主线程栈底（高地址端）的地址。"""
    with open("/proc/self/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return region_of(int(fields[25]))  # 第 3 个字段起算，第 28 个字段是下标 25
# --8<-- [end:malloc]


# --8<-- [start:bss]
def rw_load_segment(path: str) -> tuple[int, int, int]:
    """读 ELF64 程序头，返回可写 PT_LOAD 段的 (p_vaddr, p_filesz, p_memsz)。memsz − filesz 就是 .bss。"""
    with open(path, "rb") as f:
        head = f.read(64)
        phoff, = struct.unpack_from("<Q", head, 0x20)
        phentsize, phnum = struct.unpack_from("<HH", head, 0x36)
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    for i in range(phnum):
        p_type, p_flags, _, p_vaddr, _, p_filesz, p_memsz, _ = struct.unpack_from("<IIQQQQQQ", table, i * phentsize)
        if p_type == 1 and p_flags & 2:  # PT_LOAD 且 PF_W
            return p_vaddr, p_filesz, p_memsz
    raise ValueError(f"{path}: no writable PT_LOAD")


def bss_mapping(path: str, maps: list[Mapping] | None = None) -> tuple[int, Mapping | None]:
    """这个 ELF 对象的 .bss 在内存里到哪里结束，以及紧跟在它的文件映射之后的匿名映射（若有）。"""
    maps = maps if maps is not None else read_maps()
    mine = [m for m in maps if m.path == path]
    base = mine[0].start - mine[0].offset      # 首段 p_vaddr 为 0（PIE 与共享库）时即装载基址
    vaddr, _, memsz = rw_load_segment(path)
    bss_end = -(-(base + vaddr + memsz) // 4096) * 4096   # 按页向上取整
    last = mine[-1]
    after = next((m for m in maps if m.start == last.end and not m.path), None)
    return bss_end, after
# --8<-- [end:bss]


# --8<-- [start:thread_stack]
def thread_stack() -> tuple[Mapping, Mapping]:
    """起一个线程让它阻塞在 futex 里，从 /proc/self/task/<tid>/syscall 读出它的栈指针，
    返回（栈指针所在映射下方紧挨着的映射，栈指针所在映射）。"""
    import threading
    import time

    tid, done = [], threading.Event()
    t = threading.Thread(target=lambda: (tid.append(threading.get_native_id()), done.wait()))
    t.start()
    try:
        while True:  # 线程还没睡进系统调用时，这个文件的内容是 "running"
            fields = Path(f"/proc/self/task/{tid[0]}/syscall").read_text().split() if tid else ["running"]
            if fields[0] != "running":
                break
            time.sleep(0.01)
        sp = int(fields[-2], 16)  # 倒数第二个字段是用户态栈指针
        maps = read_maps()
        i = next(i for i, m in enumerate(maps) if m.start <= sp < m.end)
        return maps[i - 1], maps[i]
    finally:
        done.set()
        t.join()
# --8<-- [end:thread_stack]


if __name__ == "__main__":
    for name, m in sorted(layout().items(), key=lambda kv: kv[1].start):
        print(f"{name:6} {m.start:016x}-{m.end:016x} {m.perms} {m.path}")
