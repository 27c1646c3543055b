# ruff: noqa: E702  (each line is one step of the Hermitage script, several transactions side by side)
"""The Hermitage test cases (github.com/ept/hermitage, mysql.md), run as real concurrent sessions.

Each case interleaves two or three transactions on the table ``test(id, value)`` holding
(1, 10) and (2, 20), exactly in Hermitage's order, and decides from what the sessions observed
whether the anomaly occurred ("possible") or not ("prevented").

A statement that waits for a lock does not stop the script: its session keeps a queue and a
thread of its own, the waiting statement stays pending, and the script moves on (a later
COMMIT of the lock holder releases it). Waiting is detected from the server itself
(``information_schema.INNODB_TRX.trx_state = 'LOCK WAIT'`` for the session's connection), not
from elapsed time, so a slow machine does not change an outcome. (InnoDB refreshes that table
only after 100 ms without readers, so it is polled every 150 ms.)

>>> sorted(CASES)[:4]
['G-single', 'G-single-write', 'G0', 'G1a']
>>> committed_state({1: 11, 2: 19})
True
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import pymysql

LEVELS = {"ru": "READ UNCOMMITTED", "rc": "READ COMMITTED", "rr": "REPEATABLE READ", "ser": "SERIALIZABLE"}
SETUP = ["DROP TABLE IF EXISTS test",
         "CREATE TABLE test (id INT PRIMARY KEY, value INT) ENGINE=InnoDB",
         "INSERT INTO test (id, value) VALUES (1, 10), (2, 20)"]


@dataclass
class Step:
    sql: str
    done: threading.Event = field(default_factory=threading.Event)
    rows: list | None = None
    affected: int | None = None
    error: int | None = None
    waited: bool = False          # the server reported this statement in LOCK WAIT


# --8<-- [start:runner]
class Txn:
    """One session with its own thread: statements run in order; one that waits for a lock stays
    pending while the script goes on."""

    def __init__(self, server, db: str, level: str, snapshot_isolation: bool = False):
        self.conn = server.connect(db)
        self.monitor = server.connect(db)     # a second connection to ask the server about this one
        self._q: queue.Queue = queue.Queue()
        with self.conn.cursor() as cur:
            cur.execute(f"SET SESSION TRANSACTION ISOLATION LEVEL {LEVELS[level]}")
            cur.execute("SET SESSION innodb_lock_wait_timeout = 30")
            if snapshot_isolation:            # MariaDB 10.6.18+ / 10.11.8+ only
                cur.execute("SET SESSION innodb_snapshot_isolation = ON")
            cur.execute("SELECT CONNECTION_ID()")
            self.id = cur.fetchone()[0]
        self.aborted = False
        self._thread = threading.Thread(target=self._work, daemon=True)
        self._thread.start()

    def _work(self) -> None:
        while (step := self._q.get()) is not None:
            try:
                with self.conn.cursor() as cur:
                    step.affected = cur.execute(step.sql)
                    step.rows = [tuple(r) for r in cur.fetchall()]
            except pymysql.err.MySQLError as exc:
                step.error = exc.args[0]
                if step.error in (1213, 1020):   # deadlock victim / snapshot conflict: InnoDB rolled it back
                    self.aborted = True
            step.done.set()

    def __call__(self, sql: str) -> Step:
        """Submit sql; return once it finished or the server shows this session waiting for a lock."""
        step = Step(sql)
        self._q.put(step)
        deadline = time.monotonic() + 20
        # InnoDB refills information_schema.INNODB_TRX only when nobody has read it for 100 ms
        # (trx0i_s.cc, CACHE_MIN_IDLE_TIME_US): poll more slowly than that, or it never changes.
        while not step.done.wait(0.15):
            if self._lock_wait():
                step.waited = True
                return step
            if time.monotonic() > deadline:
                raise TimeoutError(f"{sql!r} neither finished nor waited for a lock within 20 s")
        return step

    def _lock_wait(self) -> bool:
        with self.monitor.cursor() as cur:
            cur.execute("SELECT COUNT(*) FROM information_schema.INNODB_TRX "
                        "WHERE trx_mysql_thread_id = %s AND trx_state = 'LOCK WAIT'", (self.id,))
            return cur.fetchone()[0] > 0

    def finish(self) -> None:
        self._q.put(None)
        self._thread.join(30)
        self.conn.close()
        self.monitor.close()
# --8<-- [end:runner]


def _rows(step: Step) -> dict[int, int]:
    """What a read returned, once it has returned (read it only after the script released its locks)."""
    if not step.done.wait(30):
        raise TimeoutError(f"{step.sql!r} still waiting after 30 s")
    return dict(step.rows or [])


def committed_state(seen: dict[int, int]) -> bool:
    """OTV: the states a reader may see are the committed ones: initial, after T1, after T2."""
    return seen in ({1: 10, 2: 20}, {1: 11, 2: 19}, {1: 12, 2: 18})


# --8<-- [start:cases]
def g0(t1, t2, t3) -> bool:
    """Write cycle: T2's write to a row T1 has written must wait for T1 to finish."""
    t1("BEGIN"); t2("BEGIN")
    t1("UPDATE test SET value = 11 WHERE id = 1")
    blocked = t2("UPDATE test SET value = 12 WHERE id = 1").waited
    t1("UPDATE test SET value = 21 WHERE id = 2"); t1("COMMIT")
    t2("UPDATE test SET value = 22 WHERE id = 2"); t2("COMMIT")
    return not blocked


