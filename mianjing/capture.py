"""Capture fact snapshots from the real systems (`make facts`), or check them (`--check`).

    python -m mianjing.capture              # start each system, write data/facts/*.json
    python -m mianjing.capture --check      # start each system, diff against the committed files
    python -m mianjing.capture redis        # only some systems

Each capture starts the same launchers the tests use (mianjing/servers.py) on 127.0.0.1 and
reads what the system reports about itself. Values that depend on the machine rather than the
version (paths, ports, host names, CPU-count or file-limit sized settings) are left out, each
for a reason written below.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from . import facts, servers

# --------------------------------------------------------------------------- Redis


def capture_redis() -> dict:
    with servers.redis_server(defaults=True) as server:
        docs = json.loads(server.cli("--json", "COMMAND", "DOCS"))
        config = json.loads(server.cli("--json", "CONFIG", "GET", "*"))
    commands: dict[str, dict] = {}

    def add(name: str, doc: dict) -> None:
        keep = {k: doc[k] for k in ("summary", "since", "group", "complexity", "deprecated_since", "replaced_by",
                                    "doc_flags") if k in doc}
        commands[name.upper()] = keep
        for sub, subdoc in (doc.get("subcommands") or {}).items():
            add(sub.replace("|", " "), subdoc)

    for name, doc in docs.items():
        add(name, doc)
    for key in servers.REDIS_LAUNCHER_CONFIG:
        config.pop(key, None)
    return {"system": "redis", "version": server.version,
            "facts": {"commands": commands, "config": dict(sorted(config.items()))}}


# --------------------------------------------------------------------------- MariaDB
# Left out of the variables, each with its reason:
MARIADB_MACHINE = {
    "thread_pool_size": "the number of CPUs",
    "open_files_limit": "the process's RLIMIT_NOFILE",
    "table_open_cache": "lowered to fit open_files_limit",
    "table_definition_cache": "lowered to fit open_files_limit",
    "hostname": "the host", "report_host": "the host", "wsrep_node_name": "the host",
    "general_log_file": "named after the host", "slow_query_log_file": "named after the host",
    "log_slow_query_file": "named after the host", "log_error": "the launcher's directory",
    "server_uid": "random per data directory", "report_port": "the launcher's port",
    "system_time_zone": "the machine's time zone", "lower_case_file_system": "the file system",
    "large_page_size": "the machine's huge page size", "tmpdir": "the machine's TMPDIR",
    "slave_load_tmpdir": "the machine's TMPDIR", "version_ssl_library": "the machine's OpenSSL",
    "aria_log_dir_path": "the data directory", "wsrep_data_home_dir": "the data directory",
    "innodb_log_group_home_dir": "the data directory", "innodb_data_home_dir": "the data directory",
}
# Limits the server states in its own error messages: (what, SQL that exceeds it, pattern of the number).
MARIADB_LIMITS = {
    "max_indexes_per_table": (
        "CREATE TABLE t_limit (" + ", ".join(f"c{i} INT" for i in range(70))
        + ", " + ", ".join(f"KEY (c{i})" for i in range(70)) + ") ENGINE=InnoDB",
        r"max (\d+) keys allowed"),
    "max_key_parts": (
        "CREATE TABLE t_limit (" + ", ".join(f"c{i} INT" for i in range(40))
        + ", KEY (" + ", ".join(f"c{i}" for i in range(40)) + ")) ENGINE=InnoDB",
        r"max (\d+) parts allowed"),
    "innodb_max_key_length_bytes": (
        "CREATE TABLE t_limit (c VARCHAR(4000), PRIMARY KEY (c)) ENGINE=InnoDB DEFAULT CHARSET=latin1",
        r"max key length is (\d+) bytes"),
    "max_row_size_bytes": (
        "CREATE TABLE t_limit (" + ", ".join(f"c{i} VARCHAR(10000)" for i in range(8))
        + ") ENGINE=InnoDB DEFAULT CHARSET=latin1",
        r"maximum row size for the used table type, not counting BLOBs, is (\d+)"),
}


def capture_mariadb() -> dict:
    import pymysql

    with servers.sql_server("mariadb") as server:
        conn = server.connect()
        with conn.cursor() as cur:
            cur.execute("SHOW GLOBAL VARIABLES")
            variables = dict(cur.fetchall())
            cur.execute("CREATE DATABASE facts")
            cur.execute("USE facts")
            limits = {}
            for name, (sql, pattern) in MARIADB_LIMITS.items():
                try:
                    cur.execute(sql)
                except pymysql.err.MySQLError as exc:
                    m = re.search(pattern, str(exc))
                    if not m:
                        raise RuntimeError(f"{name}: the server's error does not state the limit: {exc}") from None
                    limits[name] = int(m.group(1))
                else:
                    raise RuntimeError(f"{name}: expected the server to refuse {sql[:60]}…")
        conn.close()
        root = str(server.datadir.parent)
    drop = set(MARIADB_MACHINE) | set(servers.SQL_LAUNCHER_VARIABLES)
    variables = {k: v for k, v in variables.items() if k not in drop and root not in v}
    version = variables.pop("version")
    return {"system": "mariadb", "version": version, "facts": {"variables": dict(sorted(variables.items())),
                                                               "limits": limits}}


# --------------------------------------------------------------------------- Celery and kombu
def _jsonable(value):
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, (tuple, list, set, frozenset)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return repr(value)


def capture_celery() -> dict:
    """Celery's own defaults table and the worker heartbeat's default interval, read from the
    installed package (no server: these are the library's code)."""
    import celery
    from celery.app.defaults import DEFAULTS
    from celery.worker.heartbeat import Heart

    class _Eventer:  # Heart registers its start/stop with the event dispatcher
        on_enabled: set = set()
        on_disabled: set = set()

    defaults = {k: _jsonable(v) for k, v in DEFAULTS.items()}
    return {"system": "celery", "version": celery.__version__,
            "facts": {"defaults": dict(sorted(defaults.items())),
                      "worker": {"heartbeat_interval_seconds": Heart(None, _Eventer()).interval}}}


def capture_kombu() -> dict:
    import kombu
    from kombu.transport import redis as redis_transport

    channel = redis_transport.Channel
    options = {k: _jsonable(getattr(channel, k)) for k in dir(channel)
               if not k.startswith("_") and isinstance(getattr(channel, k), (int, float, str, bool, type(None)))}
    return {"system": "kombu", "version": kombu.__version__,
            "facts": {"redis_transport": dict(sorted(options.items()))}}


# --------------------------------------------------------------------------- etcd
MACHINE_FLAGS = {"name", "data-dir", "wal-dir"}


def capture_etcd() -> dict:
    binary = servers.require("etcd")
    help_text = subprocess.run([binary, "--help"], capture_output=True, text=True, check=False)
    text = help_text.stdout + help_text.stderr
    flags = {m.group(1): m.group(2) for m in re.finditer(r"^\s+--([a-z0-9-]+) '([^']*)'", text, re.MULTILINE)}
    if "heartbeat-interval" not in flags:
        raise RuntimeError(f"could not read flag defaults from `etcd --help`:\n{text[:500]}")
    version = servers.version_of([binary, "--version"]).split(":")[-1].strip()
    return {"system": "etcd", "version": version, "facts": {"flags": dict(sorted(flags.items()))}}


# --------------------------------------------------------------------------- CPython and Go
def _run_python(code: str) -> dict:
    out = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    return json.loads(out.stdout)


def capture_python() -> dict:
    """Interpreter defaults, read in a fresh interpreter started with -I (no environment)."""
    data = _run_python("""
import gc, json, platform, sys, threading
print(json.dumps({"version": platform.python_version(), "sys": {
    "switchinterval_seconds": sys.getswitchinterval(), "recursionlimit": sys.getrecursionlimit(),
    "int_max_str_digits": sys.get_int_max_str_digits(), "hash_algorithm": sys.hash_info.algorithm},
    "gc": {"thresholds": list(gc.get_threshold())},
    "threading": {"stack_size": threading.stack_size()}}))
""")
    version = data.pop("version")
    return {"system": "python", "version": version, "facts": data}


GO_PROGRAM = """package main

import (
\t"encoding/json"
\t"fmt"
\t"runtime"
\t"runtime/debug"
)

func main() {
\tthreads := debug.SetMaxThreads(10000)
\tstack := debug.SetMaxStack(1 << 30)
\tgc := debug.SetGCPercent(100)
\tout, _ := json.Marshal(map[string]any{"version": runtime.Version(),
\t\t"max_threads": threads, "max_stack_bytes": stack, "gc_percent": gc})
\tfmt.Println(string(out))
}
"""


def capture_go() -> dict:
    """The runtime's defaults as the runtime reports them (runtime/debug returns the previous
    setting), and the minimum goroutine stack from the installed toolchain's runtime source."""
    go = servers.require("go")
    with tempfile.TemporaryDirectory(prefix="mianjing-go-facts-") as tmp:
        Path(tmp, "main.go").write_text(GO_PROGRAM, encoding="utf-8")
        env = {**os.environ, "GOCACHE": str(Path(tmp) / "cache"), "GO111MODULE": "off", "GOFLAGS": ""}
        out = subprocess.run([go, "run", "main.go"], cwd=tmp, capture_output=True, text=True, check=True, env=env)
    data = json.loads(out.stdout)
    goroot = subprocess.run([go, "env", "GOROOT"], capture_output=True, text=True, check=True).stdout.strip()
    stack_go = Path(goroot, "src", "runtime", "stack.go").read_text(encoding="utf-8")
    m = re.search(r"^\s*_StackMin\s*=\s*(\d+)", stack_go, re.MULTILINE)
    if not m:
        raise RuntimeError(f"no _StackMin constant in {goroot}/src/runtime/stack.go")
    version = data.pop("version").removeprefix("go")
    return {"system": "go", "version": version,
            "facts": {"runtime": {**data, "stack_min_bytes": int(m.group(1))}}}


CAPTURES: dict[str, Callable[[], dict]] = {
    "redis": capture_redis,
    "mariadb": capture_mariadb,
    "celery": capture_celery,
    "kombu": capture_kombu,
    "etcd": capture_etcd,
    "python": capture_python,
    "go": capture_go,
}


# --------------------------------------------------------------------------- compare and write
def _flatten(node, prefix=()) -> dict[tuple, object]:
    if isinstance(node, dict) and node:
        out = {}
        for k, v in node.items():
            out.update(_flatten(v, prefix + (k,)))
        return out
    return {prefix: node}


def differences(committed: dict, captured: dict) -> list[str]:
    """Every fact whose value differs, as 'system › path: committed X, this run Y'."""
    a, b = _flatten(committed["facts"]), _flatten(captured["facts"])
    sysname = captured["system"]
    out = []
    for key in sorted(set(a) | set(b), key=lambda k: tuple(map(str, k))):
        if a.get(key, "<absent>") != b.get(key, "<absent>"):
            where = " › ".join((sysname, *map(str, key)))
            out.append(f"{where}: committed {json.dumps(a.get(key, '<absent>'), ensure_ascii=False)}, "
                       f"this run {json.dumps(b.get(key, '<absent>'), ensure_ascii=False)}")
    return out


def check(system: str, captured: dict, facts_dir: Path = facts.FACTS_DIR) -> tuple[list[str], str | None]:
    """(drifted facts, note): drift is a changed value; a changed patch version alone is a note."""
    path = facts.file_for(system, captured["version"], facts_dir)
    if not path.exists():
        have = ", ".join(p.name for p in sorted(facts_dir.glob(f"{system}-*.json"))) or "none"
        return [f"{system} {captured['version']}: no committed snapshot {path.name} (committed: {have}). "
                "A new version: run `make facts`, review the diff, commit it"], None
    committed = json.loads(path.read_text(encoding="utf-8"))
    note = None
    if committed["version"] != captured["version"]:
        note = (f"{system}: the snapshot was captured from {committed['version']}, this machine runs "
                f"{captured['version']}; the values agree. Run `make facts` to record the new version")
    return differences(committed, captured), note


def write(captured: dict, facts_dir: Path = facts.FACTS_DIR) -> Path:
    facts_dir.mkdir(parents=True, exist_ok=True)
    system = captured["system"]
    for old in facts_dir.glob(f"{system}-*.json"):
        old.unlink()
    path = facts.file_for(system, captured["version"], facts_dir)
    path.write_text(facts.dump(captured), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    wanted = [a for a in argv if not a.startswith("-")] or list(CAPTURES)
    unknown = [w for w in wanted if w not in CAPTURES]
    if unknown:
        print(f"unknown system(s) {', '.join(unknown)}; known: {', '.join(CAPTURES)}", file=sys.stderr)
        return 2
    status = 0
    for system in wanted:
        try:
            captured = CAPTURES[system]()
        except servers.ServerUnavailable as exc:
            print(f"{system}: {exc}", file=sys.stderr)
            status = 1
            continue
        if check_only:
            drift, note = check(system, captured)
            for line in drift:
                print(f"DRIFT {line}")
            if note:
                print(f"NOTE  {note}")
            status |= bool(drift)
            if not drift:
                print(f"ok    {system} {captured['version']}")
        else:
            path = write(captured)
            n = len(_flatten(captured["facts"]))
            print(f"wrote {path.relative_to(facts.ROOT)}: {system} {captured['version']}, {n} facts")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
