"""Mermaid diagrams, pre-rendered to SVG so readers download no Mermaid JavaScript.

    python -m mianjing.diagrams          # make diagrams: render every ```mermaid fence in docs/
    python -m mianjing.diagrams --check  # list fences without a cached SVG, render nothing

`make diagrams` renders each fence in headless Chromium (the site's own Mermaid, from
node_modules, served on 127.0.0.1) in a light and a dark theme and stores the SVGs in
docs/assets/diagrams/<key>.light.svg and .dark.svg, committed with the pages. The key is the
SHA-256 of the diagram's source and of RENDER_SETTINGS, so a changed diagram (or a changed
theme) has no cached SVG until `make diagrams` runs again.

The build (mianjing/hooks.py, on_page_markdown → replace_fences) needs no browser: it swaps each
fence for the two cached images, shown by CSS according to the colour scheme
(docs/assets/stylesheets/extra.css), and fails naming the file and line when a diagram has no
fresh SVG.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from . import DOCS, ROOT

CACHE = DOCS / "assets" / "diagrams"
MERMAID_DIST = ROOT / "node_modules" / "mermaid" / "dist"
THEMES = {"light": "default", "dark": "dark"}
# The site's font stack (extra.css): labels are measured with the CJK font the renderer has
# (Noto Sans CJK on Debian) and drawn with the reader's own system font. No font is embedded.
FONT = ('-apple-system, BlinkMacSystemFont, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", '
        '"Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif')
# Everything that changes the rendered SVG besides the source: part of the cache key.
# htmlLabels false: labels are SVG <text>, not HTML in <foreignObject>, so the SVG displays
# as an <img> and prints the same in every browser.
RENDER_SETTINGS = {"version": 1, "securityLevel": "strict", "fontFamily": FONT, "htmlLabels": False,
                   "flowchart": {"htmlLabels": False}, "themes": THEMES}

FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
MERMAID_INFO = re.compile(r"^\{?\s*\.?mermaid\b")


class DiagramError(Exception):
    pass


@dataclass(frozen=True)
class Fence:
    file: str      # path shown in messages, e.g. docs/redis/zrangebyscore-complexity.md
    line: int      # 1-based line of the opening fence in that file
    start: int     # index of the opening line in the scanned text
    end: int       # index one past the closing line
    indent: str
    source: str    # the diagram, without the fence's indentation

    @property
    def key(self) -> str:
        return diagram_key(self.source)


def normalize(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip("\n").splitlines()).strip() + "\n"


def diagram_key(source: str) -> str:
    settings = json.dumps(RENDER_SETTINGS, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256((settings + "\n" + normalize(source)).encode("utf-8")).hexdigest()


def find_fences(text: str, file: str = "<markdown>", first_line: int = 1) -> list[Fence]:
    """Every ```mermaid (or ~~~mermaid) fence in text, at any indentation (admonitions, tabs,
    lists). Fences inside other fences (a Markdown example showing a diagram) are not diagrams."""
    lines = text.split("\n")
    fences, i = [], 0
    while i < len(lines):
        m = FENCE_OPEN.match(lines[i])
        if not m:
            i += 1
            continue
        indent, fence, info = m["indent"], m["fence"], m["info"].strip()
        close = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        j = i + 1
        while j < len(lines) and not close.match(lines[j]):
            j += 1
        if MERMAID_INFO.match(info):
            body = [line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines[i + 1:j]]
            fences.append(Fence(file, first_line + i, i, min(j + 1, len(lines)), indent, "\n".join(body)))
        i = j + 1
    return fences


def cache_paths(key: str, cache: Path = CACHE) -> dict[str, Path]:
    return {variant: cache / f"{key}.{variant}.svg" for variant in THEMES}


def missing(fence: Fence, cache: Path = CACHE) -> bool:
    return not all(p.is_file() and p.stat().st_size for p in cache_paths(fence.key, cache).values())


def stale_message(fences: list[Fence]) -> str:
    where = "\n".join(f"  {f.file}:{f.line}: ```mermaid diagram has no fresh pre-rendered SVG "
                      f"(docs/assets/diagrams/{f.key[:12]}….svg)" for f in fences)
    return (f"{where}\nThe diagram is new or changed since the SVGs were rendered: "
            "run `make diagrams` (renders every diagram in headless Chromium) and commit docs/assets/diagrams/.")


