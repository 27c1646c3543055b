"""Facts and receipts in pages: macros expand from the committed snapshots and receipts, a bad
reference names file, line and key, and no complexity or default is typed by hand."""

import pytest

from mianjing import facts, macros, receipts, typed
from mianjing.errors import ContentError


def ctx() -> macros.Context:
    return macros.context("../receipts.md")


def test_inline_facts_expand_from_the_snapshot():
    redis = facts.snapshots()["redis"]
    text = ('样本 {{ fact("redis", "config", "maxmemory-samples") }} 个；ZSCORE 是 {{ complexity("ZSCORE") }}；'
            'Redis {{ version("redis") }}')
    out = macros.expand(text, ctx(), "docs/x.md")
    assert out == f'样本 {redis.facts["config"]["maxmemory-samples"]} 个；ZSCORE 是 O(1)；Redis {redis.version}'


def test_complexity_picks_the_nth_big_o_term_and_escapes_emphasis():
    c = ctx()
    assert macros.expand('{{ complexity("ZRANGEBYSCORE", 2) }}', c, "x.md") == "O(log(N))"
    assert macros.expand('{{ complexity("ZREM") }}', c, "x.md") == r"O(M\*log(N))"
    assert macros.expand('`{{ complexity("ZREM") }}`', c, "x.md") == "`O(M*log(N))`"


@pytest.mark.parametrize(("text", "line", "key", "says"), [
    ('a\nb {{ fact("redis", "config", "no-such-setting") }}', 2, "no-such-setting", "has no 'no-such-setting'"),
    ('{{ fact("nosql", "x") }}', 1, "nosql", "no snapshot of 'nosql'"),
    ('{{ complexity("NOSUCHCMD") }}', 1, "NOSUCHCMD", "has no 'NOSUCHCMD'"),
    ('{{ complexity("ZSCORE", 3) }}', 1, "ZSCORE", "has 1 O(…) term"),
    ('\n\n{{ receipt("no.such.receipt") }}', 3, "no.such.receipt", "no receipt 'no.such.receipt'"),
    ('{{ facts("redis") }}', 1, "facts", "unknown macro"),
])
def test_a_bad_reference_names_file_line_and_key(text, line, key, says):
    with pytest.raises(ContentError) as err:
        macros.expand(text, ctx(), "docs/redis/page.md", first_line=1)
    (problem,) = err.value.problems
    assert problem.file == "docs/redis/page.md" and problem.line == line
    assert key in problem.field and says in problem.message, problem


def test_fact_tables_are_generated_and_bad_rows_fail():
    table = macros.expand("```facts\ntable: redis-commands\nrows:\n  ZSCORE: 查哈希表\n  ZRANGEBYSCORE: ''\n```",
                          ctx(), "x.md")
    assert "| `ZSCORE` | O(1) | 1.2.0 | 查哈希表 |" in table
    assert "6.2.0 起弃用" in table
    config = macros.expand("```facts\ntable: config\nsystem: redis\nrows:\n  maxmemory-policy: 淘汰策略\n```", ctx(), "x.md")
    assert "| `maxmemory-policy` | `noeviction` | 淘汰策略 |" in config
    with pytest.raises(ContentError) as err:
        macros.expand("正文\n\n```facts\ntable: config\nsystem: redis\nrows:\n  nope-nope: x\n```", ctx(), "d.md")
    assert err.value.problems[0].line == 3 and "nope-nope" in err.value.problems[0].message


def test_receipts_render_with_their_context_and_link():
    r = receipts.Receipt("t.x", 481.234, "µs", "measure", "tests/t.py::test_x", {"Redis": "Redis 7.0.15"},
                         2, 0.41, "AMD EPYC", "2026-12-07", "abc1234")
    c = macros.Context(facts.snapshots(), {"t.x": r}, "../receipts.md")
    out = macros.expand('耗时 {{ receipt("t.x") }}；值 {{ receipt("t.x", "value") }}；{{ receipt_context("t.x") }}', c, "x.md")
    assert '[481 µs](../receipts.md#r-t-x "Redis 7.0.15，2 核（1 分钟负载 0.41），AMD EPYC，2026-12-07，提交 abc1234")' in out
    assert "值 481；Redis 7.0.15，2 核" in out
    assert receipts.format_value(2.6049) == "2.6" and receipts.format_value(0.01234) == "0.0123"


def test_every_committed_receipt_names_a_test_that_exists():
    from mianjing import ROOT, proofs

    for r in receipts.committed().values():
        problem = proofs.check_test(r.test.split("[")[0], ROOT)
        assert problem is None, f"receipt {r.name}: {problem}"


def test_the_typed_fact_scanner_finds_typed_and_wrong_values():
    snaps = facts.snapshots()
    text = ("ZSCORE 的复杂度是 O(log N)。\n"
            "ZADD 是 {{ complexity(\"ZADD\") }}，ZRANK 是 {{ complexity(\"ZSCORE\") }}。\n"
            "`maxmemory-samples` 默认 5，`hz`（10）。\n"
            "- claim: ZSCORE 是 O(N)\n原答案说「ZSCORE 是 O(N)」。\n")
    found = [str(f) for f in typed.complexity_findings("p.md", text, snaps) + typed.default_findings("p.md", text, snaps)]
    assert any("p.md:1: ZSCORE … O(log N) is typed" in f and "COMMAND DOCS says 'O(1)'" in f for f in found), found
    assert any("p.md:2: ZRANK is followed by the complexity of ZSCORE" in f for f in found), found
    assert any("p.md:3: maxmemory-samples default '5' is typed" in f for f in found), found
    assert not any(":4:" in f or ":5:" in f for f in found), found   # quoted wrong claims are exempt
    assert len(found) == 3, found


def test_no_page_types_a_complexity_or_default_by_hand():
    found = typed.scan()
    assert not found, "typed facts (use the macros; see CONTRIBUTING):\n" + "\n".join(map(str, found))


def test_a_changed_outcome_fails_naming_both_values():
    committed = receipts.committed()
    name = "isolation.mariadb.rr.p4"
    old = committed[name]
    flipped = receipts.Receipt(name, "prevented" if old.value == "possible" else "possible", "", "outcome", old.test)
    problem = receipts.outcome_problem(flipped, committed)
    assert problem.startswith(f"outcome changed: receipt {name}: committed {old.value!r}") and repr(flipped.value) in problem
    assert receipts.outcome_problem(old, committed) is None
    unknown = receipts.Receipt("isolation.mariadb.rr.new-case", "possible", "", "outcome", old.test)
    assert "has no committed receipt" in receipts.outcome_problem(unknown, committed)


def test_the_measured_number_scanner_flags_typed_runs_and_respects_declared_exceptions():
    text = ("## 详解\n\n耗时 3.2 ms。\n\n## 动手验证\n\n一次运行 481 µs，快了 185 倍；放大 100 倍。\n"
            "`seconds=4` 与 {{ receipt(\"x\") }}。\n按假设推算 2 ms。<!-- 非实测：假设的 fsync 延迟 -->\n\n## 追问\n")
    found = [str(f) for f in typed.measured_findings("p.md", text)]
    assert len(found) == 2 and all(":7:" in f for f in found), found   # 481 µs and 185 倍; not 详解, not design


def test_no_measured_number_is_typed_in_a_proof_section_or_notebook():
    found = typed.scan_measured()
    assert not found, "measured numbers typed by hand (cite a receipt; see CONTRIBUTING):\n" + "\n".join(map(str, found))
