"""Practice items: what a reader rehearses, derived from the answer pages (never written twice).

Each answer page gives one item for its 一句话回答 (asked as the page's seed question) and one per
follow-up in its front matter. An item's id is stable, so marks in a reader's browser and Anki
cards survive edits:

- `<page>:short` for the short answer (`<page>` is the page's path under docs/ without `.md`);
- `<page>:<8 hex digits of sha1(question)>` for a follow-up: editing its answer keeps the id, editing
  the question makes it a new item.

The answer pages (mianjing/render.py), the mock interview page and the flashcards
(mianjing/flashcards.py) all read these items.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass

from pymdownx.slugs import slugify

from . import macros
from .data import Registry
from .pages import Site
from .schema import AnswerPage

_slug = slugify(case="lower")
_LINK = re.compile(r"(\]\()([^)\s]+)((?:\s+\"[^\"]*\")?\))")


@dataclass(frozen=True)
class Item:
    id: str
    page: AnswerPage
    kind: str            # short | followup
    question: str        # Markdown
    answer: str          # Markdown, facts and receipts expanded, links relative to the page

    @property
    def page_key(self) -> str:
        return page_key(self.page)


def page_key(page: AnswerPage) -> str:
    return page.file.removeprefix("docs/").removesuffix(".md")


def followup_id(page: AnswerPage, question: str) -> str:
    return f"{page_key(page)}:{hashlib.sha1(question.encode('utf-8')).hexdigest()[:8]}"


def short_id(page: AnswerPage) -> str:
    return f"{page_key(page)}:short"


def seed_question(page: AnswerPage, registry: Registry) -> str:
    return "；".join(registry.questions[q].question for q in page.ids)


def items_of(page: AnswerPage, registry: Registry, ctx: macros.Context | None = None) -> list[Item]:
    ctx = ctx or macros.context()
    out = [Item(short_id(page), page, "short", seed_question(page, registry),
                macros.expand(page.short_answer, ctx, page.file))]
    for f in page.followups:
        answer = macros.expand(f.a, ctx, page.file, f.line)
        if f.see:
            answer += f"（详见[{f.see}](#{_slug(f.see, '-')})）"
        out.append(Item(followup_id(page, f.q), page, "followup", macros.expand(f.q, ctx, page.file, f.line), answer))
    return out


def items(site: Site, registry: Registry) -> list[Item]:
    ctx = macros.context()
    return [i for page in site.sorted_pages() for i in items_of(page, registry, ctx)]


def rebase_links(markdown: str, page: AnswerPage, to_dir: str = "") -> str:
    """Rewrite the page's relative links so they work from another directory of docs/ (the mock
    interview page is at the top): `../redis/x.md` from docs/mysql/ → `redis/x.md`, `#anchor` →
    `mysql/page.md#anchor`."""
    here = posixpath.dirname(page.file.removeprefix("docs/"))
    name = posixpath.basename(page.file)

    def sub(m: re.Match) -> str:
        target = m.group(2)
        if re.match(r"^[a-z]+:", target) or target.startswith("/"):
            return m.group(0)
        if target.startswith("#"):
            target = name + target
        path, _, anchor = target.partition("#")
        joined = posixpath.normpath(posixpath.join(here, path))
        rel = posixpath.relpath(joined, to_dir or ".")
        return f"{m.group(1)}{rel}{'#' + anchor if anchor else ''}{m.group(3)}"
    return _LINK.sub(sub, markdown)


# --------------------------------------------------------------------------- the mock interview page
PAGE = "practice.md"


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def mock_interview_page(registry: Registry, site: Site, downloads: dict[str, str]) -> str:
    """模拟面试: every answered question as a card (its short answer, then its follow-ups), in the
    order of the interviews. Without JavaScript it is a readable list; practice.js turns it into one
    question at a time, filtered by interview and round, topic and importance, with a review of
    what the reader marked 不会."""
    from .data import IMPORTANCE, section_for
    from .indexes import GENERATED_NOTE, title_of

    ctx = macros.context("receipts.md")
    rounds = [(f"{iv.id}/{r.key}", f"{iv.title} · {r.name}") for iv in registry.interviews.values() for r in iv.rounds]
    topics = [(t.dir, t.title) for t in registry.topics.values()]
    out = ["---\ndescription: 模拟面试：按面试轮次、栏目和重要程度抽题，一次一题，答案先藏起来；标记会与不会，复习不会的。\n"
           "search:\n  exclude: true\nhide: [toc]\n---\n", GENERATED_NOTE, "# 模拟面试\n",
           "像面经里的面试官那样，一次问一道题，再顺着追问问下去。答案先藏着，想好了再看；每一项标记「会」或「不会」，"
           "标记只存在你自己的浏览器里（localStorage），答案页上的自测模式用的是同一份标记。",
           f"也可以把全部题目和追问带走：[Anki 卡组（.apkg）]({downloads['apkg']})、[纯文本（TSV，Anki 等工具可导入）]({downloads['tsv']})。\n",
           '<div class="mj-mock" markdown>\n',
           '<div class="mj-mock-controls"></div>\n',
           '<div class="mj-deck" markdown>\n']
    first_page_of: dict[str, str] = {}
    for iv in registry.interviews.values():
        for rnd in iv.rounds:
            for q in registry.in_interview(iv.id, rnd.key):
                page = site.by_id.get(q.id)
                if page is None:
                    continue
                own = first_page_of.setdefault(page.file, q.id) == q.id
                link = f"[读完整答案：{title_of(page)}]({page.file.removeprefix('docs/')})"
                cards = [f'<section class="mj-card" id="card-{q.id}" data-qid="{q.id}" data-round="{iv.id}/{rnd.key}" '
                         f'data-topic="{section_for(q)}" data-importance="{q.importance}" markdown>\n',
                         f'<p class="mj-card-meta">`{q.id}` · {_attr(iv.title)} · {rnd.name} · '
                         f'{IMPORTANCE[q.importance]}</p>\n',
                         f'<p class="mj-card-q" markdown="span">**{q.question}**</p>\n']
                for item in items_of(page, registry, ctx):
                    if item.kind == "followup" and not own:
                        continue     # a page answering several ids: its follow-ups come with its first id
                    question = "一句话回答" if item.kind == "short" else f"追问：{item.question}"
                    answer = rebase_links(item.answer, page)
                    cards.append(f'<div class="mj-qa" data-qa="{item.id}" markdown>\n\n'
                                 f'<p class="mj-q" markdown="span">**{question}**</p>\n\n'
                                 f'<div class="mj-a" markdown>\n\n{answer}\n\n</div>\n\n</div>\n')
                cards.append(f"{link}\n\n</section>\n")
                out.append("\n".join(cards))
    out.append("</div>\n\n</div>\n")
    data = {"rounds": rounds, "topics": topics, "importance": list(IMPORTANCE.items())}
    out.append(f'<script type="application/json" id="mj-mock-data">{_json(data)}</script>\n')
    return "\n".join(out)


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")
