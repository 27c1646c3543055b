"""kill 一个进程时真正发生了什么（r1-17）：信号、优雅退出、SIGKILL、僵尸、孤儿与收养、进程组。

>>> graceful_stop()["returncode"], graceful_stop()["output"][-1]
(0, 'cleanup done')
>>> sigkill_cannot_be_caught()
{'catch_SIGKILL': 'OSError: [Errno 22] Invalid argument', 'returncode': -9}
>>> zombie_states()
{'before_wait': 'Z', 'wait_status': 'exit code 7', 'after_wait': 'gone'}
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PR_SET_CHILD_SUBREAPER = 36  # <linux/prctl.h>


def proc_state(pid: int) -> str:
    """/proc/<pid>/stat 的第 3 个字段（R、S、D、Z、T…）；进程表项已不存在时返回 'gone'。"""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return "gone"
    return stat.rsplit(")", 1)[1].split()[0]  # comm 可能含空格和括号：从最后一个 ')' 之后切


def proc_ppid(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _python(code: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-c", code], stdout=subprocess.PIPE, text=True)


# --8<-- [start:graceful]
CHILD_WITH_HANDLER = """
import signal, sys, time
def on_term(signum, frame):
    print("got", signal.Signals(signum).name)
    print("cleanup done")   # 关连接、刷日志、删临时文件……
    sys.exit(0)
signal.signal(signal.SIGTERM, on_term)
print("ready")
time.sleep(30)
"""


def graceful_stop() -> dict:
    """kill <pid>（默认 SIGTERM）：子进程的处理函数做完清理，自己以退出码 0 结束。"""
    child = _python(CHILD_WITH_HANDLER)
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGTERM)
    out, _ = child.communicate(timeout=10)
    return {"returncode": child.returncode, "output": out.split("\n")[:-1]}
# --8<-- [end:graceful]


# --8<-- [start:sigkill]
STUBBORN_CHILD = """
import signal, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)          # 无视 SIGTERM
try:
    signal.signal(signal.SIGKILL, lambda *a: None)      # 想捕获 SIGKILL：内核不允许
except OSError as e:
    print(f"OSError: {e}")
print("ready")
time.sleep(30)
"""


def sigkill_cannot_be_caught() -> dict:
    child = _python(STUBBORN_CHILD)
    caught = child.stdout.readline().strip()
    assert child.stdout.readline().strip() == "ready"
    os.kill(child.pid, signal.SIGTERM)
    time.sleep(0.2)
    assert child.poll() is None  # SIGTERM 被忽略，进程还活着
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    return {"catch_SIGKILL": caught, "returncode": child.returncode}  # -9：被信号 9 杀死
# --8<-- [end:sigkill]


# --8<-- [start:zombie]
def zombie_states() -> dict:
    """子进程退出后、父进程 wait 之前，它是僵尸（Z）；waitpid 取走退出状态后表项才消失。"""
    pid = os.fork()
    if pid == 0:
        os._exit(7)
    deadline = time.monotonic() + 10
    while proc_state(pid) != "Z" and time.monotonic() < deadline:
        time.sleep(0.01)
    before = proc_state(pid)
    _, status = os.waitpid(pid, 0)
    return {"before_wait": before, "wait_status": f"exit code {os.waitstatus_to_exitcode(status)}",
            "after_wait": proc_state(pid)}
# --8<-- [end:zombie]


# --8<-- [start:subreaper]
def become_subreaper() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def orphan_and_group_in_subreaper() -> dict:
    """在一个「子收割者」进程里运行：用 SIGKILL 杀掉父进程，孩子不会被连带杀死，而是被最近的子收割者收养。"""
    become_subreaper()
    me = os.getpid()
    msg_r, msg_w = os.pipe()              # 中间进程把孙进程的 pid 告诉我们
    hold_r, hold_w = os.pipe()            # 孙进程阻塞在这里，直到我们关掉写端
    middle = os.fork()
    if middle == 0:                       # 中间进程：生一个孙进程，然后一直睡，等着被杀
        grandchild = os.fork()
        if grandchild == 0:
            os.close(hold_w)
            os.read(hold_r, 1)            # 读到 EOF 才往下走：它活着才能走到 _exit(0)
            os._exit(0)
        os.write(msg_w, grandchild.to_bytes(4, "little"))
        time.sleep(60)
        os._exit(1)
    grandchild = int.from_bytes(os.read(msg_r, 4), "little")
    os.kill(middle, signal.SIGKILL)       # 杀掉父进程（不是让它自己退出）
    os.waitpid(middle, 0)                 # 回收它：孙进程成了孤儿
    adopted = proc_ppid(grandchild) == me  # 它的 PPID 变成了我们（最近的子收割者）
    alive_state = proc_state(grandchild)   # 仍在睡眠（S），不是僵尸（Z）也没消失
    for fd in (msg_r, msg_w, hold_r, hold_w):
        os.close(fd)                      # 孙进程读到 EOF，自己退出
    pid, status = os.waitpid(grandchild, 0)
    orphan_exit = os.waitstatus_to_exitcode(status) if pid == grandchild else None

    # 进程组：新会话里的 sh 和它的两个 sleep 同属一个进程组，killpg 一次发给全部成员
    sh = subprocess.Popen(["sh", "-c", "sleep 30 & echo $!; sleep 30 & echo $!; wait"],
                          stdout=subprocess.PIPE, text=True, start_new_session=True)
    sleepers = [int(sh.stdout.readline()) for _ in range(2)]
    same_group = {os.getpgid(p) for p in [sh.pid, *sleepers]} == {sh.pid}
    os.killpg(sh.pid, signal.SIGTERM)
    reaped = {}
    while True:                            # sh 死后两个 sleep 也会被我们收养，一并回收
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            break
        reaped[pid] = os.waitstatus_to_exitcode(status)
    sh.stdout.close()
    return {"adopted_by_subreaper": adopted, "orphan_state_after_parent_killed": alive_state,
            "orphan_exit_code": orphan_exit, "same_group": same_group,
            "group_killed_by_SIGTERM": sorted(reaped.get(p) for p in [sh.pid, *sleepers])}
# --8<-- [end:subreaper]


def run_subreaper_demo() -> dict:
    """在独立的 Python 进程里跑上面的演示，不把测试进程自己变成子收割者。"""
    out = subprocess.run([sys.executable, "-m", "snippets.os.kill_demo", "subreaper"], cwd=ROOT,
                         capture_output=True, text=True, timeout=30, check=True)
    return json.loads(out.stdout)


if __name__ == "__main__" and sys.argv[1:] == ["subreaper"]:
    print(json.dumps(orphan_and_group_in_subreaper()))
