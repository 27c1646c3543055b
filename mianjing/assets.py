"""Serve Mermaid and KaTeX from the site itself: copy them from node_modules, point Material at them."""

from __future__ import annotations

import shutil
from pathlib import Path

from . import ROOT

NODE_MODULES = ROOT / "node_modules"
# (source under node_modules, destination under site/assets/vendor)
VENDORED = [
    ("mermaid/dist/mermaid.esm.min.mjs", "mermaid/mermaid.esm.min.mjs"),
    ("mermaid/dist/chunks/mermaid.esm.min", "mermaid/chunks/mermaid.esm.min"),
    ("mermaid/dist/mermaid.min.js", "mermaid/mermaid.min.js"),  # only for Material's own loader (below)
    ("katex/dist/katex.min.js", "katex/katex.min.js"),
    ("katex/dist/katex.min.css", "katex/katex.min.css"),
    ("katex/dist/contrib/auto-render.min.js", "katex/contrib/auto-render.min.js"),
    ("katex/dist/fonts", "katex/fonts"),
]
# Diagrams are rendered by docs/assets/javascripts/diagrams.js. Material's own Mermaid loader
# (for <pre class="mermaid">) would fetch from a CDN; point it at the served copy instead.
MERMAID_CDN = '"https://unpkg.com/mermaid@11/dist/mermaid.min.js"'
# Resolved against the bundle's own URL, so it works on every page, the print page included.
MERMAID_LOCAL = ('new URL("../vendor/mermaid/mermaid.min.js",'
                 'document.querySelector(\'script[src*="javascripts/bundle."]\').src).href')


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
    bundles = list((site_dir / "assets" / "javascripts").glob("bundle.*.min.js"))
    if not bundles:
        raise AssetError(f"no Material bundle under {site_dir}/assets/javascripts")
    for bundle in bundles:
        text = bundle.read_text(encoding="utf-8")
        if MERMAID_LOCAL in text:
            continue
        if MERMAID_CDN not in text:
            raise AssetError(f"{bundle.name}: Material no longer loads Mermaid from {MERMAID_CDN}; "
                             "update mianjing/assets.py so Mermaid stays served from the site")
        bundle.write_text(text.replace(MERMAID_CDN, MERMAID_LOCAL), encoding="utf-8")
        for stale in bundle.parent.glob(bundle.name + ".map"):
            stale.unlink()
