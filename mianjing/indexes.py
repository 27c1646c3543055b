"""Pages and files generated from data/ and the pages' front matter; never written by hand."""

from __future__ import annotations

import json
import re

from . import ROOT, facts, macros, proofs
from .data import IMPORTANCE, Registry, section_for
from .pages import Site
from .schema import VERDICTS, AnswerPage

VERDICT_ICONS = {"correct": "✅", "incomplete": "🟡", "wrong": "❌", "missing": "⬜"}
GENERATED_NOTE = "<!-- 本页由 mianjing/indexes.py 在构建时生成，请勿手工编辑。 -->\n"


def docs_path(page: AnswerPage) -> str:
    """Path of the page relative to docs/ (what Markdown links use)."""
    return page.file.removeprefix("docs/")


def verdict_label(verdict: str) -> str:
    return f"{VERDICT_ICONS[verdict]} {VERDICTS[verdict]}"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def progress(registry: Registry, site: Site) -> tuple[int, int]:
    return len(site.by_id), len(registry.questions)


IMPORTANCE_ICONS = {"high": "★★★", "medium": "★★", "low": "★"}


def importance_label(q) -> str:
    return f"{IMPORTANCE_ICONS[q.importance]} {IMPORTANCE[q.importance]}"


def title_of(page: AnswerPage) -> str:
    """The page's title with its facts expanded (a title may say {{ complexity(…) }})."""
    return macros.expand(page.title, macros.context(), page.file)


def claim_link(q, repo_url: str | None) -> str:
    """For an unanswered question: where a contribution starts (the issue form, prefilled)."""
    if not repo_url:
        return f"待补充（`python -m mianjing.scaffold {q.id}`）"
    url = f"{repo_url.rstrip('/')}/issues/new?template=write-answer.yml&title=%5B%E5%86%99%E7%AD%94%E6%A1%88%5D+{q.id}&qid={q.id}"
    return f"待补充 · [认领这道题]({url})"


def _row(q, site: Site, repo_url: str | None, where: str = "") -> str:
    page = site.by_id.get(q.id)
    answer = (f"{verdict_label(page.verdicts[q.id])} | [{_cell(title_of(page))}]({docs_path(page)})" if page
              else f"– | {claim_link(q, repo_url)}")
    return f"| `{q.id}` | {_cell(q.question)} | {importance_label(q)} |{where} {answer} |"


def question_index(registry: Registry, site: Site, repo_url: str | None = None) -> str:
    done, total = progress(registry, site)
    out = [f"---\ndescription: 全部 {total} 道面试题：按面试与轮次、按栏目排列，附重要程度、原答案评判与答案页链接。\n"
           "search:\n  boost: 0.5\n---\n", GENERATED_NOTE,
           "# 题目索引\n",
           f"{len(registry.interviews)} 场面试，已回答 **{done} / {total}** 题。评判针对面经中候选人的原答案："
           + "，".join(f"{VERDICT_ICONS[v]} {label}" for v, label in VERDICTS.items()) + "。重要程度："
           + "，".join(f"{IMPORTANCE_ICONS[k]} {v}" for k, v in IMPORTANCE.items())
           + "（被问到的可能性）。同一道题在几场面试里被问到时只有一页答案，见各页题干下的「被问到」。\n",
           "\n## 按面试\n"]
    for iv in registry.interviews.values():
        qs = registry.in_interview(iv.id)
        answered = sum(q.id in site.by_id for q in qs)
        notes = f"，[原始面经]({iv.notes})" if iv.notes else ""
        out.append(f"\n### {iv.title} {{#iv-{iv.id}}}\n\n{iv.role}，{iv.date}{notes}。{answered} / {len(qs)} 题已回答。\n")
        for rnd in iv.rounds:
            rqs = registry.in_interview(iv.id, rnd.key)
            if not rqs:
                continue
            out.append(f"\n#### {rnd.name} {{#iv-{iv.id}-{rnd.key}}}\n\n| 编号 | 题目 | 重要程度 | 原答案 | 答案页 |\n|---|---|---|---|---|")
            out += [_row(q, site, repo_url) for q in rqs]
    out.append("\n## 按栏目\n")
    by_topic: dict[str, list] = {}
    for q in registry.questions.values():
        by_topic.setdefault(section_for(q), []).append(q)
    for topic in registry.topics.values():
        qs = by_topic.get(topic.dir, [])
        if not qs:
            continue
        out.append(f"\n### {topic.title}\n\n| 编号 | 题目 | 重要程度 | 被问到 | 原答案 | 答案页 |\n|---|---|---|---|---|---|")
        out += [_row(q, site, repo_url, f" {len(q.asked)} 次 |") for q in qs]
    return "\n".join(out) + "\n"


