"""Run the examples written in the Markdown pages (docs/**/*.md) with Sybil.

- ```python fences with >>> prompts are doctests: their output is checked;
- other ```python fences are executed and must not raise;
- fences that only include a file from snippets/ (--8<--) are skipped here: that file is
  collected and tested directly (doctests in snippets/, tests in tests/).
Fences inside admonitions and content tabs (indented) are found too.
"""

from sybil import Sybil
from sybil.parsers.markdown import ClearNamespaceParser, PythonCodeBlockParser, SkipParser


class _ExamplesOnly(PythonCodeBlockParser):
    def __call__(self, document):
        for region in super().__call__(document):
            source = getattr(region.parsed, "source", region.parsed)
            if "--8<--" in str(source):
                continue
            yield region


pytest_collect_file = Sybil(
    parsers=[_ExamplesOnly(), SkipParser(), ClearNamespaceParser()],
    patterns=["*.md"],
).pytest()
