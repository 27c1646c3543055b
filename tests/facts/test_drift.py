"""The committed fact snapshots (data/facts/*.json) still describe the systems this run starts.

Each system is captured again, exactly as `make facts` does (mianjing/capture.py), and compared
value by value: a changed value fails with every drifted fact, named with both values; a new
patch version whose values all agree is a note to record, not a failure (Debian's archive moves
patch versions under the project: see data/facts/README in CONTRIBUTING)."""

import json
import shutil
import warnings

import pytest

from mianjing import capture, facts, servers
from tests.conftest import unavailable

_captured: dict[str, dict] = {}


def captured(system: str) -> dict:
    if system not in _captured:
        try:
            _captured[system] = capture.CAPTURES[system]()
        except servers.ServerUnavailable as exc:
            unavailable(str(exc))
    return _captured[system]


@pytest.mark.parametrize("system", list(capture.CAPTURES))
def test_committed_snapshot_matches_the_running_system(system):
    drift, note = capture.check(system, captured(system))
    if note:
        warnings.warn(note, stacklevel=1)
    assert not drift, ("the committed fact snapshot differs from what the system reports now "
                       "(run `make facts`, review the diff, commit it):\n" + "\n".join(drift))


def test_every_system_has_exactly_one_committed_snapshot():
    snaps = facts.load_snapshots()
    assert set(snaps) == set(capture.CAPTURES), (set(snaps), set(capture.CAPTURES))


def test_an_edited_value_is_reported_with_the_fact_and_both_values(tmp_path):
    """The drift check can fail: edit one committed value in a copy and check against it."""
    copy = tmp_path / "facts"
    shutil.copytree(facts.FACTS_DIR, copy)
    path = next(copy.glob("redis-*.json"))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["facts"]["config"]["maxmemory-samples"] = "7"
    path.write_text(facts.dump(data), encoding="utf-8")
    drift, _ = capture.check("redis", captured("redis"), copy)
    assert drift == ['redis › config › maxmemory-samples: committed "7", this run "5"'], drift


def test_a_new_version_with_the_same_values_is_a_note_and_a_new_series_is_drift(tmp_path):
    copy = tmp_path / "facts"
    shutil.copytree(facts.FACTS_DIR, copy)
    now = captured("python")
    same_values = {**now, "version": now["version"].rsplit(".", 1)[0] + ".999"}
    drift, note = capture.check("python", same_values, copy)
    assert drift == [] and "the values agree" in note
    next_series = {**now, "version": "9.99.0"}
    drift, _ = capture.check("python", next_series, copy)
    assert len(drift) == 1 and "no committed snapshot python-9.99.json" in drift[0], drift


def test_no_machine_specific_value_is_committed():
    """Paths, ports, host names and CPU-sized settings are left out of every snapshot."""
    import os
    import socket

    host = socket.gethostname()
    for path in sorted(facts.FACTS_DIR.glob("*.json")):
        text = path.read_text(encoding="utf-8")
        assert "/tmp/" not in text and "mianjing-" not in text, path
        assert f'"{host}' not in text, (path, host)
    maria = facts.load_snapshots()["mariadb"].facts["variables"]
    for name in capture.MARIADB_MACHINE:
        assert name not in maria, name
    assert str(os.cpu_count()) != maria.get("thread_pool_size")
