"""Build a site the way `make build` does, and copies of the project to break on purpose."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

SKIP = {".git", ".venv", "node_modules", "site", ".cache", "__pycache__", ".hypothesis", "test-artifacts"}


def build_env(print_page: bool = False, **extra: str) -> dict[str, str]:
    """The environment of a build: print_page adds the whole-site print page the PDF is made from."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "MIANJING_PRINT_PAGE": "true" if print_page else "false",
            **extra}


def build(project: Path, out: Path, print_page: bool = False, strict: bool = True,
          **env: str) -> subprocess.CompletedProcess:
    """mkdocs build (--strict unless told otherwise) into out; env: extra environment variables."""
    cmd = [sys.executable, "-m", "mkdocs", "build", "-d", str(out)] + (["--strict"] if strict else [])
    return subprocess.run(cmd, cwd=project, capture_output=True, text=True, env=build_env(print_page, **env),
                          timeout=300)


def copy_project(root: Path, dest: Path) -> Path:
    """A copy of the project without its heavy folders; node_modules is linked, not copied."""
    shutil.copytree(root, dest, ignore=lambda d, names: [n for n in names if n in SKIP])
    (dest / "node_modules").symlink_to(root / "node_modules")
    return dest
