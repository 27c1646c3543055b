"""The answer-page contract: what a page's front matter must declare, checked field by field.

Every problem names the file, the line and the field, and says what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import ROOT, proofs
from .data import Registry
from .errors import ContentError, Problem
from .pinning import check_source_version
from .yamlsrc import describe, load, split_front_matter

VERDICTS = {
    "correct": "正确",
    "incomplete": "不完整",
    "wrong": "有错误",
    "missing": "未作答",
}
REQUIRED = ("title", "description", "ids", "verdict", "tags", "versions", "sources", "followups")
OPTIONAL = ("errata",)
SOURCE_KEYS = ("id", "title", "url", "version", "secondary")
ERRATUM_KEYS = ("claim", "correction", "source", "proof", "unproven", "scope")
FOLLOWUP_KEYS = ("q", "a", "see")
MIN_FOLLOWUPS = 5
# An erratum whose claim is about one engine only; a proof must have run on that engine.
SCOPES = {"MySQL 8.0": "sql", "MariaDB": "mariadb"}
# Keys MkDocs or Material understand and that a page may set.
PASSTHROUGH = ("hide", "search", "icon", "status", "template", "comments")
SECTIONS = ("题目", "一句话回答", "原答案评析", "勘误", "详解", "动手验证", "追问", "参考资料")
SECTIONS_OPTIONAL = ("勘误", "动手验证")
URL_RE = re.compile(r"^https://[^\s/]+\.[^\s/]+(/\S*)?$")
SOURCE_ID_RE = re.compile(r"^[a-z0-9][a-z0-9.-]*$")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str
    secondary: bool
    version: str | None = None


@dataclass(frozen=True)
class Erratum:
    claim: str
    correction: str
    source: Source
    proof: str | None
    unproven: str | None = None
    scope: str | None = None


@dataclass(frozen=True)
class Followup:
    q: str
    a: str
    see: str | None   # a heading of this page (its text), rendered as a link to it
    line: int         # where it stands in the page's source, for error messages


@dataclass(frozen=True)
class AnswerPage:
    file: str  # path relative to docs/
    title: str
    description: str
    ids: tuple[str, ...]
    verdicts: dict[str, str]
    tags: tuple[str, ...]
    versions: tuple[str, ...]
    sources: tuple[Source, ...]
    errata: tuple[Erratum, ...]
    followups: tuple[Followup, ...] = ()
    short_answer: str = ""   # the 一句话回答 section's text, as written


class _Checker:
    def __init__(self, file: str, lines: dict, registry: Registry):
        self.file, self.lines, self.registry = file, lines, registry
        self.problems: list[Problem] = []

    def line(self, path: tuple) -> int:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path, 1)

    def add(self, path: tuple, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(path), describe(path), message))

    def text(self, data: dict, path: tuple, key: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.add(path + (key,), "required: a non-empty text")
            return None
        if not isinstance(value, str) or not value.strip():
            self.add(path + (key,), f"must be a non-empty text, got {value!r}")
            return None
        if "TODO" in value:
            self.add(path + (key,), "still says TODO: write it")
            return None
        return value.strip()

    def text_list(self, data: dict, key: str) -> list[str]:
        value = data.get(key)
        if not isinstance(value, list) or not value:
            self.add((key,), "required: a non-empty list")
            return []
        out = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.add((key, i), f"must be a non-empty text, got {item!r}")
            elif "TODO" in item:
                self.add((key, i), "still says TODO")
            else:
                out.append(item.strip())
        return out


def check_page(file: str, text: str, registry: Registry, root: Path = ROOT) -> AnswerPage:
    """Validate one answer page (its whole source text); raise ContentError with every problem."""
    fm, body, body_line = split_front_matter(text)
    if fm is None:
        raise ContentError([Problem(file, 1, "front matter", "missing: an answer page starts with a '---' YAML block")])
    if fm == "":
        raise ContentError([Problem(file, 1, "front matter", "opened with '---' but never closed")])
    data, lines = load(fm, file, offset=1)
    if not isinstance(data, dict):
        raise ContentError([Problem(file, 2, "front matter", "must be a YAML mapping of fields")])
    c = _Checker(file, lines, registry)

    for key in data:
        if key not in REQUIRED + OPTIONAL + PASSTHROUGH:
            c.add((key,), f"unknown field; allowed: {', '.join(REQUIRED + OPTIONAL)}")
    for key in REQUIRED:
        if key not in data:
            c.problems.append(Problem(file, 1, key, f"required field missing (required: {', '.join(REQUIRED)})"))

    title = c.text(data, (), "title") if "title" in data else None
    description = c.text(data, (), "description") if "description" in data else None
    if description and len(description) > 160:
        c.add(("description",), f"{len(description)} characters; a meta description is at most 160")

    ids: list[str] = []
    if "ids" in data:
        raw = data["ids"]
        if not isinstance(raw, list) or not raw:
            c.add(("ids",), "must be a non-empty list of question ids, e.g. [r2-11]")
        else:
            for i, qid in enumerate(raw):
                if qid not in registry.questions:
                    c.add(("ids", i), f"unknown question id {qid!r}; ids are listed in data/questions.yaml")
                elif qid in ids:
                    c.add(("ids", i), f"{qid!r} listed twice")
                else:
                    ids.append(qid)

    verdicts: dict[str, str] = {}
    if "verdict" in data:
        raw = data["verdict"]
        allowed = ", ".join(VERDICTS)
        if isinstance(raw, str):
            if raw not in VERDICTS:
                c.add(("verdict",), f"{raw!r} is not allowed; allowed: {allowed}")
            else:
                verdicts = {qid: raw for qid in ids}
        elif isinstance(raw, dict):
            for qid, v in raw.items():
                if qid not in ids:
                    c.add(("verdict", qid), f"{qid!r} is not in this page's ids")
                elif v not in VERDICTS:
                    c.add(("verdict", qid), f"{v!r} is not allowed; allowed: {allowed}")
                else:
                    verdicts[qid] = v
            for qid in ids:
                if qid not in raw:
                    c.add(("verdict",), f"no verdict for {qid!r}")
        else:
            c.add(("verdict",), f"one of {allowed}, or a mapping from id to one of them")

    tags: list[str] = []
    if "tags" in data:
        for i, tag in enumerate(c.text_list(data, "tags")):
            if tag not in registry.tags:
                c.add(("tags", i), f"unknown tag {tag!r}; add it to data/tags.yaml or use one listed there")
            else:
                tags.append(tag)

    versions = c.text_list(data, "versions") if "versions" in data else []

    sources: dict[str, Source] = {}
    if "sources" in data:
        raw = data["sources"]
        if not isinstance(raw, list) or not raw:
            c.add(("sources",), "required: a non-empty list of {id, title, url}")
        else:
            for i, s in enumerate(raw):
                p = ("sources", i)
                if not isinstance(s, dict):
                    c.add(p, "must be a mapping with id, title and url")
                    continue
                for key in s:
                    if key not in SOURCE_KEYS:
                        c.add(p + (key,), f"unknown field; allowed: {', '.join(SOURCE_KEYS)}")
                sid, stitle, url = (c.text(s, p, k) for k in ("id", "title", "url"))
                version = c.text(s, p, "version", required=False) if "version" in s else None
                secondary = s.get("secondary", False)
                if not isinstance(secondary, bool):
                    c.add(p + ("secondary",), "must be true or false")
                if sid and not SOURCE_ID_RE.match(sid):
                    c.add(p + ("id",), f"{sid!r}: use lower-case letters, digits, '.' and '-'")
                if sid in sources:
                    c.add(p + ("id",), f"duplicate source id {sid!r}")
                if url and not URL_RE.match(url):
                    c.add(p + ("url",), f"{url!r} is not an https:// URL")
                elif url and (problem := check_source_version(url, version)):
                    c.add(p + ("url",), problem)
                if sid and stitle and url:
                    sources[sid] = Source(sid, stitle, url, bool(secondary), version)
            if raw and sources and all(s.secondary for s in sources.values()):
                c.add(("sources",), "at least one primary source (official docs, man page, source code) is required")

    errata: list[Erratum] = []
    raw = data.get("errata", [])
    if raw is None:
        raw = []
    if not isinstance(raw, list):
        c.add(("errata",), "must be a list of {claim, correction, source, proof}")
        raw = []
    for i, e in enumerate(raw):
        p = ("errata", i)
        if not isinstance(e, dict):
            c.add(p, "must be a mapping with claim, correction, source and proof")
            continue
        for key in e:
            if key not in ERRATUM_KEYS:
                c.add(p + (key,), f"unknown field; allowed: {', '.join(ERRATUM_KEYS)}")
        claim, correction = c.text(e, p, "claim"), c.text(e, p, "correction")
        sid = e.get("source")
        if not sid:
            c.add(p + ("source",), "required: the id of an entry in sources that settles this correction")
        elif sid not in sources:
            known = ", ".join(sources) or "none"
            c.add(p + ("source",), f"{sid!r} is not a source of this page (sources: {known})")
        proof, unproven = e.get("proof"), None
        if proof is not None and "unproven" in e:
            c.add(p + ("unproven",), "an erratum has either a proof or says why it has none (unproven), not both")
        elif proof is not None:
            if problem := proofs.check_test(proof, root):
                c.add(p + ("proof",), problem)
                proof = None
        elif "unproven" in e:
            unproven = c.text(e, p, "unproven")
        else:
            c.add(p + ("proof",), "required: the test that would fail if the original claim were true "
                                  "(tests/<topic>/test_x.py::test_y), or `unproven:` saying why none can run here")
        scope = e.get("scope")
        if scope is not None and scope not in SCOPES:
            c.add(p + ("scope",), f"{scope!r}; allowed: {', '.join(SCOPES)}")
        elif scope is not None and proof and SCOPES[scope] not in proofs.systems_used(proof, root):
            c.add(p + ("proof",), f"the claim is about {scope} but {proof} does not run on it "
                                  f"(it uses {', '.join(sorted(proofs.systems_used(proof, root))) or 'no server'}); "
                                  "a MariaDB run proves nothing about MySQL 8.0: use the sql_server fixture "
                                  "(it runs on MySQL 8.0 in the mysql80 workflow job) or say `unproven:`")
            proof = None
        if claim and correction and sid in sources and (proof or unproven):
            errata.append(Erratum(claim, correction, sources[sid], proof, unproven, scope))

    followups = check_followups(c, data)
    if any(v == "wrong" for v in verdicts.values()) and not raw:
        c.add(("errata",), "verdict is 'wrong' but no errata entry says what is wrong")

    c.problems.extend(check_sections(file, body, body_line, bool(raw), bool(followups)))
    headings = {h for h, _ in headings_of(body, body_line)}
    for f in followups:
        if f.see is not None and f.see not in headings:
            c.problems.append(Problem(file, f.line, "followups.see",
                                      f"{f.see!r} is not a heading of this page (### headings: {', '.join(sorted(headings)) or 'none'})"))
    if c.problems:
        raise ContentError(c.problems)
    return AnswerPage(file, title, description, tuple(ids), verdicts, tuple(tags), tuple(versions),
                      tuple(sources.values()), tuple(errata), tuple(followups),
                      section_text(body, "一句话回答"))


def check_followups(c: _Checker, data: dict) -> list[Followup]:
    """followups: the 追问, as data: [{q, a, see?}], at least MIN_FOLLOWUPS of them."""
    if "followups" not in data:
        return []  # reported as a missing required field
    raw = data["followups"]
    if not isinstance(raw, list):
        c.add(("followups",), "must be a list of {q, a, see}")
        return []
    if len(raw) < MIN_FOLLOWUPS:
        c.add(("followups",), f"{len(raw)} follow-up(s); an answer page has at least {MIN_FOLLOWUPS}, "
                              "the questions a senior interviewer asks next")
    out: list[Followup] = []
    seen: dict[str, int] = {}
    for i, f in enumerate(raw):
        p = ("followups", i)
        if not isinstance(f, dict):
            c.add(p, "must be a mapping with q (the question), a (its answer) and optionally see (a heading)")
            continue
        for key in f:
            if key not in FOLLOWUP_KEYS:
                c.add(p + (key,), f"unknown field; allowed: {', '.join(FOLLOWUP_KEYS)}")
        q, a = c.text(f, p, "q"), c.text(f, p, "a")
        see = c.text(f, p, "see", required=False) if "see" in f else None
        if q and q in seen:
            c.add(p + ("q",), f"the same question as followups[{seen[q]}]")
        if q:
            seen[q] = i
        if q and a:
            out.append(Followup(q, a, see, c.line(p)))
    return out


def check_proof(proof: object, root: Path) -> str | None:
    """A proof is 'path' or 'path::name' of a file in the repository (a test or a snippet)."""
    if not isinstance(proof, str) or not proof.strip():
        return "must be a path like tests/redis/test_x.py::test_name"
    path, _, name = proof.partition("::")
    target = root / path
    if not target.is_file():
        return f"{path!r} does not exist (paths are relative to the repository root)"
    if name and not re.search(rf"\b(def|class)\s+{re.escape(name.split('::')[-1])}\b", target.read_text(encoding="utf-8")):
        return f"{path!r} has no test or function named {name!r}"
    return None


HEADING_RE = re.compile(r"^##\s+(.+?)\s*(\{.*\})?\s*$")


def headings_of(body: str, body_line: int) -> list[tuple[str, int]]:
    """(text, line) of every ## … #### heading outside code fences."""
    out, fence = [], False
    for n, line in enumerate(body.splitlines(), start=body_line):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and (m := re.match(r"^#{2,4}\s+(.+?)\s*(\{.*\})?\s*$", line)):
            out.append((m.group(1), n))
    return out


