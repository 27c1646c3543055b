"""The built site in a real browser: Chinese search, diagrams, math, dark mode, no other hosts."""

import json

import pytest

from mianjing import search_quality
from mianjing.browser import DIAGRAMS_RENDERED
from mianjing.search_probe import first_search

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
    """Diagrams are pre-rendered SVG images (no Mermaid script at all), math is typeset by the
    site's own KaTeX when it nears the screen, and nothing comes from another host."""
    page = site_page.goto("redis/zrangebyscore-complexity/")
    diagram = page.locator(".diagram-mermaid img.diagram-light").first
    diagram.scroll_into_view_if_needed()
    page.wait_for_function(DIAGRAMS_RENDERED, timeout=20_000)
    assert diagram.is_visible() and diagram.evaluate("i => i.complete && i.naturalWidth > 0")
    assert not page.locator(".diagram-mermaid img.diagram-dark").first.is_visible()
    assert diagram.get_attribute("alt").startswith("图示：")
    page.locator(".arithmatex").first.scroll_into_view_if_needed()
    page.wait_for_selector(".arithmatex .katex", timeout=10_000)
    page.wait_for_load_state("networkidle")
    svgs = [u for u in site_page.requests if "/assets/diagrams/" in u]
    assert svgs and all(u.endswith(".light.svg") for u in svgs), svgs  # the dark variant is never fetched
    assert not [u for u in site_page.requests if "mermaid" in u.lower()]  # no Mermaid JavaScript
    assert any("assets/vendor/katex/katex.min.js" in u for u in site_page.requests)
    assert site_page.foreign_requests() == []
    assert site_page.errors == []


def test_first_load_fetches_no_math_no_search_index_until_wanted(site_page):
    """The cold load of an answer page: KaTeX waits until math nears the screen, the search index
    until the reader turns to the search box; then search works."""
    page = site_page.goto("redis/zrangebyscore-complexity/")
    page.wait_for_timeout(500)
    assert not [u for u in site_page.requests if "search_index.json" in u]
    # math more than two screens below the top is not typeset yet, and KaTeX is not even loaded
    # when all of it is that far down
    far = page.evaluate("""() => [...document.querySelectorAll('.arithmatex')].map(e =>
        [e.getBoundingClientRect().top > 3 * innerHeight, !!e.querySelector('.katex')])""")
    assert far and all(not typeset for is_far, typeset in far if is_far)
    if all(is_far for is_far, _ in far):
        assert not [u for u in site_page.requests if "katex" in u]
    hrefs = search(page, "有序集合")
    assert hrefs
    assert any("search/search_index.json" in u for u in site_page.requests)
    assert site_page.errors == []


@pytest.mark.parametrize(("query", "share"), [("有序集合", 0.5), ("可重复读 幻读", 0.5), ("Redis", 0.8)])
def test_first_search_fetches_only_what_the_query_needs(browser, site_url, built_site, query, share):
    """A reader's first search downloads the worker, the index stub, the shards of the query's
    characters and the page files of the top results: less than the whole index Material's own
    worker would fetch before answering (a word most pages mention brings most page files, so
    its share is the largest), and nothing from another host."""
    stub = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    whole = stub["config"]["mianjing"]["whole_index_gzip"]
    first = first_search(browser, site_url, query, "redis/zrangebyscore-complexity/")
    assert first.results > 0, f"{query!r} found nothing"
    assert first.foreign == []
    shards = [u for u, _ in first.requests if u.startswith("search/shards/")]
    assert 0 < len(shards) <= len(query.replace(" ", "")), shards     # at most one per character or word
    assert first.bytes < share * whole, f"first search {first.kb:.0f} KB vs the whole index {whole / 1024:.0f} KB"


def test_dark_scheme_shows_the_dark_diagram(site_page):
    page = site_page.page
    page.emulate_media(color_scheme="dark")
    site_page.goto("redis/zrangebyscore-complexity/")
    dark = page.locator(".diagram-mermaid img.diagram-dark").first
    dark.scroll_into_view_if_needed()
    page.wait_for_function(DIAGRAMS_RENDERED, timeout=20_000)
    assert dark.is_visible() and not page.locator(".diagram-mermaid img.diagram-light").first.is_visible()
    assert not [u for u in site_page.requests if u.endswith(".light.svg")]


def test_materials_own_mermaid_loader_stays_on_the_site(site_page, built_site):
    """Defence in depth: an element Material's own Mermaid integration picks up (none of this
    site's pages has one) loads the served copy of Mermaid, never a CDN (mianjing/assets.py)."""
    page_html = (built_site / "algorithms" / "lru-cache" / "index.html").read_text(encoding="utf-8")
    probe = built_site / "algorithms" / "lru-cache" / "_probe_mermaid.html"
    probe.write_text(page_html.replace('<article class="md-content__inner md-typeset">',
                                       '<article class="md-content__inner md-typeset">'
                                       '<pre class="mermaid"><code>graph LR\n  A --> B</code></pre>', 1),
                     encoding="utf-8")
    try:
        page = site_page.page
        page.goto(site_page.base + "algorithms/lru-cache/" + probe.name, wait_until="networkidle")
        page.wait_for_function("() => { const d = document.querySelector('div.mermaid');"
                               " return d && d.shadowRoot && d.shadowRoot.querySelector('svg'); }", timeout=30_000)
        assert any(u.endswith("assets/vendor/mermaid/mermaid.min.js") for u in site_page.requests)
        assert site_page.foreign_requests() == []
    finally:
        probe.unlink()


def test_notebook_mermaid_loader_stays_on_the_site(site_page, built_site):
    """Notebook pages carry nbconvert's Mermaid loader (cdnjs upstream): a Mermaid cell imports the
    site's own ES module instead (mianjing/assets.py)."""
    notebook = next(p for p in built_site.rglob("index.html") if "jp-Notebook" in p.read_text(encoding="utf-8"))
    html = notebook.read_text(encoding="utf-8")
    assert 'import(new URL("assets/vendor/mermaid/mermaid.esm.min.mjs", __md_scope).href)' in html
    probe = notebook.parent / "_probe_notebook_mermaid.html"
    probe.write_text(html.replace('<article class="md-content__inner md-typeset">',
                                  '<article class="md-content__inner md-typeset"><div class="jp-Mermaid">'
                                  '<pre class="mermaid">graph LR\n  A --> B</pre></div>', 1), encoding="utf-8")
    try:
        page = site_page.page
        page.goto(site_page.base + str(probe.relative_to(built_site)), wait_until="networkidle")
        page.wait_for_function("() => document.querySelector('.jp-Mermaid img, .jp-Mermaid svg')", timeout=30_000)
        assert any(u.endswith("assets/vendor/mermaid/mermaid.esm.min.mjs") for u in site_page.requests)
        assert site_page.foreign_requests() == []
    finally:
        probe.unlink()


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
