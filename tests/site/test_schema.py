"""The page contract: every kind of bad front matter is rejected, naming file, line and field."""

import textwrap

import pytest

from mianjing import ROOT
from mianjing.data import load_registry, registry
from mianjing.errors import ContentError
from mianjing.pages import load_site
from mianjing.schema import check_page

GOOD_FM = """\
title: 示例
description: 一个合法的答案页。
ids: [r2-11]
verdict: wrong
tags: [Redis]
versions: [Redis 7.0]
sources:
  - id: doc
    title: 文档
    url: https://redis.io/docs/latest/commands/zrangebyscore/
    version: Redis 7.0
errata:
  - claim: 错的说法
    correction: 对的说法
    source: doc
    proof: tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m
followups:
  - {q: 追问一, a: 回答一, see: 小节}
  - {q: 追问二, a: 回答二}
  - {q: 追问三, a: 回答三}
  - {q: 追问四, a: 回答四}
  - {q: 追问五, a: 回答五}
"""
BODY = "\n# 示例\n\n## 题目\n\n## 一句话回答\n\n两句话。\n\n## 原答案评析\n\n## 勘误\n\n## 详解\n\n### 小节\n\n## 追问\n\n## 参考资料\n"


def page(fm: str = GOOD_FM, body: str = BODY) -> str:
    return f"---\n{fm}---\n{body}"


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_page("docs/redis/x.md", text, registry())
    return [str(p) for p in info.value.problems]


def test_good_page_passes():
    result = check_page("docs/redis/x.md", page(), registry())
    assert result.ids == ("r2-11",) and result.errata[0].source.id == "doc"
    assert [f.q for f in result.followups][:2] == ["追问一", "追问二"] and result.followups[0].see == "小节"
    assert result.short_answer == "两句话。"    # the 一句话回答 as data (practice mode reads it)


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("ids: [r2-11]", "ids: [r9-99]", "docs/redis/x.md:4: ids[0]: unknown question id 'r9-99'"),
    ("tags: [Redis]", "tags: [Redis, 雷迪斯]", "docs/redis/x.md:6: tags[1]: unknown tag '雷迪斯'; add it to data/tags.yaml"),
    ("verdict: wrong", "verdict: wrongish", "docs/redis/x.md:5: verdict: 'wrongish' is not allowed; allowed: correct, incomplete, wrong, missing"),
    ("verdict: wrong", "verdict: {r1-01: wrong}", "docs/redis/x.md:5: verdict.r1-01: 'r1-01' is not in this page's ids"),
    ("    url: https://redis.io/docs/latest/commands/zrangebyscore/", "    url: redis.io/docs", "docs/redis/x.md:11: sources[0].url: 'redis.io/docs' is not an https:// URL"),
    ("    source: doc\n", "    source: manual\n", "docs/redis/x.md:16: errata[0].source: 'manual' is not a source of this page (sources: doc)"),
    ("    source: doc\n", "", "errata[0].source: required: the id of an entry in sources"),
    ("test_cost_grows_linearly_with_m", "test_nope", "errata[0].proof: 'tests/redis/test_zset_cost.py' has no test named 'test_nope'"),
    ("tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m", "snippets/os/heap_stack.py::is_min_heap",
     "errata[0].proof: 'snippets/os/heap_stack.py' is not a test module"),
    ("test_cost_grows_linearly_with_m", "fill", "errata[0].proof: 'fill' is not a test function"),
    ("    proof: tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m\n", "",
     "errata[0].proof: required: the test that would fail if the original claim were true"),
    ("    proof: tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m\n",
     "    proof: tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m\n    unproven: 又说跑不了\n",
     "errata[0].unproven: an erratum has either a proof or says why it has none"),
    ("    source: doc\n", "    source: doc\n    scope: MySQL 8.0\n",
     "errata[0].proof: the claim is about MySQL 8.0 but tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m does not run on it"),
    ("    version: Redis 7.0\n", "", "docs/redis/x.md:11: sources[0].url: 'https://redis.io/docs/latest/commands/zrangebyscore/' names no version: add `version:`"),
    ("https://redis.io/docs/latest/commands/zrangebyscore/", "https://github.com/redis/redis/blob/unstable/src/t_zset.c",
     "sources[0].url: 'https://github.com/redis/redis/blob/unstable/src/t_zset.c' is not pinned to a version, and github.com publishes versioned pages"),
    ("https://redis.io/docs/latest/commands/zrangebyscore/", "https://helm.sh/docs/helm/helm_upgrade/",
     "helm.sh publishes versioned pages: cite the Helm 3 reference under helm.sh/docs/v3/"),
    ("  - {q: 追问五, a: 回答五}\n", "", "docs/redis/x.md:18: followups: 4 follow-up(s); an answer page has at least 5"),
    ("  - {q: 追问二, a: 回答二}", "  - {q: 追问二}", "docs/redis/x.md:20: followups[1].a: required: a non-empty text"),
    ("see: 小节}", "see: 不存在的小节}", "followups.see: '不存在的小节' is not a heading of this page"),
    ("  - {q: 追问三, a: 回答三}", "  - {q: 追问一, a: 回答三}", "followups[2].q: the same question as followups[0]"),
    ("tests/redis/test_zset_cost.py", "tests/redis/test_missing.py", "errata[0].proof: 'tests/redis/test_missing.py' does not exist"),
    ("title: 示例\n", "title: 示例\ntitel: 错字\n", "docs/redis/x.md:3: titel: unknown field"),
    ("description: 一个合法的答案页。", "description: " + "长" * 161, "description: 161 characters; a meta description is at most 160"),
    ("title: 示例\n", "", "docs/redis/x.md:1: title: required field missing"),
    ("versions: [Redis 7.0]", "versions: []", "docs/redis/x.md:7: versions: required: a non-empty list"),
    ("    title: 文档\n", "    title: 文档\n    secondary: true\n", "sources: at least one primary source"),
    ("    correction: 对的说法", "    correction: TODO", "errata[0].correction: still says TODO"),
])
def test_bad_front_matter_is_named(old, new, expected):
    text = page(GOOD_FM.replace(old, new))
    assert text != page(), "the replacement did not apply"
    found = problems(text)
    assert any(expected in p for p in found), found


