"""The server launchers leave nothing behind: not after a normal stop, not after the test
process is killed outright (SIGKILL), thanks to PR_SET_PDEATHSIG."""

import os
import signal
import subprocess
import sys
import time

from mianjing import ROOT, servers

CHILD = """
import time
from mianjing import servers
with servers.redis_server() as r:
    print(r.proc.pid, flush=True)
    time.sleep(60)
"""


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split()[2] != "Z"
    except FileNotFoundError:
        return False


def test_server_dies_with_a_killed_test_process():
    servers.require("redis-server")
    parent = subprocess.Popen([sys.executable, "-c", CHILD], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    assert alive(pid)
    os.kill(parent.pid, signal.SIGKILL)  # no cleanup code runs in the parent
    parent.wait()
    deadline = time.monotonic() + 10
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not alive(pid), "redis-server outlived the killed test process"


def test_context_manager_stops_the_server_and_its_directory():
    with servers.redis_server() as r:
        pid, workdir = r.proc.pid, r.dir
        assert r.client().ping() and workdir.exists()
    assert not alive(pid) and not workdir.exists()


def test_missing_binary_names_the_package():
    try:
        servers.require("no-such-server-binary")
    except servers.ServerUnavailable as exc:
        assert "sudo apt-get install -y no-such-server-binary" in str(exc)
    else:
        raise AssertionError("require() accepted a missing binary")
