"""Fact snapshots: what the real systems report about themselves, committed in data/facts/.

One file per system, named by its major.minor version (`redis-7.0.json`), holding the exact
version it was captured from and the facts: Redis's COMMAND DOCS and CONFIG GET defaults,
MariaDB's global variables and limits, Celery's and kombu's defaults, etcd's flag defaults,
CPython's and Go's runtime defaults. `make facts` writes them (mianjing/capture.py); `make test`
captures them again and fails on any difference in value (tests/facts/test_drift.py).

Nothing machine-specific is in a snapshot (no timings, paths, host names, CPU or file-limit
sized values): a fact is what the same version reports on any machine.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import DATA, ROOT

FACTS_DIR = DATA / "facts"
# system key → how pages and labels name it
SYSTEMS = {
    "redis": "Redis",
    "mariadb": "MariaDB",
    "celery": "Celery",
    "kombu": "kombu",
    "etcd": "etcd",
    "python": "CPython",
    "go": "Go",
}
_FILE_RE = re.compile(r"^(?P<system>[a-z]+)-(?P<series>\d+\.\d+)\.json$")


class FactError(KeyError):
    """A reference to a fact that the snapshot does not hold; the message says what it has."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Snapshot:
    system: str
    version: str
    file: str          # relative to the repository root
    facts: dict

    @property
    def name(self) -> str:
        """'Redis 7.0.15'"""
        return f"{SYSTEMS.get(self.system, self.system)} {self.version}"

    @property
    def series(self) -> str:
        return series_of(self.version)


def series_of(version: str) -> str:
    """'7.0.15' → '7.0'; '10.11.19-MariaDB-0+deb12u1' → '10.11'; 'go1.19.8' → '1.19'."""
    m = re.search(r"(\d+)\.(\d+)", version)
    if not m:
        raise ValueError(f"no major.minor version in {version!r}")
    return f"{m.group(1)}.{m.group(2)}"


def file_for(system: str, version: str, facts_dir: Path = FACTS_DIR) -> Path:
    return facts_dir / f"{system}-{series_of(version)}.json"


def dump(snapshot: dict) -> str:
    """The committed form: sorted keys, one value per line, so a drift is a readable diff."""
    return json.dumps(snapshot, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def load_snapshots(facts_dir: Path = FACTS_DIR) -> dict[str, Snapshot]:
    out: dict[str, Snapshot] = {}
    for path in sorted(facts_dir.glob("*.json")):
        m = _FILE_RE.match(path.name)
        rel = str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)
        if not m:
            raise ValueError(f"{rel}: a fact file is named <system>-<major.minor>.json")
        data = json.loads(path.read_text(encoding="utf-8"))
        system = m.group("system")
        if system in out:
            raise ValueError(f"{rel}: {out[system].file} is a snapshot of {system} too; keep one per system "
                             "(the site describes one version; git history keeps the old one)")
        if data.get("system") != system or series_of(data.get("version", "")) != m.group("series"):
            raise ValueError(f"{rel}: holds {data.get('system')} {data.get('version')}, not what its name says")
        out[system] = Snapshot(system, data["version"], rel, data["facts"])
    return out


@lru_cache(maxsize=1)
def snapshots() -> dict[str, Snapshot]:
    return load_snapshots()


def lookup(snaps: dict[str, Snapshot], system: str, *path: str):
    """The fact at system › path…; FactError naming the missing key and what exists there."""
    if system not in snaps:
        raise FactError(f"no snapshot of {system!r} in data/facts/ (systems: {', '.join(sorted(snaps))}); "
                        "`make facts` captures them")
    node = snaps[system].facts
    walked = [system]
    for key in path:
        if not isinstance(node, dict) or key not in node:
            here = sorted(node)[:12] if isinstance(node, dict) else []
            near = [k for k in (node if isinstance(node, dict) else ()) if key.lower() in k.lower()][:5]
            hint = f"; similar: {', '.join(near)}" if near else (f"; it has: {', '.join(here)}…" if here else "")
            raise FactError(f"{' › '.join(walked)} has no {key!r} in {snaps[system].file}{hint}")
        node = node[key]
        walked.append(key)
    return node


def render_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "None"
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) >= 1 else str(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(render_value(v) for v in value)
    return str(value)


_BIG_O = re.compile(r"O\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")


def big_o_terms(complexity: str) -> list[str]:
    """The O(…) expressions of a COMMAND DOCS complexity text, in order."""
    return _BIG_O.findall(complexity or "")


def normalize_big_o(expr: str) -> str:
    """O(log(N)+M), O(log N + M) and O(logN+M) compare equal; × and * too."""
    s = expr.replace(" ", "").replace("×", "*").replace("·", "*").replace("⋅", "*")
    s = re.sub(r"log\(([A-Za-z])\)", r"log\1", s)
    s = re.sub(r"lg([A-Za-z])", r"log\1", s)
    return s


def redis_complexity(snaps: dict[str, Snapshot], command: str, nth: int = 1) -> str:
    """The nth O(…) term of a Redis command's documented complexity."""
    doc = lookup(snaps, "redis", "commands", command.upper())
    terms = big_o_terms(doc.get("complexity", ""))
    if not 1 <= nth <= len(terms):
        raise FactError(f"redis › commands › {command.upper()} has {len(terms)} O(…) term(s) in its complexity "
                        f"({doc.get('complexity')!r}); asked for term {nth}")
    return terms[nth - 1]


def version_labels(snaps: dict[str, Snapshot] | None = None) -> dict[str, str]:
    """What proof levels and receipts call each system: {'redis': 'Redis 7.0.15', …}."""
    snaps = snapshots() if snaps is None else snaps
    out = {s: snap.name for s, snap in snaps.items()}
    if "mariadb" in snaps:
        maria = f"MariaDB {series_of(snaps['mariadb'].version)}"
        out["mariadb"] = f"MariaDB {snaps['mariadb'].version.split('-')[0]}"
        out["sql"] = f"{maria}（GitHub 工作流的 mysql80 任务中还在 MySQL 8.0 上运行）"
    if "celery" in snaps:
        out["celery"] = f"Celery {snaps['celery'].version} worker"
    return out
