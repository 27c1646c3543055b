"""Flashcards from the practice items: an Anki deck (.apkg, built with genanki) and a plain TSV.

Stable identity, so re-importing an updated deck updates cards instead of duplicating them:
- the note type and the deck have fixed ids (below);
- each note's GUID is derived from its practice item's id (mianjing/practice.py), which does not
  change when an answer is edited.

Card content is HTML: Markdown rendered with the site's own extensions where they make sense in
Anki; math is left as \\( … \\) / \\[ … \\], which Anki's desktop client typesets with MathJax; code
keeps <pre><code>. Each card links to its answer page on the published site.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from pathlib import Path

import genanki
import markdown as md

from .practice import Item

MODEL_ID = 1_733_561_203        # fixed: the note type 实证面经 问答
DECK_ID = 1_733_561_204         # fixed: the deck 实证面经
APKG = "downloads/mianjing.apkg"
TSV = "downloads/mianjing.tsv"
CSS = """.card { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; font-size: 18px;
  text-align: left; color: #1f2328; background: #fff; line-height: 1.6; }
.nightMode .card, .card.nightMode { color: #e6edf3; background: #0d1117; }
pre { background: rgba(127,127,127,.12); padding: .6em; overflow-x: auto; }
code { font-family: "Noto Sans Mono CJK SC", monospace; font-size: .9em; }
table { border-collapse: collapse; } td, th { border: 1px solid #888; padding: .2em .5em; }
.source { font-size: .8em; margin-top: 1em; }"""

MODEL = genanki.Model(
    MODEL_ID, "实证面经 问答",
    fields=[{"name": "Id"}, {"name": "Question"}, {"name": "Answer"}, {"name": "Page"}],
    templates=[{
        "name": "问答",
        "qfmt": "{{Question}}",
        "afmt": '{{FrontSide}}<hr id="answer">{{Answer}}<div class="source">{{Page}}</div>',
    }],
    css=CSS,
    sort_field_index=1,
)
_EXTENSIONS = ["tables", "fenced_code", "pymdownx.arithmatex", "pymdownx.tilde", "attr_list", "md_in_html"]
_EXT_CONFIG = {"pymdownx.arithmatex": {"generic": True}}


_converter = None


def html(markdown_text: str) -> str:
    global _converter
    if _converter is None:   # one converter for every card: building one per card is most of the cost
        _converter = md.Markdown(extensions=_EXTENSIONS, extension_configs=_EXT_CONFIG)
    out = _converter.reset().convert(markdown_text)
    return re.sub(r'<span class="arithmatex">(.*?)</span>', r"\1", out, flags=re.DOTALL)


def absolute_url(item: Item, href: str, site_url: str) -> str:
    """A link of the page (relative to docs/<dir>/, to .md files) as a URL of the published site."""
    path, _, anchor = href.partition("#")
    target = item.page.file.removeprefix("docs/") if not path else \
        posixpath.normpath(posixpath.join(posixpath.dirname(item.page.file.removeprefix("docs/")), path))
    url = target.removesuffix(".md")
    url = url.removesuffix("index") if url == "index" or url.endswith("/index") else url + "/"
    return f"{site_url.rstrip('/')}/{url}" + (f"#{anchor}" if anchor else "")


def _page_url(item: Item, site_url: str) -> str:
    anchor = "#追问" if item.kind == "followup" else "#一句话回答"
    return f"{site_url.rstrip('/')}/{item.page_key}/{anchor}"


def fields(item: Item, site_url: str, question_of: dict[str, str]) -> list[str]:
    question = (f"<div>{html(question_of[item.page_key])}</div>" if item.kind == "short"
                else f"<div><small>{question_of[item.page_key]}</small></div><div>{html('**追问：**' + item.question)}</div>")
    absolute = re.sub(r'href="(?!https?:|mailto:)([^"]+)"', lambda m: f'href="{absolute_url(item, m.group(1), site_url)}"',
                      html(item.answer))
    page = f'<a href="{_page_url(item, site_url)}">{item.page.title}</a>'
    return [item.id, question, absolute, page]


def cards(items: list[Item], site_url: str, question_of: dict[str, str]) -> list[tuple[Item, list[str]]]:
    return [(item, fields(item, site_url, question_of)) for item in items]


def deck(cards_: list[tuple[Item, list[str]]]) -> genanki.Deck:
    d = genanki.Deck(DECK_ID, "实证面经")
    for item, values in cards_:
        d.add_note(genanki.Note(model=MODEL, fields=values, guid=genanki.guid_for("mianjing", item.id),
                                tags=[item.page_key.split("/")[0], item.kind]))
    return d


def write_apkg(cards_: list[tuple[Item, list[str]]], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    genanki.Package(deck(cards_)).write_to_file(str(path))


def tsv(cards_: list[tuple[Item, list[str]]]) -> str:
    """Anki's plain-text import with its header lines (separator, HTML, the GUID and tags columns)."""
    buf = io.StringIO()
    buf.write("#separator:tab\n#html:true\n#guid column:1\n#tags column:5\n")
    writer = csv.writer(buf, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    for item, (_, question, answer, page) in cards_:
        writer.writerow([genanki.guid_for("mianjing", item.id), question, answer + page, item.id,
                         f"{item.page_key.split('/')[0]} {item.kind}"])
    return buf.getvalue()


def build(items: list[Item], site_url: str, question_of: dict[str, str], cache: Path) -> tuple[bytes, str]:
    """(the .apkg's bytes, the TSV), reused from cache while no card's content changed."""
    import hashlib

    key = hashlib.sha256(json.dumps([[i.id, i.question, i.answer, i.page.title, question_of[i.page_key]]
                                     for i in items] + [site_url, MODEL_ID, CSS], ensure_ascii=False)
                         .encode("utf-8")).hexdigest()[:16]
    apkg, text = cache / f"{key}.apkg", cache / f"{key}.tsv"
    if not (apkg.exists() and text.exists()):
        cache.mkdir(parents=True, exist_ok=True)
        for old in cache.glob("*.*"):
            old.unlink()
        made = cards(items, site_url, question_of)
        write_apkg(made, apkg)
        text.write_text(tsv(made), encoding="utf-8")
    return apkg.read_bytes(), text.read_text(encoding="utf-8")
