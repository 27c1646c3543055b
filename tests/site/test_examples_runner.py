"""Examples in Markdown pages and doctests in snippets are run, and a failing one fails the suite
with a message naming the file (fences inside admonitions and tabs, and fences with titles, too)."""

import shutil
import subprocess
import sys
import textwrap

from mianjing import ROOT

PAGE = textwrap.dedent('''\
    # 示例

    !!! note "提示框里的例子"

        ```python title="demo.py"
        >>> 1 + 1
        3
        ```

    === "标签页里的例子"

        ```python
        >>> sorted({3, 1, 2})
        [1, 2, 3]
        ```
    ''')
SNIPPET = 'def double(x):\n    """\n    >>> double(2)\n    5\n    """\n    return 2 * x\n'


def run_pytest(project, *paths):
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--doctest-modules",
                           "--rootdir", str(project), "-c", str(project / "pytest.ini"), *paths],
                          cwd=project, capture_output=True, text=True, timeout=120)


def test_failing_examples_fail_naming_the_file(tmp_path):
    shutil.copy(ROOT / "conftest.py", tmp_path / "conftest.py")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    (tmp_path / "snippets").mkdir()
    (tmp_path / "snippets" / "demo.py").write_text(SNIPPET, encoding="utf-8")

    result = run_pytest(tmp_path, "docs", "snippets")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "2 failed, 1 passed" in out, out                 # the admonition's and the snippet's fail; the tab's passes
    assert "docs/page.md, line 6" in out, out              # names the page and the line of the example
    assert "demo.double" in out and "Expected:\n    5\nGot:\n    4" in out, out
