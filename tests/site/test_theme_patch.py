"""Patches to Material's built JavaScript apply once, and stop the build when the code moved."""

import pytest

from mianjing.theme_patch import ThemePatchError, replace_once


def test_replaces_once_and_is_idempotent(tmp_path):
    js = tmp_path / "bundle.x.min.js"
    js.write_text('a();load("https://cdn/x.js");b();', encoding="utf-8")
    (tmp_path / "bundle.x.min.js.map").write_text("{}", encoding="utf-8")
    for _ in range(2):
        replace_once([js], '"https://cdn/x.js"', '"/local/x.js"', "served locally")
    assert js.read_text(encoding="utf-8") == 'a();load("/local/x.js");b();'
    assert not (tmp_path / "bundle.x.min.js.map").exists()


def test_missing_code_or_file_fails_loudly(tmp_path):
    js = tmp_path / "bundle.y.min.js"
    js.write_text("nothing to patch here", encoding="utf-8")
    with pytest.raises(ThemePatchError, match="bundle.y.min.js: served locally: Material's code changed shape"):
        replace_once([js], '"https://cdn/x.js"', '"/local/x.js"', "served locally")
    with pytest.raises(ThemePatchError, match="was not found"):
        replace_once([], "a", "b", "served locally")