PROOF_KINDS = {
    "server": "实测，真实服务器",
    "kernel": "实测，本机内核或运行时",
    "code": "代码验证",
    "source": "仅依据资料",
}


def errata_index(site: Site) -> str:
    labels = facts.version_labels()
    rows = [(p, e, proofs.level_of(e.proof, e.unproven, ROOT, labels)) for p in site.sorted_pages() for e in p.errata]
    counts = {k: sum(1 for *_, lv in rows if lv.kind == k) for k in proofs.ORDER}
    out = ["---\ndescription: 全站每一条勘误：原答案的错误说法、正确说法、权威出处、证明级别与验证代码。\nsearch:\n  boost: 0.5\n---\n",
           GENERATED_NOTE, "# 勘误总表\n",
           f"全站共 **{len(rows)}** 条勘误，来自 {len({p.file for p, *_ in rows})} 个答案页。"
           "每条都写明原说法错在哪里、正确说法、能裁定它的一手资料，以及证明级别：\n",
           "| 证明级别 | 条数 | 含义 |\n|---|---:|---|",
           f"| {PROOF_KINDS['server']} | {counts['server']} | 测试在 127.0.0.1 上启动真实的 Redis、MariaDB、etcd 或 Celery worker，"
           "原说法若成立测试就会失败 |",
           f"| {PROOF_KINDS['kernel']} | {counts['kernel']} | 测试在本机的 Linux 内核、CPython 或 Go 运行时上观察行为 |",
           f"| {PROOF_KINDS['code']} | {counts['code']} | doctest、性质测试或离线校验：证明代码本身，不观察系统行为 |",
           f"| {PROOF_KINDS['source']} | {counts['source']} | 本项目的测试环境里跑不了（例如 MySQL 8.0 独有的行为），只由一手资料裁定，并写明原因 |",
           "\n| 题目 | 原说法 | 正确说法 | 出处 | 证明级别 | 验证 |\n|---|---|---|---|---|---|"]
    ctx = macros.context()
    for page, e, level in rows:
        ids = "、".join(f"`{i}`" for i in page.ids)
        proof = f"`{e.proof}`" if e.proof else "—"
        correction = macros.expand(e.correction, ctx, page.file)
        out.append(f"| {ids} [{_cell(page.title)}]({docs_path(page)}#勘误) | {_cell(e.claim)} | {_cell(correction)} "
                   f"| [{_cell(e.source.title)}]({e.source.url}) | {_cell(level.label)} | {proof} |")
    return "\n".join(out) + "\n"


def receipts_page(site: Site) -> str:
    """实测记录: every receipt of the reference run, with its context, and the pages that cite it."""
    from . import receipts

    all_receipts = receipts.committed()
    cited: dict[str, list[AnswerPage]] = {}
    for page in site.sorted_pages():
        text = (ROOT / page.file).read_text(encoding="utf-8")
        for name in receipts.cited(text):
            cited.setdefault(name, []).append(page)
    out = ["---\ndescription: 页面上每个实测数字的来源：哪个测试、什么版本、几核、负载、日期与提交。\nsearch:\n  exclude: true\n---\n",
           GENERATED_NOTE, "# 实测记录\n",
           "页面上的实测数字都不是手写的：测试通过 `receipt` fixture 记下每个测量值，`make receipts` 把一次参考运行"
           "提交到 `data/receipts.json`，页面用 `{{ receipt(\"名字\") }}` 引用它。绝对耗时只代表下表所记的那台机器；"
           "页面由这些数字得出的关系（倍数、增长、阈值）由测试断言，换一台机器重跑，关系不成立测试就失败。\n",
           "「结果」类记录（如隔离级别异常是否出现）每次运行都必须与提交的记录一致。\n"]
    by_test: dict[str, list] = {}
    for r in all_receipts.values():
        by_test.setdefault(r.test, []).append(r)
    for test in sorted(by_test):
        rs = sorted(by_test[test], key=lambda r: r.name)
        out.append(f"\n## `{test.split('::')[-1]}`\n\n测试 `{test}`；{rs[0].context()}。\n")
        out.append("| 记录 | 值 | 类别 | 引用它的页面 |\n|---|---|---|---|")
        for r in rs:
            pages = "、".join(f"[{_cell(p.title)}]({docs_path(p)})" for p in cited.get(r.name, [])) or "—"
            out.append(f'| <span id="{r.anchor}"></span>`{r.name}` | {_cell(r.shown())} | '
                       f'{"测量" if r.kind == "measure" else "结果"} | {pages} |')
    return "\n".join(out) + "\n"


