"""A reader's first search, measured in Chromium: what it transfers and how long it takes.

Used by the benchmark (benchmarks/run.py, at every synthetic size) and by the browser test that
keeps the first search small on the real site. A fresh browser context has nothing cached; the
page is opened, then the reader clicks the search box (Material starts loading the search index
only then) and types the query. Counted: every response the search needed (the worker script,
search/search_index.json, the shards and page files), in bytes on the wire as the local static
server sends them (gzip, as GitHub Pages does); timed: from the click to the first result shown.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from .search_quality import RESULTS_SHOWN

SEARCH_PARTS = ("/search/", "/assets/javascripts/workers/search.")


@dataclass
class FirstSearch:
    query: str
    ms: float
    bytes: int
    results: int
    requests: list[tuple[str, int]] = field(default_factory=list)   # (path, bytes) of the search's responses
    foreign: list[str] = field(default_factory=list)                # requests to any other host

    @property
    def kb(self) -> float:
        return self.bytes / 1024


def first_search(browser, base: str, query: str, path: str = "") -> FirstSearch:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    try:
        responses: list[tuple[str, int]] = []
        urls: list[str] = []
        context.on("request", lambda r: urls.append(r.url))

        def finished(request):
            sizes = request.sizes()
            responses.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
        context.on("requestfinished", finished)
        page = context.new_page()
        page.goto(base + path, wait_until="networkidle")
        box = page.locator("input.md-search__input")
        start = time.perf_counter()
        box.click()
        box.fill(query)
        box.press("End")                                   # Material reacts to keyup
        page.wait_for_function(RESULTS_SHOWN, arg=query, timeout=30_000)
        ms = 1000 * (time.perf_counter() - start)
        results = page.locator(".md-search-result__item").count()
        page.wait_for_load_state("networkidle")            # page files still arriving count too
        searched = [(u.removeprefix(base), b) for u, b in responses
                    if u.startswith(base) and any(part in "/" + u.removeprefix(base) for part in SEARCH_PARTS)]
        foreign = [u for u in urls if not u.startswith((base, "data:", "blob:", "about:"))]
        return FirstSearch(query, round(ms, 1), sum(b for _, b in searched), results, searched, foreign)
    finally:
        context.close()
