"""Real servers for tests and notebooks: each starts on 127.0.0.1 with a free port and its own
temporary directory, waits until it answers, and is always stopped (context managers, plus an
atexit and signal safety net). pytest fixtures in tests/conftest.py wrap these.

Every process started here carries MIANJING_SERVER=<owner pid> in its environment, so
`python -m mianjing.servers --leftovers` can prove that nothing was left running.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import ROOT

MARK = "MIANJING_SERVER"
_alive: set[subprocess.Popen] = set()


class ServerUnavailable(RuntimeError):
    """A server binary is not installed; the message says what to install."""


# binary -> (Debian package, what it is)
PACKAGES = {
    "redis-server": ("redis-server", "Redis 7.x"),
    "redis-cli": ("redis-tools", "Redis client tools"),
    "redis-benchmark": ("redis-tools", "Redis benchmark"),
    "mariadbd": ("mariadb-server", "MariaDB 10.11"),
    "mariadb-install-db": ("mariadb-server", "MariaDB 10.11"),
    "etcd": ("etcd-server", "etcd 3.4"),
    "etcdctl": ("etcd-client", "etcd client"),
    "chromium": ("chromium", "headless Chromium"),
    "go": ("golang-go", "Go toolchain"),
    "sysbench": ("sysbench", "sysbench"),
    "valgrind": ("valgrind", "Valgrind (callgrind counts the instructions a server executes)"),
    "callgrind_control": ("valgrind", "Valgrind's callgrind_control"),
    "gcc": ("gcc", "the C compiler (with libc6-dev)"),
}


def require(binary: str) -> str:
    path = shutil.which(binary) or (f"/usr/sbin/{binary}" if os.path.exists(f"/usr/sbin/{binary}") else None)
    if path is None:
        pkg, what = PACKAGES.get(binary, (binary, binary))
        raise ServerUnavailable(f"{binary} ({what}) is not installed: run `make test` (it installs it) "
                                f"or `sudo apt-get install -y {pkg}`")
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def _die_with_parent() -> None:
    """In the child, before exec: ask the kernel for SIGTERM when the test process dies, even by
    SIGKILL (prctl PR_SET_PDEATHSIG), so no server outlives a killed test run."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # 1 = PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def spawn(args: list[str], log: Path, env: dict | None = None, cwd: Path | None = None) -> subprocess.Popen:
    """Start a server process in its own process group, its output in log."""
    full_env = {**os.environ, **(env or {}), MARK: str(os.getpid())}
    out = open(log, "ab")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                            env=full_env, cwd=cwd, start_new_session=True, preexec_fn=_die_with_parent)
    proc._mianjing_log = out  # type: ignore[attr-defined]
    _alive.add(proc)
    return proc


