"""The built site in a real browser: Chinese search, Mermaid, math, dark mode, no other hosts."""

import pytest

from mianjing import search_quality
from mianjing.browser import DIAGRAMS_RENDERED

SEARCHES = [
    ("有序集合", "redis/zrangebyscore-complexity/"),
    ("时间复杂度", "redis/zrangebyscore-complexity/"),
    ("ZRANGEBYSCORE", "redis/zrangebyscore-complexity/"),
    ("哨兵节点", "algorithms/lru-cache/"),
    ("双向链表", "algorithms/lru-cache/"),
]


def search(page, query: str) -> list[str]:
    """Type a query into the search box and read the result links (mianjing.search_quality)."""
    return search_quality.search(page, query)


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_chinese_search_finds_the_page(site_page, query, expected):
    page = site_page.goto()
    pages = list(dict.fromkeys(h.split("#")[0].split("?")[0] for h in search(page, query)))  # by page
    assert any(p.endswith(expected) for p in pages[:5]), f"{query!r} → {pages[:5]}"


def test_answer_page_renders_mermaid_and_math_locally(site_page):
    page = site_page.goto("redis/zrangebyscore-complexity/")
    page.wait_for_function(DIAGRAMS_RENDERED, timeout=20_000)
    assert page.locator("div.diagram-mermaid svg").count() >= 1
    page.wait_for_selector(".arithmatex .katex", timeout=10_000)
    page.wait_for_load_state("networkidle")
    assert any(u.endswith("assets/vendor/mermaid/mermaid.esm.min.mjs") for u in site_page.requests)
    assert any("assets/vendor/katex/katex.min.js" in u for u in site_page.requests)
    assert site_page.foreign_requests() == []
    assert site_page.errors == []


@pytest.mark.parametrize("path", ["", "questions/", "errata/", "algorithms/lru-cache/", "glossary/", "tags/"])
def test_pages_load_nothing_from_other_hosts_and_log_no_errors(site_page, path):
    site_page.goto(path)
    assert site_page.foreign_requests() == []
    assert site_page.errors == []


def test_palette_follows_the_system_and_toggles(site_page):
    page = site_page.page
    page.emulate_media(color_scheme="dark")
    site_page.goto()
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    assert scheme() == "slate"  # follows the system
    seen = {scheme()}
    for _ in range(3):
        page.locator("form[data-md-component='palette'] label:visible").first.click()
        page.wait_for_timeout(200)
        seen.add(scheme())
    assert seen == {"default", "slate"}


def test_the_request_watch_catches_another_host(site_page, built_site):
    """The checks above can fail: a page that asks for a web font from another host is caught."""
    probe = built_site / "_probe_foreign_font.html"
    probe.write_text('<!doctype html><link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Noto+Sans+SC">'
                     "<p>探针</p>", encoding="utf-8")
    try:
        site_page.page.goto(site_page.base + probe.name, wait_until="load")
        assert any("fonts.googleapis.com" in u for u in site_page.foreign_requests())
    finally:
        probe.unlink()