# --------------------------------------------------------------------------- the build's side
_SVG_TAG = re.compile(r"<svg\b[^>]*>")
_SVG_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title>", re.S)


def _image_attrs(path: Path) -> tuple[str, str, str]:
    """width, height (for the <img>, so the page does not shift as it loads) and alt text."""
    head = path.read_text(encoding="utf-8")[:20_000]
    tag = _SVG_TAG.search(head)
    size = [re.search(rf'\s{name}="([\d.]+)"', tag.group(0)) if tag else None for name in ("width", "height")]
    width, height = (str(round(float(m.group(1)))) if m else "" for m in size)
    title = _SVG_TITLE.search(head)
    return width, height, html.unescape(title.group(1)) if title else "Mermaid 图"


def replace_fences(markdown: str, src_path: str | Path | None, docs_dir: Path = DOCS,
                   cache: Path | None = None, first_line: int | None = None) -> str:
    """The page's Markdown with each mermaid fence replaced by its two cached SVG images.
    Raises DiagramError naming file:line when a diagram has no fresh SVG."""
    if "mermaid" not in markdown:
        return markdown
    docs_dir = Path(docs_dir)
    cache = cache or docs_dir / "assets" / "diagrams"
    src_path = Path(src_path) if src_path else docs_dir / "<generated>.md"
    try:
        shown = src_path.resolve().relative_to(docs_dir.resolve().parent).as_posix()
    except ValueError:
        shown = str(src_path)
    if first_line is None:
        first_line = 1
        try:  # MkDocs passes the Markdown without its front matter: count the lines it had
            raw = src_path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
            if markdown and raw.endswith(markdown):
                first_line = raw[: len(raw) - len(markdown)].count("\n") + 1
        except OSError:
            pass
    fences = find_fences(markdown, shown, first_line)
    if not fences:
        return markdown
    bad = [f for f in fences if missing(f, cache)]
    if bad:
        raise DiagramError(stale_message(bad))
    lines = markdown.split("\n")
    for fence in reversed(fences):
        images = []
        for variant, path in cache_paths(fence.key, cache).items():
            width, height, alt = _image_attrs(path)
            rel = Path(os.path.relpath(path, src_path.parent)).as_posix()
            alt = re.sub(r"[`\\\n]", " ", alt).replace("[", "［").replace("]", "］")  # plain text in ![…]
            images.append(f'![{alt}]({rel}){{ .diagram-{variant} .off-glb width="{width}" height="{height}" '
                          f'loading="lazy" decoding="async" }}')
        block = ["", *(fence.indent + line for line in images), fence.indent + "{ .diagram-mermaid }", ""]
        lines[fence.start:fence.end] = block
    return "\n".join(lines)


# --------------------------------------------------------------------------- make diagrams
RENDER_PAGE = """<!doctype html><html><head><meta charset="utf-8"></head>
<body style="margin:0;width:1200px"><div id="out"></div>
<script type="module">
  import mermaid from "./mermaid.esm.min.mjs";
  window.renderDiagram = async (id, source, theme, settings) => {
    mermaid.initialize({startOnLoad: false, theme, securityLevel: settings.securityLevel,
                        fontFamily: settings.fontFamily, htmlLabels: settings.htmlLabels,
                        flowchart: settings.flowchart});
    const {svg} = await mermaid.render(id, source);
    const box = document.getElementById("out");
    box.innerHTML = svg;
    const el = box.querySelector("svg");
    const [, , w, h] = el.getAttribute("viewBox").split(/[\\s,]+/).map(Number);
    el.setAttribute("width", String(Math.ceil(w)));
    el.setAttribute("height", String(Math.ceil(h)));
    el.removeAttribute("style");
    el.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    const labels = [...new Set([...el.querySelectorAll("text")].map(t => t.textContent.trim()).filter(Boolean))];
    const alt = ("图示：" + labels.join("、")).slice(0, 300);
    if (!el.querySelector(":scope > title")) {
      const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
      title.textContent = alt;
      el.insertBefore(title, el.firstChild);
    }
    const xml = new XMLSerializer().serializeToString(el);
    box.innerHTML = "";
    return xml;
  };
  window.rendererReady = true;
</script></body></html>"""


