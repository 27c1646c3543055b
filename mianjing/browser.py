"""The system's Chromium, driven by Playwright (which never downloads a browser here), and a
static server for a built site on 127.0.0.1. Used by the browser tests, the PDF and the benchmarks."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import io
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

from .servers import ServerUnavailable

# --no-sandbox: runs as root in CI; the rest keep Chromium from calling home (the network is closed).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-default-apps", "--disable-dev-shm-usage"]


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    raise ServerUnavailable("Chromium is not installed: `make test` installs it, "
                            "or `sudo apt-get install -y chromium fonts-noto-cjk`")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map")


class _GzipHandler(_QuietHandler):
    """Compress text as a static host such as GitHub Pages does (gzip), so measured transfer
    sizes are what a reader downloads."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (not path.is_file() or not path.name.endswith(COMPRESSIBLE)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve_dir(directory: Path, compress: bool = False) -> Iterator[str]:
    """Serve a built site on a free port of 127.0.0.1; yields its base URL (ending in '/')."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def chromium() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# Material's own Mermaid loader (never used by this site's pages: diagrams are pre-rendered SVG)
# would render into a closed shadow root; open it for inspection.
OPEN_SHADOW_ROOTS = """
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { return attach.call(this, {...init, mode: "open"}); };
"""
# Diagrams are <img> of pre-rendered SVG (mianjing/diagrams.py), lazy-loaded: load them all now
# (for a PDF or a full-page check).
LOAD_ALL_IMAGES = "() => document.querySelectorAll('img[loading=lazy]').forEach(i => { i.loading = 'eager'; })"
# Every diagram shows its image for the current colour scheme (or print), and no diagram is left
# as Mermaid source.
DIAGRAMS_RENDERED = """() => !document.querySelector('pre.diagram-mermaid, pre.mermaid, code.language-mermaid') &&
    [...document.querySelectorAll('.diagram-mermaid')].every(d =>
        [...d.querySelectorAll('img')].filter(i => getComputedStyle(i).display !== 'none')
            .some(i => i.complete && i.naturalWidth > 0))"""
# Math is typeset when it nears the screen (docs/assets/javascripts/math.js): typeset it all.
RENDER_ALL_MATH = "() => window.mianjingRenderAllMath ? window.mianjingRenderAllMath() : null"
MATH_RENDERED = """() => [...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('.katex'))"""
