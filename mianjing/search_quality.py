"""Search quality: queries from the glossary (each term and each alias must find the page that
explains it in the top 5), typed into the built site's search box in a real browser."""

from __future__ import annotations

from dataclasses import dataclass

from .data import Registry
from .indexes import docs_path
from .pages import Site

TOP = 5


@dataclass(frozen=True)
class Query:
    text: str
    expected: str  # URL path of the page, e.g. "redis/zrangebyscore-complexity/"
    term: str


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


def queries(registry: Registry, site: Site) -> list[Query]:
    """Every glossary term and alias whose `see` page exists, deduplicated case-insensitively."""
    out: dict[str, Query] = {}
    for term in registry.glossary:
        page = site.by_id.get(term.see) if term.see else None
        if page is None:
            continue
        for text in (term.term, *term.aliases):
            out.setdefault(text.lower(), Query(text, page_url(docs_path(page)), term.term))
    return list(out.values())


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
    page.wait_for_function(
        """(q) => document.querySelector('input.md-search__input').value === q &&
                 (document.querySelector('.md-search-result__item') ||
                  /没有|No matching/.test(document.querySelector('.md-search-result__meta')?.textContent || ''))""",
        arg=text, timeout=10_000)
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
