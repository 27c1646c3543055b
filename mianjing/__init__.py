"""The build's own Python: page schema, generated indexes, MkDocs hooks, test servers."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
DATA = ROOT / "data"
SNIPPETS = ROOT / "snippets"
