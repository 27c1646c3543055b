"""Databases for the MySQL tests: each test module gets a database of its own on the session's
server (scratch_database), dropped afterwards."""

from __future__ import annotations

import contextlib
import re

import pytest


@contextlib.contextmanager
def scratch_database(server, name: str):
    """A fresh, empty database on server for the duration of the block."""
    conn = server.connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        with conn.cursor() as cur:
            cur.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.close()


def _schema_name(request) -> str:
    return "ix_" + re.sub(r"[^a-z0-9_]", "_", request.module.__name__.rsplit(".", 1)[-1].lower())


@pytest.fixture(scope="module")
def ixdb(sql_server, request):
    """(server, database name): a fresh database for this test module on sql_server."""
    with scratch_database(sql_server, _schema_name(request)) as name:
        yield sql_server, name


@pytest.fixture(scope="module")
def mdb(mariadb_server, request):
    """(server, database name) on MariaDB only, for MariaDB-specific facts."""
    with scratch_database(mariadb_server, _schema_name(request) + "_m") as name:
        yield mariadb_server, name
