"""Serve KaTeX (and a fallback Mermaid) from the site itself: copy them from node_modules, point
Material at them. Diagrams themselves are pre-rendered to SVG (mianjing/diagrams.py)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import ROOT
from .theme_patch import ThemePatchError, replace_once

NODE_MODULES = ROOT / "node_modules"
# (source under node_modules, destination under site/assets/vendor)
VENDORED = [
    ("mermaid/dist/mermaid.min.js", "mermaid/mermaid.min.js"),  # only for Material's own loader (below)
    # only for the notebook template's loader (below): fetched by a notebook with a Mermaid cell
    ("mermaid/dist/mermaid.esm.min.mjs", "mermaid/mermaid.esm.min.mjs"),
    ("mermaid/dist/chunks/mermaid.esm.min", "mermaid/chunks/mermaid.esm.min"),
    ("katex/dist/katex.min.js", "katex/katex.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),
    ("katex/dist/contrib/auto-render.min.js", "katex/contrib/auto-render.min.js"),
    ("katex/dist/fonts", "katex/fonts"),
]
# Diagrams are pre-rendered SVG images: no page loads Mermaid. Defence in depth: Material's own
# Mermaid loader (it runs on any element with class="mermaid", e.g. raw HTML in a page) would
# fetch from a CDN; point it at the served copy instead (tests/browser proves it stays local).
MERMAID_CDN = '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"'
# Resolved against the bundle's own URL, so it works on every page, the print page included.
MERMAID_LOCAL = ('new URL("../vendor/mermaid/mermaid.min.js",'
                 'document.querySelector(\'script[src*="javascripts/bundle."]\').src).href')
# Notebook pages (mkdocs-jupyter, nbconvert's template) import Mermaid from cdnjs when a notebook
# has a Mermaid cell: import the served ES module instead (__md_scope is the site's root URL,
# set by Material on every page), and no ELK layouts (not served).
NOTEBOOK_MERMAID = re.compile(r'import\("https://cdnjs\.cloudflare\.com/ajax/libs/mermaid/[^"]+/mermaid\.esm\.min\.mjs"\)')
NOTEBOOK_MERMAID_LOCAL = 'import(new URL("assets/vendor/mermaid/mermaid.esm.min.mjs", __md_scope).href)'
NOTEBOOK_ELK = re.compile(r'const elkUrl = "https://[^"]*";')


class AssetError(Exception):
    pass


def copy_vendored(site_dir: Path, node_modules: Path = NODE_MODULES) -> None:
    for src, dst in VENDORED:
        source = node_modules / src
        if not source.exists():
            raise AssetError(f"{source} is missing: run `npm ci` (make serve and make test do) "
                             "so Mermaid and KaTeX are served from the site, not a CDN")
        target = site_dir / "assets" / "vendor" / dst
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, dirs_exist_ok=True)
        else:
            shutil.copy2(source, target)


def point_material_at_local_mermaid(site_dir: Path) -> None:
    """Material's Mermaid loader, and the notebook template's, load the site's own copy."""
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    try:
        replace_once(bundles, MERMAID_CDN, MERMAID_LOCAL, "Mermaid must stay served from the site")
    except ThemePatchError as exc:
        raise AssetError(str(exc)) from None
    for page in site_dir.rglob("*.html"):  # notebook pages and the print page that includes them
        text = page.read_text(encoding="utf-8")
        if "cdnjs.cloudflare.com/ajax/libs/mermaid" not in text:
            continue
        text = NOTEBOOK_ELK.sub('const elkUrl = "";', NOTEBOOK_MERMAID.sub(NOTEBOOK_MERMAID_LOCAL, text))
        if "cdnjs.cloudflare.com/ajax/libs/mermaid" in text:
            raise AssetError(f"{page.relative_to(site_dir)}: the notebook template loads Mermaid from cdnjs in a way "
                             "mianjing/assets.py does not recognise; update it so Mermaid stays served from the site")
        page.write_text(text, encoding="utf-8")
