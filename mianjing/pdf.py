"""The whole site as one PDF, printed by headless Chromium from the print page (/print_page/).

    python -m mianjing.pdf SITE_DIR OUT.pdf     # make pdf does this after a strict build
"""

from __future__ import annotations

import sys
from pathlib import Path

from .browser import (
    DIAGRAMS_RENDERED,
    LOAD_ALL_IMAGES,
    MATH_RENDERED,
    OPEN_SHADOW_ROOTS,
    RENDER_ALL_MATH,
    chromium,
    serve_dir,
)


def make_pdf(site_dir: Path, out: Path) -> int:
    """Print site_dir/print_page/ to out; returns the number of pages."""
    if not (site_dir / "print_page" / "index.html").exists():
        raise SystemExit(f"{site_dir}/print_page/index.html is missing: build with MIANJING_PRINT_PAGE=true (make pdf does)")
    with serve_dir(site_dir) as base, chromium() as browser:
        context = browser.new_context(locale="zh-CN")
        context.add_init_script(OPEN_SHADOW_ROOTS)
        page = context.new_page()
        page.emulate_media(media="print", color_scheme="light")
        page.goto(base + "print_page/", wait_until="networkidle")
        page.evaluate(LOAD_ALL_IMAGES)  # diagrams are lazy <img>: load them all before printing
        page.wait_for_function(DIAGRAMS_RENDERED, timeout=60_000)
        page.wait_for_function("() => typeof window.mianjingRenderAllMath === 'function'", timeout=30_000)
        page.evaluate(RENDER_ALL_MATH)  # math is typeset as it nears the screen: all of it now
        page.wait_for_function(MATH_RENDERED, timeout=60_000)
        # print-site copies the sidebar's table of contents, which lists the site once per
        # section here: keep the first entry for each link.
        page.evaluate("""() => {
            const seen = new Set();
            for (const li of document.querySelectorAll('#print-page-toc nav li')) {
                const a = li.querySelector(':scope > a');
                const key = a ? a.getAttribute('href') : li.textContent;
                if (seen.has(key)) li.remove(); else seen.add(key);
            }
        }""")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 margin={"top": "16mm", "bottom": "16mm", "left": "14mm", "right": "14mm"},
                 display_header_footer=True, header_template="<span></span>",
                 footer_template='<div style="font-size:8px;width:100%;text-align:center">'
                                 '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')
        context.close()
    return out.read_bytes().count(b"/Type /Page\n") or out.read_bytes().count(b"/Type/Page")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    pages = make_pdf(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"wrote {sys.argv[2]} ({Path(sys.argv[2]).stat().st_size // 1024} KiB, {pages} pages)")
