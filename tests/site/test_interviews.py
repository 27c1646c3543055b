"""Many interviews, one answer per question: the data checks, and a contributor adding an interview
as CONTRIBUTING describes (one question asked again, two new ones), on a copy of the project."""

import json
import re
import subprocess
import sys

import pytest

from mianjing import ROOT
from mianjing.data import load_registry, registry
from mianjing.errors import ContentError
from tests.site.build import build, copy_project

SECOND_INTERVIEW = """
- id: example-cloud-2026
  title: 某云厂商存储团队（示例面经）
  role: 后端开发
  date: "2026-11"
  rounds:
    - {key: r1, name: 一面}
"""
NEW_QUESTIONS = """
- id: redis-persistence
  topic: redis
  question: Redis 的 RDB 和 AOF 有什么区别，重启时先用哪个？
  importance: high
  asked: [{interview: example-cloud-2026, round: r1}]
- id: mysql-deadlock-debug
  topic: mysql
  question: 线上出现死锁，你怎么定位？
  importance: medium
  asked: [{interview: example-cloud-2026, round: r1}]
"""


def data_copy(tmp_path, interviews_extra: str = "", questions_extra: str = "", edit=None):
    data = tmp_path / "data"
    data.mkdir()
    for name in ("questions", "topics", "tags", "glossary", "interviews"):
        text = (ROOT / "data" / f"{name}.yaml").read_text(encoding="utf-8")
        if name == "interviews":
            text += interviews_extra
        if name == "questions":
            text = (edit(text) if edit else text) + questions_extra
        (data / f"{name}.yaml").write_text(text, encoding="utf-8")
    return data


def problems(data_dir) -> str:
    import mianjing.data as data_module

    old = data_module.ROOT
    data_module.ROOT = data_dir.parent
    try:
        with pytest.raises(ContentError) as info:
            load_registry(data_dir)
    finally:
        data_module.ROOT = old
    return str(info.value)


def test_the_first_interview_holds_the_52_questions_with_their_ids():
    reg = registry()
    assert list(reg.interviews) == ["seed-notes"]
    assert len(reg.in_interview("seed-notes")) == 52
    assert [r.key for r in reg.interviews["seed-notes"].rounds] == ["infra", "r1", "r2"]
    assert reg.questions["r1-06"].asked[0].line is not None


@pytest.mark.parametrize(("case", "expected"), [
    ("unknown interview", "data/questions.yaml:{line}: [52].asked[0].interview: unknown interview 'nope'"),
    ("unknown round", "[52].asked[0].round: 'r9' is not a round of seed-notes"),
    ("same question", "[52].question: the same question as 'r2-11'"),
    ("unknown importance", "[52].importance: 'urgent'; allowed: high, medium, low"),
    ("no questions", "data/interviews.yaml:{iv_line}: example-cloud-2026: an interview with no questions"),
])
def test_bad_interview_data_names_file_line_and_field(tmp_path, case, expected):
    extra = {
        "unknown interview": "- {id: q-a, topic: redis, question: 新题甲, importance: low, asked: [{interview: nope, round: r1}]}\n",
        "unknown round": "- {id: q-a, topic: redis, question: 新题甲, importance: low, asked: [{interview: seed-notes, round: r9}]}\n",
        "same question": "- {id: q-a, topic: redis, question: 'zrange by score 的 时间复杂度，是多少？', importance: low, "
                         "asked: [{interview: seed-notes, round: r2}]}\n",
        "unknown importance": "- {id: q-a, topic: redis, question: 新题甲, importance: urgent, "
                              "asked: [{interview: seed-notes, round: r1}]}\n",
        "no questions": "",
    }[case]
    data = data_copy(tmp_path, SECOND_INTERVIEW if case == "no questions" else "", extra)
    line = (data / "questions.yaml").read_text(encoding="utf-8").count("\n")
    iv_lines = (data / "interviews.yaml").read_text(encoding="utf-8").split("\n")
    iv_line = iv_lines.index("- id: example-cloud-2026") + 1 if "- id: example-cloud-2026" in iv_lines else 0
    found = problems(data)
    assert expected.format(line=line, iv_line=iv_line) in found, found


