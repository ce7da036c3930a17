"""Backups of the SQLite database: `studybot backup DEST`, `studybot restore SRC`, daily copies.

A backup uses SQLite's online backup API in one step, inside one read transaction: in WAL mode
that is a consistent snapshot of everything committed when it began, taken while the bot keeps
writing (writers are not blocked). The copy is written beside DEST, checked with
`PRAGMA integrity_check`, switched to a self-contained rollback-journal file, then renamed into
place, so DEST is never a half-written file.

A restore refuses a database that a running process holds open: every SQLite connection to a
WAL database holds a shared POSIX lock on a byte of its `-shm` file (the "dead man switch"), and
the bot's scheduler holds a shared flock on `<database>.procs`; either one means "in use".
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import re
import sqlite3
import struct
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.storage.db import is_postgres_url
from bot.storage.files import DatabaseFileError, check_database_file

log = logging.getLogger(__name__)
DAILY_NAME = re.compile(r"^studybot-(\d{8}-\d{6})\.db$")
_SHM_DMS_OFFSET = 128  # SQLite's unix VFS: WAL_SHM lock bytes 120..127, then the DMS byte


class BackupError(RuntimeError):
    """A backup or restore cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    size: int
    seconds: float
    integrity: str


PG_ADVICE = (
    "this database is PostgreSQL: back it up with `pg_dump --format=custom --file=studybot.dump "
    "DATABASE_URL` (consistent while the bot runs) and restore with `pg_restore --clean "
    "--dbname=DATABASE_URL studybot.dump` with the bot stopped"
)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _copy(source: sqlite3.Connection, target: Path) -> str:
    """Copy `source` into a new file `target` in one backup step; return its integrity check."""
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)  # it holds sealed answers
    os.close(fd)
    dest = sqlite3.connect(target, isolation_level=None)
    try:
        source.backup(dest)  # pages=-1: everything in one step, one snapshot of the source
        dest.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        rows = [row[0] for row in dest.execute("PRAGMA integrity_check")]
    finally:
        dest.close()
    with open(target, "rb") as handle:
        os.fsync(handle.fileno())
    return "; ".join(rows)


def _open_source(path: str) -> sqlite3.Connection:
    try:
        check_database_file(path)
    except DatabaseFileError as exc:
        raise BackupError(str(exc)) from exc
    if not Path(path).is_file():
        raise BackupError(f"database {path} does not exist; nothing to back up")
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


def backup_database(database: str, dest: str | Path) -> BackupInfo:
    """Copy `database` to `dest` (a file, or a folder: a timestamped file inside it)."""
    if is_postgres_url(database):
        raise BackupError(PG_ADVICE)
    dest = Path(dest).expanduser()
    if dest.is_dir():
        dest = dest / daily_name(datetime.now(UTC))
    source_file = Path(database).resolve()
    if dest.resolve() in (source_file, Path(f"{source_file}-wal"), Path(f"{source_file}-shm")):
        raise BackupError(f"{dest} is the database itself; give another file name")
    if not dest.parent.is_dir():
        raise BackupError(f"folder {dest.parent} does not exist; create it first")
    started = time.monotonic()
    partial = dest.parent / f".{dest.name}.partial-{os.getpid()}"
    source = _open_source(database)
    try:
        integrity = _copy(source, partial)
    except sqlite3.Error as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"backup of {database} failed: {exc}") from exc
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    finally:
        source.close()
    if integrity != "ok":
        partial.unlink()
        raise BackupError(f"the copy of {database} failed its integrity check: {integrity[:200]}")
    os.replace(partial, dest)
    _fsync_dir(dest.parent)
    return BackupInfo(dest, dest.stat().st_size, time.monotonic() - started, integrity)


