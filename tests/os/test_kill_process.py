"""r1-17：kill 是发信号；进程退出后先成僵尸等父进程回收；孩子不会被连带杀死，而是被收养。"""

import os
import signal
import subprocess
import sys
import time

from snippets.os.kill_demo import graceful_stop, proc_state, run_subreaper_demo, sigkill_cannot_be_caught, zombie_states


# --8<-- [start:assertions]
def test_sigterm_runs_the_handler_and_the_process_exits_itself():
    r = graceful_stop()
    assert r == {"returncode": 0, "output": ["got SIGTERM", "cleanup done"]}


def test_sigkill_cannot_be_caught_or_ignored():
    r = sigkill_cannot_be_caught()
    assert r["catch_SIGKILL"].startswith("OSError: [Errno 22]")  # sigaction(SIGKILL) → EINVAL
    assert r["returncode"] == -signal.SIGKILL                      # 忽略了 SIGTERM 的进程照样被杀


def test_exited_child_is_a_zombie_until_the_parent_waits():
    assert zombie_states() == {"before_wait": "Z", "wait_status": "exit code 7", "after_wait": "gone"}


def test_orphans_are_adopted_not_killed_and_killpg_reaches_the_group():
    r = run_subreaper_demo()
    assert r["adopted_by_subreaper"]                          # 父进程被 SIGKILL，孙进程被收养……
    assert r["orphan_state_after_parent_killed"] == "S"       # ……而且还活着、在睡眠（不是 Z，也没消失）
    assert r["orphan_exit_code"] == 0                         # 放开后它走完自己的代码，正常退出
    assert r["same_group"]
    assert r["group_killed_by_SIGTERM"] == [-15, -15, -15]    # sh 和两个 sleep 都死于同一个 SIGTERM
# --8<-- [end:assertions]


def test_stopped_process_shows_state_t_and_sigcont_resumes_it():
    """SIGSTOP 也不能被捕获：进程进入 T 状态；SIGCONT 让它继续。"""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        os.kill(child.pid, signal.SIGSTOP)
        deadline = time.monotonic() + 10
        while proc_state(child.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc_state(child.pid) == "T"
        os.kill(child.pid, signal.SIGCONT)
        while proc_state(child.pid) == "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert proc_state(child.pid) in ("S", "R")
    finally:
        child.kill()
        child.wait()
