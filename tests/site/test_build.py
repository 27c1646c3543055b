"""The strict build of the real site, what it generates, and what makes it fail."""

import json
import os
import re
import subprocess
import sys
from html import escape

import pytest

from mianjing import ROOT, search_shards
from mianjing.data import registry
from mianjing.pages import load_site
from tests.site.build import build, build_env, copy_project


def test_question_index_lists_every_id_by_interview_and_by_topic(built_site):
    html = (built_site / "questions" / "index.html").read_text(encoding="utf-8")
    reg = registry()
    for qid in reg.questions:
        assert html.count(f"<code>{qid}</code>") == 2, qid          # once under its interview, once under its topic
    answered = load_site(reg).by_id
    assert f"已回答 <strong>{len(answered)} / {len(reg.questions)}</strong> 题" in html
    assert 'id="iv-seed-notes-r1"' in html and "★★★ 高频" in html


def test_questions_json(built_site):
    data = json.loads((built_site / "questions.json").read_text(encoding="utf-8"))
    assert list(data) == list(registry().questions)
    entry = data["r2-11"]
    assert entry["url"] == "redis/zrangebyscore-complexity/" and entry["verdict"] == "wrong" and entry["errata"] >= 3
    for qid, e in data.items():
        assert (e["url"] is None) == (e["verdict"] is None), qid


def test_every_questions_json_url_opens_a_built_page(built_site):
    """Pages whose slug ends in 'index' (composite-index, clustered-secondary-index) once got broken URLs."""
    data = json.loads((built_site / "questions.json").read_text(encoding="utf-8"))
    urls = {qid: e["url"] for qid, e in data.items() if e["url"]}
    assert urls["r1-11"] == "mysql/composite-index/" and urls["r1-06"] == "mysql/clustered-secondary-index/"
    for qid, url in urls.items():
        assert (built_site / url / "index.html").is_file(), f"{qid}: {url} is not a page of the built site"


def test_errata_index_has_every_correction_and_counts_proof_levels(built_site):
    from mianjing import facts, proofs

    html = (built_site / "errata" / "index.html").read_text(encoding="utf-8")
    site = load_site(registry())
    total = sum(len(p.errata) for p in site.pages)
    assert f"全站共 <strong>{total}</strong> 条勘误" in html
    assert "ZRANGEBYSCORE 的时间复杂度是 O(lgN)" in html
    labels = facts.version_labels()
    levels = [proofs.level_of(e.proof, e.unproven, ROOT, labels).kind for p in site.pages for e in p.errata]
    for kind, name in (("server", "实测，真实服务器"), ("source", "仅依据资料")):
        assert re.search(rf"<td>{name}</td>\s*<td[^>]*>{levels.count(kind)}</td>", html), (kind, levels.count(kind))
    assert levels.count("source") >= 1 and levels.count("server") >= 10


def test_erratum_boxes_show_their_proof_level(built_site):
    html = (built_site / "redis" / "zrangebyscore-complexity" / "index.html").read_text(encoding="utf-8")
    assert html.count("证明级别") >= 3 and "实测（真实服务器：Redis 7.0" in html
    html = (built_site / "mysql" / "indexes-how-many" / "index.html").read_text(encoding="utf-8")
    assert "仅依据资料（" in html


def test_answer_page_gets_question_errata_and_sources(built_site):
    html = (built_site / "redis" / "zrangebyscore-complexity" / "index.html").read_text(encoding="utf-8")
    assert "zrange by score 的时间复杂度是多少？" in html        # the question, from data/questions.yaml
    assert html.count('class="admonition failure"') >= 3           # one admonition per erratum
    assert "https://redis.io/docs/latest/commands/zrangebyscore/" in html
    assert 'class="diagram-mermaid"' in html and 'class="arithmatex"' in html
    assert 'class="diagram-light off-glb"' in html and 'class="diagram-dark off-glb"' in html  # pre-rendered SVG


