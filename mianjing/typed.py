"""Find facts typed by hand in pages: a Redis command written next to a complexity, a setting
written next to its default. Pages must use {{ complexity(…) }} / {{ fact(…) }} instead, so a
value can never drift from what the system reports; a typed value that also disagrees with the
snapshot is reported as wrong.

    python -m mianjing.typed            # every page: one line per finding (file:line: …)

Quoted wrong claims are exempt: an erratum's `claim:` and text inside 「…」.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import DOCS, ROOT
from .facts import big_o_terms, load_snapshots, normalize_big_o, render_value

WINDOW = 48  # characters after a name in which a stated value counts as "next to it"
_STOP = re.compile(r"[。；;！？\n|]")
_MACRO = re.compile(r"\{\{.*?\}\}")
_QUOTE = re.compile(r"「[^」]*」")
_BIG_O = re.compile(r"O\((?:[^()]|\((?:[^()]|\([^()]*\))*\))*\)")
SETTING_SECTIONS = {"redis": "config", "mariadb": "variables", "celery": "defaults", "kombu": "redis_transport",
                    "etcd": "flags"}


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


def _prose_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) of lines a reader sees as prose: no code fences, no errata claims."""
    out, fence = [], False
    for n, line in enumerate(text.split("\n"), start=1):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
            continue
        if fence or re.match(r"^\s*(-\s+)?claim:", line) or line.lstrip().startswith("--8<--"):
            continue
        out.append((n, _QUOTE.sub(lambda m: " " * len(m.group(0)), line)))
    return out


def _sentence(line: str, start: int, end: int) -> str:
    """The clause around [start, end): from the previous to the next stop character."""
    before = max((line.rfind(c, 0, start) for c in "。；;！？|"), default=-1)
    after = _STOP.search(line, end)
    return line[before + 1: after.start() if after else len(line)]


def _window(line: str, end: int) -> str:
    rest = line[end:end + WINDOW]
    stop = _STOP.search(rest)
    return rest[: stop.start()] if stop else rest


def complexity_findings(file: str, text: str, snaps) -> list[Finding]:
    commands = snaps["redis"].facts["commands"]
    names = sorted((c for c in commands if " " not in c and len(c) >= 4), key=len, reverse=True)
    pattern = re.compile(r"(?<![A-Za-z_-])(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z_-])")
    out = []
    for n, line in _prose_lines(text):
        inside = [(x.start(), x.end()) for x in _MACRO.finditer(line)]
        for m in pattern.finditer(line):
            if any(a <= m.start() < b for a, b in inside):
                continue  # the command's name inside a macro's arguments
            cmd = m.group(1)
            window = _window(line, m.end())
            masked = _MACRO.sub(lambda x: "~" * len(x.group(0)), window)
            nxt = pattern.search(masked)  # stop at the next command: its complexity is its own
            window = window[: nxt.start()] if nxt else window
            macro = re.search(r'\{\{\s*complexity\(\s*["\']([A-Za-z ]+)["\']', window)
            if macro and macro.group(1).upper() != cmd:
                out.append(Finding(file, n, f"{cmd} is followed by the complexity of {macro.group(1).upper()}"))
            typed = _BIG_O.search(_MACRO.sub("", window))
            if typed and not macro:
                stated = typed.group(0)
                documented = big_o_terms(commands[cmd].get("complexity", ""))
                agrees = normalize_big_o(stated) in {normalize_big_o(t) for t in documented}
                verdict = "" if agrees else f" — and COMMAND DOCS says {commands[cmd].get('complexity')!r}"
                out.append(Finding(file, n, f"{cmd} … {stated} is typed: write {{{{ complexity(\"{cmd}\") }}}}{verdict}"))
    return out


def default_findings(file: str, text: str, snaps) -> list[Finding]:
    """A setting name followed by 默认/default and a literal value, or by its snapshot value in
    parentheses: typed defaults."""
    settings: dict[str, tuple[str, str, object]] = {}
    for system, section in SETTING_SECTIONS.items():
        if system in snaps:
            for name, value in snaps[system].facts.get(section, {}).items():
                if ("_" in name or "-" in name) and len(name) >= 6:
                    settings.setdefault(name, (system, section, value))
    if not settings:
        return []
    pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(settings, key=len, reverse=True)))
                         + r")(?![\w-])")
    out = []
    for n, raw in _prose_lines(text):
        line = _MACRO.sub(lambda x: " FACTREF".ljust(len(x.group(0))), raw)  # same length: positions hold
        for m in pattern.finditer(line):
            system, section, value = settings[m.group(1)]
            if system == "mariadb" and "MySQL" in _sentence(line, m.start(), m.end()):
                continue  # a MySQL 8.0 default: not this snapshot's (the page cites the MySQL manual)
            window = _window(line, m.end())
            shown = render_value(value)
            said = re.search(r"(?:默认(?:值)?(?:是|为)?|default(?: is)?)\s*[`（(]?\s*([A-Za-z0-9.:_-]+)(\s*(?:秒|字节|毫秒|ms|s|MB|KB|GB)\b)?",
                             window)
            if said and "FACTREF".startswith(said.group(1)):
                continue  # the default is a {{ fact(…) }}
            paren = re.match(r"\s*`?\s*[（(]\s*([A-Za-z0-9.:_-]+)\s*[)）]", window)
            stated = said.group(1) if said else (paren.group(1) if paren and paren.group(1) == shown else None)
            if stated is None:
                continue
            ref = f'{{{{ fact("{system}", "{section}", "{m.group(1)}") }}}}'
            agrees = stated.strip("`").lower() == shown.lower() or (said is not None and said.group(2))
            verdict = "" if agrees else f" — and {system} reports {shown!r}"
            out.append(Finding(file, n, f"{m.group(1)} default {stated!r} is typed: write {ref}{verdict}"))
    return out