def stop(proc: subprocess.Popen, timeout: float = 10.0, sig: int = signal.SIGTERM) -> None:
    """Stop a process group: the signal first, SIGKILL if it lingers."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, sig)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)  # children of the group, if any survived
    _alive.discard(proc)
    proc._mianjing_log.close()  # type: ignore[attr-defined]


def wait_until(check, what: str, proc: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{what} exited with {proc.returncode} before answering; log {log}:\n{tail(log)}")
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer within {timeout:.0f}s; log {log}:\n{tail(log)}")


def tail(log: Path, lines: int = 20) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _cleanup_all(*_: object) -> None:
    for proc in list(_alive):
        with contextlib.suppress(Exception):
            stop(proc, timeout=3)


atexit.register(_cleanup_all)


def _on_signal(signum, frame):  # SIGTERM from a CI runner: stop servers, then die as asked
    _cleanup_all()
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


if hasattr(signal, "SIGTERM") and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
    signal.signal(signal.SIGTERM, _on_signal)


def version_of(args: list[str]) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=False).stdout.strip().splitlines()[0]


@contextlib.contextmanager
def tempdir(prefix: str) -> Iterator[Path]:
    path = Path(tempfile.mkdtemp(prefix=f"mianjing-{prefix}-"))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


# --------------------------------------------------------------------------- Redis
@dataclass
class Redis:
    port: int
    dir: Path
    proc: subprocess.Popen
    version: str
    host: str = "127.0.0.1"

    @property
    def url(self) -> str:
        return f"redis://{self.host}:{self.port}/0"

    def client(self, **kwargs):
        import redis

        return redis.Redis(host=self.host, port=self.port, **kwargs)

    def cli(self, *args: str) -> str:
        return subprocess.run([require("redis-cli"), "-p", str(self.port), *args],
                              capture_output=True, text=True, check=True).stdout

    def __str__(self) -> str:
        return f"Redis {self.version} on {self.host}:{self.port}"


# What redis_server sets on the command line besides the caller's config (so a fact snapshot
# can leave these out: they are the launcher's choices, not the server's defaults).
REDIS_LAUNCHER_CONFIG = ("port", "bind", "dir", "daemonize")


@contextlib.contextmanager
def redis_server(*config: str, dir: Path | None = None, defaults: bool = False,
                 wrapper: tuple[str, ...] = ()) -> Iterator[Redis]:
    """A redis-server with no persistence; extra config as '--name value' pairs.
    defaults=True keeps every setting at the server's own default (for fact snapshots);
    wrapper runs it under another program (valgrind …), which then owns the process."""
    binary = require("redis-server")
    with contextlib.ExitStack() as stack:
        workdir = dir or stack.enter_context(tempdir("redis"))
        port = free_port()
        log = workdir / "redis.log"
        persistence = () if defaults else ("--save", "", "--appendonly", "no", "--protected-mode", "yes")
        proc = spawn([*wrapper, binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir),
                      "--daemonize", "no", *persistence, *config], log)
        stack.callback(stop, proc, 30 if wrapper else 10)
        server = Redis(port, workdir, proc, "")
        wait_until(lambda: server.client().ping(), f"redis-server on port {port}", proc, log, 60 if wrapper else 20)
        server.version = server.client().info("server")["redis_version"]
        yield server


# --------------------------------------------------------------------------- MariaDB / MySQL
@dataclass
class SQLServer:
    engine: str  # "mariadb" or "mysql"
    port: int
    datadir: Path
    proc: subprocess.Popen
    version: str = ""
    host: str = "127.0.0.1"
    user: str = "root"
    extra: dict = field(default_factory=dict)

    def connect(self, database: str | None = None, **kwargs):
        import pymysql

        return pymysql.connect(host=self.host, port=self.port, user=self.user, password="",
                               database=database, autocommit=True, **kwargs)

    def __str__(self) -> str:
        return f"{self.engine} {self.version} on {self.host}:{self.port}"


def real_mysql() -> str | None:
    """Path of a MySQL (not MariaDB) mysqld, as on GitHub's Ubuntu runners; None if absent."""
    path = shutil.which("mysqld") or ("/usr/sbin/mysqld" if os.path.exists("/usr/sbin/mysqld") else None)
    if path and "mariadb" not in version_of([path, "--version"]).lower():
        return path
    return None


def sql_engines() -> list[str]:
    """The SQL engines the tests run on: MariaDB, plus MySQL 8.0 where a real mysqld is installed.
    MIANJING_SQL_ENGINES=mysql (the mysql80 workflow job) restricts the run to the listed engines."""
    found = ["mariadb"] + (["mysql"] if real_mysql() else [])
    wanted = [e for e in os.environ.get("MIANJING_SQL_ENGINES", "").split(",") if e]
    return [e for e in found if e in wanted] if wanted else found


# Variables sql_server sets on the command line (a fact snapshot leaves them out: they are the
# launcher's choices, not the server's defaults).
SQL_LAUNCHER_VARIABLES = ("bind_address", "port", "socket", "datadir", "pid_file", "innodb_buffer_pool_size",
                          "skip_name_resolve")