def g1a(t1, t2, t3) -> bool:
    """Aborted read: T2 sees a value T1 wrote and then rolled back."""
    t1("BEGIN"); t2("BEGIN")
    t1("UPDATE test SET value = 101 WHERE id = 1")
    seen = t2("SELECT id, value FROM test")        # a locking read (SERIALIZABLE) waits for T1
    t1("ROLLBACK"); t2("COMMIT")
    return _rows(seen).get(1) == 101


def g1b(t1, t2, t3) -> bool:
    """Intermediate read: T2 sees a value T1 later overwrote before committing."""
    t1("BEGIN"); t2("BEGIN")
    t1("UPDATE test SET value = 101 WHERE id = 1")
    seen = t2("SELECT id, value FROM test")
    t1("UPDATE test SET value = 11 WHERE id = 1"); t1("COMMIT"); t2("COMMIT")
    return _rows(seen).get(1) == 101


def g1c(t1, t2, t3) -> bool:
    """Circular information flow: each transaction sees the other's uncommitted write."""
    t1("BEGIN"); t2("BEGIN")
    t1("UPDATE test SET value = 11 WHERE id = 1")
    t2("UPDATE test SET value = 22 WHERE id = 2")
    a = t1("SELECT id, value FROM test WHERE id = 2")
    b = t2("SELECT id, value FROM test WHERE id = 1")
    t1("COMMIT"); t2("COMMIT")
    return _rows(a).get(2) == 22 and _rows(b).get(1) == 11


def otv(t1, t2, t3) -> bool:
    """Observed transaction vanishes: T3 sees part of T1 and part of an uncommitted T2."""
    t1("BEGIN"); t2("BEGIN"); t3("BEGIN")
    t1("UPDATE test SET value = 11 WHERE id = 1"); t1("UPDATE test SET value = 19 WHERE id = 2")
    t2("UPDATE test SET value = 12 WHERE id = 1")
    t1("COMMIT")
    first = t3("SELECT id, value FROM test")
    t2("UPDATE test SET value = 18 WHERE id = 2")
    second = t3("SELECT id, value FROM test")
    t2("COMMIT"); t3("COMMIT")
    return not (committed_state(_rows(first)) and committed_state(_rows(second)))


def pmp(t1, t2, t3) -> bool:
    """Predicate-many-preceders, read predicate: T1's second predicate read sees T2's insert."""
    t1("BEGIN"); t2("BEGIN")
    t1("SELECT id, value FROM test WHERE value = 30")
    t2("INSERT INTO test (id, value) VALUES (3, 30)"); t2("COMMIT")
    seen = t1("SELECT id, value FROM test WHERE value % 3 = 0")
    t1("COMMIT")
    return 3 in _rows(seen)


def pmp_write(t1, t2, t3) -> bool:
    """PMP on a write predicate: after T2 deletes 'value = 20', T2 itself still sees a row with 20."""
    t1("BEGIN"); t2("BEGIN")
    t1("UPDATE test SET value = value + 10")
    t2("SELECT id, value FROM test WHERE value = 20")
    delete = t2("DELETE FROM test WHERE value = 20")
    t1("COMMIT")
    after = t2("SELECT id, value FROM test")
    t2("COMMIT")
    return delete.error is None and not t2.aborted and 20 in _rows(after).values()


def p4(t1, t2, t3) -> bool:
    """Lost update: both read 10, both write 11, both commit."""
    t1("BEGIN"); t2("BEGIN")
    t1("SELECT id, value FROM test WHERE id = 1"); t2("SELECT id, value FROM test WHERE id = 1")
    u1 = t1("UPDATE test SET value = 11 WHERE id = 1")
    u2 = t2("UPDATE test SET value = 11 WHERE id = 1")
    c1 = t1("COMMIT"); c2 = t2("COMMIT")
    for s in (u1, u2, c1, c2):
        s.done.wait(30)
    return not (t1.aborted or t2.aborted) and all(s.error is None for s in (u1, u2, c1, c2))


