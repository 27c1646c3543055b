"""The built site in a real browser: Chinese search, Mermaid, math, dark mode, no other hosts."""

import pytest

from mianjing.browser import DIAGRAMS_RENDERED

SEARCHES = [
    ("有序集合", "redis/zrangebyscore-complexity/"),
    ("时间复杂度", "redis/zrangebyscore-complexity/"),
    ("ZRANGEBYSCORE", "redis/zrangebyscore-complexity/"),
    ("哨兵节点", "algorithms/lru-cache/"),
    ("双向链表", "algorithms/lru-cache/"),
]


def search(page, query: str) -> list[str]:
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    box.press("End")  # an IME commits Chinese text with a key press; Material listens for keyup
    page.wait_for_selector(".md-search-result__item a", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item a", "els => els.map(e => e.href)")


@pytest.mark.parametrize(("query", "expected"), SEARCHES)
def test_chinese_search_finds_the_page(site_page, query, expected):
    page = site_page.goto()
    hrefs = search(page, query)
    assert any(expected in h for h in hrefs[:5]), f"{query!r} → {hrefs[:5]}"


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