def docs_fences(docs: Path = DOCS) -> list[Fence]:
    fences = []
    for path in sorted(docs.rglob("*.md")):
        text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        if "mermaid" in text:
            fences += find_fences(text, str(path.relative_to(docs.parent)))
    return fences


_TAG = re.compile(r"<[^>!?][^>]*>")
_LONG_FLOAT = re.compile(r"(-?\d+\.\d{2})\d+")
_UNUSED_ATTR = re.compile(r'\sdata-(?:points|id|et|look|node)="[^"]*"')  # for interactivity, not drawing


def _minify(svg: str) -> str:
    """Smaller SVG, drawn the same: coordinates to 1/100 px, no data for interactivity.
    Only tags are touched, never text (a label may contain numbers)."""
    svg = re.sub(r">\s+<", "><", svg)
    svg = _TAG.sub(lambda m: _LONG_FLOAT.sub(r"\1", _UNUSED_ATTR.sub("", m.group(0))), svg)
    return svg.strip() + "\n"


def render_all(fences: list[Fence], cache: Path = CACHE) -> list[str]:
    """Render fences whose SVGs are missing; returns error messages (file:line: why)."""
    from .browser import chromium, serve_dir

    todo = {f.key: f for f in fences if missing(f, cache)}
    if not todo:
        return []
    if not (MERMAID_DIST / "mermaid.esm.min.mjs").is_file():
        return [f"{MERMAID_DIST}/mermaid.esm.min.mjs is missing: run `npm ci` (make diagrams does)"]
    cache.mkdir(parents=True, exist_ok=True)
    errors = []
    with serve_dir(MERMAID_DIST) as base, chromium() as browser:
        page = browser.new_page()
        page.route(base + "render.html", lambda route: route.fulfill(body=RENDER_PAGE, content_type="text/html"))
        page.goto(base + "render.html")
        page.wait_for_function("() => window.rendererReady === true", timeout=30_000)
        for n, (key, fence) in enumerate(todo.items()):
            try:
                out = {variant: page.evaluate("([i, s, t, o]) => window.renderDiagram(i, s, t, o)",
                                              [f"d{key[:10]}-{variant}", fence.source, theme, RENDER_SETTINGS])
                       for variant, theme in THEMES.items()}
            except Exception as exc:  # a syntax error in the diagram, reported with its place
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                errors.append(f"{fence.file}:{fence.line}: Mermaid could not render this diagram: {message}")
                page.goto(base + "render.html")  # a failed render can leave Mermaid's state behind
                page.wait_for_function("() => window.rendererReady === true", timeout=30_000)
                continue
            for variant, path in cache_paths(key, cache).items():
                path.write_text(_minify(out[variant]), encoding="utf-8")
            print(f"  rendered {fence.file}:{fence.line} → {key[:12]} ({n + 1}/{len(todo)})")
    return errors


def prune(fences: list[Fence], cache: Path = CACHE) -> list[Path]:
    """Delete cached SVGs no diagram uses any more."""
    used = {p for f in fences for p in cache_paths(f.key, cache).values()}
    removed = [p for p in cache.glob("*.svg") if p not in used]
    for p in removed:
        p.unlink()
    return removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="render nothing; fail if a diagram has no fresh SVG")
    parser.add_argument("--keep", action="store_true", help="keep cached SVGs no diagram uses")
    args = parser.parse_args(argv)
    fences = docs_fences()
    if args.check:
        bad = [f for f in fences if missing(f)]
        if bad:
            print(stale_message(bad), file=sys.stderr)
            return 1
        print(f"{len(fences)} diagrams, all pre-rendered")
        return 0
    errors = render_all(fences)
    removed = [] if args.keep else prune(fences)
    total = sum(p.stat().st_size for p in CACHE.glob("*.svg")) if CACHE.is_dir() else 0
    print(f"{len(fences)} diagrams ({len({f.key for f in fences})} distinct) in {CACHE.relative_to(ROOT)}: "
          f"{total / 1024:.0f} KiB of SVG; {len(removed)} unused SVGs removed")
    for e in errors:
        print(e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