def add_second_interview(project):
    """What CONTRIBUTING tells a contributor to do: the interview, the question asked again (one more
    `asked` entry on the existing id), and two new questions."""
    (project / "data" / "interviews.yaml").write_text(
        (project / "data" / "interviews.yaml").read_text(encoding="utf-8") + SECOND_INTERVIEW, encoding="utf-8")
    questions = project / "data" / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    old = "  asked: [{interview: seed-notes, round: r2, line: "
    start = text.index("- id: r2-11\n")
    at = text.index(old, start)
    end = text.index("\n", at)
    entry = text[at:end]
    text = text[:at] + entry[:-1] + ", {interview: example-cloud-2026, round: r1}]" + text[end:]
    questions.write_text(text + NEW_QUESTIONS, encoding="utf-8")


def test_a_contributor_adds_an_interview_and_writes_one_new_page(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    add_second_interview(project)
    out = tmp_path / "out"
    result = build(project, out)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]

    page = (out / "redis" / "zrangebyscore-complexity" / "index.html").read_text(encoding="utf-8")
    assert "被问到 2 次" in page and "某云厂商存储团队（示例面经） · 一面" in page and "后端与基础设施岗面经" in page
    index = (out / "questions" / "index.html").read_text(encoding="utf-8")
    for qid in ("redis-persistence", "mysql-deadlock-debug"):
        row = re.search(rf"<code>{qid}</code>.*?</tr>", index, re.DOTALL).group(0)
        assert "待补充" in row and "write-answer.yml" in row and f"qid={qid}" in row, row
    assert 'id="iv-example-cloud-2026"' in index and "0 / 2 题已回答" not in index  # 1 of 3 answered
    data = json.loads((out / "questions.json").read_text(encoding="utf-8"))
    assert [a["interview"] for a in data["r2-11"]["asked"]] == ["seed-notes", "example-cloud-2026"]
    assert data["redis-persistence"]["url"] is None and data["redis-persistence"]["importance"] == "high"
    home = (out / "index.html").read_text(encoding="utf-8")
    assert "2 场面试、54 道题" in home and "52 / 54" in home

    made = subprocess.run([sys.executable, "-m", "mianjing.scaffold", "redis-persistence", "--slug", "persistence"],
                          cwd=project, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    created = project / "docs" / "redis" / "persistence.md"
    assert "某云厂商存储团队（示例面经） · 一面的题目" in created.read_text(encoding="utf-8")
    assert build(project, tmp_path / "out2").returncode != 0        # TODOs left: the build says what is missing
    created.write_text(fill_todos(created.read_text(encoding="utf-8")), encoding="utf-8")
    result = build(project, tmp_path / "out3")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    index = (tmp_path / "out3" / "questions" / "index.html").read_text(encoding="utf-8")
    row = re.search(r"<code>redis-persistence</code>.*?</tr>", index, re.DOTALL).group(0)
    assert "待补充" not in row and "persistence/" in row


def fill_todos(text: str) -> str:
    """What the contributor writes in place of each TODO (content of the right shape)."""
    fm, body = text.split("\n---\n", 1)
    fm = re.sub(r"^title: .*$", "title: RDB 与 AOF", fm, flags=re.MULTILINE)
    fm = re.sub(r"^description: .*$", "description: 两种持久化方式的区别与重启时的加载顺序。", fm, flags=re.MULTILINE)
    fm = re.sub(r"^verdict: .*$", "verdict: missing", fm, flags=re.MULTILINE)
    fm = re.sub(r"^  - TODO 本页结论成立的版本.*$", "  - Redis 7.0", fm, flags=re.MULTILINE)
    fm = re.sub(r"^    title: TODO.*$", "    title: Redis 持久化（Redis 文档）", fm, flags=re.MULTILINE)
    fm = re.sub(r"^    url: TODO.*$", "    url: https://redis.io/docs/latest/operate/oss_and_stack/management/persistence/",
                fm, flags=re.MULTILINE)
    fm = re.sub(r"^    version: TODO.*$", "    version: Redis 7.0", fm, flags=re.MULTILINE)
    fm = re.sub(r"errata:\n(  .*\n)+?(?=followups:)", "", fm + "\n")
    for n in range(1, 6):
        fm = fm.replace(f"  - q: TODO 追问 {n}\n    a: TODO 回答", f"  - q: 追问 {n}？\n    a: 回答 {n}。")
    body = re.sub(r"^TODO.*$", "正文。", body, flags=re.MULTILINE).replace("# TODO 标题", "# RDB 与 AOF")
    body = body.replace("\n## 勘误\n", "\n")
    return fm.rstrip("\n") + "\n---\n" + body
