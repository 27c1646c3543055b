"""Each answer page's search entry gets a ``terms`` field (boosted in mkdocs.yml) with the glossary
terms it explains and all their synonyms, plus the key terms it explains (mianjing/search_quality.py),
so `sorted set`, `MVCC` or 写偏斜 rank the page first. The glossary terms are shown on the page
(mianjing/render.py), so nothing is hidden from readers. The browser search-quality test checks it.

(The query side, segmenting a Chinese query with the index's own vocabulary and trying the whole
query as one word, is mianjing/search_worker.js, which replaces Material's worker.)
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .data import Registry
from .pages import Site

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _segment(text: str) -> str:
    """Segment Chinese as Material's plugin does (jieba, with the project's dictionary loaded)."""
    import jieba

    return _HAN.sub(lambda m: "\u200b" + "\u200b".join(jieba.cut(m.group(0))) + "\u200b", text).strip("\u200b")


def add_terms(site_dir: Path, registry: Registry, site: Site, url_of: dict[str, str]) -> int:
    """Add a `terms` field to each answer page's entry in search/search_index.json."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    from .search_quality import key_terms

    terms_of: dict[str, list[str]] = {}
    explained = key_terms(site)
    for page in site.pages:
        words = [w for t in registry.glossary if t.see in page.ids for w in (t.term, *t.aliases)]
        words += explained[page.file][1]      # the key terms the page explains (bold, mentioned most here)
        if words:
            terms_of[url_of[page.file]] = words
    added = 0
    for doc in index["docs"]:
        words = terms_of.get(doc["location"])
        if words:
            doc["terms"] = _segment(" ".join(words))
            added += 1
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return added
