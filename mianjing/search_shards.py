"""A search index a reader downloads in pieces, so the first search stays small as the site grows.

Material writes search/search_index.json, one file with every section of every page, and its
worker downloads all of it before the first search (17 MB at 2,000 synthetic pages). After that
file is written (and the glossary terms added, mianjing/search_index.py), this module splits it:

- search/search_index.json becomes a stub: Material's config, no documents, and what the worker
  needs to score (the number of pages and sections, the average length of each field, the fields'
  boosts, the pages that have a boost of their own);
- search/shards/<key>.json: the postings of every token that starts with the same character (two
  characters for Latin words), [page, section, field, term frequency, field length] per posting;
- search/pages/<n>.json: one page's sections (location, title, text, tags), fetched only for the
  pages a query ranks at the top.

mianjing/search_worker.js replaces Material's worker and speaks its messages (SETUP, READY,
QUERY, RESULT): it segments a Chinese query with the index's own vocabulary (the shards of the
query's characters), fetches the few shards and page files it needs, scores with BM25 and the
configured field boosts, and returns results in the shape Material's search box renders.

Tokenization here and in the worker is the same: the configured separator, the zero-width spaces
jieba's segmentation put between Chinese words and Chinese punctuation; lower-cased, HTML tags removed.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections import defaultdict
from pathlib import Path

from .theme_patch import ThemePatchError

WORKER_SOURCE = Path(__file__).resolve().parent / "search_worker.js"
FIELDS = ("title", "text", "tags", "terms")
_TAG = re.compile(r"<[^>]+>")
_ENTITY = re.compile(r"&(?:lt|gt|amp|quot|#39);")


# Chinese punctuation: jieba leaves it attached to a Latin word before it ("Redis。"); the worker
# splits on the same characters (CJK_PUNCTUATION there)
CJK_PUNCTUATION = "[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2026\u2018\u2019\u201c\u201d]"


def tokenizer(separator: str):
    split = re.compile(f"(?:{separator})|\u200b|{CJK_PUNCTUATION}")

    def tokens(text: str) -> list[str]:
        text = _ENTITY.sub(" ", _TAG.sub(" ", text))
        return [t.lower() for t in split.split(text) if t and t.strip()]
    return tokens


def shard_key(token: str) -> str:
    """Tokens that start with the same Chinese character, or the same two Latin characters, share a shard."""
    first = token[0]
    if ord(first) > 0x7F:
        return f"u{ord(first):x}"
    head = token[:2]
    return "a" + "".join(c if c.isascii() and c.isalnum() else f"_{ord(c):x}" for c in head)


_last_docs: dict[str, list] = {}    # site_dir → the documents of its last index, in this process


def keep_pages_not_rebuilt(site_dir: Path, page_urls: set[str]) -> int:
    """A dirty rebuild (mkdocs serve --dirty, make serve) renders only the pages that changed, and
    Material writes an index of just those. Add back, from this process's previous build of the same
    site, the sections of every page that still exists and was not rendered again; returns how many.
    A full build renders every page, so nothing is added."""
    path = site_dir / "search" / "search_index.json"
    if not path.exists():
        return 0
    index = json.loads(path.read_text(encoding="utf-8"))
    rendered = {d["location"].split("#", 1)[0] for d in index["docs"]}
    kept = [d for d in _last_docs.get(str(site_dir), [])
            if (url := d["location"].split("#", 1)[0]) not in rendered and url in page_urls]
    if kept:
        index["docs"] += kept
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    _last_docs[str(site_dir)] = index["docs"]
    return len(kept)


def build(site_dir: Path) -> dict:
    """Split site/search/search_index.json into the stub, shards and page files; returns sizes."""
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.exists():
        return {}
    whole = index_path.read_bytes()
    index = json.loads(whole)
    config, docs = index["config"], index["docs"]
    tokens = tokenizer(config["separator"])
    pages: list[str] = []
    page_of: dict[str, int] = {}
    sections: dict[int, list] = defaultdict(list)
    boosts: dict[int, float] = {}
    postings: dict[str, list] = defaultdict(list)
    lengths = {f: [0, 0] for f in FIELDS}     # total length, number of sections with the field
    for doc in docs:
        location = doc["location"]
        page_url = location.split("#", 1)[0]
        if page_url not in page_of:
            page_of[page_url] = len(pages)
            pages.append(page_url)
        p = page_of[page_url]
        s = len(sections[p])
        sections[p].append([location, doc.get("title", ""), doc.get("text", ""), doc.get("tags") or []])
        if "boost" in doc:
            boosts[p] = doc["boost"]
        for f_index, field in enumerate(FIELDS):
            value = doc.get(field)
            if not value:
                continue
            toks = tokens(" ".join(value) if isinstance(value, list) else value)
            if not toks:
                continue
            lengths[field][0] += len(toks)
            lengths[field][1] += 1
            counts: dict[str, int] = defaultdict(int)
            for t in toks:
                counts[t] += 1
            for t, tf in counts.items():
                if not any(c.isalnum() for c in t):
                    continue                       # punctuation (（ ： …) is never searched for
                postings[t].append([p, s, f_index, tf, len(toks)])

    out = site_dir / "search"
    for sub in ("shards", "pages"):
        shutil.rmtree(out / sub, ignore_errors=True)
        (out / sub).mkdir(parents=True)
    shards: dict[str, dict] = defaultdict(dict)
    for token, plist in postings.items():
        shards[shard_key(token)][token] = plist
    for key, content in shards.items():
        (out / "shards" / f"{key}.json").write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":")),
                                                     encoding="utf-8")
    for p, secs in sections.items():
        (out / "pages" / f"{p}.json").write_text(json.dumps(secs, ensure_ascii=False, separators=(",", ":")),
                                                  encoding="utf-8")
    fields = config.get("fields", {})
    # Material's main thread hands the worker only config, docs and options: the shards' metadata
    # travels inside config
    config = {**config, "mianjing": {
        "version": 1, "pages": len(pages), "sections": len(docs),
        "fields": FIELDS, "boost": {f: float(fields.get(f, {}).get("boost", 1)) for f in FIELDS},
        "avg": {f: (lengths[f][0] / lengths[f][1] if lengths[f][1] else 1) for f in FIELDS},
        "page_boost": {str(p): b for p, b in boosts.items()},
        "whole_index_gzip": len(gzip.compress(whole, 6)),   # what Material's worker would download first
    }}
    stub = {"config": config, "docs": []}
    index_path.write_text(json.dumps(stub, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return {"pages": len(pages), "sections": len(docs), "tokens": len(postings), "shards": len(shards)}


def replace_worker(site_dir: Path) -> None:
    """Material's search worker → ours (same file name: the page's config points at it)."""
    workers = list((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise ThemePatchError(f"expected one Material search worker in assets/javascripts/workers, found "
                              f"{[w.name for w in workers]}: Material changed, update mianjing/search_shards.py")
    workers[0].write_text(WORKER_SOURCE.read_text(encoding="utf-8"), encoding="utf-8")
    for stale in workers[0].parent.glob(workers[0].name + ".map"):
        stale.unlink()


def read_tokens(site_dir: Path) -> dict[str, str]:
    """Every token in the built shards → the shard file it is in (for the tests)."""
    return {token: path.stem for path in (site_dir / "search" / "shards").glob("*.json")
            for token in json.loads(path.read_text(encoding="utf-8"))}
