"""r2-18：线程共享地址空间和描述符表，fork 出的子进程各有一份；两者在内核里都是 task。"""

from snippets.os.address_space import (
    fd_table_sharing,
    thread_and_process_ids,
    thread_vs_fork_memory,
    thread_with_its_own_fd_table,
)


# --8<-- [start:assertions]
def test_thread_shares_memory_forked_child_gets_a_copy():
    r = thread_vs_fork_memory()
    assert r["thread_sees_parent_list"][-1] == "from thread"
    assert r["fork_child_saw"][-1] == "from child"
    assert r["parent_after_fork"] == [1, 2, 3]      # 父进程看不到子进程的修改
    assert r["same_address_in_child"]              # 同一个虚拟地址，不同的物理页（写时复制）


def test_threads_share_a_pid_and_have_their_own_tid():
    ids = thread_and_process_ids()
    assert ids["thread_pid"] == ids["main_pid"]      # getpid() 返回的是线程组 id（TGID）
    assert ids["thread_tid"] != ids["main_tid"]      # 每个线程是一个独立调度的 task
    assert ids["main_tid"] == ids["main_pid"]        # 主线程的 TID 就是 PID
    assert ids["thread_listed_in_task_dir"]          # /proc/<pid>/task/<tid>
    assert ids["child_pid"] != ids["main_pid"]


def test_threads_share_the_fd_table_children_copy_it():
    assert fd_table_sharing() == {"closed_in_thread_visible_to_parent": True,
                                  "closed_in_child_visible_to_parent": False}


def test_a_thread_can_have_a_descriptor_table_of_its_own():
    """同一个进程里的线程，也可以不共享描述符表：资源共享与否由 clone/unshare 的标志决定，不由「进程 / 线程」
    这对概念决定。若「线程共享所属进程的全部资源」成立，线程关掉的描述符在主线程里也该关掉了。"""
    r = thread_with_its_own_fd_table()
    assert r["unshare_ok"], r
    assert r["same_pid"]                               # 还是同一个进程（线程组）
    assert r["closed_in_thread_still_open_in_main"]    # 但它关掉的描述符，主线程里还开着
# --8<-- [end:assertions]
