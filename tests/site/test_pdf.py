"""make pdf: the whole site printed by headless Chromium, with its contents, Chinese text,
diagrams and code intact (checked through pdftotext)."""

import shutil
import subprocess

from mianjing.pdf import make_pdf
from mianjing.servers import ServerUnavailable
from tests.conftest import unavailable


def test_pdf_of_the_whole_site(built_site, tmp_path):
    if shutil.which("pdftotext") is None:
        unavailable("pdftotext is not installed: `make test` installs it, or `sudo apt-get install -y poppler-utils`")
    out = tmp_path / "mianjing.pdf"
    try:
        pages = make_pdf(built_site, out)
    except ServerUnavailable as exc:
        unavailable(str(exc))
    assert pages > 20
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    assert "目录" in text                                   # table of contents
    assert "ZRANGEBYSCORE 的时间复杂度" in text              # Chinese text and page titles
    assert "第 0 层" in text                                 # a Mermaid diagram's labels (rendered SVG text)
    assert "def fill(r, key: str, n: int" in text           # code from snippets/, included into the page
    toc = text.split("目录", 1)[1].split("\f", 1)[0]  # the table-of-contents page
    assert toc.count("ZRANGEBYSCORE 的时间复杂度") == 1, "the table of contents lists each page once"
