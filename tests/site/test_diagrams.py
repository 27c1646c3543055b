"""Mermaid diagrams are pre-rendered (make diagrams → docs/assets/diagrams/): every diagram has a
fresh SVG, the build swaps fences for them without a browser, and a changed diagram fails the
build naming the file, the line and the command to run."""

import xml.etree.ElementTree as ET

import pytest

from mianjing import ROOT, diagrams
from tests.site.build import build, copy_project

SVG = "{http://www.w3.org/2000/svg}"


def test_every_diagram_on_the_site_has_a_fresh_svg():
    fences = diagrams.docs_fences()
    assert fences, "no ```mermaid fence found under docs/"
    stale = [f for f in fences if diagrams.missing(f)]
    assert not stale, diagrams.stale_message(stale)


def test_cached_svgs_are_small_standalone_images_and_all_used():
    fences = diagrams.docs_fences()
    used = {p for f in fences for p in diagrams.cache_paths(f.key).values()}
    cached = set(diagrams.CACHE.glob("*.svg"))
    assert not cached - used, f"SVGs no diagram uses (make diagrams removes them): {sorted(p.name for p in cached - used)[:5]}"
    total = 0
    for path in used:
        text = path.read_text(encoding="utf-8")
        total += len(text.encode())
        root = ET.fromstring(text)  # well-formed XML: displayable as <img>
        assert root.tag == f"{SVG}svg" and root.get("width") and root.get("height"), path.name
        assert root.find(f"{SVG}title") is not None and root.find(f"{SVG}title").text, f"{path.name}: no alt text"
        assert root.find(f".//{SVG}foreignObject") is None, f"{path.name}: HTML labels do not show in <img>"
        assert root.find(f".//{SVG}script") is None, path.name
        for bad in ("@font-face", "data:font", "url(http", 'href="http'):
            assert bad not in text, f"{path.name}: {bad} (no embedded or remote fonts or images)"
        assert len(text.encode()) < 150_000, f"{path.name}: {len(text.encode())} bytes"
    assert total < 150_000 * max(1, len(fences)), total


def test_fences_are_found_at_any_indentation_and_not_inside_other_fences():
    text = "\n".join([
        "# t",                                      # 1
        "```mermaid",                               # 2
        "graph LR",
        "  A --> B",
        "```",
        '!!! note "图"',                            # 6
        "",
        "    ```mermaid",                           # 8
        "    graph TD",
        "      X --> Y",
        "    ```",
        '=== "甲"',                                 # 12
        "",
        "    ~~~~mermaid",                          # 14
        "    sequenceDiagram",
        "    ~~~~",
        "````markdown",                             # 17: an example of Markdown, not a diagram
        "```mermaid",
        "graph LR",
        "```",
        "````",
    ])
    fences = diagrams.find_fences(text, "docs/x.md", first_line=1)
    assert [(f.line, f.indent, f.source) for f in fences] == [
        (2, "", "graph LR\n  A --> B"),
        (8, "    ", "graph TD\n  X --> Y"),
        (14, "    ", "sequenceDiagram"),
    ]
    assert diagrams.diagram_key("graph LR\n  A --> B\n\n") == diagrams.diagram_key("graph LR\n  A --> B")
    assert diagrams.diagram_key("graph LR\n  A --> B") != diagrams.diagram_key("graph LR\n  A --> C")


def _fake_cache(cache, source):
    cache.mkdir(parents=True, exist_ok=True)
    for variant, path in diagrams.cache_paths(diagrams.diagram_key(source), cache).items():
        path.write_text(f'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><title>图示：{variant}</title>'
                        '<rect width="40" height="20"/></svg>\n', encoding="utf-8")


def test_replace_fences_gives_both_images_and_names_file_and_line(tmp_path):
    docs = tmp_path / "docs"
    page = docs / "topic" / "page.md"
    page.parent.mkdir(parents=True)
    markdown = "正文\n\n!!! note\n\n    ```mermaid\n    graph TD\n      X --> Y\n    ```\n\n尾\n"
    page.write_text("---\ntitle: t\n---\n" + markdown, encoding="utf-8")
    with pytest.raises(diagrams.DiagramError) as err:
        diagrams.replace_fences(markdown, page, docs)
    assert "docs/topic/page.md:8:" in str(err.value) and "make diagrams" in str(err.value)  # front matter counted
    _fake_cache(docs / "assets" / "diagrams", "graph TD\n  X --> Y")
    out = diagrams.replace_fences(markdown, page, docs)
    assert "```" not in out and "graph TD" not in out
    assert '    ![图示：light](../assets/diagrams/' in out and ".light.svg){ .diagram-light .off-glb" in out
    assert ".dark.svg){ .diagram-dark .off-glb" in out and "    { .diagram-mermaid }" in out
    assert 'width="40" height="20"' in out


@pytest.mark.slow
def test_changed_diagram_fails_the_build_and_indented_diagrams_build(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    # a page with diagrams in an admonition and in content tabs (their SVGs made up here: no browser)
    probe = project / "docs" / "diagram-probe.md"
    probe.write_text('# 图示探针\n\n!!! note "图"\n\n    ```mermaid\n    graph TD\n      X --> Y\n    ```\n\n'
                     '=== "甲"\n\n    ```mermaid\n    graph LR\n      P --> Q\n    ```\n', encoding="utf-8")
    for source in ("graph TD\n  X --> Y", "graph LR\n  P --> Q"):
        _fake_cache(project / "docs" / "assets" / "diagrams", source)
    result = build(project, tmp_path / "out")
    assert result.returncode == 0, result.stdout + result.stderr
    html = (tmp_path / "out" / "diagram-probe" / "index.html").read_text(encoding="utf-8")
    assert html.count('class="diagram-mermaid"') == 2 and "language-mermaid" not in html
    assert '<div class="admonition note">' in html and html.count('class="diagram-light off-glb"') == 2
    assert 'src="../assets/diagrams/' in html

    # change a real diagram: the build stops at its line and says what to run
    fence = next(f for f in diagrams.docs_fences(project / "docs"))
    target = project / fence.file
    lines = target.read_text(encoding="utf-8").split("\n")
    first = lines[fence.line]  # the line after the opening fence: the diagram's first line
    lines[fence.line] = first + "\n" + fence.indent + "    changed_node_for_test"
    target.write_text("\n".join(lines), encoding="utf-8")
    result = build(project, tmp_path / "out2")
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert f"{fence.file}:{fence.line}:" in output and "run `make diagrams`" in output, output
