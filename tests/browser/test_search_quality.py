"""Search quality held at 100 %: every glossary term and alias finds its page in the top 5."""

import json

from mianjing import search_quality
from mianjing.data import registry
from mianjing.pages import load_site
from tests.browser.conftest import ARTIFACTS


def test_glossary_queries_find_their_pages(site_page):
    qs = search_quality.queries(registry(), load_site(registry()))
    assert len(qs) >= 60, f"only {len(qs)} queries: the glossary needs more terms or aliases with answered pages"
    outcomes = search_quality.run(site_page.page, site_page.base, qs)
    misses = [o for o in outcomes if not o.hit]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "search-quality.json").write_text(json.dumps(
        {"recall": search_quality.recall(outcomes), "queries": len(outcomes),
         "misses": [{"query": o.query.text, "expected": o.query.expected, "top5": o.found[:5]} for o in misses]},
        ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"\nsearch recall@5: {search_quality.recall(outcomes):.1%} over {len(outcomes)} queries")
    assert not misses, "\n".join(f"{o.query.text!r} → expected {o.query.expected}, got {o.found[:5]}" for o in misses)
