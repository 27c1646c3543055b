"""进程与线程：共享什么、不共享什么（r2-18）。在 Linux 上两者都是 task（task_struct），
区别在 clone 时共享了哪些资源：线程共享地址空间（CLONE_VM）和文件描述符表（CLONE_FILES），
fork 出来的子进程得到的是一份写时复制的副本和一份复制出来的描述符表。

>>> thread_vs_fork_memory()
{'thread_sees_parent_list': [1, 2, 3, 'from thread'], 'fork_child_saw': [1, 2, 3, 'from child'], 'parent_after_fork': [1, 2, 3], 'same_address_in_child': True}
>>> ids = thread_and_process_ids()
>>> ids["thread_pid"] == ids["main_pid"], ids["thread_tid"] != ids["main_tid"], ids["child_pid"] != ids["main_pid"]
(True, True, True)
>>> ids["thread_listed_in_task_dir"]
True
>>> fd_table_sharing()
{'closed_in_thread_visible_to_parent': True, 'closed_in_child_visible_to_parent': False}
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path


def _in_child(fn) -> bytes:
    """fork 一个子进程运行 fn()，把它返回的 bytes 经管道带回来，并回收子进程。"""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(r)
        try:
            os.write(w, fn())
        finally:
            os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as f:
        data = f.read()
    os.waitpid(pid, 0)
    return data


# --8<-- [start:memory]
def thread_vs_fork_memory() -> dict:
    shared = [1, 2, 3]
    t = threading.Thread(target=shared.append, args=("from thread",))
    t.start()
    t.join()
    seen_after_thread = list(shared)     # 线程改的就是这一份：同一个地址空间
    shared.pop()

    address = id(shared)                  # CPython 里 id 就是对象的虚拟地址

    def child() -> bytes:
        shared.append("from child")       # 改的是子进程自己的副本（写时复制）
        return repr((shared, id(shared) == address)).encode()

    child_saw, same_address = eval(_in_child(child))  # noqa: S307  只解析我们自己写的 repr
    return {"thread_sees_parent_list": seen_after_thread, "fork_child_saw": child_saw,
            "parent_after_fork": shared, "same_address_in_child": same_address}
# --8<-- [end:memory]


# --8<-- [start:ids]
def thread_and_process_ids() -> dict:
    """线程与主线程同一个 PID（线程组 id，TGID），但各有自己的 TID；子进程有新的 PID。"""
    seen = {}

    def worker():
        seen["pid"], seen["tid"] = os.getpid(), threading.get_native_id()
        seen["listed"] = Path(f"/proc/{os.getpid()}/task/{seen['tid']}").is_dir()

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    child_pid = int(_in_child(lambda: str(os.getpid()).encode()))
    return {"main_pid": os.getpid(), "main_tid": threading.get_native_id(),
            "thread_pid": seen["pid"], "thread_tid": seen["tid"],
            "thread_listed_in_task_dir": seen["listed"], "child_pid": child_pid}
# --8<-- [end:ids]


# --8<-- [start:unshare]
CLONE_FILES = 0x400  # <linux/sched.h>：clone/unshare 的「共享描述符表」标志


def thread_with_its_own_fd_table() -> dict:
    """一个线程调用 unshare(CLONE_FILES)，换成一张自己的描述符表（内核复制一份给它）；
    它仍在同一个进程（同一个 PID）里，但此后它关闭的描述符，主线程那里还开着。
    「进程是资源分配的单位、线程共享进程的全部资源」在 Linux 上不成立：共享哪些资源由 clone 标志决定。"""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    r, w = os.pipe()
    seen = {}

    def worker():
        seen["unshare"] = libc.unshare(CLONE_FILES)
        seen["errno"] = ctypes.get_errno()
        seen["pid"] = os.getpid()
        os.close(r)                      # 只关掉这个线程自己那张表里的 r

    t = threading.Thread(target=worker)
    t.start()
    t.join()
    try:
        os.fstat(r)
        still_open = True
    except OSError:
        still_open = False
    for fd in (r, w):
        with contextlib.suppress(OSError):
            os.close(fd)
    return {"unshare_ok": seen["unshare"] == 0, "errno": seen["errno"], "same_pid": seen["pid"] == os.getpid(),
            "closed_in_thread_still_open_in_main": still_open}
# --8<-- [end:unshare]


# --8<-- [start:fds]
def fd_table_sharing() -> dict:
    """线程关闭的描述符，整个进程都看不到了；子进程关闭的只是它那份描述符表里的副本。"""
    def still_open(fd: int) -> bool:
        try:
            os.fstat(fd)
            return True
        except OSError:
            return False

    r, w = os.pipe()
    t = threading.Thread(target=os.close, args=(r,))
    t.start()
    t.join()
    by_thread = not still_open(r)
    os.close(w)

    r, w = os.pipe()
    _in_child(lambda: (os.close(r), b"")[1])
    by_child = not still_open(r)
    os.close(r)
    os.close(w)
    return {"closed_in_thread_visible_to_parent": by_thread, "closed_in_child_visible_to_parent": by_child}
# --8<-- [end:fds]