def facts_page(site: Site) -> str:
    """事实快照: which version of each system the site's facts were captured from, and how."""
    snaps = facts.snapshots()
    used: dict[tuple, list[AnswerPage]] = {}
    ctx = macros.context()
    for page in site.sorted_pages():
        ctx.used_facts = set()
        macros.expand((ROOT / page.file).read_text(encoding="utf-8"), ctx, page.file)
        for key in ctx.used_facts:
            used.setdefault(key, []).append(page)
    out = ["---\ndescription: 本站引用的系统事实（复杂度、默认值、限制）从哪个版本的真实系统采集而来。\nsearch:\n  exclude: true\n---\n",
           GENERATED_NOTE, "# 事实快照\n",
           "命令复杂度、配置默认值、版本与限制这类事实，不由作者手写，而是 `make facts` 启动与测试相同的真实服务器、"
           "读取系统自己的报告（Redis 的 `COMMAND DOCS` 与 `CONFIG GET *`、MariaDB 的 `SHOW GLOBAL VARIABLES` 与错误信息里的上限、"
           "Celery 与 kombu 的默认值表、`etcd --help`、CPython 与 Go 运行时）后写入 `data/facts/`。页面用 "
           "`{{ fact(…) }}`、`{{ complexity(…) }}` 与 facts 表格引用它们；`make test` 每次都重新采集并与提交的快照比对，"
           "值有变化就失败。\n",
           "| 系统 | 采集自的版本 | 快照文件 | 事实数 |\n|---|---|---|---:|"]
    for snap in snaps.values():
        out.append(f"| {facts.SYSTEMS.get(snap.system, snap.system)} | {snap.version} | `{snap.file}` "
                   f"| {_count(snap.facts)} |")
    out.append("\n## 页面引用的事实\n\n| 事实 | 值 | 引用它的页面 |\n|---|---|---|")
    for key in sorted(used, key=lambda k: tuple(map(str, k))):
        try:
            value = facts.lookup(snaps, *key)
        except facts.FactError:
            continue
        shown = value.get("complexity", "") if isinstance(value, dict) else facts.render_value(value)
        pages = "、".join(f"[{_cell(p.title)}]({docs_path(p)})" for p in used[key])
        out.append(f"| `{' › '.join(map(str, key))}` | {_cell(shown)} | {pages} |")
    return "\n".join(out) + "\n"


def _count(node) -> int:
    return sum(_count(v) for v in node.values()) if isinstance(node, dict) and node else 1


def tags_page(registry: Registry) -> str:
    listed = "\n".join(f"- **{name}**：{about}" for name, about in registry.tags.items())
    return ("---\ndescription: 按标签浏览全部答案页。\nsearch:\n  exclude: true\n---\n" + GENERATED_NOTE + "\n# 标签\n\n"
            "每个答案页的标签都取自 `data/tags.yaml` 这份唯一的标签表：\n\n" + listed +
            "\n\n## 按标签浏览\n\n<!-- material/tags -->\n")


