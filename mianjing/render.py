"""What the build writes into an answer page from its front matter: the question, errata, sources."""

from __future__ import annotations

import re

from pymdownx.slugs import slugify

from . import ROOT, facts, macros, practice, proofs
from .data import IMPORTANCE, Registry
from .indexes import verdict_label
from .schema import AnswerPage, Erratum

_slug = slugify(case="lower")

_FENCE = re.compile(r"^\s*(```|~~~)")


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.strip().splitlines())


def question_block(page: AnswerPage, registry: Registry) -> str:
    out = []
    for qid in page.ids:
        q = registry.questions[qid]
        asked = "；".join(registry.asked_label(a) for a in q.asked)
        out.append(f"> **`{qid}`** · 原答案：{verdict_label(page.verdicts[qid])} · 重要程度：{IMPORTANCE[q.importance]}\n>\n"
                   f"> {q.question}\n>\n> 被问到 {len(q.asked)} 次：{asked}\n")
    return "\n".join(out)


def proof_link(proof: str, repo_url: str | None) -> str:
    path = proof.split("::", 1)[0]
    if repo_url:
        return f"[`{proof}`]({repo_url.rstrip('/')}/blob/main/{path})"
    return f"`{proof}`"


def level_of(e: Erratum) -> proofs.Level:
    return proofs.level_of(e.proof, e.unproven, ROOT, facts.version_labels())


def errata_block(page: AnswerPage, repo_url: str | None, ctx: macros.Context | None = None) -> str:
    ctx = ctx or macros.context()
    out = []
    for n, e in enumerate(page.errata, 1):
        level = level_of(e)
        body = [f"**原说法**：{e.claim}", f"**正确说法**：{macros.expand(e.correction, ctx, page.file)}",
                f"**依据**：[{e.source.title}]({e.source.url})" + (f"（{e.source.version}）" if e.source.version else ""),
                f"**证明级别**：{level.label}"]
        if e.proof:
            body.append(f"**验证**：{proof_link(e.proof, repo_url)}，原说法若成立，这个测试就会失败。")
        out.append(f'!!! failure "勘误 {n}"\n\n' + _indent("\n\n".join(body)) + "\n")
    return "\n".join(out)


def qa_block(item_id: str, question: str | None, answer: str) -> str:
    """One practice item: a question and an answer that practice mode can hide and reveal
    (docs/assets/javascripts/practice.js). question None: the page's own heading asks it."""
    q = f'<p class="mj-q" markdown="span">**{question}**</p>\n\n' if question else ""
    return (f'<div class="mj-qa" data-qa="{item_id}" markdown>\n\n{q}'
            f'<div class="mj-a" markdown>\n\n{answer}\n\n</div>\n\n</div>\n')


def followups_block(page: AnswerPage, registry: Registry, ctx: macros.Context | None = None) -> str:
    """The 追问 section, rendered from front matter (mianjing/practice.py gives each its stable id)."""
    return "\n".join(qa_block(i.id, i.question, i.answer)
                      for i in practice.items_of(page, registry, ctx) if i.kind == "followup")


PRACTICE_BAR = '<div class="mj-practice" data-page="{key}"></div>\n'


def wrap_short_answer(markdown: str, page: AnswerPage) -> str:
    """The 一句话回答 section's text becomes the page's first practice item (hidden in practice mode)."""
    lines = markdown.split("\n")
    fence, start = False, None
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fence = not fence
        if fence:
            continue
        if re.match(r"^##\s+一句话回答\s*(\{.*\})?\s*$", line):
            start = i + 1
        elif start is not None and line.startswith("## "):
            body = "\n".join(lines[start:i]).strip()
            block = qa_block(practice.short_id(page), None, body)
            return "\n".join(lines[:start] + ["", block, ""] + lines[i:])
    return markdown


def _source_item(s) -> str:
    return f"- [{s.title}]({s.url})" + (f"（读的是：{s.version}）" if s.version else "")


def sources_block(page: AnswerPage) -> str:
    primary = [s for s in page.sources if not s.secondary]
    secondary = [s for s in page.sources if s.secondary]
    out = ["一手资料：\n"] + [_source_item(s) for s in primary]
    if secondary:
        out += ["\n延伸阅读：\n"] + [_source_item(s) for s in secondary]
    return "\n".join(out) + "\n"


def terms_block(page: AnswerPage, registry: Registry) -> str:
    """The glossary terms this page explains, with their synonyms: readers see the English names
    and abbreviations, and search finds the page by any of them."""
    terms = [t for t in registry.glossary if t.see in page.ids]
    if not terms:
        return ""
    items = [f"**{t.term}**" + (f"（{'、'.join(t.aliases)}）" if t.aliases else "") for t in terms]
    return "本页讲解的术语（见[术语表](" + "../" * page.file.count("/", len("docs/")) + "glossary.md)）：" + "；".join(items) + "。\n"


def insert_after_heading(markdown: str, heading: str, block: str) -> str:
    """Put block right below the first '## heading' outside code fences."""
    lines = markdown.split("\n")
    fence = False
    for i, line in enumerate(lines):
        if _FENCE.match(line):
            fence = not fence
        if not fence and re.match(rf"^##\s+{re.escape(heading)}\s*(\{{.*\}})?\s*$", line):
            lines[i + 1 : i + 1] = ["", block.rstrip("\n"), ""]
            return "\n".join(lines)
    return markdown


def render_answer(markdown: str, page: AnswerPage, registry: Registry, repo_url: str | None,
                  ctx: macros.Context | None = None) -> str:
    markdown = wrap_short_answer(markdown, page)
    markdown = insert_after_heading(markdown, "题目", question_block(page, registry) + "\n"
                                    + PRACTICE_BAR.format(key=practice.page_key(page)))
    if page.errata:
        markdown = insert_after_heading(markdown, "勘误", errata_block(page, repo_url, ctx))
    if page.followups:
        markdown = insert_after_heading(markdown, "追问", followups_block(page, registry, ctx))
    return insert_after_heading(markdown, "参考资料", sources_block(page) + "\n" + terms_block(page, registry))