def g_single(t1, t2, t3) -> bool:
    """Read skew, read-only: T1 sees id 1 before T2 and id 2 after T2."""
    t1("BEGIN"); t2("BEGIN")
    first = t1("SELECT id, value FROM test WHERE id = 1")
    t2("SELECT id, value FROM test WHERE id = 1"); t2("SELECT id, value FROM test WHERE id = 2")
    t2("UPDATE test SET value = 12 WHERE id = 1"); t2("UPDATE test SET value = 18 WHERE id = 2")
    t2("COMMIT")
    second = t1("SELECT id, value FROM test WHERE id = 2")
    t1("COMMIT")
    return _rows(first).get(1) == 10 and _rows(second).get(2) == 18


def g_single_write(t1, t2, t3) -> bool:
    """Read skew on a write predicate: T1 read id 1 before T2, its DELETE acts on T2's values, yet
    T1 still sees the row it meant to delete."""
    t1("BEGIN"); t2("BEGIN")
    t1("SELECT id, value FROM test WHERE id = 1")
    t2("SELECT id, value FROM test")
    t2("UPDATE test SET value = 12 WHERE id = 1")
    delete = t1("DELETE FROM test WHERE value = 20")
    t2("UPDATE test SET value = 18 WHERE id = 2"); t2("COMMIT")
    after = t1("SELECT id, value FROM test WHERE id = 2")
    t1("COMMIT")
    delete.done.wait(30)
    return delete.error is None and not t1.aborted and not t2.aborted and _rows(after).get(2) == 20


def g2_item(t1, t2, t3) -> bool:
    """Write skew: both read both rows, each updates a different one, both commit."""
    t1("BEGIN"); t2("BEGIN")
    t1("SELECT id, value FROM test WHERE id IN (1, 2)"); t2("SELECT id, value FROM test WHERE id IN (1, 2)")
    u1 = t1("UPDATE test SET value = 11 WHERE id = 1"); u2 = t2("UPDATE test SET value = 21 WHERE id = 2")
    c1 = t1("COMMIT"); c2 = t2("COMMIT")
    for s in (u1, u2, c1, c2):
        s.done.wait(30)
    return not (t1.aborted or t2.aborted) and all(s.error is None for s in (u1, u2, c1, c2))


def g2(t1, t2, t3) -> bool:
    """Anti-dependency cycle: both read the predicate 'value % 3 = 0', each inserts a row matching it."""
    t1("BEGIN"); t2("BEGIN")
    t1("SELECT id, value FROM test WHERE value % 3 = 0"); t2("SELECT id, value FROM test WHERE value % 3 = 0")
    i1 = t1("INSERT INTO test (id, value) VALUES (3, 30)"); i2 = t2("INSERT INTO test (id, value) VALUES (4, 42)")
    c1 = t1("COMMIT"); c2 = t2("COMMIT")
    for s in (i1, i2, c1, c2):
        s.done.wait(30)
    return not (t1.aborted or t2.aborted) and all(s.error is None for s in (i1, i2, c1, c2))
# --8<-- [end:cases]


# name → (case, Hermitage's name of the anomaly it shows). A "-write" case is the same anomaly
# on a write predicate: Hermitage's "R/O" means prevented on the read-only case only.
CASES: dict[str, Callable] = {
    "G0": g0, "G1a": g1a, "G1b": g1b, "G1c": g1c, "OTV": otv,
    "PMP": pmp, "PMP-write": pmp_write, "P4": p4,
    "G-single": g_single, "G-single-write": g_single_write, "G2-item": g2_item, "G2": g2,
}
ANOMALIES = ("G0", "G1a", "G1b", "G1c", "OTV", "PMP", "P4", "G-single", "G2-item", "G2")


def run_case(server, db: str, case: str, level: str, snapshot_isolation: bool = False) -> str:
    """Run one case at one level on a fresh table: 'possible' or 'prevented'."""
    setup = server.connect(db)
    with setup.cursor() as cur:
        for sql in SETUP:
            cur.execute(sql)
    setup.close()
    txns = [Txn(server, db, level, snapshot_isolation) for _ in range(3)]
    try:
        anomaly = CASES[case](*txns)
    finally:
        for t in txns:
            with _suppress():
                t("ROLLBACK")  # a transaction the case left open (after an error) ends here
            t.finish()
    return "possible" if anomaly else "prevented"


def cell(outcomes: dict[str, str], anomaly: str) -> str:
    """Combine a case and its write-predicate variant into Hermitage's cell: prevented / R/O / possible."""
    main = outcomes[anomaly]
    write = outcomes.get(f"{anomaly}-write")
    if main == "possible":
        return "possible"
    return "R/O" if write == "possible" else "prevented"


class _suppress:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return exc[0] is not None and issubclass(exc[0], (pymysql.err.MySQLError, TimeoutError))
