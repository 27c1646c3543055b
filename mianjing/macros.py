"""Facts and receipts in Markdown: the small syntax pages use instead of typing a value.

Inline, anywhere in a page (body, and the front matter's texts):

    {{ fact("redis", "config", "maxmemory-samples") }}   → 5  (data/facts/redis-7.0.json)
    {{ complexity("ZRANGEBYSCORE") }}                    → O(log(N)+M)  (COMMAND DOCS' first O(…))
    {{ complexity("SINTER", 2) }}                        → the second O(…) term of its complexity
    {{ version("redis") }}                               → 7.0.15
    {{ receipt("redis.zset.m10000_us") }}                → 481 µs, linked to its record (实测记录)
    {{ receipt("redis.zset.m10000_us", "value") }}       → 481 (for a table whose header has the unit)
    {{ receipt_context("redis.zset.m10000_us") }}        → Redis 7.0.15，2 核（1 分钟负载 0.41），…

Tables that are lists of facts are generated from a fenced block:

    ```facts
    table: redis-commands        # or: config (with system: redis | mariadb | celery | kombu | etcd)
    rows:
      ZADD: 跳表插入，同时写哈希表   # name: a note of the page's own (may be empty)
    ```

A reference to a fact or receipt that does not exist fails the build with file, line and key.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from . import facts as facts_mod
from . import receipts as receipts_mod
from .errors import ContentError, Problem

INLINE = re.compile(r"\{\{\s*([a-z_]+)\s*\((.*?)\)\s*\}\}")
FENCE = re.compile(r"^(?P<indent>[ \t]*)```facts[ \t]*\n(?P<body>.*?)^(?P=indent)```[ \t]*$", re.MULTILINE | re.DOTALL)


@dataclass
class Context:
    snapshots: dict
    receipts: dict
    receipts_link: str | None = None    # relative URL of the generated receipts page, or None
    used_facts: set = field(default_factory=set)
    used_receipts: set = field(default_factory=set)


class _Ref(Exception):
    pass


def _args(raw: str) -> tuple:
    try:
        value = ast.literal_eval(f"({raw},)") if raw.strip() else ()
    except (SyntaxError, ValueError):
        raise _Ref(f"arguments {raw!r} are not a list of quoted texts and numbers") from None
    return value


def _in_code_span(line: str, col: int) -> bool:
    return line[:col].count("`") % 2 == 1


def _receipt(ctx: Context, name: str) -> receipts_mod.Receipt:
    if name not in ctx.receipts:
        near = [n for n in ctx.receipts if name.split(".")[0] in n][:5]
        hint = f"; receipts with that prefix: {', '.join(near)}" if near else ""
        raise _Ref(f"no receipt {name!r} in data/receipts.json (a test records it with the receipt fixture; "
                   f"`make receipts` commits the reference run){hint}")
    ctx.used_receipts.add(name)
    return ctx.receipts[name]


def _call(ctx: Context, name: str, args: tuple, in_code: bool) -> str:
    try:
        if name == "fact":
            if len(args) < 2:
                raise _Ref('fact needs a system and a path: fact("redis", "config", "maxmemory-samples")')
            ctx.used_facts.add(tuple(args))
            return facts_mod.render_value(facts_mod.lookup(ctx.snapshots, *args))
        if name == "complexity":
            ctx.used_facts.add(("redis", "commands", str(args[0]).upper(), "complexity"))
            term = facts_mod.redis_complexity(ctx.snapshots, *args)
            return term if in_code else term.replace("*", "\\*")
        if name == "version":
            (system,) = args
            if system not in ctx.snapshots:
                raise facts_mod.FactError(f"no snapshot of {system!r} in data/facts/")
            return ctx.snapshots[system].version.split("-")[0]
        if name == "receipt":
            r = _receipt(ctx, args[0])
            if len(args) > 1 and args[1] == "value":
                return receipts_mod.format_value(r.value)
            if in_code or ctx.receipts_link is None:
                return r.shown()
            title = r.context().replace('"', "'")
            return f'[{r.shown()}]({ctx.receipts_link}#{r.anchor} "{title}"){{ .mj-receipt }}'
        if name == "receipt_context":
            return _receipt(ctx, args[0]).context()
    except facts_mod.FactError as exc:
        raise _Ref(str(exc)) from None
    except (TypeError, ValueError, IndexError) as exc:
        raise _Ref(f"{name}{args}: {exc}") from None
    raise _Ref(f"unknown macro {name!r}; known: fact, complexity, version, receipt, receipt_context")


def expand_inline(text: str, ctx: Context, file: str, first_line: int, problems: list[Problem]) -> str:
    lines = text.split("\n")
    out = []
    for n, line in enumerate(lines):
        def sub(m: re.Match, n=n, line=line) -> str:
            try:
                return _call(ctx, m.group(1), _args(m.group(2)), _in_code_span(line, m.start()))
            except _Ref as exc:
                problems.append(Problem(file, first_line + n, m.group(0), str(exc)))
                return m.group(0)
        out.append(INLINE.sub(sub, line) if "{{" in line else line)
    return "\n".join(out)


def _cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ").replace("*", "\\*")


def _table_redis_commands(ctx: Context, spec: dict) -> str:
    snap = ctx.snapshots.get("redis")
    if snap is None:
        raise _Ref("no Redis snapshot in data/facts/")
    out = [f"| 命令 | 复杂度（Redis {snap.version} `COMMAND DOCS`） | 引入版本 | 说明 |", "|---|---|---|---|"]
    for cmd, note in spec["rows"].items():
        doc = facts_mod.lookup(ctx.snapshots, "redis", "commands", str(cmd).upper())
        ctx.used_facts.add(("redis", "commands", str(cmd).upper(), "complexity"))
        extra = []
        if doc.get("deprecated_since"):
            extra.append(f"{doc['deprecated_since']} 起弃用，改用 {doc.get('replaced_by', '').strip()}")
        if note:
            extra.append(str(note))
        out.append(f"| `{str(cmd).upper()}` | {_cell(doc.get('complexity', '—'))} | {doc.get('since', '—')} "
                   f"| {_cell('；'.join(extra))} |")
    return "\n".join(out)


CONFIG_SECTIONS = {"redis": ("config", "`CONFIG GET`"), "mariadb": ("variables", "`SHOW GLOBAL VARIABLES`"),
                   "celery": ("defaults", "`celery.app.defaults`"),
                   "kombu": ("redis_transport", "Redis 传输的 `Channel` 属性"),
                   "etcd": ("flags", "`etcd --help`")}


def _table_config(ctx: Context, spec: dict) -> str:
    system = spec.get("system")
    if system not in CONFIG_SECTIONS:
        raise _Ref(f"config table: system must be one of {', '.join(CONFIG_SECTIONS)}, got {system!r}")
    section, how = CONFIG_SECTIONS[system]
    snap = ctx.snapshots.get(system)
    if snap is None:
        raise _Ref(f"no {system} snapshot in data/facts/")
    out = [f"| 参数 | 默认值（{snap.name.split('-')[0]}，{how}） | 说明 |", "|---|---|---|"]
    for name, note in spec["rows"].items():
        value = facts_mod.lookup(ctx.snapshots, system, section, str(name))
        ctx.used_facts.add((system, section, str(name)))
        shown = facts_mod.render_value(value)
        out.append(f"| `{name}` | `{shown}` | {_cell(note or '')} |" if shown != "" else f"| `{name}` | （空） | {_cell(note or '')} |")
    return "\n".join(out)


def _table_isolation(ctx: Context, spec: dict) -> str:
    from . import isolation

    return isolation.table(ctx, spec)


# table kind → renderer
RENDERERS: dict[str, Callable[[Context, dict], str]] = {
    "redis-commands": _table_redis_commands,
    "config": _table_config,
    "isolation": _table_isolation,   # mianjing/isolation.py: from the Hermitage tests' outcomes
}


_LINE_NOTE = re.compile(r"^[ \t]*# mianjing:line (\d+)\n", re.MULTILINE)


def annotate_tables(text: str, first_line: int) -> str:
    """Write each ```facts fence's source line into it (a YAML comment), so a later pass that runs
    after other transformations changed the line count still reports the right line."""
    def sub(m: re.Match) -> str:
        line = first_line + text.count("\n", 0, m.start())
        head, body = m.group(0).split("\n", 1)
        return f"{head}\n{m.group('indent')}# mianjing:line {line}\n{body}"
    return FENCE.sub(sub, text)


def expand_tables(text: str, ctx: Context, file: str, first_line: int, problems: list[Problem]) -> str:
    def sub(m: re.Match) -> str:
        note = _LINE_NOTE.search(m.group("body"))
        line = int(note.group(1)) if note else first_line + text.count("\n", 0, m.start())
        try:
            spec = yaml.safe_load(m.group("body"))
        except yaml.YAMLError as exc:
            problems.append(Problem(file, line, "```facts", f"not valid YAML: {exc}"))
            return m.group(0)
        kind = spec.get("table") if isinstance(spec, dict) else None
        if kind not in RENDERERS:
            problems.append(Problem(file, line, "```facts", f"table: {kind!r}; known: {', '.join(RENDERERS)}"))
            return m.group(0)
        if kind != "isolation" and not isinstance(spec.get("rows"), dict):
            problems.append(Problem(file, line, "```facts", "rows: a mapping of name → note"))
            return m.group(0)
        try:
            table = RENDERERS[kind](ctx, spec)
        except (_Ref, facts_mod.FactError) as exc:
            problems.append(Problem(file, line, f"```facts table: {kind}", str(exc)))
            return m.group(0)
        indent = m.group("indent")
        return "\n".join(indent + row for row in table.split("\n"))
    return FENCE.sub(sub, text)


def expand(text: str, ctx: Context, file: str, first_line: int = 1, stage: str = "all") -> str:
    """Replace every fact table and inline reference; ContentError lists every bad one.
    stage="inline" replaces inline references only (the line count stays) and notes each table's
    line; stage="tables" then renders the tables (the hook runs the diagrams in between)."""
    problems: list[Problem] = []
    if stage in ("all", "inline"):
        text = annotate_tables(expand_inline(text, ctx, file, first_line, problems), first_line)
    if stage in ("all", "tables"):
        text = expand_tables(text, ctx, file, first_line, problems)
    if problems:
        raise ContentError(problems)
    return text


def context(receipts_link: str | None = None) -> Context:
    return Context(facts_mod.snapshots(), receipts_mod.committed(), receipts_link)