def test_missing_sources_field():
    fm = GOOD_FM.split("sources:")[0]
    found = problems(page(fm, BODY.replace("## 勘误\n\n", "")))
    assert any("sources: required field missing" in p for p in found), found


def test_invalid_yaml_names_the_line():
    found = problems(page(GOOD_FM.replace("tags: [Redis]", "tags: [Redis")))
    assert any(p.startswith("docs/redis/x.md:") and "not valid YAML" in p for p in found), found


@pytest.mark.parametrize(("text", "expected"), [
    ("# 没有 front matter\n", "docs/redis/x.md:1: front matter: missing"),
    ("---\ntitle: x\n", "front matter: opened with '---' but never closed"),
    ("---\n- a\n---\n", "front matter: must be a YAML mapping"),
])
def test_front_matter_shape(text, expected):
    assert any(expected in p for p in problems(text))


@pytest.mark.parametrize("url", [
    "https://github.com/redis/redis/blob/7.0.15/src/t_zset.c",
    "https://github.com/mysql/mysql-server/blob/0123456789abcdef0123456789abcdef01234567/storage/innobase/rem/rec.h",
    "https://dev.mysql.com/doc/refman/8.0/en/innodb-locking.html",
    "https://docs.python.org/3.11/library/heapq.html",
    "https://helm.sh/docs/v3/helm/helm_upgrade/",
    "https://v1-33.docs.kubernetes.io/docs/concepts/workloads/controllers/statefulset/",
    "https://doi.org/10.1145/78973.78977",
])
def test_pinned_urls_need_no_version_field(url):
    fm = GOOD_FM.replace("https://redis.io/docs/latest/commands/zrangebyscore/", url).replace("    version: Redis 7.0\n", "")
    assert check_page("docs/redis/x.md", page(fm), registry()).sources[0].version is None


def test_followups_are_data_so_the_section_stays_empty():
    found = problems(page(body=BODY.replace("## 追问\n\n", "## 追问\n\n**手写的追问？**\n\n回答。\n\n")))
    assert any("'## 追问' has text, but the follow-ups live in front matter" in p for p in found), found
    found = problems(page(GOOD_FM.split("followups:")[0]))
    assert any("followups: required field missing" in p for p in found), found