def holder_of(database: str | Path, *, lock_file: bool = True) -> str:
    """Who holds `database` open right now ("" = nobody): a description naming the pid when
    the system tells it. `lock_file=False` skips the scheduler's lock file (when the caller
    holds it itself)."""
    path = Path(database)
    shm = Path(f"{path}-shm")
    if shm.exists():
        try:
            fd = os.open(shm, os.O_RDWR)
        except OSError:
            fd = None
        if fd is not None:
            try:
                probe = struct.pack("@hhqqi", fcntl.F_WRLCK, os.SEEK_SET, _SHM_DMS_OFFSET, 1, 0)
                answer = fcntl.fcntl(fd, fcntl.F_GETLK, probe)
                kind, _, _, _, pid = struct.unpack("@hhqqi", answer[: struct.calcsize("@hhqqi")])
                if kind != fcntl.F_UNLCK:
                    return f"process {pid} has it open" if pid > 0 else "a process has it open"
            finally:
                os.close(fd)
    procs = Path(f"{path}.procs")
    if lock_file and procs.exists():
        fd = os.open(procs, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return "a running studybot holds its lock file"
        finally:
            os.close(fd)
    return ""


def restore_database(source: str | Path, database: str) -> Path | None:
    """Put the backup `source` in place of `database`, which must not be in use. The database
    it replaces is first copied to `<database>.before-restore-<time>` (returned)."""
    if is_postgres_url(database):
        raise BackupError(PG_ADVICE)
    source = Path(source).expanduser()
    target = Path(database).expanduser()
    if not source.is_file():
        raise BackupError(f"backup {source} does not exist")
    if source.resolve() == target.resolve():
        raise BackupError(f"{source} is the database itself")
    holder = holder_of(target)
    if holder:
        raise BackupError(
            f"database {target} is in use ({holder}); stop the bot first, then restore"
        )
    if not target.parent.is_dir():
        raise BackupError(f"folder {target.parent} does not exist")
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    partial = target.parent / f".{target.name}.restore-{os.getpid()}"
    src = _open_source(str(source))
    try:
        integrity = _copy(src, partial)
    except (sqlite3.Error, OSError) as exc:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        raise BackupError(f"cannot read the backup {source}: {exc}") from exc
    finally:
        src.close()
    if integrity != "ok":
        partial.unlink()
        raise BackupError(f"backup {source} is damaged ({integrity[:200]}); not restored")
    lock = _hold_exclusive(Path(f"{target}.procs"))  # a bot starting now waits for us
    try:
        if holder_of(target, lock_file=False):  # a bot opened it meanwhile
            partial.unlink()
            raise BackupError(f"database {target} came into use; stop the bot, then restore")
        kept = None
        if target.exists() and target.stat().st_size > 0:
            kept = target.parent / f"{target.name}.before-restore-{stamp}"
            old = sqlite3.connect(target, isolation_level=None)
            try:
                _copy(old, kept)  # includes what was still in its -wal
            finally:
                old.close()
        for suffix in ("-wal", "-shm", "-journal"):  # the old file's; they would corrupt the new
            with contextlib.suppress(FileNotFoundError):
                Path(f"{target}{suffix}").unlink()
        os.replace(partial, target)
        _fsync_dir(target.parent)
        return kept
    finally:
        if lock is not None:
            os.close(lock)


def _hold_exclusive(path: Path) -> int | None:
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise BackupError(f"a running studybot holds {path}; stop it first") from None
    return fd


# -- daily backups ---------------------------------------------------------------------------------


def daily_name(at: datetime) -> str:
    return f"studybot-{at.astimezone(UTC):%Y%m%d-%H%M%S}.db"


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` daily copies in `folder` (only files named like ours)."""
    ours = sorted(p for p in folder.iterdir() if DAILY_NAME.match(p.name) and p.is_file())
    doomed = ours[:-keep] if keep > 0 else ours
    for path in doomed:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return doomed


def next_run(now: datetime, hhmm: str) -> datetime:
    """The next time of day `hhmm` ("HH:MM" or "HH:MM:SS", UTC) after `now`."""
    hour, minute, second = [*map(int, hhmm.split(":")), 0][:3]
    at = now.astimezone(UTC).replace(hour=hour, minute=minute, second=second, microsecond=0)
    return at if at > now else at + timedelta(days=1)


async def daily_backups(database: str, folder: str, hhmm: str, keep: int, metrics=None) -> None:
    """Run forever: at `hhmm` UTC each day copy the database into `folder` and prune."""
    target = Path(folder).expanduser()
    target.mkdir(parents=True, exist_ok=True)
    log.info("daily backups at %s UTC into %s, keeping %d", hhmm, target, keep)
    while True:
        now = datetime.now(UTC)
        await asyncio.sleep((next_run(now, hhmm) - now).total_seconds())
        await run_daily_backup(database, target, keep)


async def run_daily_backup(database: str, folder: Path, keep: int) -> BackupInfo | None:
    try:
        info = await asyncio.to_thread(backup_database, database, folder)
    except BackupError as exc:
        log.error("daily backup failed: %s", exc)
        return None
    removed = await asyncio.to_thread(prune, folder, keep)
    log.info("daily backup %s (%d bytes, %.2f s); %d old copies removed", info.path, info.size,
             info.seconds, len(removed))  # fmt: skip
    return info
