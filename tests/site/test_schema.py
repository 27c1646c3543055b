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
errata:
  - claim: 错的说法
    correction: 对的说法
    source: doc
    proof: tests/redis/test_zset_cost.py::test_cost_grows_linearly_with_m
"""
BODY = "\n# 示例\n\n## 题目\n\n## 一句话回答\n\n## 原答案评析\n\n## 勘误\n\n## 详解\n\n## 追问\n\n## 参考资料\n"


def page(fm: str = GOOD_FM, body: str = BODY) -> str:
    return f"---\n{fm}---\n{body}"


def problems(text: str) -> list[str]:
    with pytest.raises(ContentError) as info:
        check_page("docs/redis/x.md", text, registry())
    return [str(p) for p in info.value.problems]


def test_good_page_passes():
    result = check_page("docs/redis/x.md", page(), registry())
    assert result.ids == ("r2-11",) and result.errata[0].source.id == "doc"


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("ids: [r2-11]", "ids: [r9-99]", "docs/redis/x.md:4: ids[0]: unknown question id 'r9-99'"),
    ("tags: [Redis]", "tags: [Redis, 雷迪斯]", "docs/redis/x.md:6: tags[1]: unknown tag '雷迪斯'; add it to data/tags.yaml"),
    ("verdict: wrong", "verdict: wrongish", "docs/redis/x.md:5: verdict: 'wrongish' is not allowed; allowed: correct, incomplete, wrong, missing"),
    ("verdict: wrong", "verdict: {r1-01: wrong}", "docs/redis/x.md:5: verdict.r1-01: 'r1-01' is not in this page's ids"),
    ("    url: https://redis.io/docs/latest/commands/zrangebyscore/", "    url: redis.io/docs", "docs/redis/x.md:11: sources[0].url: 'redis.io/docs' is not an https:// URL"),
    ("    source: doc\n", "    source: manual\n", "docs/redis/x.md:15: errata[0].source: 'manual' is not a source of this page (sources: doc)"),
    ("    source: doc\n", "", "errata[0].source: required: the id of an entry in sources"),
    ("test_cost_grows_linearly_with_m", "test_nope", "errata[0].proof: 'tests/redis/test_zset_cost.py' has no test or function named 'test_nope'"),
    ("tests/redis/test_zset_cost.py", "tests/redis/missing.py", "errata[0].proof: 'tests/redis/missing.py' does not exist"),
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
    for name in ("questions", "topics", "tags", "glossary"):
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
