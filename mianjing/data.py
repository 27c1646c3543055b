"""The project's one copy of its lists: questions, topics, tags and glossary (data/*.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import DATA, ROOT
from .errors import ContentError, Problem
from .yamlsrc import load_file

ROUNDS = {"infra": "基础设施/平台岗面试", "r1": "一面", "r2": "二面"}
ID_RE = re.compile(r"^(infra|r1|r2)-\d{2}$")


@dataclass(frozen=True)
class Question:
    id: str
    round: str
    topic: str
    question: str
    seed_line: int


@dataclass(frozen=True)
class Topic:
    dir: str
    title: str
    summary: str


@dataclass(frozen=True)
class Term:
    term: str
    aliases: tuple[str, ...]
    means: str
    see: str | None


@dataclass(frozen=True)
class Registry:
    questions: dict[str, Question]
    topics: dict[str, Topic]
    tags: dict[str, str]
    glossary: list[Term] = field(default_factory=list)


def _require(entry, lines, key, i, file, problems, kind=str):
    value = entry.get(key) if isinstance(entry, dict) else None
    if not isinstance(value, kind) or (kind is str and not value.strip()):
        problems.append(Problem(file, lines.get((i, key), lines.get((i,), 0)), f"[{i}].{key}",
                                f"required, must be a non-empty {kind.__name__}"))
        return None
    return value


def _list_of_maps(path: Path) -> tuple[list, dict, str]:
    data, lines = load_file(path, ROOT)
    file = str(path.relative_to(ROOT))
    if not isinstance(data, list):
        raise ContentError([Problem(file, 1, "top level", "must be a YAML list")])
    return data, lines, file


def load_registry(data_dir: Path = DATA) -> Registry:
    problems: list[Problem] = []

    topics: dict[str, Topic] = {}
    data, lines, file = _list_of_maps(data_dir / "topics.yaml")
    for i, e in enumerate(data):
        d, t, s = (_require(e, lines, k, i, file, problems) for k in ("dir", "title", "summary"))
        if d and t and s:
            topics[d] = Topic(d, t, s)

    questions: dict[str, Question] = {}
    data, lines, file = _list_of_maps(data_dir / "questions.yaml")
    for i, e in enumerate(data):
        qid = _require(e, lines, "id", i, file, problems)
        rnd = _require(e, lines, "round", i, file, problems)
        topic = _require(e, lines, "topic", i, file, problems)
        text = _require(e, lines, "question", i, file, problems)
        seed_line = _require(e, lines, "seed_line", i, file, problems, int)
        if qid and not ID_RE.match(qid):
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"{qid!r} is not of the form infra-NN, r1-NN or r2-NN"))
        if qid in questions:
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"duplicate id {qid!r}"))
        if rnd and rnd not in ROUNDS:
            problems.append(Problem(file, lines[(i, "round")], f"[{i}].round", f"{rnd!r}; allowed: {', '.join(ROUNDS)}"))
        if qid and rnd and text and topic and seed_line is not None:
            questions[qid] = Question(qid, rnd, topic, text, seed_line)

    tags: dict[str, str] = {}
    data, lines, file = _list_of_maps(data_dir / "tags.yaml")
    for i, e in enumerate(data):
        name = _require(e, lines, "name", i, file, problems)
        about = _require(e, lines, "about", i, file, problems)
        if name in tags:
            problems.append(Problem(file, lines[(i, "name")], f"[{i}].name", f"duplicate tag {name!r}"))
        if name and about:
            tags[name] = about

    glossary: list[Term] = []
    seen: dict[str, int] = {}
    data, lines, file = _list_of_maps(data_dir / "glossary.yaml")
    for i, e in enumerate(data):
        term = _require(e, lines, "term", i, file, problems)
        means = _require(e, lines, "means", i, file, problems)
        aliases = e.get("aliases") or [] if isinstance(e, dict) else []
        see = e.get("see") if isinstance(e, dict) else None
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            problems.append(Problem(file, lines.get((i, "aliases"), 0), f"[{i}].aliases", "must be a list of non-empty strings"))
            aliases = []
        if see is not None and see not in questions:
            problems.append(Problem(file, lines.get((i, "see"), 0), f"[{i}].see", f"unknown question id {see!r}"))
            see = None
        for word in [term, *aliases]:
            if word and word.lower() in seen:
                problems.append(Problem(file, lines.get((i, "term"), 0), f"[{i}]",
                                        f"{word!r} already appears in entry [{seen[word.lower()]}]"))
            elif word:
                seen[word.lower()] = i
        if term and means:
            glossary.append(Term(term, tuple(aliases), means, see))

    for q in questions.values():
        if q.topic not in topics and q.topic not in _TOPIC_ALIASES:
            problems.append(Problem("data/questions.yaml", 0, f"{q.id}.topic", f"unknown topic {q.topic!r}"))

    if problems:
        raise ContentError(problems)
    return Registry(questions, topics, tags, glossary)


# The seed's suggested topics, mapped onto the site's sections (data/topics.yaml).
_TOPIC_ALIASES = {
    "mlops": "kubernetes", "delivery": "kubernetes", "capacity": "redis",
    "io": "os", "concurrency": "os", "flask": "celery", "career": "algorithms",
}


def section_for(question: Question) -> str:
    """The docs/ directory a new page for this question goes into by default."""
    return _TOPIC_ALIASES.get(question.topic, question.topic)


@lru_cache(maxsize=1)
def registry() -> Registry:
    return load_registry()