def section_text(body: str, name: str) -> str:
    """The Markdown under '## name', up to the next H2 (outside code fences)."""
    lines, fence, inside, out = body.splitlines(), False, False, []
    for line in lines:
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        m = None if fence else HEADING_RE.match(line)
        if m:
            if inside:
                break
            inside = m.group(1) == name
            continue
        if inside:
            out.append(line)
    return "\n".join(out).strip()


def check_sections(file: str, body: str, body_line: int, has_errata: bool, has_followups: bool = False) -> list[Problem]:
    """The answer anatomy: H2 sections in order; 勘误 present exactly when there are errata."""
    found: list[tuple[str, int]] = []
    fence = False
    for n, line in enumerate(body.splitlines(), start=body_line):
        if line.lstrip().startswith(("```", "~~~")):
            fence = not fence
        if not fence and (m := HEADING_RE.match(line)):
            found.append((m.group(1), n))
        if not fence and "TODO" in line:
            found.append(("TODO", n))
    problems = [Problem(file, n, "body", "still says TODO: write it") for t, n in found if t == "TODO"]
    names = [(t, n) for t, n in found if t != "TODO"]
    wanted = [s for s in SECTIONS if s != "勘误" or has_errata]
    present = [t for t, _ in names if t in SECTIONS]
    for s in wanted:
        if s not in present and s not in SECTIONS_OPTIONAL:
            problems.append(Problem(file, body_line, "body", f"missing section '## {s}' (sections, in order: {' → '.join(SECTIONS)})"))
    if has_errata and "勘误" not in present:
        problems.append(Problem(file, body_line, "body", "front matter has errata but the page has no '## 勘误' section"))
    if not has_errata and "勘误" in present:
        n = dict(names)["勘误"]
        problems.append(Problem(file, n, "body", "'## 勘误' section but no errata in front matter: the corrections live there"))
    if has_followups and section_text(body, "追问"):
        n = dict(names).get("追问", body_line)
        problems.append(Problem(file, n, "body", "'## 追问' has text, but the follow-ups live in front matter "
                                                 "(followups:): the section is rendered from them"))
    order = [SECTIONS.index(t) for t in present]
    if order != sorted(order):
        n = next(n for t, n in names if t in SECTIONS)
        problems.append(Problem(file, n, "body", f"sections out of order: {' → '.join(present)}; expected {' → '.join(SECTIONS)}"))
    return problems
