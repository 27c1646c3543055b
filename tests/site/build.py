"""Build a site the way `make build` does, and copies of the project to break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SKIP = {".git", ".venv", "node_modules", "site", ".cache", "__pycache__", ".hypothesis", "test-artifacts"}


def build(project: Path, out: Path, print_page: bool = False) -> subprocess.CompletedProcess:
    """mkdocs build --strict; print_page adds the whole-site print page the PDF is made from."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MIANJING_PRINT_PAGE": "true" if print_page else "false"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)],
                          cwd=project, capture_output=True, text=True, env=env, timeout=300)


def copy_project(root: Path, dest: Path) -> Path:
    """A copy of the project without its heavy folders; node_modules is linked, not copied."""
    shutil.copytree(root, dest, ignore=lambda d, names: [n for n in names if n in SKIP])
    (dest / "node_modules").symlink_to(root / "node_modules")
    return dest
