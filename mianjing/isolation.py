"""The isolation page's table (anomaly × level), rendered from the outcomes the Hermitage tests
recorded (receipts isolation.mariadb.<level>.<case>, tests/mysql/test_hermitage.py), never typed.

    ```facts
    table: isolation
    ```

Beside it, Hermitage's published MySQL results (data/hermitage-mysql.yaml, a cited source) are
compared cell by cell with this run, and every difference is listed under the table.
"""

from __future__ import annotations

from functools import lru_cache

import yaml

from . import DATA, facts

ANOMALIES = {
    "G0": "脏写（写循环）",
    "G1a": "读到被回滚的写（脏读）",
    "G1b": "读到中间值（脏读）",
    "G1c": "循环信息流（脏读）",
    "OTV": "观察到的事务消失",
    "PMP": "谓词多前驱（幻读类）",
    "P4": "丢失更新",
    "G-single": "读偏斜（单反依赖环）",
    "G2-item": "写偏斜（数据项反依赖环）",
    "G2": "反依赖环（谓词写偏斜）",
}
COLUMNS = {"ru": "读未提交", "rc": "读已提交", "rr": "可重复读", "ser": "可串行化",
           "rr-si": "可重复读 + `innodb_snapshot_isolation=ON`"}
SHOWN = {"prevented": "✅ 防止", "possible": "❌ 会出现", "R/O": "◐ 仅只读事务防止"}


@lru_cache(maxsize=1)
def hermitage_mysql() -> dict:
    return yaml.safe_load((DATA / "hermitage-mysql.yaml").read_text(encoding="utf-8"))


def cells(receipts: dict, column: str) -> dict[str, str]:
    """Anomaly → prevented / possible / R/O, from the recorded outcomes of one column."""
    prefix = f"isolation.mariadb.{column}."
    outcomes = {name[len(prefix):]: r.value for name, r in receipts.items() if name.startswith(prefix)}
    out = {}
    for anomaly in ANOMALIES:
        main = outcomes.get(anomaly.lower())
        if main is None:
            raise KeyError(f"no receipt {prefix}{anomaly.lower()} (tests/mysql/test_hermitage.py records it; "
                           "`make receipts` commits it)")
        write = outcomes.get(f"{anomaly.lower()}-write")
        out[anomaly] = "possible" if main == "possible" else ("R/O" if write == "possible" else "prevented")
    return out


def table(ctx, spec: dict) -> str:
    receipts = ctx.receipts
    try:
        grid = {col: cells(receipts, col) for col in COLUMNS}
    except KeyError as exc:
        from .macros import _Ref

        raise _Ref(str(exc.args[0])) from None
    for col in COLUMNS:
        for anomaly in ANOMALIES:
            ctx.used_receipts.add(f"isolation.mariadb.{col}.{anomaly.lower()}")
    sample = receipts[f"isolation.mariadb.rr.{'g0'}"]
    head = "| 异常（Hermitage 名称） | " + " | ".join(COLUMNS.values()) + " |"
    out = [head, "|---|" + "---|" * len(COLUMNS)]
    for anomaly, name in ANOMALIES.items():
        out.append(f"| {name}（{anomaly}） | " + " | ".join(SHOWN[grid[c][anomaly]] for c in COLUMNS) + " |")
    out.append("")
    out.append(f"每一格都是测试在真实 {sample.versions.get('MariaDB', 'MariaDB')} 上跑出来的结果"
               f"（`tests/mysql/test_hermitage.py`，{sample.date}，见[实测记录]({ctx.receipts_link or 'receipts.md'}#{sample.anchor})）；"
               "结果变了测试就失败。「◐」是 Hermitage 的 R/O：只读事务里防住了，同一异常换成写谓词（带 UPDATE/DELETE）的用例仍会出现。")
    published = hermitage_mysql()
    diffs = [f"{COLUMNS[lvl]} · {ANOMALIES[a]}（{a}）：MySQL {SHOWN[v]}，本站 MariaDB {SHOWN[grid[lvl][a]]}"
             for lvl, row in published["levels"].items() for a, v in row.items() if grid[lvl][a] != v]
    src = published["source"]
    note = (f"\n!!! info \"MySQL 的结果（一手资料，非本站实测）\"\n\n    [{src['title']}]({src['url']}) 公布的 MySQL/InnoDB 结果"
            f"（在 {src['tested_on']} 上测得）")
    if diffs:
        note += "与上表前四列有这些不同：\n\n" + "\n".join(f"    - {d}" for d in diffs) + "\n"
    else:
        note += ("与上表前四列**逐格相同**（构建时逐格比对）。本机没有 MySQL 8.0；GitHub 工作流的 mysql80 任务在 "
                 "MySQL 8.0 上运行同一组用例，并断言结果与 Hermitage 公布的一致。")
    default = facts.render_value(facts.lookup(ctx.snapshots, "mariadb", "variables", "innodb_snapshot_isolation"))
    note += (f"MySQL 没有 `innodb_snapshot_isolation`，最后一列只适用于 MariaDB（10.6.18、10.11.8 起提供；"
             f"本站测试的 {ctx.snapshots['mariadb'].name.split('-')[0]} 默认值为 `{default}`）。\n")
    return "\n".join(out) + "\n" + note