def test_tags_glossary_and_assets(built_site):
    tags = (built_site / "tags" / "index.html").read_text(encoding="utf-8")
    assert "有序集合" in tags and "zrangebyscore-complexity" in tags
    glossary = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "跳表" in glossary
    # diagrams are pre-rendered SVG: no page loads Mermaid; Material's own loader is pointed at
    # the served copy all the same (defence in depth, proved in tests/browser)
    # (and the notebook template's, mianjing/assets.py)
    assert (built_site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").is_file()
    assert (built_site / "assets" / "vendor" / "mermaid" / "mermaid.esm.min.mjs").is_file()
    assert not (built_site / "assets" / "javascripts" / "diagrams.js").exists()
    bundle = next((built_site / "assets" / "javascripts").glob("bundle.*.min.js")).read_text(encoding="utf-8")
    assert "unpkg.com/mermaid" not in bundle
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "cdnjs.cloudflare.com" not in html and "unpkg.com" not in html, page
        assert "assets/javascripts/diagrams.js" not in html, page
    assert (built_site / "assets" / "vendor" / "katex" / "katex.min.js").is_file()


def test_search_index_keeps_domain_terms_whole(built_site):
    tokens = search_shards.read_tokens(built_site)
    for term in ("有序集合", "时间复杂度", "哨兵节点", "双向链表"):
        assert term in tokens, f"{term} was split by the segmenter"


def test_search_index_is_split_into_shards_a_query_can_find(built_site):
    """The stub has no documents; every token sits in the shard its first characters name (the
    worker computes the same key); every page of the index has its page file."""
    stub = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["docs"] == []
    meta = stub["config"]["mianjing"]
    tokens = search_shards.read_tokens(built_site)
    misplaced = {t: s for t, s in tokens.items() if search_shards.shard_key(t) != s}
    assert not misplaced, f"tokens in the wrong shard: {list(misplaced.items())[:5]}"
    assert not [t for t in tokens if not any(c.isalnum() for c in t)], "punctuation was indexed"
    pages = sorted(int(p.stem) for p in (built_site / "search" / "pages").glob("*.json"))
    assert pages == list(range(meta["pages"])) and meta["pages"] >= len(load_site(registry()).pages)
    worker = next((built_site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    assert worker.read_text(encoding="utf-8") == search_shards.WORKER_SOURCE.read_text(encoding="utf-8")


def test_no_page_references_another_host_for_assets(built_site):
    pattern = re.compile(r'<(?:script|link|img)[^>]+(?:src|href)="(https?:)?//(?!127\.0\.0\.1)[^"]+"')
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        found = [m.group(0) for m in pattern.finditer(html) if "rel=\"canonical\"" not in m.group(0)]
        assert not found, f"{page.relative_to(built_site)} loads from another host: {found[:3]}"


# --------------------------------------------------------------------------- broken input fails
BROKEN = {
    "broken anchor": (
        "docs/algorithms/lru-cache.md", "## 详解\n", "## 详解\n\n见[不存在的小节](#没有这个标题)。\n",
        "algorithms/lru-cache.md", "没有这个标题"),
    "broken link": (
        "docs/algorithms/lru-cache.md", "## 详解\n", "## 详解\n\n见[不存在的页](../redis/nope.md)。\n",
        "algorithms/lru-cache.md", "nope.md"),
    "unknown tag": (
        "docs/algorithms/lru-cache.md", "tags: [算法,", "tags: [没登记的标签, 算法,",
        "docs/algorithms/lru-cache.md:6: tags[0]", "unknown tag"),
    "missing source": (
        "docs/redis/zrangebyscore-complexity.md", "    source: redis-zscore\n", "    source: redis-zscor\n",
        "docs/redis/zrangebyscore-complexity.md", "'redis-zscor' is not a source of this page"),
    "missing snippet": (
        "docs/algorithms/lru-cache.md", '--8<-- "algorithms/lru_cache.py:lru"', '--8<-- "algorithms/no_such_file.py"',
        "no_such_file.py", "Snippet"),
    "missing fact": (
        "docs/redis/zrangebyscore-complexity.md", '{{ fact("redis", "config", "zset-max-listpack-value") }}',
        '{{ fact("redis", "config", "zset-max-listpack-valu") }}',
        "docs/redis/zrangebyscore-complexity.md:", "has no 'zset-max-listpack-valu'"),
    "missing receipt": (
        "docs/redis/zrangebyscore-complexity.md", '{{ receipt("redis.zrangebyscore.m_growth") }}',
        '{{ receipt("redis.zrangebyscore.m_growthh") }}',
        "docs/redis/zrangebyscore-complexity.md:", "no receipt 'redis.zrangebyscore.m_growthh'"),
    "follow-up without an answer": (
        "docs/redis/eviction.md", "\n    a: ", "\n    a_: ",
        "docs/redis/eviction.md:", ".a: required: a non-empty text"),
    "unknown importance": (
        "data/questions.yaml", "  importance: high\n", "  importance: urgent\n",
        "data/questions.yaml:", "importance: 'urgent'; allowed: high, medium, low"),
    "unpinned source": (
        "docs/redis/zrangebyscore-complexity.md", "https://github.com/redis/redis/blob/7.0.15/src/t_zset.c",
        "https://github.com/redis/redis/blob/unstable/src/t_zset.c",
        "docs/redis/zrangebyscore-complexity.md:", "is not pinned to a version"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_input_fails_the_build_naming_the_file(case, tmp_path):
    path, old, new, where, what = BROKEN[case]
    project = copy_project(ROOT, tmp_path / "project")
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = build(project, tmp_path / "out")
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{case}: the build passed\n{output}"
    assert where in output and what in output, output


def test_builds_without_git_history(tmp_path):
    """A source tarball or shallow export has no .git: the build falls back to the build date."""
    project = copy_project(ROOT, tmp_path / "project")
    assert not (project / ".git").exists()
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Falling back to build date" in result.stdout + result.stderr


def test_meta_descriptions_sitemap_and_canonical(built_site):
    from mianjing import macros

    site = load_site(registry())
    for page in site.pages:
        url = page.file.removeprefix("docs/").removesuffix(".md") + "/"
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        description = macros.expand(page.description, macros.context(), page.file)   # facts expanded
        assert "{{" not in description
        assert f'<meta name="description" content="{escape(description)}"' in html, url
        assert f'<link rel="canonical" href="https://shizheng-mianjing.github.io/mianjing/{url}"' in html, url
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "https://shizheng-mianjing.github.io/mianjing/redis/zrangebyscore-complexity/" in sitemap
    for generated in ("questions", "errata", "glossary"):
        assert '<meta name="description"' in (built_site / generated / "index.html").read_text(encoding="utf-8")


DIRTY_SERVE = """
import sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

def run(dirty):   # what mkdocs serve --dirty does on each change (make serve)
    config = load_config("mkdocs.yml", site_dir=sys.argv[1])
    config.plugins.on_startup(command="serve", dirty=dirty)
    build(config, dirty=dirty)

run(False)
page = Path("docs/redis/eviction.md")
page.write_text(page.read_text(encoding="utf-8") + "\\n脏重建验证词 zebrafish42。\\n", encoding="utf-8")
run(True)
"""


def test_a_dirty_rebuild_keeps_every_page_searchable(tmp_path):
    """make serve rebuilds only the edited page, and Material indexes only what it rebuilt: the
    other pages stay in the search index, and the edit is in it."""
    project = copy_project(ROOT, tmp_path / "project")
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, "-c", DIRTY_SERVE, str(out)], cwd=project, env=build_env(),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    tokens = search_shards.read_tokens(out)
    assert "zebrafish42" in tokens                     # the edited page, indexed again
    assert "有序集合" in tokens and "可重复读" in tokens  # pages the rebuild did not render
    stub = json.loads((out / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert stub["config"]["mianjing"]["pages"] >= len(load_site(registry()).pages)
