"""r2-08 / r1-13: the Hermitage cases at every isolation level, as real concurrent sessions.

Every outcome is a receipt (kind outcome): the isolation page's table is rendered from them, and
a run whose outcome differs from the committed one fails, naming both. On MariaDB the cases also
run at REPEATABLE READ with innodb_snapshot_isolation=ON (10.6.18+/10.11.8+, MariaDB only). Where
sql_server is MySQL 8.0 (the mysql80 workflow job), the cells are compared with Hermitage's
published MySQL results instead (data/hermitage-mysql.yaml)."""

import pytest
import yaml

from mianjing import DATA
from snippets.mysql.hermitage import ANOMALIES, CASES, cell, run_case
from tests.mysql.conftest import scratch_database

HERMITAGE = yaml.safe_load((DATA / "hermitage-mysql.yaml").read_text(encoding="utf-8"))
COLUMNS = ["ru", "rc", "rr", "ser", "rr-si"]


@pytest.fixture(scope="module")
def db(sql_server):
    with scratch_database(sql_server, "mj_hermitage") as name:
        yield name


# --8<-- [start:hermitage]
@pytest.mark.parametrize("column", COLUMNS)
def test_hermitage_cases(sql_server, db, column, receipt):
    level, snapshot = column.removesuffix("-si"), column.endswith("-si")
    if snapshot and sql_server.engine != "mariadb":  # the column exists on MariaDB only: say so, don't skip
        conn = sql_server.connect()
        with conn.cursor() as cur:
            assert cur.execute("SHOW VARIABLES LIKE 'innodb_snapshot_isolation'") == 0
        conn.close()
        return
    outcomes = {case: run_case(sql_server, db, case, level, snapshot) for case in CASES}
    if sql_server.engine == "mariadb":
        for case, outcome in outcomes.items():
            receipt(f"isolation.mariadb.{column}.{case.lower()}", outcome, kind="outcome", versions=[sql_server])
    cells = {a: cell(outcomes, a) for a in ANOMALIES}
    assert cells["G0"] == "prevented"              # InnoDB locks written rows at every level
    if level == "ser":
        assert set(cells.values()) == {"prevented"}, cells
    if sql_server.engine == "mysql":
        assert cells == HERMITAGE["levels"][level], (cells, HERMITAGE["levels"][level])
# --8<-- [end:hermitage]
