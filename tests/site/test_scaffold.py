"""A newcomer scaffolds a page for an unanswered id; the checks then say exactly what is missing."""

import subprocess
import sys

from mianjing import ROOT
from mianjing.data import registry
from mianjing.pages import load_site
from tests.site.build import copy_project


def unanswer(project) -> str:
    """Remove the page of the last question in the copy, so that question is unanswered there."""
    qid = list(registry().questions)[-1]
    page = load_site(registry()).by_id[qid]
    (project / page.file).unlink()
    return qid


def test_scaffold_then_the_build_lists_what_is_missing(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    qid = unanswer(project)
    made = subprocess.run([sys.executable, "-m", "mianjing.scaffold", qid, "--slug", "new-page"],
                          cwd=project, capture_output=True, text=True)
    assert made.returncode == 0, made.stderr
    created = made.stdout.split()[1]
    assert created.endswith("/new-page.md") and (project / created).exists()
    check = subprocess.run([sys.executable, "-c", "from mianjing.data import registry; from mianjing.pages import load_site; "
                            "load_site(registry())"], cwd=project, capture_output=True, text=True)
    assert check.returncode != 0
    for expected in (f"{created}:2: title: still says TODO", f"{created}:5: verdict: 'TODO' is not allowed",
                     f"{created}:12: sources[0].url: still says TODO", f"{created}:13: sources[0].version: still says TODO",
                     f"{created}:15: errata[0].claim: still says TODO", f"{created}:18: errata[0].proof: still says TODO",
                     f"{created}:20: followups[0].q: still says TODO", "body: still says TODO"):
        assert expected in check.stderr, check.stderr


def test_scaffold_refuses_an_answered_or_unknown_id(tmp_path):
    project = copy_project(ROOT, tmp_path / "project")
    done = subprocess.run([sys.executable, "-m", "mianjing.scaffold", "r2-11"], cwd=project, capture_output=True, text=True)
    assert done.returncode != 0 and "already answered: r2-11" in done.stderr
    bad = subprocess.run([sys.executable, "-m", "mianjing.scaffold", "r9-99"], cwd=project, capture_output=True, text=True)
    assert bad.returncode != 0 and "unknown question id(s): r9-99" in bad.stderr
