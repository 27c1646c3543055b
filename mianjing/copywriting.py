"""Chinese copywriting check (中文文案排版指北) with autocorrect: spaces between CJK and
Latin letters or digits, full-width punctuation in Chinese sentences.

    python -m mianjing.copywriting            # check README, CONTRIBUTING and docs/**/*.md
    python -m mianjing.copywriting FILE...    # check these files
    python -m mianjing.copywriting --fix ...  # rewrite them in place
"""

from __future__ import annotations

import sys
from pathlib import Path

import autocorrect_py

from . import DOCS, ROOT
from .yamlsrc import split_front_matter


def default_files() -> list[Path]:
    files = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted(DOCS.rglob("*.md"))]
    return [f for f in files if f.exists()]


def _split(text: str) -> tuple[str, str, int]:
    """(front matter with its fences, body, number of lines before the body): YAML is not prose."""
    fm, body, body_line = split_front_matter(text)
    if not fm:
        return "", text, 0
    head = text[: len(text) - len(body)]
    return head, body, body_line - 1


def lint(path: Path) -> list[str]:
    """Problems as 'file:line:col: old → new', for errors only."""
    _, body, offset = _split(path.read_text(encoding="utf-8"))
    result = autocorrect_py.lint_for(body, str(path))
    rel = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
    return [f"{rel}:{r.line + offset}:{r.col}: {r.old.strip()!r} → {r.new.strip()!r}"
            for r in result.lines if str(r.severity).endswith("Error")]


def main(argv: list[str]) -> int:
    fix = "--fix" in argv
    files = [Path(a).resolve() for a in argv if a != "--fix"] or default_files()
    problems = []
    for path in files:
        if fix:
            text = path.read_text(encoding="utf-8")
            head, body, _ = _split(text)
            fixed = head + autocorrect_py.format_for(body, str(path))
            if fixed != text:
                path.write_text(fixed, encoding="utf-8")
                print(f"fixed {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
        else:
            problems += lint(path)
    for p in problems:
        print(p)
    if problems:
        print(f"{len(problems)} copywriting problem(s); `python -m mianjing.copywriting --fix FILE` rewrites them",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