def test_proof_levels_are_derived_from_what_the_test_runs():
    from mianjing import facts, proofs

    labels = facts.version_labels()
    redis = proofs.level_of("tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m", None, ROOT, labels)
    assert redis.kind == "server" and redis.label == f"实测（真实服务器：{labels['redis']}）"
    via_fixtures = proofs.level_of("tests/mysql/test_hermitage.py::test_hermitage_cases", None, ROOT, labels)
    assert via_fixtures.systems == {"sql"}        # db → sql_server, found through the module's fixture
    kernel = proofs.level_of("tests/os/test_kill_process.py::test_exited_child_is_a_zombie_until_the_parent_waits",
                             None, ROOT, labels)
    assert kernel.kind == "kernel"
    code = proofs.level_of("tests/algorithms/test_four_sum.py::test_counts_match_brute_force", None, ROOT, labels)
    assert code.kind == "code"
    source = proofs.level_of(None, "需要 ClickHouse", ROOT, labels)
    assert (source.kind, source.label) == ("source", "仅依据资料（需要 ClickHouse）")
    celery = proofs.systems_used("tests/celery/test_eta.py::test_eta_message_is_delivered_at_once_and_waits_in_worker_memory",
                                 ROOT)
    assert celery == {"celery", "redis"}


def test_sections_are_checked():
    found = problems(page(body=BODY.replace("## 追问\n\n", "")))
    assert any("missing section '## 追问'" in p for p in found), found
    swapped = BODY.replace("## 详解", "## TMP").replace("## 一句话回答", "## 详解").replace("## TMP", "## 一句话回答")
    assert any("sections out of order" in p for p in problems(page(body=swapped)))
    no_errata = GOOD_FM.split("errata:")[0].replace("verdict: wrong", "verdict: incomplete")
    assert any("'## 勘误' section but no errata" in p for p in problems(page(no_errata)))
    assert any("body: still says TODO" in p for p in problems(page(body=BODY + "\nTODO: 写完\n")))


def test_wrong_verdict_needs_errata():
    fm = GOOD_FM.split("errata:")[0]
    found = problems(page(fm, BODY.replace("## 勘误\n\n", "")))
    assert any("verdict is 'wrong' but no errata" in p for p in found), found


def test_one_page_per_id(tmp_path):
    docs = tmp_path / "docs"
    (docs / "redis").mkdir(parents=True)
    (docs / "redis" / "a.md").write_text(page(), encoding="utf-8")
    (docs / "redis" / "b.md").write_text(page(), encoding="utf-8")
    (tmp_path / "tests" / "redis").mkdir(parents=True)
    (tmp_path / "tests" / "redis" / "test_zset_cost.py").write_text("def test_cost_grows_linearly_with_m(): pass\n")
    with pytest.raises(ContentError) as info:
        load_site(registry(), docs, tmp_path)
    assert "docs/redis/b.md:1: ids: 'r2-11' is already answered by docs/redis/a.md" in str(info.value)


def test_data_files_are_validated(tmp_path):
    for name in ("questions", "topics", "tags", "glossary", "interviews"):
        (tmp_path / f"{name}.yaml").write_text((ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    glossary = tmp_path / "glossary.yaml"
    glossary.write_text(glossary.read_text(encoding="utf-8") + textwrap.dedent("""\
        - term: 跳表
          means: 重复的词条
        - term: 新词
          means: 指向不存在的题目
          see: r9-01
        """), encoding="utf-8")
    import mianjing.data as data_module

    old_root = data_module.ROOT
    data_module.ROOT = tmp_path  # report paths relative to the temp copy
    try:
        with pytest.raises(ContentError) as info:
            load_registry(tmp_path)
    finally:
        data_module.ROOT = old_root
    text = str(info.value)
    assert "glossary.yaml" in text and "'跳表' already appears in entry" in text
    assert "unknown question id 'r9-01'" in text


def test_every_seed_id_is_listed_once():
    ids = list(registry().questions)
    assert len(ids) == len(set(ids)) == 52
    assert ids[0] == "infra-01" and ids[-1] == "r2-22"
