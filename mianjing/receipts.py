"""Receipts: every number a page shows that some run measured, with the run's context.

A test records a measurement through the `receipt` fixture (tests/conftest.py):

    receipt("redis.zrangebyscore.m10000_us", 481.2, "µs", versions=[redis_server])

Every run writes what it recorded to test-artifacts/receipts.json. `make receipts` runs the
recording tests and writes them into data/receipts.json, the reference run the pages cite:
`{{ receipt("redis.zrangebyscore.m10000_us") }}` shows the value with its unit and links to the
generated 实测记录 page, which gives the context (versions, cores, load, date, commit, test).

Two kinds:
- measure: a number that changes between runs and machines; the page states it as this
  machine's, and the test asserts the relation the page draws from it (a ratio, a growth, a
  threshold), so a run that contradicts the page fails;
- outcome: a categorical result (an isolation anomaly prevented or possible) that must be the
  same on every run: a run that differs from the committed receipt fails.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import platform
import re
import subprocess
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path

from . import DATA, ROOT

RECEIPTS_FILE = DATA / "receipts.json"
RUN_FILE = ROOT / "test-artifacts" / "receipts.json"
NAME_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
KINDS = ("measure", "outcome")


@dataclass(frozen=True)
class Receipt:
    name: str
    value: float | int | str
    unit: str
    kind: str
    test: str                       # the pytest node id that recorded it
    versions: dict[str, str] = field(default_factory=dict)
    cores: int = 0
    load: float = 0.0               # 1-minute load average when it was recorded
    cpu: str = ""
    date: str = ""
    commit: str = ""

    @property
    def anchor(self) -> str:
        return "r-" + re.sub(r"[^a-z0-9]+", "-", self.name).strip("-")

    def shown(self) -> str:
        """The value as a page shows it: '481 µs', '3.2 倍', '2 核'."""
        text = format_value(self.value)
        if not self.unit:
            return text
        return f"{text}{'' if self.unit in ('%', '×') else ' '}{self.unit}"

    def context(self) -> str:
        """'Redis 7.0.15，2 核（负载 0.41），2026-12-07，提交 ed186b0'"""
        parts = [*self.versions.values(), f"{self.cores} 核（1 分钟负载 {self.load:.2f}）"]
        if self.cpu:
            parts.append(self.cpu)
        parts += [self.date, f"提交 {self.commit}"]
        return "，".join(p for p in parts if p)


def format_value(value) -> str:
    """Three significant digits, no more precision than a run of this kind has."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and abs(value) >= 100):
        return f"{int(value)}"
    if value == 0:
        return "0"
    digits = max(0, 2 - int(math.floor(math.log10(abs(value)))))
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def load(path: Path = RECEIPTS_FILE) -> dict[str, Receipt]:
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    return {name: Receipt(name=name, **entry) for name, entry in raw.items()}


_CITED = re.compile(r"receipt(?:_context)?\(\s*[\"']([^\"']+)")


def cited(text: str) -> list[str]:
    """The receipt names a page's text refers to ({{ receipt(…) }} and {{ receipt_context(…) }}), once each."""
    return list(dict.fromkeys(_CITED.findall(text)))


@lru_cache(maxsize=1)
def committed() -> dict[str, Receipt]:
    return load()


def dump(receipts: dict[str, Receipt]) -> str:
    data = {}
    for name in sorted(receipts):
        entry = asdict(receipts[name])
        entry.pop("name")
        data[name] = entry
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True,
                             check=True, timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=ROOT,
                               capture_output=True, text=True, check=False, timeout=10).stdout.strip()
        return out + ("+改动" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "无 git 信息"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


@lru_cache(maxsize=1)
def machine() -> dict:
    return {"cores": os.cpu_count() or 0, "cpu": _cpu_model(), "commit": _commit()}


def make(name: str, value, unit: str, kind: str, test: str, versions: dict[str, str]) -> Receipt:
    if not NAME_RE.match(name):
        raise ValueError(f"receipt name {name!r}: use lower-case letters, digits, '.', '_' and '-'")
    if kind not in KINDS:
        raise ValueError(f"receipt kind {kind!r}; allowed: {', '.join(KINDS)}")
    if kind == "measure" and not (isinstance(value, (int, float)) and math.isfinite(value)):
        raise ValueError(f"receipt {name}: a measure is a finite number, got {value!r}")
    m = machine()
    return Receipt(name, value, unit, kind, test, dict(versions), m["cores"], round(os.getloadavg()[0], 2),
                   m["cpu"], datetime.date.today().isoformat(), m["commit"])


def outcome_problem(new: Receipt, committed: dict[str, Receipt]) -> str | None:
    """An outcome must be what the committed reference run recorded; None when it is."""
    old = committed.get(new.name)
    if old is None:
        return (f"outcome {new.name} = {new.value!r} has no committed receipt in data/receipts.json: "
                "run `make receipts`, review the diff and commit it")
    if old.value != new.value:
        return (f"outcome changed: receipt {new.name}: committed {old.value!r} ({old.context()}), this run "
                f"{new.value!r} ({new.context()}). The page renders the committed outcome: find out why the "
                "system behaves differently before `make receipts`")
    return None


def merge(into: Path, recorded: dict[str, Receipt]) -> None:
    """Replace the receipts this run recorded, keep the others (a partial run updates only its own)."""
    receipts = load(into)
    receipts.update(recorded)
    into.parent.mkdir(parents=True, exist_ok=True)
    into.write_text(dump(receipts), encoding="utf-8")


def versions_of(*things) -> dict[str, str]:
    """{'Redis': 'Redis 7.0.15', …} from server objects (Redis, SQLServer, EtcdCluster) or from
    system names: 'python', 'go', 'kernel', 'celery', 'redis' (the installed redis-server)."""
    out: dict[str, str] = {}
    for t in things:
        if isinstance(t, str):
            if t == "python":
                out["CPython"] = f"CPython {platform.python_version()}"
            elif t == "kernel":
                out["Linux"] = f"Linux {platform.release()}"
            elif t == "celery":
                import celery
                import kombu

                out["Celery"] = f"Celery {celery.__version__}（kombu {kombu.__version__}）"
            elif t == "go":
                out["Go"] = _go_version()
            elif t == "redis":
                out["Redis"] = _redis_version()
            else:
                out[t] = t
            continue
        kind = type(t).__name__
        if kind == "Redis":
            out["Redis"] = f"Redis {t.version}"
        elif kind == "SQLServer":
            name = "MariaDB" if t.engine == "mariadb" else "MySQL"
            out[name] = f"{name} {t.version.split('-')[0]}"
        elif kind == "EtcdCluster":
            out["etcd"] = f"etcd {t.version}"
        else:
            raise TypeError(f"versions_of: don't know the version of {t!r}")
    return out


@lru_cache(maxsize=1)
def _redis_version() -> str:
    try:
        out = subprocess.run(["redis-server", "--version"], capture_output=True, text=True, check=True).stdout
        return "Redis " + re.search(r"v=(\S+)", out).group(1)
    except (OSError, subprocess.SubprocessError, AttributeError):
        return "Redis"


@lru_cache(maxsize=1)
def _go_version() -> str:
    try:
        out = subprocess.run(["go", "version"], capture_output=True, text=True, check=True).stdout.split()
        return f"Go {out[2].removeprefix('go')}"
    except (OSError, subprocess.SubprocessError, IndexError):
        return "Go"