def scan(paths: list[Path] | None = None) -> list[Finding]:
    snaps = load_snapshots()
    out: list[Finding] = []
    for path in paths or sorted(DOCS.rglob("*.md")):
        rel = str(path.relative_to(ROOT))
        text = path.read_text(encoding="utf-8")
        out += complexity_findings(rel, text, snaps) + default_findings(rel, text, snaps)
    return out


# --------------------------------------------------------------------------- measured numbers
# A number followed by a unit of time, throughput or ratio, in a 动手验证 section or in a
# notebook's Markdown: such a number comes from a run, so it must be a {{ receipt(…) }}.
MEASURED = re.compile(
    r"(?<![\w.\-/`])(?:约\s*)?\d[\d,，\s]*(?:\.\d+)?\s*"
    r"(?:ns|µs|μs|us|ms|秒|s\b|微秒|毫秒|纳秒|QPS|qps|TPS|ops/s|次/秒|次每秒|万次|万\s*(?:QPS|TPS|次)|倍|×|%|个核)")
_SECTION = "动手验证"
# A line may declare that its numbers are not measured, with the reason, for reviewers to judge:
#   …若一次 fsync 要 1～2 ms，单连接每秒最多 500～1 000 次提交 <!-- 非实测：按假设的 fsync 延迟推算 -->
NOT_MEASURED = re.compile(r"<!--\s*非实测[：:]\s*\S.*?-->")


def _design_ratio(text: str) -> bool:
    """'放大 100 倍', '3 倍', '10×': a round ratio is an experiment's design or a theoretical
    expectation; 185 倍 or 1.6 倍 is what a run measured."""
    m = re.fullmatch(r"(?:约\s*)?([\d,，\s]+)\s*(?:倍|×)", text.strip())
    if not m:
        return False
    digits = re.sub(r"[,，\s]", "", m.group(1))
    return digits.isdigit() and (int(digits) <= 5 or int(digits) % 10 == 0)


def _section_lines(text: str, name: str) -> list[tuple[int, str]]:
    out, inside = [], False
    for n, line in _prose_lines(text):
        if line.startswith("## "):
            inside = line[3:].strip().startswith(name)
            continue
        if inside:
            out.append((n, line))
    return out


def measured_findings(file: str, text: str, notebook_cells: list[str] | None = None) -> list[Finding]:
    lines = _section_lines(text, _SECTION) if notebook_cells is None else \
        [(i + 1, line) for i, cell in enumerate(notebook_cells) for line in cell.split("\n")]
    out = []
    for n, raw in lines:
        if NOT_MEASURED.search(raw):
            continue  # the writer declared why these numbers are not a run's (arithmetic, a hypothesis …)
        line = re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), _MACRO.sub(lambda x: " " * len(x.group(0)), raw))
        line = re.sub(r"\$[^$]*\$", lambda m: " " * len(m.group(0)), line)   # math: formulas, not runs
        for m in MEASURED.finditer(line):
            if _design_ratio(m.group(0)):
                continue
            where = f"cell {n}" if notebook_cells is not None else None
            out.append(Finding(file, n if where is None else 0,
                               f"{(where + ': ') if where else ''}{m.group(0).strip()!r} looks measured: cite it with "
                               "{{ receipt(…) }} (a test records it), or write the relation the test asserts"))
    return out


def notebook_markdown(path: Path) -> list[str]:
    import json

    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"]


def scan_measured(paths: list[Path] | None = None) -> list[Finding]:
    out: list[Finding] = []
    for path in paths or sorted([*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]):
        rel = str(path.relative_to(ROOT))
        if path.suffix == ".ipynb":
            out += measured_findings(rel, "", notebook_markdown(path))
        else:
            out += measured_findings(rel, path.read_text(encoding="utf-8"))
    return out


if __name__ == "__main__":
    args = [Path(a).resolve() for a in sys.argv[1:]] or None
    found = scan([a for a in args if a.suffix == ".md"] if args else None) + scan_measured(args)
    for f in found:
        print(f)
    print(f"{len(found)} typed fact(s)", file=sys.stderr)
    sys.exit(1 if found else 0)
