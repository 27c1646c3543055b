"""Every notebook is committed with the outputs of a real run, and still runs (quick mode).

Notebooks are rendered by mkdocs-jupyter without being executed at build time, so the numbers and
plots a reader sees come from the committed run; this test re-executes each one with
MIANJING_QUICK=1 (small sizes) so a notebook that no longer runs fails the suite.
"""

import os
import shutil
from pathlib import Path

import nbformat
import pytest

from mianjing import DOCS, ROOT

NOTEBOOKS = sorted(DOCS.rglob("*.ipynb"))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(DOCS)))
def test_committed_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook page without code"
    assert all(c.get("outputs") is not None for c in code)
    assert any(o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {})
               for c in code for o in c["outputs"]), f"{path.name} has no plot in its committed outputs"
    errors = [o for c in code for o in c["outputs"] if o.get("output_type") == "error"]
    assert not errors, f"{path.name} was committed with an error output"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: str(p.relative_to(DOCS)))
def test_runs_in_quick_mode(path, tmp_path, monkeypatch):
    from nbclient import NotebookClient

    monkeypatch.setenv("MIANJING_QUICK", "1")
    monkeypatch.setenv("MPLBACKEND", "Agg")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]))
    copy = tmp_path / path.name
    shutil.copy(path, copy)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}).execute()
    assert any(c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_notebooks_are_pages():
    """There are notebooks, each in a topic directory: mkdocs-jupyter renders them under the topic."""
    assert NOTEBOOKS, "no notebook found under docs/"
    assert all(Path(p).suffix == ".ipynb" and p.parent != DOCS for p in NOTEBOOKS)
