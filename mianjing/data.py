"""The project's one copy of its lists: interviews, questions, topics, tags and glossary (data/*.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import DATA, ROOT
from .errors import ContentError, Problem
from .yamlsrc import load_file

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,48}$")      # infra-01 … r2-22, and new ones like redis-persistence
IMPORTANCE = {"high": "高频", "medium": "常见", "low": "少见"}   # how likely a question is to be asked


@dataclass(frozen=True)
class Round:
    key: str
    name: str


@dataclass(frozen=True)
class Interview:
    id: str
    title: str
    role: str
    date: str
    notes: str | None
    rounds: tuple[Round, ...]

    def round(self, key: str) -> Round:
        return next(r for r in self.rounds if r.key == key)


@dataclass(frozen=True)
class Asked:
    interview: str
    round: str
    line: int | None = None


@dataclass(frozen=True)
class Question:
    id: str
    topic: str
    question: str
    asked: tuple[Asked, ...]
    importance: str

    @property
    def round(self) -> str:
        """The round it was first asked in (its first `asked` entry)."""
        return self.asked[0].round


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
    interviews: dict[str, Interview] = field(default_factory=dict)

    def asked_label(self, a: Asked) -> str:
        """'后端与基础设施岗面经（…） · 一面'"""
        iv = self.interviews[a.interview]
        return f"{iv.title} · {iv.round(a.round).name}"

    def in_interview(self, interview: str, round_key: str | None = None) -> list[Question]:
        return [q for q in self.questions.values()
                if any(a.interview == interview and (round_key is None or a.round == round_key) for a in q.asked)]


def normalized(text: str) -> str:
    """Question text for comparing two questions: no spaces or punctuation, lower case."""
    return re.sub(r"[\s\W_]+", "", text).lower()


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

    interviews: dict[str, Interview] = {}
    data, lines, file = _list_of_maps(data_dir / "interviews.yaml")
    for i, e in enumerate(data):
        iid = _require(e, lines, "id", i, file, problems)
        title = _require(e, lines, "title", i, file, problems)
        role = _require(e, lines, "role", i, file, problems)
        date = str(e.get("date", "")) if isinstance(e, dict) else ""
        rounds: list[Round] = []
        raw_rounds = e.get("rounds") if isinstance(e, dict) else None
        if not isinstance(raw_rounds, list) or not raw_rounds:
            problems.append(Problem(file, lines.get((i, "rounds"), lines.get((i,), 0)), f"[{i}].rounds",
                                    "required: a list of {key, name}, in the order of the interview"))
            raw_rounds = []
        for j, r in enumerate(raw_rounds):
            key = r.get("key") if isinstance(r, dict) else None
            name = r.get("name") if isinstance(r, dict) else None
            if not (isinstance(key, str) and ID_RE.match(key) and isinstance(name, str) and name.strip()):
                problems.append(Problem(file, lines.get((i, "rounds", j), 0), f"[{i}].rounds[{j}]",
                                        "each round needs key (lower-case, e.g. r1) and name (e.g. 一面)"))
            else:
                rounds.append(Round(key, name.strip()))
        if iid and not ID_RE.match(iid):
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"{iid!r}: use lower-case letters, digits and '-'"))
        if iid in interviews:
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"duplicate interview id {iid!r}"))
        if iid and title and role and rounds:
            notes = e.get("notes")
            interviews[iid] = Interview(iid, title, role, date, notes if isinstance(notes, str) else None, tuple(rounds))
    interview_lines = {e.get("id"): lines.get((i, "id"), 0) for i, e in enumerate(data) if isinstance(e, dict)}

    questions: dict[str, Question] = {}
    by_text: dict[str, str] = {}
    data, lines, file = _list_of_maps(data_dir / "questions.yaml")
    for i, e in enumerate(data):
        qid = _require(e, lines, "id", i, file, problems)
        topic = _require(e, lines, "topic", i, file, problems)
        text = _require(e, lines, "question", i, file, problems)
        if qid and not ID_RE.match(qid):
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"{qid!r}: use lower-case letters, digits and '-'"))
        if qid in questions:
            problems.append(Problem(file, lines[(i, "id")], f"[{i}].id", f"duplicate id {qid!r}"))
        importance = e.get("importance") if isinstance(e, dict) else None
        if importance not in IMPORTANCE:
            problems.append(Problem(file, lines.get((i, "importance"), lines.get((i,), 0)), f"[{i}].importance",
                                    f"{importance!r}; allowed: {', '.join(IMPORTANCE)} ({'、'.join(IMPORTANCE.values())})"))
        asked: list[Asked] = []
        raw_asked = e.get("asked") if isinstance(e, dict) else None
        if not isinstance(raw_asked, list) or not raw_asked:
            problems.append(Problem(file, lines.get((i, "asked"), lines.get((i,), 0)), f"[{i}].asked",
                                    "required: where it was asked, e.g. [{interview: seed-notes, round: r1}]"))
            raw_asked = []
        for j, a in enumerate(raw_asked):
            where = lines.get((i, "asked", j), lines.get((i, "asked"), 0))
            iv_id = a.get("interview") if isinstance(a, dict) else None
            rnd = a.get("round") if isinstance(a, dict) else None
            line = a.get("line") if isinstance(a, dict) else None
            if iv_id not in interviews:
                problems.append(Problem(file, where, f"[{i}].asked[{j}].interview",
                                        f"unknown interview {iv_id!r}; interviews are listed in data/interviews.yaml "
                                        f"({', '.join(interviews) or 'none'})"))
            elif rnd not in {r.key for r in interviews[iv_id].rounds}:
                problems.append(Problem(file, where, f"[{i}].asked[{j}].round",
                                        f"{rnd!r} is not a round of {iv_id} "
                                        f"({', '.join(r.key for r in interviews[iv_id].rounds)})"))
            elif line is not None and not isinstance(line, int):
                problems.append(Problem(file, where, f"[{i}].asked[{j}].line", "a line number of the notes, or leave it out"))
            else:
                asked.append(Asked(iv_id, rnd, line))
        if text:
            key = normalized(text)
            if key in by_text and by_text[key] != qid:
                problems.append(Problem(file, lines.get((i, "question"), 0), f"[{i}].question",
                                        f"the same question as {by_text[key]!r} (identical text once spaces and "
                                        f"punctuation are ignored): add this interview to {by_text[key]}'s asked "
                                        "instead of a new id"))
            by_text.setdefault(key, qid)
        if qid and text and topic and asked and importance in IMPORTANCE:
            questions[qid] = Question(qid, topic, text, tuple(asked), importance)

    for iid in interviews:
        if not any(a.interview == iid for q in questions.values() for a in q.asked):
            problems.append(Problem("data/interviews.yaml", interview_lines.get(iid, 0), iid,
                                    "an interview with no questions: list it in the asked of the questions it asked"))

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
    return Registry(questions, topics, tags, glossary, interviews)


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
