"""A real PostgreSQL server for the tests: the one CI started, or a throwaway cluster.

`STUDYBOT_TEST_POSTGRES_URL` (set by `.ci/run`) names a running server whose user may create
databases. Without it, a cluster is made in a temporary folder with the server binaries found on
PATH or under /usr/lib/postgresql/*/bin, listening on 127.0.0.1 only, and removed at the end.
With neither, PostgreSQL tests skip with the reason, except under CI=true, where they fail.
Each test gets its own freshly created database.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

URL_VARIABLE = "STUDYBOT_TEST_POSTGRES_URL"
_counter = itertools.count(1)


class PostgresUnavailable(RuntimeError):
    pass


def server_binaries() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres, if any."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists():
            return Path(folder)
    return None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as `postgres` (or `nobody`)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailable(
        "running as root and no 'postgres' or 'nobody' user to run the server"
    )


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[str]:
    """Start a private cluster; yield a superuser URL; stop and remove it afterwards."""
    binaries = server_binaries()
    if binaries is None:
        raise PostgresUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    user = _server_user()
    folder = Path(tempfile.mkdtemp(prefix="studybot-pg-"))
    data = folder / "data"
    if user is not None:
        entry = pwd.getpwnam(user)
        os.chown(folder, entry.pw_uid, entry.pw_gid)
    run_as = {"user": user} if user else {}
    port = _free_port()
    try:
        subprocess.run(
            [binaries / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
             "--no-sync"],
            check=True, capture_output=True, **run_as,
        )  # fmt: skip
        options = f"-h 127.0.0.1 -p {port} -k {folder} -F -c max_connections=200"
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-o", options, "-l", folder / "log", "-w", "start"],
            check=True,
            capture_output=True,
            **run_as,
        )
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        detail = exc.stderr.decode()[-300:]
        raise PostgresUnavailable(f"could not start PostgreSQL: {detail}") from exc
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            [binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop"],
            capture_output=True, **run_as,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def database_url(server_url: str, name: str) -> str:
    """The URL of database `name` on the server of `server_url`."""
    base, _, _ = server_url.rpartition("/")
    return f"{base}/{name}"


async def create_database(server_url: str) -> str:
    """Create a new empty database on the server; return its URL."""
    import asyncpg

    name = f"studybot_test_{os.getpid()}_{next(_counter)}_{int(time.time() * 1000) % 100000}"
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return database_url(server_url, name)


async def drop_database(server_url: str, url: str) -> None:
    import asyncpg

    name = url.rpartition("/")[2]
    admin = await asyncpg.connect(server_url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()
