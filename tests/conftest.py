"""Fixtures for the whole suite: real servers (from mianjing.servers), with one policy for
what is missing: under CI=true a missing server fails with what to install; elsewhere the
test is skipped and the reason is printed (pytest runs with -rs)."""

from __future__ import annotations

import contextlib
import os

import pytest

from mianjing import receipts, servers

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
_used: list[str] = []


def unavailable(message: str):
    """Fail under CI, skip with the reason elsewhere."""
    if IN_CI:
        pytest.fail(f"{message} (CI=true: nothing may be skipped)", pytrace=False)
    pytest.skip(message)


def require(binary: str) -> str:
    """The path of a tool the test needs; a missing one fails under CI and skips elsewhere."""
    try:
        return servers.require(binary)
    except servers.ServerUnavailable as exc:
        unavailable(str(exc))


@pytest.fixture(scope="session")
def sysbench() -> str:
    """Debian's sysbench 1.0.20, for the QPS measurements."""
    return require("sysbench")


@contextlib.contextmanager
def started(cm, request=None):
    try:
        server = cm.__enter__()
    except servers.ServerUnavailable as exc:
        unavailable(str(exc))
    try:
        _used.append(str(server))
        yield server
    finally:
        cm.__exit__(None, None, None)


@pytest.fixture(scope="session")
def redis_server():
    """One redis-server shared by the session (tests use their own keys and clean up)."""
    with started(servers.redis_server()) as server:
        yield server


@pytest.fixture
def fresh_redis():
    """A redis-server of its own, for tests that change its configuration."""
    with started(servers.redis_server()) as server:
        yield server


@pytest.fixture(scope="session", params=servers.sql_engines())
def sql_server(request):
    """MariaDB 10.11 always; MySQL 8.0 too where a real mysqld is installed (GitHub's runners)."""
    with started(servers.sql_server(request.param)) as server:
        yield server


@pytest.fixture(scope="session")
def mariadb_server():
    """MariaDB only, for tests of MariaDB-specific behaviour."""
    with started(servers.sql_server("mariadb")) as server:
        yield server


@pytest.fixture(scope="session")
def etcd_cluster():
    with started(servers.etcd_cluster(3)) as cluster:
        _used[-1] = f"etcd {cluster.version}, 3 members at {cluster.endpoints}"
        yield cluster


@pytest.fixture(autouse=True)
def _report_server(request):
    """Record on each test which server (and version) it ran against."""
    yield
    for name in ("redis_server", "fresh_redis", "sql_server", "mariadb_server", "etcd_cluster"):
        if name in request.fixturenames:
            with contextlib.suppress(Exception):
                request.node.user_properties.append(("server", str(request.getfixturevalue(name))))


# --------------------------------------------------------------------------- receipts
WRITING_RECEIPTS = os.environ.get("MIANJING_RECEIPTS") == "write"   # make receipts
_recorded: dict[str, receipts.Receipt] = {}


@pytest.fixture
def receipt(request):
    """Record a number (or an outcome) that a page shows: the one way measured values reach pages.

        receipt("redis.zrangebyscore.m10000_us", 481.2, "µs", versions=[redis_server])
        receipt("isolation.mariadb.rr.g2-item", "possible", kind="outcome", versions=[mariadb_server])

    versions: server objects and/or 'python', 'go', 'kernel', 'celery'. Every run writes its
    receipts to test-artifacts/receipts.json; `make receipts` (MIANJING_RECEIPTS=write) merges them
    into data/receipts.json, the reference run pages cite. An outcome must equal the committed one
    on every run: a different outcome fails the test, naming both."""
    def record(name: str, value, unit: str = "", *, versions=(), kind: str = "measure"):
        r = receipts.make(name, value, unit, kind, request.node.nodeid, receipts.versions_of(*versions))
        if name in _recorded and _recorded[name].test != r.test:
            pytest.fail(f"receipt {name!r} is recorded by two tests: {_recorded[name].test} and {r.test}")
        _recorded[name] = r
        request.node.user_properties.append(("receipt", f"{name} = {r.shown()}"))
        if kind == "outcome" and not WRITING_RECEIPTS and (problem := receipts.outcome_problem(r, receipts.committed())):
            pytest.fail(problem, pytrace=False)
        return value
    return record


