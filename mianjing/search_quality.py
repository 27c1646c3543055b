"""Search quality: queries that must find the page that explains them in the top 5, typed into the
built site's search box in a real browser. Three sources, all derived (never a hand-kept list):

- the glossary: every term and alias whose `see` page is answered;
- each page's key terms: the term-like parts of its ###/#### headings (split at ：、（）and the like)
  and its **bold** spans that read as terms (no punctuation or function words, not a number),
  kept when this page mentions the term more often than any other page does.

The same key terms go into the jieba user dictionary (so the index and the query keep them whole)
and into the page's boosted `terms` search field, like glossary terms.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from . import ROOT
from .data import Registry
from .indexes import docs_path
from .pages import Site
from .yamlsrc import split_front_matter

TOP = 5


@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # URL path of the page, e.g. "redis/zrangebyscore-complexity/"
    term: str
    source: str = "glossary"   # glossary | heading | term


@dataclass(frozen=True)
class Outcome:
    query: Query
    found: list[str]

    @property
    def hit(self) -> bool:
        return any(self.query.expected in url for url in self.found[:TOP])


def page_url(src: str) -> str:
    """The directory URL MkDocs gives docs/<src>: a/b.md → a/b/, a/index.md → a/ (not a/b-index → a/b-)."""
    stem = src.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


_FUNCTION = set("的是了不并都也就才只和与或把被在要会能让它这那其而且但")
_HEADING = re.compile(r"^#{3,4}\s+(.+?)\s*(?:\{.*\})?\s*$", re.MULTILINE)
_BOLD = re.compile(r"\*\*([^*\n]{2,12})\*\*")


def _body_of(file: str) -> str:
    _, body, _ = split_front_matter((ROOT / file).read_text(encoding="utf-8"))
    return re.sub(r"```.*?```", "", body, flags=re.DOTALL)


def _plain(text: str) -> str:
    return re.sub(r"[`*_]", "", text).strip()


def _term_like(text: str) -> bool:
    """A phrase a reader would type to find a concept: Chinese words (with an English or code part
    at most), not a sentence, a number, a question id or a section number."""
    if "{{" in text or re.search(r"[，。；：、,.!?（）()=<>/]", text) or any(c in _FUNCTION for c in text):
        return False
    if re.search(r"\d", text) and re.search(r"第\s*\d+\s*[题层步]|^[a-z]+\d*-\d+$|^[\d\s.]+$", text):
        return False
    if re.match(r"^[A-Za-z]\s", text):          # "A 到点", "O 密集": a fragment, not a term
        return False
    han = len(re.findall(r"[\u4e00-\u9fff]", text))
    return han >= 3 or (han >= 2 and len(text) >= 4)


def key_terms(site: Site) -> dict[str, tuple[list[str], list[str]]]:
    """page file → (its own ###/#### headings, the terms it explains), as defined in the module doc."""
    return _key_terms(tuple(p.file for p in site.pages))


@lru_cache(maxsize=4)
def _key_terms(files: tuple[str, ...]) -> dict[str, tuple[list[str], list[str]]]:
    bodies = {f: _body_of(f) for f in files}
    out = {}
    for file, body in bodies.items():
        parts = []
        for heading in _HEADING.findall(body):
            parts += re.split(r"[：:、，,（）()]|与|和|及|或", re.sub(r"^\s*\d+[.、]\s*", "", _plain(heading)))
        parts += [_plain(b) for b in _BOLD.findall(body)]
        terms = []
        for t in dict.fromkeys(p.strip() for p in parts):
            if not _term_like(t) or len(t) > 16:
                continue
            mine = body.count(t)
            if mine >= 2 and all(other.count(t) < mine for f, other in bodies.items() if f != file):
                terms.append(t)
        out[file] = ([], terms)
    return out


def queries(registry: Registry, site: Site) -> list[Query]:
    """Glossary terms and aliases, then pages' own headings and key terms; deduplicated case-insensitively
    (a text that could mean two pages is left out)."""
    out: dict[str, Query] = {}
    for term in registry.glossary:
        page = site.by_id.get(term.see) if term.see else None
        if page is None:
            continue
        for text in (term.term, *term.aliases):
            out.setdefault(text.lower(), Query(text, page_url(docs_path(page)), term.term))
    glossary = {w.lower() for t in registry.glossary for w in (t.term, *t.aliases)}
    claimed = Counter(t.lower() for _, terms in key_terms(site).values() for t in terms)
    for page in site.sorted_pages():
        for text in key_terms(site)[page.file][1]:
            if claimed[text.lower()] == 1 and text.lower() not in glossary:
                out.setdefault(text.lower(), Query(text, page_url(docs_path(page)), text, "term"))
    return list(out.values())


# Material shows results (or says there are none) for the query now in the box
RESULTS_SHOWN = """(q) => document.querySelector('input.md-search__input').value === q &&
    (document.querySelector('.md-search-result__item') ||
     /没有|No matching/.test(document.querySelector('.md-search-result__meta')?.textContent || ''))"""


def search(page, text: str) -> list[str]:
    """Type a query into Material's search box (as an IME commits it) and read the result links.

    The box is emptied first and the test waits until Material shows its empty state: the worker
    answers in order, so no late answer to the previous query can land after that."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill("")
    box.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__item')", timeout=10_000)
    box.fill(text)
    box.press("End")  # Material reacts to keyup
    page.wait_for_function(RESULTS_SHOWN, arg=text, timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item > a, .md-search-result__item a.md-search-result__link",
                                     "els => [...new Set(els.map(e => e.href))]")


def run(page, base: str, qs: list[Query]) -> list[Outcome]:
    page.goto(base, wait_until="networkidle")
    results = []
    for q in qs:
        found = [u.removeprefix(base).split("#")[0].split("?")[0] for u in search(page, q.text)]
        results.append(Outcome(q, list(dict.fromkeys(found))))
    return results


def recall(outcomes: list[Outcome]) -> float:
    return sum(o.hit for o in outcomes) / len(outcomes) if outcomes else 0.0
