"""Helpers for the MySQL pages on indexes, B+ trees and engines (the other MySQL tests keep
their helpers in their own modules). Each test module gets a database of its own on the
session's server, dropped afterwards."""

from __future__ import annotations

import re

import pytest


def _schema_name(request) -> str:
    return "ix_" + re.sub(r"[^a-z0-9_]", "_", request.module.__name__.rsplit(".", 1)[-1].lower())


@pytest.fixture(scope="module")
def ixdb(sql_server, request):
    """(server, database name): a fresh database for this test module on sql_server."""
    name = _schema_name(request)
    conn = sql_server.connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    yield sql_server, name
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
    conn.close()


@pytest.fixture(scope="module")
def mdb(mariadb_server, request):
    """(server, database name) on MariaDB only, for MariaDB-specific facts."""
    name = _schema_name(request) + "_m"
    conn = mariadb_server.connect()
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
        cur.execute(f"CREATE DATABASE {name}")
    yield mariadb_server, name
    with conn.cursor() as cur:
        cur.execute(f"DROP DATABASE IF EXISTS {name}")
    conn.close()
