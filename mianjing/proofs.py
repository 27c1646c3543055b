"""What an erratum's proof is, and the level of proof a reader sees in its box.

A proof is a collected pytest test (`tests/<topic>/test_*.py::test_name`, or
`…::TestClass::test_name`): a helper function or a doctest of one's own predicate is not a
proof. Its level is derived from what the test runs on, never written by hand:

- 实测（真实服务器：Redis 7.0.15）: the test uses a fixture that starts a real server;
- 实测（本机 Linux 内核 …）: the test exercises the kernel or a runtime of this machine;
- 代码验证: doctests, property-based tests and offline validators: the code is right, no system
  behaviour is observed;
- 仅依据资料: no runnable proof here; the erratum says why in `unproven:` (for example
  "MySQL 8.0 不在本项目的测试环境中"), and a source settles it.

The fixtures are found by reading the test's parameters and, transitively, the fixtures they
use (tests/conftest.py, the topic's conftest.py and the test module itself).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import cache
from pathlib import Path

# A fixture (or launcher) name → the system it starts. sql_server also runs on MySQL 8.0 where
# the job has one (the GitHub workflow's mysql80 job); mariadb_server never does.
SERVER_FIXTURES = {
    "redis_server": "redis",
    "fresh_redis": "redis",
    "redis_cluster": "redis",
    "sql_server": "sql",
    "mariadb_server": "mariadb",
    "etcd_cluster": "etcd",
    "celery_worker": "celery",
}
# Where no server fixture is used: what the tests of a directory or module run on.
LOCAL = {
    "tests/os/test_python_go.py": ("kernel", "本机的 Linux 内核、CPython 与 Go 运行时"),
    "tests/os/test_coroutines.py": ("kernel", "本机的 CPython 解释器与 Linux 内核"),
    "tests/os/": ("kernel", "本机 Linux 内核"),
    "tests/algorithms/": ("code", "doctest 与性质测试"),
    "tests/kubernetes/test_manifests.py": ("code", "离线校验清单（kubernetes-validate），不运行集群"),
    "tests/kubernetes/test_dockerfile.py": ("code", "离线检查 Dockerfile（hadolint）"),
}
KINDS = {"server": "实测", "kernel": "实测", "code": "代码验证", "source": "仅依据资料"}
ORDER = ("server", "kernel", "code", "source")


@dataclass(frozen=True)
class Level:
    kind: str      # server | kernel | code | source
    label: str     # what the erratum box shows
    systems: frozenset[str] = frozenset()


def _functions(tree: ast.Module) -> dict[str, ast.FunctionDef]:
    out: dict[str, ast.FunctionDef] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            out[node.name] = node
        elif isinstance(node, ast.ClassDef):
            for sub in node.body:
                if isinstance(sub, ast.FunctionDef):
                    out[f"{node.name}::{sub.name}"] = sub
    return out


@cache
def _parse(path: Path) -> dict[str, ast.FunctionDef]:
    return _functions(ast.parse(path.read_text(encoding="utf-8")))


def _names_used(fn: ast.FunctionDef) -> set[str]:
    """Parameters and every name or attribute the function's body mentions."""
    names = {a.arg for a in fn.args.args + fn.args.kwonlyargs}
    for node in ast.walk(fn):
        if isinstance(node, ast.Name):
            names.add(node.id)
        elif isinstance(node, ast.Attribute):
            names.add(node.attr)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                and node.func.attr == "getfixturevalue" and node.args and isinstance(node.args[0], ast.Constant):
            names.add(str(node.args[0].value))
    return names


def check_test(proof: str, root: Path) -> str | None:
    """None if proof names a test function that pytest collects; else what is wrong."""
    if isinstance(proof, str) and "TODO" in proof:
        return "still says TODO: name the test (tests/<topic>/test_<x>.py::test_<name>), or write `unproven:`"
    if not isinstance(proof, str) or "::" not in proof:
        return "must name a test: tests/<topic>/test_<x>.py::test_<name>"
    path, _, name = proof.partition("::")
    file = root / path
    if not (path.startswith("tests/") and Path(path).name.startswith("test_") and path.endswith(".py")):
        return (f"{path!r} is not a test module (tests/**/test_*.py): a helper or a doctest of one's own "
                "predicate is not a proof; write a test that would fail if the original claim were true")
    if not file.is_file():
        return f"{path!r} does not exist (paths are relative to the repository root)"
    if not name.split("::")[-1].startswith("test_"):
        return f"{name!r} is not a test function (its name must start with test_)"
    if name not in _parse(file):
        return f"{path!r} has no test named {name!r}"
    return None


def systems_used(proof: str, root: Path) -> set[str]:
    """The servers a test starts, following its fixtures through the conftest files."""
    path, _, name = proof.partition("::")
    file = root / path
    scopes = [_parse(file)]
    for parent in [file.parent, *file.parent.parents]:
        if parent == root.parent:
            break
        if (parent / "conftest.py").is_file():
            scopes.append(_parse(parent / "conftest.py"))
    found: set[str] = set()
    seen: set[str] = set()
    todo = [name]
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        fn = next((s[key] for s in scopes if key in s), None)
        if fn is None:
            continue
        for used in _names_used(fn):
            if used in SERVER_FIXTURES:
                found.add(SERVER_FIXTURES[used])
            if used not in seen:
                todo.append(used)
    return found


def level_of(proof: str | None, unproven: str | None, root: Path, versions: dict[str, str]) -> Level:
    """The proof level of an erratum. versions: system → what to call it ('Redis 7.0.15' …)."""
    if not proof:
        return Level("source", f"仅依据资料（{unproven}）")
    systems = systems_used(proof, root)
    if systems:
        names = [versions.get(s, s) for s in sorted(systems)]
        return Level("server", f"实测（真实服务器：{'、'.join(names)}）", frozenset(systems))
    path = proof.partition("::")[0]
    for prefix in sorted(LOCAL, key=len, reverse=True):
        if path.startswith(prefix):
            kind, what = LOCAL[prefix]
            return Level(kind, f"{KINDS[kind]}（{what}）")
    return Level("code", "代码验证")