@contextlib.contextmanager
def sql_server(engine: str = "mariadb", *options: str, dir: Path | None = None) -> Iterator[SQLServer]:
    """A fresh MariaDB (mariadbd) or MySQL 8.0 (mysqld) with its own datadir, root without password."""
    with contextlib.ExitStack() as stack:
        base = dir or stack.enter_context(tempdir(engine))
        datadir, sock, log = base / "data", base / "sock", base / "server.log"
        port = free_port()
        if engine == "mariadb":
            server_bin = require("mariadbd")
            subprocess.run([require("mariadb-install-db"), "--no-defaults", f"--datadir={datadir}", "--user=root",
                            "--auth-root-authentication-method=normal", "--skip-test-db"],
                           check=True, capture_output=True)
            args = [server_bin, "--no-defaults", "--user=root"]
        elif engine == "mysql":
            server_bin = real_mysql()
            if not server_bin:
                raise ServerUnavailable("MySQL 8.0 (mysqld) is not installed")
            subprocess.run([server_bin, "--no-defaults", "--initialize-insecure", f"--datadir={datadir}", "--user=root"],
                           check=True, capture_output=True)
            args = [server_bin, "--no-defaults", "--user=root", "--mysqlx=OFF"]
        else:
            raise ValueError(f"unknown engine {engine!r}")
        args += [f"--datadir={datadir}", f"--socket={sock}", f"--port={port}", "--bind-address=127.0.0.1",
                 f"--pid-file={base / 'server.pid'}", "--innodb-buffer-pool-size=128M", "--skip-name-resolve",
                 *options]
        proc = spawn(args, log)
        stack.callback(stop, proc, 30)
        server = SQLServer(engine, port, datadir, proc)

        def ready() -> bool:
            import pymysql

            if not sock.exists():
                return False
            conn = pymysql.connect(unix_socket=str(sock), user="root", password="")
            with conn.cursor() as cur:
                cur.execute("CREATE USER IF NOT EXISTS 'root'@'127.0.0.1' IDENTIFIED BY ''")
                cur.execute("GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1' WITH GRANT OPTION")
            conn.close()
            return True

        wait_until(ready, f"{engine} on port {port}", proc, log, 90)
        conn = server.connect()
        with conn.cursor() as cur:
            cur.execute("SELECT VERSION()")
            server.version = cur.fetchone()[0]
        conn.close()
        yield server


# --------------------------------------------------------------------------- Celery
@dataclass
class CeleryWorker:
    app: str
    broker_url: str
    proc: subprocess.Popen
    log: Path
    name: str

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.contextmanager
def celery_worker(app: str, broker_url: str, *args: str, env: dict | None = None,
                  ready_timeout: float = 60.0, without: tuple[str, ...] = ("mingle", "gossip"),
                  ) -> Iterator[CeleryWorker]:
    """A real `celery worker` for app (a module path like snippets.celery.app) on broker_url.
    By default it starts without mingle and gossip (faster start, no chatter between test
    workers); pass without=() to keep them, e.g. to observe gossip or mingle's revoke sync."""
    with tempdir("celery") as workdir:
        log = workdir / "worker.log"
        name = f"w{free_port()}@127.0.0.1"
        proc = spawn([sys.executable, "-m", "celery", "-A", app, "worker", "-n", name, "--loglevel=INFO",
                      *(f"--without-{w}" for w in without), *args], log,
                     env={"MIANJING_BROKER_URL": broker_url, "PYTHONPATH": str(ROOT), **(env or {})}, cwd=ROOT)
        worker = CeleryWorker(app, broker_url, proc, log, name)
        try:
            wait_until(lambda: " ready." in worker.output(), f"celery worker {name}", proc, log, ready_timeout)
            yield worker
        finally:
            stop(proc, timeout=15)