def glossary_page(registry: Registry, site: Site) -> str:
    out = ["---\ndescription: 本站术语表：中文术语、英文名与缩写、一句话释义，链接到讲解它的答案页。\n---\n", GENERATED_NOTE,
           "# 术语表\n", "术语表来自 `data/glossary.yaml`，它同时生成站内搜索的分词词典：表中的中文术语在搜索里是完整的词。\n",
           "| 术语 | 又称 | 释义 | 详见 |\n|---|---|---|---|"]
    for t in sorted(registry.glossary, key=lambda t: t.term):
        page = site.by_id.get(t.see) if t.see else None
        see = f"[{t.see}]({docs_path(page)})" if page else (f"{t.see}（待补充）" if t.see else "—")
        out.append(f"| {_cell(t.term)} | {_cell('、'.join(t.aliases)) or '—'} | {_cell(t.means)} | {see} |")
    return "\n".join(out) + "\n"


def questions_json(registry: Registry, site: Site, url_of: dict[str, str]) -> str:
    """id -> question, where it was asked, importance, url, title, verdict, number of errata
    (url null for an unanswered id)."""
    data = {}
    for q in registry.questions.values():
        page = site.by_id.get(q.id)
        data[q.id] = {
            "round": q.round,
            "question": q.question,
            "asked": [{"interview": a.interview, "round": a.round, "label": registry.asked_label(a)} for a in q.asked],
            "importance": q.importance,
            "url": url_of.get(page.file) if page else None,
            "title": title_of(page) if page else None,
            "verdict": page.verdicts[q.id] if page else None,
            "errata": len(page.errata) if page else 0,
        }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# jieba keeps a word whole only if it matches its own token pattern (no spaces, no '/').
_JIEBA_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


def jieba_user_dict(registry: Registry, site: Site | None = None) -> str:
    """Domain terms as whole words for jieba (word freq tag): the glossary, the tag list and each
    page's key terms (mianjing/search_quality.py)."""
    from .search_quality import key_terms

    words: list[str] = []
    for t in registry.glossary:
        words += [t.term, *t.aliases]
    words += list(registry.tags)
    if site is not None:
        words += [w for _, terms in key_terms(site).values() for w in terms]
    keep = sorted({w for w in words if _HAN.search(w) and _JIEBA_WORD.match(w)})
    return "".join(f"{w} 100000 n\n" for w in keep)


HOME_MARKER = "<!-- mianjing:progress -->"


def home_progress(registry: Registry, site: Site) -> str:
    """The home page's ways in: progress across interviews and by round, pages by topic, errata."""
    done, total = progress(registry, site)
    out = [f"{len(registry.interviews)} 场面试、{total} 道题，已回答 **{done} / {total}** 题，"
           f"共 **{sum(len(p.errata) for p in site.pages)}** 条勘误（[勘误总表](errata.md)）。"
           "还没有答案的题在[题目索引](questions.md)里标着「待补充」，欢迎认领。\n",
           "练习：每个答案页都有「自测模式」，先藏起答案再逐条揭开；[模拟面试](practice.md)按面试轮次一次问一道题；"
           "全部题目和追问也可以带走，做成 Anki 卡组（见模拟面试页）。标记只存在你的浏览器里。\n",
           "| 面试 · 轮次 | 已回答 | 进度 |\n|---|---|---|"]
    for iv in registry.interviews.values():
        for rnd in iv.rounds:
            qs = registry.in_interview(iv.id, rnd.key)
            if not qs:
                continue
            n = sum(q.id in site.by_id for q in qs)
            bar = "█" * round(10 * n / len(qs)) + "░" * (10 - round(10 * n / len(qs)))
            out.append(f"| [{_cell(iv.title)} · {rnd.name}](questions.md#iv-{iv.id}-{rnd.key}) | {n} / {len(qs)} | `{bar}` |")
    out.append("\n## 按栏目\n")
    for topic in registry.topics.values():
        pages = [p for p in site.sorted_pages() if p.file.startswith(f"docs/{topic.dir}/")]
        if not pages:
            continue
        links = "、".join(f"[{title_of(p).split('：')[0]}]({docs_path(p)})" for p in pages)
        out.append(f"- **{topic.title}**：{topic.summary}\n    {links}")
    return "\n".join(out) + "\n"
