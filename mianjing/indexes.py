"""Pages and files generated from data/ and the pages' front matter; never written by hand."""

from __future__ import annotations

import json
import re

from .data import ROUNDS, Registry
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


def question_index(registry: Registry, site: Site) -> str:
    done, total = progress(registry, site)
    out = ["---\ndescription: 全部 52 道面试题，按面试轮次排列，附原答案评判与答案页链接。\nsearch:\n  boost: 0.5\n---\n", GENERATED_NOTE,
           "# 题目索引\n",
           f"已回答 **{done} / {total}** 题。评判针对面经中候选人的原答案："
           + "，".join(f"{VERDICT_ICONS[v]} {label}" for v, label in VERDICTS.items()) + "。\n"]
    for rnd, name in ROUNDS.items():
        qs = [q for q in registry.questions.values() if q.round == rnd]
        answered = sum(q.id in site.by_id for q in qs)
        out.append(f"\n## {name}\n\n{answered} / {len(qs)} 题已回答。\n")
        out.append("| 编号 | 题目 | 原答案 | 答案页 |\n|---|---|---|---|")
        for q in qs:
            page = site.by_id.get(q.id)
            if page:
                out.append(f"| `{q.id}` | {_cell(q.question)} | {verdict_label(page.verdicts[q.id])} "
                           f"| [{_cell(page.title)}]({docs_path(page)}) |")
            else:
                out.append(f"| `{q.id}` | {_cell(q.question)} | – | 待补充 |")
    return "\n".join(out) + "\n"


def errata_index(site: Site) -> str:
    rows = [(p, e) for p in site.sorted_pages() for e in p.errata]
    out = ["---\ndescription: 全站每一条勘误：原答案的错误说法、正确说法、权威出处与验证代码。\nsearch:\n  boost: 0.5\n---\n", GENERATED_NOTE,
           "# 勘误总表\n",
           f"全站共 **{len(rows)}** 条勘误，来自 {len({p.file for p, _ in rows})} 个答案页。"
           "每条都写明原说法错在哪里、正确说法、能裁定它的一手资料，以及在本仓库中证明它的测试。\n",
           "| 题目 | 原说法 | 正确说法 | 出处 | 验证 |\n|---|---|---|---|---|"]
    for page, e in rows:
        ids = "、".join(f"`{i}`" for i in page.ids)
        proof = f"`{e.proof}`" if e.proof else "—"
        out.append(f"| {ids} [{_cell(page.title)}]({docs_path(page)}#勘误) | {_cell(e.claim)} | {_cell(e.correction)} "
                   f"| [{_cell(e.source.title)}]({e.source.url}) | {proof} |")
    return "\n".join(out) + "\n"


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
    """id -> url, title, verdict, number of errata (url null for an unanswered id)."""
    data = {}
    for q in registry.questions.values():
        page = site.by_id.get(q.id)
        data[q.id] = {
            "round": q.round,
            "question": q.question,
            "url": url_of.get(page.file) if page else None,
            "title": page.title if page else None,
            "verdict": page.verdicts[q.id] if page else None,
            "errata": len(page.errata) if page else 0,
        }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


# jieba keeps a word whole only if it matches its own token pattern (no spaces, no '/').
_JIEBA_WORD = re.compile(r"^[\u4E00-\u9FD5a-zA-Z0-9+#&._%\-]+$")
_HAN = re.compile(r"[\u4E00-\u9FD5]")


def jieba_user_dict(registry: Registry) -> str:
    """Domain terms from the glossary and tag list as whole words for jieba (word freq tag)."""
    words: list[str] = []
    for t in registry.glossary:
        words += [t.term, *t.aliases]
    words += list(registry.tags)
    keep = sorted({w for w in words if _HAN.search(w) and _JIEBA_WORD.match(w)})
    return "".join(f"{w} 100000 n\n" for w in keep)


HOME_MARKER = "<!-- mianjing:progress -->"


def home_progress(registry: Registry, site: Site) -> str:
    """The home page's ways in: progress by round, pages by topic, the errata count."""
    done, total = progress(registry, site)
    out = [f"已回答 **{done} / {total}** 题，共 **{sum(len(p.errata) for p in site.pages)}** 条勘误"
           f"（[勘误总表](errata.md)）。\n", "| 轮次 | 已回答 | 进度 |\n|---|---|---|"]
    for rnd, name in ROUNDS.items():
        qs = [q for q in registry.questions.values() if q.round == rnd]
        n = sum(q.id in site.by_id for q in qs)
        bar = "█" * round(10 * n / len(qs)) + "░" * (10 - round(10 * n / len(qs)))
        out.append(f"| [{name}](questions.md#{name.lower().replace('/', '')}) | {n} / {len(qs)} | `{bar}` |")
    out.append("\n## 按栏目\n")
    for topic in registry.topics.values():
        pages = [p for p in site.sorted_pages() if p.file.startswith(f"docs/{topic.dir}/")]
        if not pages:
            continue
        links = "、".join(f"[{p.title.split('：')[0]}]({docs_path(p)})" for p in pages)
        out.append(f"- **{topic.title}**：{topic.summary}\n    {links}")
    return "\n".join(out) + "\n"