# --------------------------------------------------------------------------- etcd
@dataclass
class EtcdMember:
    name: str
    client_port: int
    peer_port: int
    datadir: Path
    log: Path
    proc: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.client_port}"


@dataclass
class EtcdCluster:
    members: list[EtcdMember]
    version: str = ""

    @property
    def endpoints(self) -> str:
        return ",".join(m.endpoint for m in self.members)

    def etcdctl(self, *args: str, endpoints: str | None = None, timeout: str = "3s",
                check: bool = True, input: str | None = None) -> subprocess.CompletedProcess:
        """Run etcdctl against the cluster (input: standard input, e.g. for `txn`)."""
        return subprocess.run([require("etcdctl"), f"--endpoints={endpoints or self.endpoints}",
                               f"--command-timeout={timeout}", *args], input=input,
                              capture_output=True, text=True, check=check, env={**os.environ, "ETCDCTL_API": "3"})

    def _args(self, m: EtcdMember, state: str) -> list[str]:
        cluster = ",".join(f"{x.name}=http://127.0.0.1:{x.peer_port}" for x in self.members)
        return [require("etcd"), "--name", m.name, "--data-dir", str(m.datadir),
                "--listen-client-urls", m.endpoint, "--advertise-client-urls", m.endpoint,
                "--listen-peer-urls", f"http://127.0.0.1:{m.peer_port}",
                "--initial-advertise-peer-urls", f"http://127.0.0.1:{m.peer_port}",
                "--initial-cluster", cluster, "--initial-cluster-state", state,
                "--initial-cluster-token", "mianjing-test", "--heartbeat-interval", "50",
                "--election-timeout", "500", "--logger", "zap", "--log-outputs", "stderr"]

    def start(self, m: EtcdMember, state: str = "existing") -> None:
        m.proc = spawn(self._args(m, state), m.log)

    def stop(self, m: EtcdMember) -> None:
        if m.proc is not None:
            stop(m.proc)
            m.proc = None

    def wait_healthy(self, members: list[EtcdMember] | None = None, timeout: float = 30) -> None:
        for m in members or [x for x in self.members if x.proc]:
            wait_until(lambda m=m: self.etcdctl("endpoint", "health", endpoints=m.endpoint, check=False).returncode == 0,
                       f"etcd member {m.name}", m.proc, m.log, timeout)


@contextlib.contextmanager
def etcd_cluster(size: int = 3) -> Iterator[EtcdCluster]:
    """A real etcd cluster of `size` members on loopback."""
    require("etcd")
    require("etcdctl")
    with tempdir("etcd") as base:
        members = [EtcdMember(f"m{i}", free_port(), free_port(), base / f"m{i}", base / f"m{i}.log") for i in range(size)]
        cluster = EtcdCluster(members)
        try:
            for m in members:
                cluster.start(m, "new")
            cluster.wait_healthy()
            cluster.version = version_of([require("etcd"), "--version"]).split(":")[-1].strip()
            yield cluster
        finally:
            for m in members:
                cluster.stop(m)


# --------------------------------------------------------------------------- leftovers
def leftovers() -> list[str]:
    """Processes still running that a test run of ours started (they carry MARK)."""
    found = []
    for proc_dir in Path("/proc").glob("[0-9]*"):
        try:
            env = (proc_dir / "environ").read_bytes()
            if f"{MARK}=".encode() in env and int(proc_dir.name) != os.getpid():
                cmd = (proc_dir / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                found.append(f"{proc_dir.name}: {cmd.strip()}")
        except (OSError, ValueError):
            continue
    return found


if __name__ == "__main__":
    if sys.argv[1:] == ["--leftovers"]:
        left = leftovers()
        if left:
            print("server processes left running by the test suite:\n" + "\n".join(left), file=sys.stderr)
            sys.exit(1)
        print("no server process left running")
    else:
        print("usage: python -m mianjing.servers --leftovers", file=sys.stderr)
        sys.exit(2)