def pytest_collection_modifyitems(config, items):
    for item in items:  # `make receipts` runs exactly the tests that record receipts (-m receipts)
        if "receipt" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.receipts)
    # MIANJING_SQL_ENGINES=mysql (the mysql80 job): MariaDB-only tests are deselected, visibly, not skipped
    engines = servers.sql_engines()
    asked = [e for e in os.environ.get("MIANJING_SQL_ENGINES", "").split(",") if e]
    if missing := [e for e in asked if e not in engines]:
        raise pytest.UsageError(f"MIANJING_SQL_ENGINES asks for {', '.join(missing)}, which is not installed here "
                                "(MySQL 8.0: a real mysqld, as on GitHub's Ubuntu runners)")
    if asked and "mariadb" not in engines:
        keep, drop = [], []
        for item in items:
            names = getattr(item, "fixturenames", ())
            mariadb_only = "mariadb_server" in names or "mdb" in names or "pair" in names
            wrong_param = getattr(getattr(item, "callspec", None), "params", {}).get("sql_server") not in (None, *engines)
            (drop if mariadb_only or wrong_param else keep).append(item)
        if drop:
            config.hook.pytest_deselected(items=drop)
            items[:] = keep
            print(f"\nMIANJING_SQL_ENGINES={os.environ['MIANJING_SQL_ENGINES']}: {len(drop)} MariaDB-only tests deselected")


def pytest_sessionfinish(session, exitstatus):
    if not _recorded:
        return
    receipts.RUN_FILE.parent.mkdir(parents=True, exist_ok=True)
    receipts.RUN_FILE.write_text(receipts.dump(_recorded), encoding="utf-8")
    if WRITING_RECEIPTS:
        receipts.merge(receipts.RECEIPTS_FILE, _recorded)


def pytest_report_header(config):
    return [f"CI={os.environ.get('CI', '')!r}: missing servers {'fail' if IN_CI else 'skip with a reason'}",
            f"SQL engines: {', '.join(servers.sql_engines())}"]


def pytest_terminal_summary(terminalreporter):
    with contextlib.suppress(Exception):
        _summary_answered(terminalreporter)
    if _recorded:
        terminalreporter.section("receipts")
        where = receipts.RECEIPTS_FILE if WRITING_RECEIPTS else receipts.RUN_FILE
        terminalreporter.write_line(f"{len(_recorded)} receipts recorded → {where.relative_to(servers.ROOT)}")
        new = sorted(set(_recorded) - set(receipts.committed()))
        if new and not WRITING_RECEIPTS:
            terminalreporter.write_line("not yet in data/receipts.json (pages cannot cite them until `make receipts`): "
                                        + ", ".join(new))
    if _used:
        terminalreporter.section("real servers used")
        for line in dict.fromkeys(_used):
            terminalreporter.write_line(line)


# --------------------------------------------------------------------------- the built site
@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The real site, built once with `mkdocs build --strict` (the browser tests serve it)."""
    from tests.site.build import build

    out = tmp_path_factory.mktemp("site")
    result = build(servers.ROOT, out, print_page=True)
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}"
    return out


def _summary_answered(terminalreporter):
    from mianjing.data import registry
    from mianjing.pages import load_site

    reg = registry()
    site = load_site(reg)
    terminalreporter.section("answered questions")
    terminalreporter.write_line(f"{len(site.by_id)} of {len(reg.questions)} question ids have an answer page")
    missing = [q for q in reg.questions if q not in site.by_id]
    if missing:
        terminalreporter.write_line("not yet answered: " + ", ".join(missing))
