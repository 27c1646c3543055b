"""Create an answer page for a question id, with front matter the schema accepts in shape and
TODO markers where the content goes; the build and the tests then list exactly what is missing.

    python -m mianjing.scaffold r1-06                 # docs/<section>/<slug>.md, slug from --slug or the id
    python -m mianjing.scaffold r1-08 r1-09 --slug index-cost
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import DOCS, ROOT
from .data import registry, section_for
from .pages import load_site

TEMPLATE = """\
---
title: TODO 一句话标题
description: TODO 一句话说明本页回答了什么（不超过 160 字）。
ids: [{ids}]
verdict: TODO  # correct | incomplete | wrong | missing（面经里没有作答）
tags: [{tags}]  # 只能用 data/tags.yaml 里的标签
versions:
  - TODO 本页结论成立的版本，例如 Redis 7.0、MySQL 8.0 与 MariaDB 10.11
sources:
  - id: doc
    title: TODO 一手资料的标题（官方文档、man page、某个版本的源码）
    url: TODO https://… 带版本的地址（GitHub 上某个 tag 的 blob、refman/8.0/…），或者加一行 version
    version: TODO 读的是哪个版本（网站没有版本化地址时必填，例如 Redis 7.0、man-pages 6.03）；URL 已带版本就删掉这一行
errata:
  - claim: TODO 原答案中错误的那句话（只引这一句）
    correction: TODO 正确的说法；复杂度、默认值用 {{{{ fact(…) }}}} / {{{{ complexity(…) }}}}，不要手写
    source: doc
    proof: TODO tests/{section}/test_{slug_py}.py::test_… 原说法若成立就会失败的测试；跑不了就删掉这行，改写 unproven：原因
followups:  # 面试官接下来会问的，至少 5 个；a 要讲到机制，see 可选，是本页某个小节标题的原文
  - q: TODO 追问 1
    a: TODO 回答
  - q: TODO 追问 2
    a: TODO 回答
  - q: TODO 追问 3
    a: TODO 回答
  - q: TODO 追问 4
    a: TODO 回答
  - q: TODO 追问 5
    a: TODO 回答
---

# TODO 标题

## 题目

{round_note}

## 一句话回答

TODO 两三句话的答案。

## 原答案评析

TODO 原答案对了什么、漏了什么、错了什么。

## 勘误

## 详解

TODO 从机制讲起：数据结构、算法、协议，复杂度及其成立条件。需要画图时用 Mermaid。

## 动手验证

TODO 从 snippets/{section}/ 引入代码（--8<--），说明它的输出证明了什么；测试放在 tests/{section}/。实测数字用 {{{{ receipt("名字") }}}} 引用测试记下的值，不要手写。

## 追问

## 参考资料
"""


def scaffold(ids: list[str], slug: str | None = None, section: str | None = None) -> Path:
    reg = registry()
    unknown = [i for i in ids if i not in reg.questions]
    if unknown:
        raise SystemExit(f"unknown question id(s): {', '.join(unknown)}; see data/questions.yaml")
    answered = load_site(reg).by_id
    taken = [f"{i} ({answered[i].file})" for i in ids if i in answered]
    if taken:
        raise SystemExit(f"already answered: {', '.join(taken)}; edit that page instead")
    first = reg.questions[ids[0]]
    section = section or section_for(first)
    slug = slug or ids[0]
    path = DOCS / section / f"{slug}.md"
    if path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} exists already")
    tag = {"redis": "Redis", "mysql": "MySQL", "kubernetes": "Kubernetes", "celery": "Celery",
           "algorithms": "算法", "os": "Linux"}.get(section, "")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEMPLATE.format(
        ids=", ".join(ids), tags=tag, section=section, slug_py=slug.replace("-", "_"),
        round_note=f"{reg.asked_label(first.asked[0])}的题目；题干由构建自动插入在这里，这一行可以换成对提问背景的说明。",
    ), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m mianjing.scaffold", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("ids", nargs="+", help="question ids from data/questions.yaml")
    parser.add_argument("--slug", help="file name without .md (English, kebab-case)")
    parser.add_argument("--section", help="docs/ sub-directory (default: the question's topic)")
    args = parser.parse_args(argv)
    path = scaffold(args.ids, args.slug, args.section)
    print(f"created {path.relative_to(ROOT)}\nnext: fill in every TODO, then `make test` tells you what is still missing")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
