"""Replace one literal in Material's built JavaScript, and fail loudly if it is not there.

The site changes one thing in the theme's minified code (mianjing/assets.py: where Mermaid is
loaded from) and replaces one file whole (mianjing/search_shards.py: the search worker, which
raises ThemePatchError too if Material's worker is not where it was). A Material upgrade that moves
the code stops the build instead of silently undoing the change.
"""

from __future__ import annotations

from pathlib import Path


class ThemePatchError(Exception):
    pass


def replace_once(files: list[Path], old: str, new: str, why: str) -> None:
    """In each file replace old by new exactly once (already patched files are left alone)."""
    if not files:
        raise ThemePatchError(f"{why}: Material's built file to patch was not found")
    for path in files:
        text = path.read_text(encoding="utf-8")
        if new in text:
            continue
        if text.count(old) != 1:
            raise ThemePatchError(f"{path.name}: {why}: Material's code changed shape; update the patch "
                                  f"(expected exactly one {old[:60]!r})")
        path.write_text(text.replace(old, new), encoding="utf-8")
        for stale in path.parent.glob(path.name + ".map"):  # the source map no longer matches
            stale.unlink()
