"""Find the answer pages under docs/ and check them together (one page per id, no id twice)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import DOCS, macros
from .data import Registry
from .errors import ContentError, Problem
from .schema import AnswerPage, check_page


@dataclass(frozen=True)
class Site:
    pages: tuple[AnswerPage, ...]
    by_id: dict[str, AnswerPage]
    order: dict[str, int]  # question id -> position in data/questions.yaml

    def sorted_pages(self) -> list[AnswerPage]:
        return sorted(self.pages, key=lambda p: min(self.order[i] for i in p.ids))


def answer_page_paths(registry: Registry, docs: Path = DOCS) -> list[Path]:
    """Every Markdown file in a topic directory (data/topics.yaml) is an answer page."""
    out = []
    for topic in registry.topics:
        out.extend(sorted((docs / topic).rglob("*.md")))
    return out


def load_site(registry: Registry, docs: Path = DOCS, root: Path | None = None) -> Site:
    root = root or docs.parent
    problems: list[Problem] = []
    pages: list[AnswerPage] = []
    for path in answer_page_paths(registry, docs):
        rel = str(path.relative_to(root))
        text = path.read_text(encoding="utf-8")
        try:
            page = check_page(rel, text, registry, root)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        try:  # every fact and receipt the page refers to exists (file, line and key otherwise)
            macros.expand(text, macros.context(), rel)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        pages.append(page)
    by_id: dict[str, AnswerPage] = {}
    for page in pages:
        for qid in page.ids:
            if qid in by_id:
                problems.append(Problem(page.file, 1, "ids",
                                        f"{qid!r} is already answered by {by_id[qid].file}: one page per id"))
            else:
                by_id[qid] = page
    if problems:
        raise ContentError(problems)
    order = {qid: n for n, qid in enumerate(registry.questions)}
    return Site(tuple(pages), by_id, order)
