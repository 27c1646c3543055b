"""The flashcard deck the build publishes: an Anki package with every short answer and follow-up,
stable note ids across builds, and an edited answer that changes only its own card."""

import json
import sqlite3
import zipfile

import genanki

from mianjing import ROOT, flashcards, practice
from mianjing.data import registry
from mianjing.pages import load_site
from tests.site.build import build, copy_project


def notes(apkg) -> dict[str, list[str]]:
    """guid → fields, read from the package's SQLite collection as Anki would."""
    with zipfile.ZipFile(apkg) as z:
        names = z.namelist()
        assert "collection.anki2" in names and "media" in names, names
        data = z.read("collection.anki2")
    db = apkg.parent / (apkg.name + ".sqlite")
    db.write_bytes(data)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT guid, flds FROM notes").fetchall()
        models = conn.execute("SELECT models FROM col").fetchone()[0]
    assert [m["name"] for m in json.loads(models).values()] == ["实证面经 问答"]
    return {guid: flds.split("\x1f") for guid, flds in rows}


def test_the_deck_holds_every_item_with_stable_guids(built_site):
    items = practice.items(load_site(registry()), registry())
    cards = notes(built_site / flashcards.APKG)
    assert len(cards) == len(items) > 52 * 3
    assert set(cards) == {genanki.guid_for("mianjing", i.id) for i in items}
    short = cards[genanki.guid_for("mianjing", "redis/zrangebyscore-complexity:short")]
    assert short[0] == "redis/zrangebyscore-complexity:short"
    assert "zrange by score 的时间复杂度是多少" in short[1] and "O(log(N)+M)" in short[2]
    assert 'href="https://shizheng-mianjing.github.io/mianjing/redis/zrangebyscore-complexity/#一句话回答"' in short[3]
    assert any("<code>" in f[2] for f in cards.values())   # code stays code
    html = flashcards.html("期望层数 $\\log_4 N$：\n\n```python\nx = 1\n```\n")
    assert "\\(\\log_4 N\\)" in html and "<pre><code" in html   # Anki's desktop client typesets \( … \)
    tsv = (built_site / flashcards.TSV).read_text(encoding="utf-8").splitlines()
    assert tsv[:4] == ["#separator:tab", "#html:true", "#guid column:1", "#tags column:5"]
    assert len(tsv) - 4 == len(items)


def test_rebuilding_keeps_ids_and_an_edited_answer_changes_only_its_card(built_site, tmp_path):
    before = notes(built_site / flashcards.APKG)
    project = copy_project(ROOT, tmp_path / "project")
    page = project / "docs" / "redis" / "eviction.md"
    text = page.read_text(encoding="utf-8")
    marker = "\n    a: "
    at = text.index(marker, text.index("followups:"))
    page.write_text(text[:at + len(marker)] + "改过的回答，只有这一张卡变。" + text[at + len(marker):], encoding="utf-8")
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-2000:]
    after = notes(tmp_path / "out" / flashcards.APKG)
    assert set(after) == set(before)                       # the same notes: re-import updates, never duplicates
    changed = [g for g in before if before[g] != after[g]]
    assert len(changed) == 1 and "改过的回答" in after[changed[0]][2]
    assert after[changed[0]][0].startswith("redis/eviction:")
